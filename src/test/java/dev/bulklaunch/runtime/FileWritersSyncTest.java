package dev.bulklaunch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The process's sync pass: a file written since its last fsync is forced; one never written is not. */
class FileWritersSyncTest {

  @Test
  void aWrittenFileIsForcedByThePassAndLeavesItWhenClosed() throws Exception {
    CountingChannel written = new CountingChannel();
    CountingChannel idle = new CountingChannel();
    FileWriters.Synced writtenSync = FileWriters.syncedEverySecond(written);
    FileWriters.Synced idleSync = FileWriters.syncedEverySecond(idle);
    assertThat(FileWriters.isSyncing()).isTrue();

    writtenSync.written();

    assertThat(written.forced.await(10, TimeUnit.SECONDS)).as("forced within a pass or two").isTrue();
    writtenSync.close();
    idleSync.close();
    assertThat(idle.forces.get()).as("nothing written, nothing forced").isZero();
    assertThat(written.forces.get()).isEqualTo(1);
  }

  /** A channel that only counts its fsyncs. */
  private static final class CountingChannel extends FileChannel {
    final AtomicInteger forces = new AtomicInteger();
    final CountDownLatch forced = new CountDownLatch(1);

    @Override
    public void force(boolean metaData) {
      forces.incrementAndGet();
      forced.countDown();
    }

    @Override
    public int read(ByteBuffer dst) {
      return -1;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
      return -1;
    }

    @Override
    public int write(ByteBuffer src) {
      return 0;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      return 0;
    }

    @Override
    public long position() {
      return 0;
    }

    @Override
    public FileChannel position(long newPosition) {
      return this;
    }

    @Override
    public long size() {
      return 0;
    }

    @Override
    public FileChannel truncate(long size) {
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      return 0;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      return 0;
    }

    @Override
    public int read(ByteBuffer dst, long position) {
      return -1;
    }

    @Override
    public int write(ByteBuffer src, long position) {
      return 0;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      throw new IOException("not mapped");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      throw new IOException("no locks");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      throw new IOException("no locks");
    }

    @Override
    protected void implCloseChannel() {
    }
  }
}
