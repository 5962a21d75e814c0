package dev.cocreate.platform.jvm;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.OperatingSystemMXBean;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the server under {@link HeapPolicy} when it was started plainly ({@code java -jar
 * cocreate.jar}): a JVM cannot change its own heap ceiling or collector once started, and a jar's
 * manifest cannot carry JVM options, so this JVM starts the same java binary again with the
 * policy's options, then its own options (so an operator's later option wins), the same
 * arguments, environment, working directory and standard streams, and stays as a small launcher:
 * it forwards SIGTERM, SIGINT and SIGHUP to the server and exits with its status. The server halts
 * if the launcher disappears (kill -9), as it would have died with it.
 *
 * <p>Nothing here may load logging or other application classes: the launcher should stay a bare
 * JVM (logging alone adds 16 MiB to it). Messages go to standard error.
 */
public final class Relauncher {
  /** {@code COCREATE_HEAP_POLICY=off}: run in this JVM with whatever options it was given (or the JVM's defaults). */
  public static final String OPT_OUT_ENV = "COCREATE_HEAP_POLICY";
  /** Set in the server's environment to the launcher's pid: the server is the relaunched one and never relaunches again. */
  public static final String LAUNCHER_PID_ENV = "COCREATE_LAUNCHER_PID";
  /** Variables from which every JVM reads options itself: the server reads them again, so they are not passed twice. */
  static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
  /** How often the relaunched server checks that its launcher is still there. */
  private static final long WATCH_MILLIS = 200;

  private Relauncher() {}

  /**
   * Called first by the serve command. Returns when this JVM should serve: it is the relaunched one
   * (then it starts watching its launcher), the operator chose heap or collector options, the
   * policy is turned off, or the server JVM could not be started. Otherwise starts the server JVM
   * and never returns: exits with its status.
   */
  public static void serveUnderPolicy(String mainClass, String[] args) {
    Map<String, String> env = System.getenv();
    String launcher = env.get(LAUNCHER_PID_ENV);
    if (launcher != null) {
      watchLauncher(launcher);
      return;
    }
    List<String> input = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (HeapPolicy.whyNot(env, optionOrigins(), input) != null) {
      return;
    }
    ProcessBuilder pb = new ProcessBuilder(command(mainClass, args, input, env)).inheritIO();
    pb.environment().clear();
    pb.environment().putAll(HeapPolicy.environment(env));
    pb.environment().put(LAUNCHER_PID_ENV, Long.toString(ProcessHandle.current().pid()));
    StopForwarding stops = StopForwarding.install();
    Process server;
    try {
      server = pb.start();
    } catch (IOException | RuntimeException e) {
      // Serving with the JVM's defaults beats not serving.
      System.err.println("cocreate: could not start the server JVM with its heap policy (" + e.getMessage()
          + "); serving in this one with the JVM's defaults");
      stops.uninstall();
      return;
    }
    stops.forwardTo(server);
    int status;
    while (true) {
      try {
        status = server.waitFor();
        break;
      } catch (InterruptedException e) {
        // nothing interrupts the launcher on purpose; keep waiting for the server
      }
    }
    System.exit(status);
  }

  /**
   * The server JVM's command line: the same java binary, the policy's options, this JVM's own
   * options after them (for the same option the last one wins, so an operator's -XX:MaxHeapFreeRatio,
   * say, beats the policy's), the same entry point and arguments.
   */
  static List<String> command(String mainClass, String[] args, List<String> input, Map<String, String> env) {
    return command(mainClass, args, input, env, System.getProperty("java.class.path"), System.getProperty("sun.java.command", ""));
  }

  /** {@code classPath} and {@code javaCommand}: this JVM's, which tell whether it was started with -jar. */
  static List<String> command(String mainClass, String[] args, List<String> input, Map<String, String> env, String classPath,
      String javaCommand) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(HeapPolicy.jvmOptions(totalMemoryBytes(), hasOption("TrimNativeHeapInterval")));
    cmd.addAll(ownOptions(input, env));
    if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator) && javaCommand.startsWith(classPath)) {
      // Started with -jar: so is the server (the manifest's attributes apply, and ps shows the same jar).
      cmd.add("-jar");
      cmd.add(classPath);
    } else {
      cmd.add("-cp");
      cmd.add(classPath);
      cmd.add(mainClass);
    }
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** This JVM's options minus those that came from {@link #OPTION_VARIABLES}: the server reads those from the same environment itself. */
  static List<String> ownOptions(List<String> input, Map<String, String> env) {
    Map<String, Integer> fromEnv = new HashMap<>();
    for (String var : OPTION_VARIABLES) {
      for (String token : env.getOrDefault(var, "").trim().split("\\s+")) {
        if (!token.isEmpty()) {
          fromEnv.merge(token, 1, Integer::sum);
        }
      }
    }
    List<String> own = new ArrayList<>();
    for (String arg : input) {
      Integer n = fromEnv.get(arg);
      if (n != null && n > 0) {
        fromEnv.put(arg, n - 1);
      } else {
        own.add(arg);
      }
    }
    return own;
  }

  /** Memory this JVM may see: the container's limit inside one, else the machine's. */
  static long totalMemoryBytes() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
  }

  /** Where each heap or collector option got its value (DEFAULT and ERGONOMIC are the JVM's own). */
  static Map<String, String> optionOrigins() {
    HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    Map<String, String> origins = new HashMap<>();
    for (String option : HeapPolicy.OPERATOR_CHOICES) {
      try {
        origins.put(option, hotspot.getVMOption(option).getOrigin().name());
      } catch (IllegalArgumentException notInThisJvm) {
        // an option this JVM does not have (Shenandoah in some builds): nobody set it
      }
    }
    return origins;
  }

  /** Whether this java binary (the one the server runs on) has the option, unlocked. */
  static boolean hasOption(String name) {
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name);
      return true;
    } catch (IllegalArgumentException absent) {
      return false;
    }
  }

  /**
   * SIGTERM, SIGINT and SIGHUP to the launcher go to the server as SIGTERM (Java can send no other
   * catchable signal; the server stops alike on each), and the launcher then waits for the
   * server's own exit status. Installed before the server starts, so a stop asked for in between
   * reaches it too. Ctrl-C at a terminal reaches both; the server stops once.
   */
  @SuppressWarnings("removal")
  private static final class StopForwarding {
    private final Map<sun.misc.Signal, sun.misc.SignalHandler> previous = new HashMap<>();
    private Process server;
    private boolean requested;

    static StopForwarding install() {
      StopForwarding f = new StopForwarding();
      for (String name : List.of("TERM", "INT", "HUP")) {
        try {
          sun.misc.Signal signal = new sun.misc.Signal(name);
          f.previous.put(signal, sun.misc.Signal.handle(signal, s -> f.stop()));
        } catch (IllegalArgumentException unavailable) {
          // -Xrs or a platform without it: the JVM's default applies
        }
      }
      return f;
    }

    private synchronized void stop() {
      requested = true;
      if (server != null) {
        server.destroy();
      }
    }

    synchronized void forwardTo(Process started) {
      server = started;
      if (requested) {
        server.destroy();
      }
    }

    /** This JVM serves after all: its own stop handling (Main's) takes over. */
    void uninstall() {
      previous.forEach(sun.misc.Signal::handle);
    }
  }

  /**
   * The relaunched server halts when its launcher is gone: the launcher forwards every signal it
   * can catch, so it vanished to kill -9, which was meant for the server (a service manager that
   * kills the main pid, an operator's kill -9). Halting does what that kill would have done to a
   * server started plainly. Java cannot ask the kernel for a signal on its parent's death, so a
   * daemon thread looks at its parent five times a second.
   */
  private static void watchLauncher(String launcherPid) {
    long launcher;
    try {
      launcher = Long.parseLong(launcherPid.trim());
    } catch (NumberFormatException e) {
      return;
    }
    Thread watch = new Thread(() -> {
      while (true) {
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        if (parent != launcher) {
          System.err.println("cocreate: the launcher (pid " + launcher + ") is gone: stopping at once, as a kill -9 would have");
          Runtime.getRuntime().halt(137);
        }
        try {
          Thread.sleep(WATCH_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "cocreate-launcher-watch");
    watch.setDaemon(true);
    watch.start();
  }
}
