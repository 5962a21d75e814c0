package dev.cocreate.platform.jvm;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JVM options the server runs with when the operator chose none (issue #23).
 *
 * <p>Left to its defaults on a large machine the JVM takes a quarter of RAM as its heap ceiling
 * (6 GiB on 24 GiB) and 1/64 of it as its initial heap, grows the heap under page reads to
 * 1–1.7 GiB and keeps it, while about 25–50 MiB is live: an operator sees that RSS. A forum server
 * needs a heap sized for its sockets and a burst of requests, not for the machine, and a collector
 * that gives memory back.
 *
 * <p>Measured on the 2-core bench machine (docs/benchmarks.md, "Memory"): the serial collector
 * with these options kept the server's process tree at 250-275 MiB with 1,000 live readers during
 * a reply stream, where G1 with the same ceiling, periodic collections and uncommit reached
 * 495-530 MiB (it grows the young generation, and the heap, when collections take time, as they
 * do on a busy machine); at rest the server JVMs were alike (about 150 MiB after start-up, 190-210
 * after the scenarios, beside the launcher's 44). The price is collection time under heavy
 * allocation: serial's young generation stays as small as it started (a larger one would stay
 * resident at rest), so page reads at saturation spent 12-15% of the time in young collections
 * against 2-4% with G1 (pages served: from a fifth fewer to as many, in pairs of runs minutes
 * apart). An operator who prefers G1 gives its options. See docs/operations.md ("Memory").
 */
public final class HeapPolicy {
  /** The smallest heap ceiling the policy gives: start-up, migrations, the demo seed and a few thousand sockets fit. */
  public static final long FLOOR_MIB = 128;
  /**
   * The largest heap ceiling the policy gives: about 50 MiB live at rest and about 17 KB per idle
   * socket (docs/benchmarks.md, scenario 5), so some 25,000 sockets and a burst of page reads.
   * Beyond that, an operator sets -Xmx.
   */
  public static final long CAP_MIB = 512;
  /** The share of the machine's (or the container's) memory, before the floor and the cap. */
  public static final int PERCENT_OF_RAM = 25;
  /**
   * The heap the server starts with, and the least it shrinks back to. The serial collector never
   * makes its young generation smaller than the one it started with, and every page of it is
   * touched within seconds of traffic: the JVM's default (1/64 of RAM, 377 MiB here) would be
   * resident for good.
   */
  public static final long INITIAL_MIB = 64;
  /**
   * The young generation, fixed: a thread page of 200 posts allocates 1-2 MiB, and with the young
   * generation sized from a 32 MiB heap (about 11 MiB) pages promoted their garbage, the old
   * generation filled and the server spent half its time in full collections (a full collection
   * every 90 ms; the page at 56 requests/s on two cores). With 32 MiB, the same page ran at 188/s and
   * collections took a sixth of the time, for about 30 MiB more RSS (docs/benchmarks.md, "Memory").
   */
  public static final long YOUNG_MIB = 32;
  /** How often the JVM hands the C heap's free pages back to the OS (the JIT's arenas, mostly): 31 MiB at rest in a measurement. */
  static final long TRIM_NATIVE_HEAP_MILLIS = 5_000;
  /**
   * glibc's malloc arenas for the server JVM, unless the operator set it: the default (8 per core)
   * keeps freed memory in many arenas; two took 6–9 MiB off the server's RSS in the same
   * measurement. Other C libraries ignore it.
   */
  static final String MALLOC_ARENAS = "2";

  private HeapPolicy() {}

  /** The heap ceiling for a machine (or container) with {@code totalBytes} of memory, in MiB. */
  public static long maxHeapMib(long totalBytes) {
    long share = totalBytes / (1024 * 1024) * PERCENT_OF_RAM / 100;
    return Math.max(FLOOR_MIB, Math.min(CAP_MIB, share));
  }

  /**
   * The JVM options of the policy for a machine (or container) with {@code totalBytes} of memory.
   * {@code trimAvailable}: whether this java has -XX:TrimNativeHeapInterval (17.0.9 and later); an
   * option the JVM does not know would stop it from starting.
   */
  public static List<String> jvmOptions(long totalBytes, boolean trimAvailable) {
    List<String> flags = new ArrayList<>();
    flags.add("-Xmx" + maxHeapMib(totalBytes) + "m");
    flags.add("-Xms" + INITIAL_MIB + "m");
    flags.add("-Xmn" + YOUNG_MIB + "m");
    // Serial: one GC thread and no remembered sets, the least memory beside the heap; its young
    // collections are short with our small live set, and it grows the heap only when what
    // survives needs it, not because requests allocate fast.
    flags.add("-XX:+UseSerialGC");
    // Give the heap back after a collection that leaves most of it free (defaults: 40 / 70).
    flags.add("-XX:MinHeapFreeRatio=10");
    flags.add("-XX:MaxHeapFreeRatio=30");
    if (trimAvailable) {
      flags.add("-XX:TrimNativeHeapInterval=" + TRIM_NATIVE_HEAP_MILLIS);
    }
    return flags;
  }

  /** The server JVM's environment: this one's, with the policy's malloc setting unless the operator made one. */
  static Map<String, String> environment(Map<String, String> env) {
    Map<String, String> server = new HashMap<>(env);
    server.putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENAS);
    return server;
  }

  /**
   * JVM options that choose the heap or the collector: when the operator gave any of them, on the
   * command line, in JAVA_TOOL_OPTIONS / JDK_JAVA_OPTIONS or an options file, theirs win and the
   * policy stays out.
   */
  static final List<String> OPERATOR_CHOICES = List.of("MaxHeapSize", "InitialHeapSize", "MinHeapSize", "MaxRAM", "MaxRAMPercentage",
      "MaxRAMFraction", "MinRAMPercentage", "InitialRAMPercentage", "NewSize", "MaxNewSize", "UseSerialGC", "UseParallelGC", "UseG1GC",
      "UseZGC", "UseShenandoahGC", "UseEpsilonGC");

  /** Why the policy does not apply to this JVM, or null when it does. */
  static String whyNot(Map<String, String> env, Map<String, String> optionOrigins, List<String> inputArguments) {
    if ("off".equalsIgnoreCase(env.getOrDefault(Relauncher.OPT_OUT_ENV, "").trim())) {
      return Relauncher.OPT_OUT_ENV + "=off";
    }
    for (String option : OPERATOR_CHOICES) {
      String origin = optionOrigins.get(option);
      // DEFAULT and ERGONOMIC are the JVM's own choices; anything else (VM_CREATION, ENVIRON_VAR,
      // CONFIG_FILE, ...) is someone's.
      if (origin != null && !origin.equals("DEFAULT") && !origin.equals("ERGONOMIC")) {
        return "-XX:" + option + " was given";
      }
    }
    for (String arg : inputArguments) {
      // A debugger holds its port in this JVM: a second one could not bind it.
      if (arg.startsWith("-agentlib:jdwp") || arg.startsWith("-Xrunjdwp") || arg.equals("-Xdebug")) {
        return "a debugger agent is attached";
      }
    }
    return null;
  }

  /**
   * One line for the start-up log: this JVM's heap ceiling and collector, and who chose them (the
   * policy, the operator, or nobody), so an operator reading the log knows which applies and how
   * to change it.
   */
  public static String describeThisJvm() {
    long max = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    String gc = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
        .reduce((a, b) -> a + ", " + b).orElse("?");
    String launcher = System.getenv(Relauncher.LAUNCHER_PID_ENV);
    String who;
    if (launcher != null) {
      who = "the heap policy (launcher pid " + launcher + "; -Xmx or " + Relauncher.OPT_OUT_ENV + "=off to choose your own)";
    } else {
      String why = whyNot(System.getenv(), Relauncher.optionOrigins(), ManagementFactory.getRuntimeMXBean().getInputArguments());
      who = why == null ? "the JVM's defaults (the heap policy could not start its JVM)"
          : "the operator, not the heap policy: " + why;
    }
    return "max heap " + max + " MiB, collectors " + gc + ", chosen by " + who;
  }
}
