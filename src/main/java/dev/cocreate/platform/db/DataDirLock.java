package dev.cocreate.platform.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Exclusive ownership of a data directory: an OS file lock on {@code cocreate.lock} holding the
 * owner's pid. The OS drops the lock when the process dies, even on kill -9.
 *
 * <p>POSIX record locks belong to the process, and closing <em>any</em> descriptor of the file
 * drops all of them. So this JVM never opens the lock file of a directory it already owns: it
 * remembers its own locks in {@link #HELD} and answers from there.
 */
final class DataDirLock {

  static final String FILE_NAME = "cocreate.lock";

  /** Locks this JVM holds, by real path of the data directory. Guarded by itself. */
  private static final Map<Path, DataDirLock> HELD = new HashMap<>();

  private final Path dataDir;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path dataDir, FileChannel channel, FileLock lock) {
    this.dataDir = dataDir;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or returns null if another process (or this JVM) holds it. */
  static DataDirLock tryAcquire(Path dataDir) {
    synchronized (HELD) {
      if (HELD.containsKey(dataDir)) {
        return null;
      }
      Path file = dataDir.resolve(FILE_NAME);
      FileChannel channel = null;
      try {
        channel =
            FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          channel.close();
          return null;
        }
        channel.truncate(0);
        channel.write(
            ByteBuffer.wrap(
                (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
            0);
        channel.force(true);
        DataDirLock held = new DataDirLock(dataDir, channel, lock);
        HELD.put(dataDir, held);
        return held;
      } catch (IOException e) {
        closeQuietly(channel);
        throw new EmbeddedPostgresException("could not lock " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** Pid of the process holding the lock on {@code dataDir}, if it can be told. */
  static OptionalLong holderPid(Path dataDir) {
    synchronized (HELD) {
      if (HELD.containsKey(dataDir)) {
        return OptionalLong.of(ProcessHandle.current().pid());
      }
      try {
        String text = Files.readString(dataDir.resolve(FILE_NAME), StandardCharsets.US_ASCII);
        return OptionalLong.of(Long.parseLong(text.strip()));
      } catch (IOException | NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
  }

  /** Releases the lock; idempotent. The file stays (deleting it would race with new owners). */
  void release() {
    synchronized (HELD) {
      HELD.remove(dataDir, this);
      try {
        if (lock.isValid()) {
          lock.release();
        }
      } catch (IOException ignored) {
        // closing the channel below releases it anyway
      }
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to do
      }
    }
  }
}
