package dev.cocreate.platform.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code postmaster.pid} file PostgreSQL keeps in a running cluster. */
record PostmasterPid(long pid, int port, String status) {

  static final String FILE = "postmaster.pid";

  static Optional<PostmasterPid> read(Path clusterDir) {
    List<String> lines;
    try {
      lines = new ArrayList<>(Files.readAllLines(clusterDir.resolve(FILE)));
    } catch (IOException e) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(lines.get(0).strip());
      int port = lines.size() > 3 ? Integer.parseInt(lines.get(3).strip()) : 0;
      String status = lines.size() > 7 ? lines.get(7).strip() : "";
      return Optional.of(new PostmasterPid(pid, port, status));
    } catch (RuntimeException e) {
      return Optional.of(new PostmasterPid(0, 0, "")); // being written, or garbage
    }
  }

  boolean ready() {
    return "ready".equals(status) && port > 0;
  }

  boolean alive() {
    return isRunning(pid);
  }

  /** True if process {@code pid} exists and is not a zombie waiting to be reaped. */
  static boolean isRunning(long pid) {
    if (pid <= 0) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int afterName = stat.lastIndexOf(')');
      char state = afterName > 0 && afterName + 2 < stat.length() ? stat.charAt(afterName + 2) : '?';
      return state != 'Z' && state != 'X';
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  /**
   * Whether the process is a postmaster of {@code clusterDir}: a postmaster's working
   * directory is its data directory. Empty if that cannot be read.
   */
  Optional<Boolean> servesDirectory(Path clusterDir) {
    try {
      Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
      return Optional.of(cwd.equals(clusterDir.toRealPath()));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }
}
