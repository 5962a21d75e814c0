package dev.cocreate.platform.db;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The last lines of a log file, folded into one line for an exception message. */
final class LogTail {

  private static final int MAX_LINES = 6;
  private static final int MAX_CHARS = 1000;
  private static final int MAX_READ = 64 * 1024;
  /** PostgreSQL's "2026-01-01 12:00:00.123 UTC [1234] " and pg_ctl's "waiting for server..." */
  private static final Pattern PREFIX =
      Pattern.compile(
          "^(waiting for server to (start|shut down)\\.*\\s*)?"
              + "(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\S+ \\[\\d+\\] )?");

  private LogTail() {}

  /** Current size of the log, to read only what a command appends after this point. */
  static long sizeOf(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** The last lines written to {@code log} after byte {@code offset}, joined with " | ". */
  static String of(Path log, long offset) {
    String text;
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(Math.min(offset, f.length()), f.length() - MAX_READ);
      byte[] bytes = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(bytes);
      text = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String trimmed = PREFIX.matcher(line).replaceFirst("").strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("[cocreate] $")) {
        lines.add(trimmed);
      }
    }
    if (lines.isEmpty()) {
      return "(nothing in the log)";
    }
    String joined = String.join(" | ", lines.subList(Math.max(0, lines.size() - MAX_LINES), lines.size()));
    return joined.length() <= MAX_CHARS ? joined : "..." + joined.substring(joined.length() - MAX_CHARS);
  }
}
