package dev.bulklaunch.config;

/** A bad option or configuration value: reported in one line, exit status 2, nothing sent. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
