package dev.bulklaunch.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Files that hold a secret (an API key, a server token): a warning when others on the machine can read one. */
public final class SecretFiles {

  private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);
  private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.OTHERS_READ);

  private SecretFiles() {
  }

  /** Warns, naming the file (never its content), when its group or others may read it; true then. */
  public static boolean warnIfShared(Path file, String what) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException | IOException e) {
      return false; // not a POSIX file system: nothing to say
    }
    if (permissions.stream().noneMatch(SHARED::contains)) {
      return false;
    }
    LOG.warn("{} {} can be read by other users of this machine: chmod 600 {}", what, file, file);
    return true;
  }
}
