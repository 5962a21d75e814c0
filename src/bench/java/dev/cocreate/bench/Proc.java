package dev.cocreate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark reads about a process from /proc and jcmd (Linux). */
final class Proc {
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

  private Proc() {}

  /** User + system CPU time in ms (clock ticks of 10 ms). */
  static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (IOException | RuntimeException e) {
      return 0; // the process is gone (a PostgreSQL backend that ended)
    }
  }

  /** CPU ms of a PostgreSQL cluster: its postmaster and every backend it forked. */
  static long postgresCpuMillis(long postmasterPid) {
    if (postmasterPid <= 0) {
      return 0;
    }
    long total = cpuMillis(postmasterPid);
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) dirs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(p.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (Long.parseLong(f[1]) == postmasterPid) {
            total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
          }
        } catch (IOException | RuntimeException gone) {
          // ended while listing
        }
      }
    } catch (IOException e) {
      return total;
    }
    return total;
  }

  static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  /**
   * RSS of a process and all its descendants: what an operator's {@code ps}/{@code top} adds up for
   * the server. The server may be a small launcher JVM with the real one as its child (its heap
   * policy), so the whole tree counts. The embedded PostgreSQL is not in it: pg_ctl daemonizes it
   * (its parent becomes init), and it is reported on its own.
   */
  static long treeRss(long pid) {
    long total = rss(pid);
    var handle = ProcessHandle.of(pid);
    if (handle.isPresent()) {
      for (ProcessHandle d : (Iterable<ProcessHandle>) handle.get().descendants()::iterator) {
        total += rss(d.pid());
      }
    }
    return total;
  }

  /**
   * The JVM that serves: {@code pid} itself, or the java process it started (the launcher
   * re-executes itself with its heap policy when started without heap flags). jcmd, JFR and CPU
   * figures belong to that one.
   */
  static long serverJvm(long pid, long waitMillis) {
    long deadline = System.currentTimeMillis() + waitMillis;
    while (true) {
      var handle = ProcessHandle.of(pid);
      if (handle.isEmpty()) {
        return pid;
      }
      var child = handle.get().descendants().filter(d -> d.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
      if (child.isPresent()) {
        return child.get().pid();
      }
      if (System.currentTimeMillis() >= deadline) {
        return pid;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return pid;
      }
    }
  }

  static long heapAfterGc(long pid) {
    jcmd(pid, "GC.run");
    return heapUsed(pid);
  }

  static long heapUsed(long pid) {
    Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
  }

  static String jcmd(long pid, String... command) {
    try {
      String[] cmd = new String[command.length + 2];
      cmd[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      cmd[1] = String.valueOf(pid);
      System.arraycopy(command, 0, cmd, 2, command.length);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }
}
