package dev.cocreate.bench;

import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.db.EmbeddedPostgres;
import dev.cocreate.platform.events.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The benchmark suite of issue #9: starts Cocreate (the packaged jar's entry point, on its own
 * embedded PostgreSQL with production settings) and the floor server, prepares a data set, runs
 * the seven scenarios, and writes {@code bench/results/suite-<time>.{md,json}} (and
 * {@code latest.{md,json}}) with the median of several runs of each figure, its target, and its
 * ratio to the floor measured in the same run. Each scenario is profiled with JFR; the hottest
 * methods go into the report.
 *
 * <p>Run it with {@code bench/run.sh [--quick] [--runs N] [--only 1,3]}; see docs/benchmarks.md.
 */
public final class BenchSuite {
  private static final String JWT = "bench-secret-bench-secret-bench-secret-0123456789";
  private static final String PASSWORD = "bench-admin-password";

  // Settings (full mode; --quick scales them down).
  boolean quick;
  int runs = 3;
  Integer onlyRuns;
  // In the order given: "--only 4,3" reads first, then replies, as a forum's day mixes them (memory
  // that page reads take and never give back shows in the scenario after them).
  Set<Integer> only = new LinkedHashSet<>(List.of(1, 2, 3, 4, 5, 6, 7));
  int eventBytes = 300;
  int s1Subs = 10_000;
  // Offered rates stay under what this 2-core machine delivers with generator and database on it
  // (about 35,000 deliveries/s when loaded), so latency measures the fan-out, not a growing queue;
  // capacity is measured as deliveries per server CPU-second instead.
  int s1Rate = 2;
  int s1Seconds = 10;
  int s2Conns = 10_000;
  int s2Threads = 1_000;
  int s2Rate = 500;
  int s2Seconds = 10;
  int s3Watchers = 1_000;
  int s3Rate = 200;
  /**
   * A rate both servers carry here, for latencies that are not a queue: at 200 replies/s to 1,000
   * watchers (200,000 deliveries/s) both Cocreate and the floor fall behind, and their p99s then
   * compare queue lengths.
   */
  int s3SteadyRate = 30;
  int s3Seconds = 10;
  int s4Seconds = 10;
  int s4Conns = 32;
  int s5Conns = 50_000;
  int s5IdleSeconds = 35;
  int s6Subs = 500;
  int s6Rate = 20;
  // Large enough that a reader that stops fills the kernel's buffers (4 MiB send, 4 KiB receive)
  // within a run and meets the server's 512 KiB bound.
  int s6Bytes = 16_384;
  int s6Seconds = 20;
  int s7Subs = 10_000;
  int s7Rate = 2;
  int sources = 4;
  /** The floor's heap (it is not the subject: a fixed, generous one). */
  String floorHeap = "2g";
  /**
   * JVM options for Cocreate; none by default, so it runs with its own heap policy as
   * {@code java -jar cocreate.jar} does (--server-jvm "-Xmx2g -XX:+UseG1GC" for the old setting).
   */
  List<String> serverJvmFlags = List.of();
  /**
   * Whether each scenario runs under JFR. JFR keeps its buffers and classes once started (16 MiB
   * as "Tracing" in NMT, more in metaspace), so the memory figures after the first scenario are
   * an operator's only with --no-profile.
   */
  boolean profiled = true;
  /** Quiet seconds before the memory-at-rest samples (start and end). */
  int s0QuietSeconds = 60;
  /** Idle sockets at which the RSS target of scenario 5 is read. */
  int s5RssCheckpoint = 10_000;

  /** The suite's arguments, for the report. */
  String arguments = "";
  private final Path out = Path.of("bench", "results");
  private final String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now());
  private Path work;
  private Process server;
  private Process floor;
  /** The JVM that serves (jcmd, JFR, CPU). */
  private long serverPid;
  /** The process the suite started: the JVM itself, or the launcher whose child serves; RSS counts its whole tree. */
  private long serverTreePid;
  private long postmasterPid;
  private int port;
  private int floorPort;
  private String dbUrl;
  private EmbeddedPostgres pg;
  private Vertx vertx;
  private Vertx writerVertx;
  private Pool writerPool;
  private HttpClient http;
  private String token;
  private long spaceId;
  private long authorId;
  private final List<Scenario> scenarios = new ArrayList<>();
  private final EventLog eventLog = new EventLog();

  /** One scenario's result: the median of each figure over its runs, the targets, the profile. */
  static final class Scenario {
    final int number;
    final String title;
    final String setup;
    final List<Map<String, Double>> runs = new ArrayList<>();
    final List<Map<String, Double>> floorRuns = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();
    final Map<String, Object> notes = new LinkedHashMap<>();
    List<String> hotMethods = List.of();
    List<String> hotOwnFrames = List.of();
    String loadBefore;
    String loadAfter;

    Scenario(int number, String title, String setup) {
      this.number = number;
      this.title = title;
      this.setup = setup;
    }

    Map<String, Double> median() {
      return medians(runs);
    }

    Map<String, Double> floorMedian() {
      return medians(floorRuns);
    }

    boolean met() {
      return targets.stream().allMatch(t -> t.met(this));
    }
  }

  /** A figure against its target: {@code key} (of the median run, or a ratio) compared with {@code limit}. */
  record Target(String label, String key, boolean atLeast, double limit, String unit) {
    double value(Scenario s) {
      return s.median().getOrDefault(key, Double.NaN);
    }

    boolean met(Scenario s) {
      double v = value(s);
      return !Double.isNaN(v) && (atLeast ? v >= limit : v <= limit);
    }
  }

  public static void main(String[] args) throws Exception {
    BenchSuite b = new BenchSuite();
    b.arguments = String.join(" ", args);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> b.quick = true;
        case "--runs" -> b.onlyRuns = Integer.parseInt(args[++i]);
        case "--only" -> {
          b.only.clear();
          for (String n : args[++i].split(",")) {
            b.only.add(Integer.parseInt(n.trim()));
          }
        }
        case "--connections-limit" -> b.s5Conns = Integer.parseInt(args[++i]);
        case "--no-profile" -> b.profiled = false;
        case "--server-jvm" -> b.serverJvmFlags = List.of(args[++i].trim().split("\\s+")).stream().filter(f -> !f.isEmpty()).toList();
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --quick, --runs N, --only 1,2,..., --connections-limit N, --server-jvm \"FLAGS\" or --no-profile");
      }
    }
    // Interrupted (Ctrl-C): the server and the floor are our children, stop them too.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Process p : new Process[] {b.floor, b.server}) {
        if (p != null && p.isAlive()) {
          p.destroy();
        }
      }
    }));
    int code = 1;
    try {
      b.configure();
      b.run();
      code = 0;
    } finally {
      b.shutdown();
    }
    if (code == 0 && b.work != null) {
      // The database and the logs of a successful run are not needed again (JFR files were copied
      // to bench/results); after a failure they stay for a look, and the path was printed.
      try (var paths = Files.walk(b.work)) {
        paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    System.exit(code);
  }

  void configure() throws IOException {
    if (quick) {
      runs = 1;
      s1Subs = 1_000;
      s1Seconds = 5;
      s2Conns = 1_000;
      s2Threads = 100;
      s2Seconds = 5;
      s3Watchers = 200;
      s3Seconds = 5;
      s4Seconds = 3;
      s5Conns = 2_000;
      s5IdleSeconds = 10;
      s6Subs = 200;
      s6Seconds = 15;
      s7Subs = 1_000;
      s0QuietSeconds = 20;
      s5RssCheckpoint = 1_000;
    }
    if (onlyRuns != null) {
      runs = onlyRuns;
    }
    // Each socket is a file descriptor in the server and one in this process; the hard limit
    // here (ulimit -Hn) cannot be raised without privileges, so the idle scenario is capped to it.
    long fdLimit = fdLimit();
    if (s5Conns > fdLimit - 1_500) {
      System.out.printf("Idle capacity: %d connections asked, %d file descriptors allowed per process: scaled to %d%n", s5Conns,
          fdLimit, fdLimit - 1_500);
      s5Conns = (int) (fdLimit - 1_500);
    }
    for (int which : new int[] {1, 2, 7}) {
      int n = which == 1 ? s1Subs : which == 2 ? s2Conns : s7Subs;
      if (n > fdLimit - 1_500) {
        throw new IllegalStateException("scenario " + which + " needs " + n + " sockets; ulimit -n allows " + fdLimit);
      }
    }
  }

  static long fdLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.split("\\s+")[3]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 4096;
    }
    return 4096;
  }

  // ---- the run

  void run() throws Exception {
    Files.createDirectories(out);
    String loadStart = Proc.loadavg();
    long started = System.nanoTime();
    startServers();
    prepare();
    Scenario rest = atRest();
    for (int n : only) {
      switch (n) {
        case 4 -> reads();
        case 1 -> broadcast();
        case 2 -> manyTopics();
        case 3 -> endToEnd();
        case 5 -> idle();
        case 6 -> slowConsumers();
        case 7 -> reconnectStorm();
        default -> throw new IllegalArgumentException("no scenario " + n);
      }
    }
    atRestAfter(rest);
    report(loadStart, (System.nanoTime() - started) / 1e9);
  }

  private void startServers() throws Exception {
    work = Files.createTempDirectory(Path.of("/tmp"), "cocreate-suite-");
    // As root, PostgreSQL runs as 'nobody': the data directory must be reachable by it.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = work.resolve("data");
    Files.createDirectories(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    port = ChildJvm.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("COCREATE_DATA_DIR", data.toString());
    env.put("COCREATE_HTTP_HOST", "127.0.0.1");
    env.put("COCREATE_HTTP_PORT", String.valueOf(port));
    env.put("COCREATE_JWT_SECRET", JWT);
    env.put("COCREATE_RATE_LIMITS", "off");
    env.put("COCREATE_LOG_LEVEL", "WARN");
    // Every generated socket comes from 127.0.0.x: lift the per-address cap (256 by default).
    env.put("COCREATE_MAX_CONNECTIONS_PER_IP", "0");
    env.put("COCREATE_ADMIN_PASSWORD", PASSWORD);
    System.out.println("Starting Cocreate on port " + port + " with its embedded PostgreSQL in " + data);
    // The jar's entry point, not Main: with no --server-jvm flags it runs under its heap policy, as
    // java -jar does (a launcher JVM and the server JVM; RSS counts both).
    server = ChildJvm.start("dev.cocreate.Launch", work.resolve("server.log"), env, serverJvmFlags);
    serverTreePid = server.pid();
    ChildJvm.awaitHttp("http://127.0.0.1:" + port + "/health/ready", 180, server, work.resolve("server.log"));
    serverPid = Proc.serverJvm(serverTreePid, 0);
    System.out.println("Cocreate " + (serverPid == serverTreePid ? "runs in " + serverPid : "runs in " + serverPid + ", started by " + serverTreePid)
        + " with " + (serverJvmFlags.isEmpty() ? "its own heap policy" : serverJvmFlags) + "; max heap " + mib(heapFigures()[2]) + " MiB");
    // The same embedded cluster, attached to (its owner is the server): the suite commits events
    // itself so it knows each one's commit time, and the floor runs the page's SQL on it.
    pg = EmbeddedPostgres.start(data);
    dbUrl = pg.postgresUrl("cocreate");
    postmasterPid = postmasterPid(data);
    Process admin = ChildJvm.start("dev.cocreate.Main", work.resolve("create-admin.log"), env, List.of("-Xmx256m"), "create-admin", "benchadmin");
    if (!admin.waitFor(120, TimeUnit.SECONDS) || admin.exitValue() != 0) {
      throw new IllegalStateException("create-admin failed: " + Files.readString(work.resolve("create-admin.log")));
    }
    floorPort = ChildJvm.freePort();
    int instances = Runtime.getRuntime().availableProcessors();
    floor = ChildJvm.start(BareFanoutServer.class.getName(), work.resolve("floor.log"), Map.of(), List.of("-Xmx" + floorHeap),
        String.valueOf(floorPort), String.valueOf(instances), dbUrl);
    ChildJvm.awaitHttp("http://127.0.0.1:" + floorPort + "/emit?count=0&rate=1&size=0", 60, floor, work.resolve("floor.log"));

    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors())));
    // The writers get their own event loop so that a busy generator does not delay commits.
    writerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    writerPool = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(4))
        .connectingTo(DbTarget.parse(dbUrl).connectOptions()).using(writerVertx).build();
    http = writerVertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(32));
    token = call(HttpMethod.POST, "/api/auth/login", new JsonObject().put("login", "benchadmin").put("password", PASSWORD))
        .getString("token");
  }

  private static long postmasterPid(Path data) {
    try (var files = Files.walk(data, 3)) {
      Path pidFile = files.filter(p -> p.getFileName().toString().equals("postmaster.pid")).findFirst().orElse(null);
      return pidFile == null ? 0 : Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The data set: a public space, a member who writes, and the threads the scenarios follow. */
  private void prepare() throws Exception {
    long t0 = System.nanoTime();
    call(HttpMethod.POST, "/api/spaces", new JsonObject().put("slug", "bench").put("name", "Bench").put("description", "")
        .put("visibility", "public"));
    spaceId = sqlLong("select id from spaces where slug = 'bench'");
    authorId = sqlLong("select id from users where username = 'benchadmin'");
    int threads = Math.max(s2Threads, 1_000);
    sql("insert into threads (space_id, title, author_id) select " + spaceId + ", 'bench topic ' || g, " + authorId
        + " from generate_series(1, " + threads + ") g");
    System.out.printf("Data set ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private long[] benchThreads(int n) throws Exception {
    List<Long> ids = new ArrayList<>();
    writerPool.query("select id from threads where title like 'bench topic %' order by id limit " + n).execute()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).forEach(r -> ids.add(r.getLong(0)));
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  /** A thread made through the API (first post and all), for the scenarios that reply or read. */
  private long apiThread(String title) throws Exception {
    return call(HttpMethod.POST, "/api/threads", new JsonObject().put("space", "bench").put("title", title)
        .put("body", "Opening post with **markdown**.")).getLong("id");
  }

  // ---- scenario 1: broadcast

  private void broadcast() throws Exception {
    Scenario s = begin(1, "Broadcast: one thread, many subscribers",
        String.format("%,d subscribers of one thread; %d events/s of ~%d bytes for %d s per run", s1Subs, s1Rate, eventBytes, s1Seconds));
    long thread = benchThreads(1)[0];
    String topic = "thread:" + thread;
    int events = s1Rate * s1Seconds;
    profile(s, () -> {
      long heapBefore = Proc.heapAfterGc(serverPid);
      long rssBefore = rssOf(serverPid);
      try (Fleet fleet = new Fleet(vertx, "127.0.0.1", port, sources, Fleet.Timing.BY_ID)) {
        connect(fleet, s1Subs, i -> topic, 0, s);
        s.notes.put("serverHeapBytesPerConnection", (double) (Proc.heapAfterGc(serverPid) - heapBefore) / s1Subs);
        s.notes.put("serverRssBytesPerConnection", (double) (rssOf(serverPid) - rssBefore) / s1Subs);
        for (int r = 0; r < runs; r++) {
          fleet.reset();
          Window w = window();
          Writer writer = new Writer(fleet, i -> topic, events, s1Rate);
          writer.run();
          awaitDeliveries(fleet, (long) s1Subs * writer.committed(), s1Seconds + 60);
          s.runs.add(fanoutFigures(fleet, w.close(), writer.committed(), s1Subs, writer.perTopic()));
          System.out.println("  run " + (r + 1) + ": " + s.runs.get(r));
        }
      }
    });
    // The floor: the same subscribers, events and rate against the bare Vert.x broadcast.
    long floorHeapBefore = Proc.heapAfterGc(floor.pid());
    long floorRssBefore = Proc.rss(floor.pid());
    try (Fleet fleet = new Fleet(vertx, "127.0.0.1", floorPort, sources, Fleet.Timing.EMBEDDED)) {
      connect(fleet, s1Subs, i -> "bench", 0, null);
      s.notes.put("floorHeapBytesPerConnection", (double) (Proc.heapAfterGc(floor.pid()) - floorHeapBefore) / s1Subs);
      s.notes.put("floorRssBytesPerConnection", (double) (Proc.rss(floor.pid()) - floorRssBefore) / s1Subs);
      for (int r = 0; r < runs; r++) {
        fleet.reset();
        Window w = window(floor.pid());
        get(floorPort, "/emit?count=" + events + "&rate=" + s1Rate + "&size=" + (eventBytes - 90));
        awaitDeliveries(fleet, (long) s1Subs * events, s1Seconds + 60);
        s.floorRuns.add(fanoutFigures(fleet, w.close(), events, s1Subs, Map.of("bench", (long) events)));
        System.out.println("  floor run " + (r + 1) + ": " + s.floorRuns.get(r));
      }
    }
    ratio(s, "deliveriesPerServerCoreSecond");
    ratio(s, "deliveriesPerSecond");
    s.targets.add(new Target("deliveries/s per server core", "deliveriesPerServerCoreSecond", true, 150_000, "/s"));
    s.targets.add(new Target("p99 commit → last delivery", "lastDeliveryP99Ms", false, 50, "ms"));
    s.targets.add(new Target("lost", "lost", false, 0, ""));
    s.targets.add(new Target("deliveries/s per core vs floor", "deliveriesPerServerCoreSecondRatio", true, 0.7, "×"));
    end(s);
  }

  // ---- scenario 2: many topics

  private void manyTopics() throws Exception {
    Scenario s = begin(2, "Many topics", String.format("%,d connections over %,d threads (%d each); %d events/s over all threads for %d s",
        s2Conns, s2Threads, s2Conns / s2Threads, s2Rate, s2Seconds));
    long[] threads = benchThreads(s2Threads);
    IntFunction<String> topicOf = i -> "thread:" + threads[i % threads.length];
    profile(s, () -> {
      try (Fleet fleet = new Fleet(vertx, "127.0.0.1", port, sources, Fleet.Timing.BY_ID)) {
        connect(fleet, s2Conns, topicOf, 0, s);
        Thread.sleep(3_000); // the connect burst's garbage collection and compilation settle first
        double idle = idleCpuPercent(5);
        s.notes.put("serverIdleCpuPercentWithSockets", idle);
        for (int r = 0; r < runs; r++) {
          fleet.reset();
          Window w = window();
          Writer writer = new Writer(fleet, topicOf, s2Rate * s2Seconds, s2Rate);
          writer.run();
          long expected = 0;
          for (Fleet.Sub sub : fleet.subs()) {
            expected += writer.perTopic().getOrDefault(sub.topic, 0L);
          }
          awaitDeliveries(fleet, expected, s2Seconds + 60);
          Map<String, Double> f = fanoutFigures(fleet, w.close(), writer.committed(), s2Conns, writer.perTopic());
          f.put("writesPerSecond", writer.committed() / writer.seconds());
          beyondIdle(f, idle, writer.committed());
          s.runs.add(f);
          System.out.println("  run " + (r + 1) + ": " + f);
        }
      }
    });
    // The floor: as many connections over as many topics of the bare server, which emits the same
    // number of events of the same size at the same rate, round-robin over the topics as the
    // writer commits them; its CPU beyond idle is all the fan-out costs there.
    int events = s2Rate * s2Seconds;
    Map<String, Long> floorPerTopic = new HashMap<>();
    for (int k = 0; k < events; k++) {
      floorPerTopic.merge("many:" + (k % s2Threads), 1L, Long::sum);
    }
    try (Fleet fleet = new Fleet(vertx, "127.0.0.1", floorPort, sources, Fleet.Timing.EMBEDDED)) {
      connect(fleet, s2Conns, i -> "many:" + (i % s2Threads), 0, null);
      Thread.sleep(3_000);
      double idle = idleCpuPercent(floor.pid(), 5);
      s.notes.put("floorIdleCpuPercentWithSockets", idle);
      long expected = 0;
      for (Fleet.Sub sub : fleet.subs()) {
        expected += floorPerTopic.getOrDefault(sub.topic, 0L);
      }
      for (int r = 0; r < runs; r++) {
        fleet.reset();
        Window w = window(floor.pid());
        get(floorPort, "/emit?count=" + events + "&rate=" + s2Rate + "&size=" + (eventBytes - 90) + "&topic=many&topics=" + s2Threads);
        awaitDeliveries(fleet, expected, s2Seconds + 60);
        Map<String, Double> f = fanoutFigures(fleet, w.close(), events, s2Conns, floorPerTopic);
        beyondIdle(f, idle, events);
        s.floorRuns.add(f);
        System.out.println("  floor run " + (r + 1) + ": " + f);
      }
    }
    ratio(s, "p99Ms");
    ratio(s, "serverCpuPercentBeyondWrites");
    ratio(s, "serverCpuMsPerEventBeyondIdle");
    s.notes.put("floorIs", "the bare Vert.x server, the same connections over as many topics, emitting round-robin over them at the same rate "
        + "and size (latency from emission, CPU beyond its idle with the sockets open)");
    s.targets.add(new Target("p99 commit → client", "p99Ms", false, 10, "ms"));
    s.targets.add(new Target("server CPU beyond the writes", "serverCpuPercentBeyondWrites", false, 30, "% of a core"));
    s.targets.add(new Target("lost", "lost", false, 0, ""));
    end(s);
  }

  // ---- scenario 3: end to end through the HTTP API

  private void endToEnd() throws Exception {
    Scenario s = begin(3, "End to end: replies through the API", String.format(
        "%d replies/s (POST /api/threads/{id}/posts) for %d s while %,d clients watch the thread", s3Rate, s3Seconds, s3Watchers));
    long thread = apiThread("End to end");
    String topic = "thread:" + thread;
    AtomicLong seq = new AtomicLong(1_000_000);
    profile(s, () -> {
      try (Fleet fleet = new Fleet(vertx, "127.0.0.1", port, sources, Fleet.Timing.MARKER)) {
        connect(fleet, s3Watchers, i -> topic, 0, s);
        for (int r = 0; r < runs; r++) {
          // What the database sessions wait on while replies are written: where the time goes when
          // neither the server nor PostgreSQL is short of CPU.
          WaitSampler waits = new WaitSampler();
          Supplier<RequestOptions> reply = () -> new RequestOptions().setMethod(HttpMethod.POST)
              .setURI("/api/threads/" + thread + "/posts").putHeader("Authorization", "Bearer " + token);
          Map<String, Double> f = replies(fleet, serverPid, topic, seq, waits, s3Rate, reply);
          s.notes.put("postgresWaitsDuringRepliesRun" + (r + 1), waits.top());
          withSteady(f, replies(fleet, serverPid, topic, seq, null, s3SteadyRate, reply));
          s.runs.add(f);
          System.out.println("  run " + (r + 1) + ": " + f);
        }
      }
    });
    // The floor: the same replies at the same rate, and as many watchers, on the bare server's
    // POST route, which inserts one row and sends a frame of the same size built by concatenation.
    String floorTopic = "replies";
    try (Fleet fleet = new Fleet(vertx, "127.0.0.1", floorPort, sources, Fleet.Timing.MARKER)) {
      connect(fleet, s3Watchers, i -> floorTopic, 0, null);
      for (int r = 0; r < runs; r++) {
        Supplier<RequestOptions> reply = () -> new RequestOptions().setMethod(HttpMethod.POST)
            .setPort(floorPort).setURI("/post?topic=" + floorTopic + "&size=" + eventBytes);
        Map<String, Double> f = replies(fleet, floor.pid(), floorTopic, seq, null, s3Rate, reply);
        withSteady(f, replies(fleet, floor.pid(), floorTopic, seq, null, s3SteadyRate, reply));
        s.floorRuns.add(f);
        System.out.println("  floor run " + (r + 1) + ": " + f);
      }
    }
    ratio(s, "replyP99Ms");
    ratio(s, "p50Ms");
    ratio(s, "p99Ms");
    // When the offered rate is more than this machine carries, both skip replies: the rates they
    // reached say how far apart they are where their latencies only say both queued.
    ratio(s, "repliesPerSecond");
    ratio(s, "steadyReplyP99Ms");
    ratio(s, "steadyP50Ms");
    ratio(s, "steadyP99Ms");
    s.notes.put("steadyRate", s3SteadyRate);
    s.notes.put("floorIs", "the bare Vert.x server's POST /post: one INSERT into its own table (same PostgreSQL), then a pre-encoded "
        + "~" + eventBytes + "-byte frame to the topic's watchers");
    s.notes.put("deliveryLatencyFrom", "the reply request being sent (end to end, includes the reply's own latency)");
    s.targets.add(new Target("reply p99", "replyP99Ms", false, 25, "ms"));
    s.targets.add(new Target("delivery p50", "p50Ms", false, 5, "ms"));
    s.targets.add(new Target("delivery p99", "p99Ms", false, 25, "ms"));
    // The same limits at a rate both servers carry (see s3SteadyRate): latencies without a queue.
    s.targets.add(new Target("reply p99 at " + s3SteadyRate + "/s", "steadyReplyP99Ms", false, 25, "ms"));
    s.targets.add(new Target("delivery p50 at " + s3SteadyRate + "/s", "steadyP50Ms", false, 5, "ms"));
    s.targets.add(new Target("delivery p99 at " + s3SteadyRate + "/s", "steadyP99Ms", false, 25, "ms"));
    s.targets.add(new Target("reply errors", "replyErrors", false, 0, ""));
    // Issue #23: what an operator sees (ps, top) with 1,000 live readers while replies stream to them.
    s.targets.add(new Target("server RSS, peak during the replies", "rssPeakMiB", false, 500, "MiB"));
    s.targets.add(new Target("lost", "lost", false, 0, ""));
    end(s);
  }

  /**
   * One run of scenario 3 against either server: {@code rate} replies a second for
   * {@code s3Seconds}, each carrying its marker, while the fleet watches {@code topic}; the reply
   * latency, and the deliveries from the request being sent. {@code waits}, when given, is stopped
   * once the replies are done.
   */
  /** Keeps a steady-rate run's latencies and errors beside the full-rate run's, prefixed "steady". */
  private static void withSteady(Map<String, Double> f, Map<String, Double> steady) {
    for (String key : List.of("replyP50Ms", "replyP99Ms", "p50Ms", "p99Ms", "replyErrors", "lost", "duplicates", "repliesPerSecond",
        "writesSkippedByGenerator")) {
      if (steady.containsKey(key)) {
        f.put("steady" + Character.toUpperCase(key.charAt(0)) + key.substring(1), steady.get(key));
      }
    }
    // Memory: the peak over both rates.
    for (String key : List.of("rssPeakMiB", "heapCommittedPeakMiB", "heapUsedPeakMiB")) {
      if (steady.containsKey(key)) {
        f.merge(key, steady.get(key), Math::max);
      }
    }
    // Nothing may be lost at either rate.
    f.put("lost", f.getOrDefault("lost", 0.0) + steady.getOrDefault("lost", 0.0));
    f.put("duplicates", f.getOrDefault("duplicates", 0.0) + steady.getOrDefault("duplicates", 0.0));
    f.put("replyErrors", f.getOrDefault("replyErrors", 0.0) + steady.getOrDefault("replyErrors", 0.0));
  }

  private Map<String, Double> replies(Fleet fleet, long pid, String topic, AtomicLong seq, WaitSampler waits, int rate,
      Supplier<RequestOptions> request) throws Exception {
    fleet.reset();
    Window w = window(pid);
    MemoryWatch mem = new MemoryWatch(pid);
    Recorder replies = new Recorder(3);
    LongAdder failed = new LongAdder();
    LongAdder ok = new LongAdder();
    int total = rate * s3Seconds;
    Future<Void> replying = pace(total, rate, () -> {
      long n = seq.incrementAndGet();
      long sentAt = Fleet.epochMicros();
      fleet.sent(n, sentAt);
      long t = System.nanoTime();
      return http.request(request.get().putHeader("Content-Type", "application/json"))
          .compose(req -> req.send(new JsonObject().put("body", "Reply " + Fleet.MARKER + n + ": a point with **markdown** and a "
              + "[link](https://example.com).").encode()))
          .compose(resp -> resp.body().map(b -> resp.statusCode()))
          .andThen(ar -> {
            replies.recordValue((System.nanoTime() - t) / 1000);
            if (ar.succeeded() && ar.result() == 201) {
              ok.increment();
            } else {
              failed.increment();
              if (failed.sum() <= 3) {
                System.out.println("  reply failed: " + (ar.succeeded() ? "HTTP " + ar.result() : ar.cause()));
              }
            }
          }).mapEmpty();
    });
    replying.toCompletionStage().toCompletableFuture().get(s3Seconds + 120L, TimeUnit.SECONDS);
    if (waits != null) {
      waits.stop();
    }
    awaitDeliveries(fleet, (long) s3Watchers * ok.sum(), 60);
    mem.stop();
    Map<String, Double> f = fanoutFigures(fleet, w.close(), ok.sum(), s3Watchers, Map.of(topic, ok.sum()));
    mem.putInto(f);
    Histogram h = replies.getIntervalHistogram();
    f.put("replyP50Ms", h.getValueAtPercentile(50) / 1000.0);
    f.put("replyP99Ms", h.getValueAtPercentile(99) / 1000.0);
    f.put("replyErrors", failed.doubleValue());
    f.put("repliesPerSecond", ok.sum() / (double) s3Seconds);
    f.put("offeredPerSecond", (double) rate);
    return f;
  }

  // ---- scenario 4: reads

  private void reads() throws Exception {
    Scenario s = begin(4, "Reads: a 200-post thread", String.format("wrk, %d connections, 2 threads, %d s per run", s4Conns, s4Seconds));
    long thread = apiThread("A busy debate");
    long first = call(HttpMethod.GET, "/api/threads/" + thread + "/posts?limit=1", null).getJsonArray("items").getJsonObject(0).getLong("id");
    List<Long> parents = new ArrayList<>(List.of(first));
    Random random = new Random(9);
    for (int i = 1; i < 200; i++) {
      long parent = parents.get(random.nextInt(parents.size()));
      parents.add(call(HttpMethod.POST, "/api/threads/" + thread + "/posts", new JsonObject().put("parentId", parent)
          .put("body", "Reply " + i + ": a point with a [link](https://example.com), *emphasis* and @benchadmin.")).getLong("id"));
    }
    String base = "http://127.0.0.1:" + port;
    Map<String, String> urls = new LinkedHashMap<>();
    urls.put("json", base + "/api/threads/" + thread + "/posts?limit=100");
    urls.put("page", base + "/t/" + thread);
    urls.put("floorSql", "http://127.0.0.1:" + floorPort + "/sql/thread/" + thread);
    profile(s, () -> {
      for (String url : urls.values()) {
        wrk(url, 2); // warm-up: JIT, prepared statements, template cache
      }
      for (int r = 0; r < runs; r++) {
        Map<String, Double> f = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : urls.entrySet()) {
          double[] rpsP99Errors = wrk(e.getValue(), s4Seconds);
          f.put(e.getKey() + "Rps", rpsP99Errors[0]);
          f.put(e.getKey() + "P99Ms", rpsP99Errors[1]);
          f.put(e.getKey() + "Errors", rpsP99Errors[2]);
        }
        f.put("pageRpsRatio", f.get("pageRps") / f.get("floorSqlRps"));
        f.put("jsonRpsRatio", f.get("jsonRps") / f.get("floorSqlRps"));
        s.runs.add(f);
        System.out.println("  run " + (r + 1) + ": " + f);
      }
    });
    s.targets.add(new Target("thread JSON req/s", "jsonRps", true, 10_000, "/s"));
    s.targets.add(new Target("thread JSON p99", "jsonP99Ms", false, 10, "ms"));
    s.targets.add(new Target("thread page req/s", "pageRps", true, 10_000, "/s"));
    s.targets.add(new Target("thread page p99", "pageP99Ms", false, 10, "ms"));
    s.targets.add(new Target("page vs bare SQL route", "pageRpsRatio", true, 0.5, "×"));
    end(s);
  }

  /** Requests/s, p99 ms and non-2xx count of one wrk run. */
  private double[] wrk(String url, int seconds) throws Exception {
    Process p = new ProcessBuilder("wrk", "-t2", "-c" + s4Conns, "-d" + seconds + "s", "--latency", url).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes());
    p.waitFor(seconds + 30L, TimeUnit.SECONDS);
    Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(text);
    Matcher p99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)").matcher(text);
    Matcher bad = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(text);
    Matcher sockErr = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(text);
    if (!rps.find()) {
      throw new IllegalStateException("wrk said: " + text);
    }
    double p99ms = Double.NaN;
    if (p99.find()) {
      double v = Double.parseDouble(p99.group(1));
      p99ms = switch (p99.group(2)) {
        case "us" -> v / 1000;
        case "s" -> v * 1000;
        default -> v;
      };
    }
    double errors = bad.find() ? Double.parseDouble(bad.group(1)) : 0;
    if (sockErr.find()) {
      for (int g = 1; g <= 4; g++) {
        errors += Double.parseDouble(sockErr.group(g));
      }
    }
    return new double[] {Double.parseDouble(rps.group(1)), p99ms, errors};
  }

  // ---- scenario 5: idle capacity

  private void idle() throws Exception {
    Scenario s = begin(5, "Idle capacity", String.format("%,d open connections (one thread each, over 1,000 threads), idle for %d s",
        s5Conns, s5IdleSeconds));
    long[] threads = benchThreads(1_000);
    profile(s, () -> s.runs.add(idleFigures(serverPid, port, Fleet.Timing.BY_ID, i -> "thread:" + threads[i % threads.length], s)));
    // The floor: as many idle connections held by the bare server, over as many topics; it keeps a
    // socket and its topic per connection, with no session, heartbeat or idle timer.
    s.floorRuns.add(idleFigures(floor.pid(), floorPort, Fleet.Timing.EMBEDDED, i -> "idle:" + (i % threads.length), null));
    ratio(s, "heapBytesPerConnection");
    ratio(s, "rssBytesPerConnection");
    s.notes.put("floorIs", "the bare Vert.x server holding the same idle connections (a socket and its topic each; no heartbeat)");
    s.notes.put("connectionsAsked", 50_000);
    s.notes.put("fileDescriptorLimit", fdLimit());
    if (s5Conns < s5RssCheckpoint) {
      s.notes.put("rssCheckpointScaled", "ulimit -n allows " + fdLimit() + " descriptors per process (a socket is one in the server and one "
          + "here): the RSS figure is at " + s5Conns + " idle sockets, not " + s5RssCheckpoint);
    }
    s.targets.add(new Target("server memory per connection (heap)", "heapBytesPerConnection", false, 15 * 1024, "B"));
    s.targets.add(new Target("server memory per connection (RSS)", "rssBytesPerConnection", false, 15 * 1024, "B"));
    s.targets.add(new Target("server RSS with " + String.format("%,d", Math.min(s5Conns, s5RssCheckpoint)) + " idle sockets", "rssAtCheckpointMiB",
        false, 600, "MiB"));
    // "Negligible" read as at most 5% of one core for every connection together.
    s.targets.add(new Target("heartbeat CPU", "serverCpuPercentOfOneCore", false, 5, "% of a core"));
    end(s);
  }

  /**
   * One run of scenario 5 against either server: {@code s5Conns} subscribed connections held idle;
   * heap after GC and RSS per connection (before and after connecting) and the CPU while idle.
   */
  private Map<String, Double> idleFigures(long pid, int serverPort, Fleet.Timing timing, IntFunction<String> topicOf, Scenario s)
      throws Exception {
    long heapBefore = Proc.heapAfterGc(pid);
    long rssBefore = rssOf(pid);
    try (Fleet fleet = new Fleet(vertx, "127.0.0.1", serverPort, sources, timing)) {
      // The RSS target is for s5RssCheckpoint sockets: read it there (before any forced GC), then
      // open the rest.
      int first = Math.min(s5Conns, s5RssCheckpoint);
      MemoryWatch mem = new MemoryWatch(pid);
      connect(fleet, first, topicOf, 0, s);
      Thread.sleep(2_000);
      double rssAtCheckpoint = mib(rssOf(pid));
      connect(fleet, s5Conns - first, topicOf, 0, s);
      Thread.sleep(2_000);
      long heapAfter = Proc.heapAfterGc(pid);
      long rssAfter = rssOf(pid);
      Map<String, Double> f = new LinkedHashMap<>();
      // The heartbeat: pings every 30 s, idle checks on a timer; the window covers at least one ping round.
      f.put("serverCpuPercentOfOneCore", idleCpuPercent(pid, s5IdleSeconds));
      f.put("heldConnections", (double) fleet.held());
      f.put("heapBytesPerConnection", (heapAfter - heapBefore) / (double) s5Conns);
      f.put("rssBytesPerConnection", (rssAfter - rssBefore) / (double) s5Conns);
      f.put("connections", (double) s5Conns);
      f.put("rssCheckpointConnections", (double) first);
      f.put("rssAtCheckpointMiB", rssAtCheckpoint);
      mem.stop();
      mem.putInto(f);
      System.out.println("  " + (pid == serverPid ? "" : "floor: ") + f);
      return f;
    }
  }

  // ---- scenario 6: slow consumers

  private void slowConsumers() throws Exception {
    Scenario s = begin(6, "Slow consumers", String.format("%,d subscribers of one thread, %d events/s of %,d bytes for %d s; "
        + "run without, then with 1%% that never read (4 KiB receive buffer, paused)", s6Subs, s6Rate, s6Bytes, s6Seconds));
    long thread = benchThreads(2)[1];
    String topic = "thread:" + thread;
    int events = s6Rate * s6Seconds;
    int savedBytes = eventBytes;
    eventBytes = s6Bytes;
    try {
      profile(s, () -> {
        for (boolean slow : new boolean[] {false, true}) {
          try (Fleet fleet = new Fleet(vertx, "127.0.0.1", port, sources, Fleet.Timing.BY_ID)) {
            connect(fleet, s6Subs, i -> topic, slow ? 100 : 0, s);
            long heapBefore = Proc.heapAfterGc(serverPid);
            for (int r = 0; r < runs; r++) {
              // Slow subscribers closed in the previous run come back (still slow) for this one.
              for (Fleet.Sub sub : fleet.subs()) {
                if (sub.slow && sub.closeCode != null) {
                  fleet.open(sub, null).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
              }
              fleet.reset();
              Window w = window();
              MemoryWatch mem = new MemoryWatch(serverPid);
              Writer writer = new Writer(fleet, i -> topic, events, s6Rate);
              writer.run();
              int fast = (int) fleet.subs().stream().filter(x -> !x.slow).count();
              awaitDeliveries(fleet, (long) fast * writer.committed(), 60);
              Map<String, Double> f = fanoutFigures(fleet, w.close(), writer.committed(), s6Subs, writer.perTopic());
              mem.stop();
              // A paused reader cannot see the server's 1013 until it reads what came before it:
              // the slow ones read again now, and their close codes follow.
              fleet.resumeSlow();
              Thread.sleep(3_000);
              f.put("lost", lostOf(fleet, writer.perTopic(), false));
              f.put("slowSubscribers", (double) (s6Subs - fast));
              f.put("slowClosed1013", (double) fleet.closeCodes().getOrDefault((short) 1013, 0));
              f.put("serverHeapPeakBytes", (double) mem.peakHeap);
              // What the run left behind in the heap, garbage collected: held frames of slow sockets would show here.
              f.put("serverHeapRetainedDeltaBytes", (double) (Proc.heapAfterGc(serverPid) - heapBefore));
              f.put("serverRssPeakBytes", (double) mem.peakRss);
              (slow ? s.runs : s.floorRuns).add(f);
              System.out.println("  " + (slow ? "with" : "without") + " slow consumers, run " + (r + 1) + ": " + f);
            }
          }
        }
      });
    } finally {
      eventBytes = savedBytes;
    }
    // The "floor" of this scenario is the same run without slow consumers.
    Map<String, Double> with = s.median();
    Map<String, Double> without = s.floorMedian();
    with.put("p99Change", with.get("p99Ms") / without.get("p99Ms") - 1);
    s.notes.put("p99WithoutSlowMs", without.get("p99Ms"));
    s.notes.put("p99WithSlowMs", with.get("p99Ms"));
    for (Map<String, Double> run : s.runs) {
      run.put("p99Change", run.get("p99Ms") / without.get("p99Ms") - 1);
    }
    s.targets.add(new Target("others' p99 change", "p99Change", false, 0.10, "×"));
    s.targets.add(new Target("lost (readers)", "lost", false, 0, ""));
    // Bounded: each slow socket may hold at most maxPendingBytes (512 KiB) in the server before it is closed.
    s.targets.add(new Target("server heap retained after the run", "serverHeapRetainedDeltaBytes", false,
        Math.max(1, s6Subs / 100) * 512.0 * 1024 + 16 * 1024 * 1024, "B"));
    end(s);
  }

  /** Samples, every 50 ms, what the server's active PostgreSQL sessions are waiting on (pg_stat_activity). */
  private final class WaitSampler {
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final AtomicInteger samples = new AtomicInteger();
    private final long timer;

    WaitSampler() {
      timer = writerVertx.setPeriodic(50, t -> writerPool.query("""
              select coalesce(wait_event_type || ':' || wait_event, 'on CPU') as w, count(*) from pg_stat_activity
              where datname = 'cocreate' and state = 'active' and pid <> pg_backend_pid()
                and query not like 'LISTEN%' group by 1""").execute()
          .onSuccess(rows -> {
            samples.incrementAndGet();
            rows.forEach(r -> counts.merge(r.getString(0), r.getInteger(1), Integer::sum));
          }));
    }

    void stop() {
      writerVertx.cancelTimer(timer);
    }

    /** Average active sessions per wait, busiest first. */
    String top() {
      int n = Math.max(1, samples.get());
      return counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(6)
          .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / (double) n)).reduce((a, b) -> a + ", " + b).orElse("none");
    }
  }

  /**
   * Samples a server's RSS (its whole process tree, from /proc: cheap, every 200 ms) and, for
   * Cocreate, its heap used and committed (from its /metrics, every 2 s: a jcmd per sample would
   * start a JVM each time on a machine with two cores) while a run lasts.
   */
  private final class MemoryWatch {
    volatile long peakHeap;
    volatile long peakHeapCommitted;
    volatile long peakRss;
    volatile long lastRss;
    private final Thread thread;
    private volatile boolean stop;

    MemoryWatch(long pid) {
      boolean ours = pid == serverPid;
      thread = new Thread(() -> {
        long nextHeap = 0;
        while (!stop) {
          lastRss = rssOf(pid);
          peakRss = Math.max(peakRss, lastRss);
          if (ours && System.currentTimeMillis() >= nextHeap) {
            long[] heap = heapFigures();
            peakHeap = Math.max(peakHeap, heap[0]);
            peakHeapCommitted = Math.max(peakHeapCommitted, heap[1]);
            nextHeap = System.currentTimeMillis() + 2_000;
          }
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "memory-watch");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      stop = true;
      thread.interrupt();
      thread.join(5_000);
    }

    /** Peak RSS, and the heap's peaks when known, in MiB. */
    void putInto(Map<String, Double> f) {
      f.put("rssPeakMiB", mib(peakRss));
      if (peakHeapCommitted > 0) {
        f.put("heapCommittedPeakMiB", mib(peakHeapCommitted));
        f.put("heapUsedPeakMiB", mib(peakHeap));
      }
    }
  }

  /** RSS of a server as an operator counts it: Cocreate's whole process tree, or the floor's process. */
  private long rssOf(long pid) {
    return Proc.treeRss(pid == serverPid ? serverTreePid : pid);
  }

  static double mib(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }

  private final java.net.http.HttpClient metricsClient = java.net.http.HttpClient.newHttpClient();
  private static final Pattern HEAP_METRIC = Pattern.compile("^jvm_memory_(used|committed|max)_bytes\\{area=\"heap\"[^}]*} (\\S+)$",
      Pattern.MULTILINE);

  /** Cocreate's heap used, committed and max in bytes, summed over its pools, from its /metrics ({-1, -1, -1} when it does not answer). */
  long[] heapFigures() {
    try {
      String text = metricsClient.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
      long[] sums = new long[3];
      Matcher m = HEAP_METRIC.matcher(text);
      while (m.find()) {
        double v = Double.parseDouble(m.group(2));
        if (v > 0) { // a pool without its own max says -1
          sums[switch (m.group(1)) { case "used" -> 0; case "committed" -> 1; default -> 2; }] += (long) v;
        }
      }
      return sums;
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1, -1};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new long[] {-1, -1, -1};
    }
  }

  // ---- memory at rest (issue #23)

  /**
   * Scenario 0: the server's RSS at rest, after start-up and the data set (target 200 MiB), and
   * again after all the other scenarios, when the memory they took should have been given back.
   * Nothing forces a GC before these samples: an operator's server does not get one either.
   */
  private Scenario atRest() throws Exception {
    Scenario s = begin(0, "Memory at rest", String.format("no client; RSS of the server's process tree after %d quiet seconds, "
        + "after start-up and again after the other scenarios", s0QuietSeconds));
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("rssAfterStartMiB", quietRss());
    putLauncherSplit(f, "AfterStart");
    long[] heap = heapFigures();
    f.put("heapCommittedAfterStartMiB", mib(heap[1]));
    f.put("heapUsedAfterStartMiB", mib(heap[0]));
    f.put("heapMaxMiB", mib(heap[2]));
    s.runs.add(f);
    s.notes.put("serverJvmFlags", serverJvmFlags.isEmpty() ? "none (the server's own heap policy)" : String.join(" ", serverJvmFlags));
    s.notes.put("serverProcesses", serverPid == serverTreePid ? "one JVM" : "launcher " + serverTreePid + " and server JVM " + serverPid);
    s.targets.add(new Target("server RSS at rest after start-up", "rssAfterStartMiB", false, 200, "MiB"));
    end(s);
    return s;
  }

  private void atRestAfter(Scenario s) throws Exception {
    System.out.printf("%n== 0. Memory at rest, after the scenarios (load %s)%n", Proc.loadavg());
    Map<String, Double> f = s.runs.get(0);
    f.put("rssAfterScenariosMiB", quietRss());
    putLauncherSplit(f, "AfterScenarios");
    long[] heap = heapFigures();
    f.put("heapCommittedAfterScenariosMiB", mib(heap[1]));
    f.put("heapUsedAfterScenariosMiB", mib(heap[0]));
    s.loadAfter = Proc.loadavg();
    s.targets.add(new Target("server RSS at rest after the scenarios", "rssAfterScenariosMiB", false, 200, "MiB"));
    System.out.println("  " + f);
  }

  /**
   * Under its heap policy the server is two JVMs: the tree's RSS is the target's figure, and this
   * says how much of it is the launcher (a bare JVM that waits; much of it the same libjvm and CDS
   * pages the server maps, counted twice by RSS).
   */
  private void putLauncherSplit(Map<String, Double> f, String when) {
    if (serverPid != serverTreePid) {
      f.put("launcherRss" + when + "MiB", mib(Proc.rss(serverTreePid)));
      f.put("serverJvmRss" + when + "MiB", mib(Proc.rss(serverPid)));
    }
  }

  /** RSS at the end of s0QuietSeconds with no client (the lowest of the last few samples: a GC may be under way). */
  private double quietRss() throws InterruptedException {
    long end = System.currentTimeMillis() + s0QuietSeconds * 1000L;
    long low = Long.MAX_VALUE;
    while (System.currentTimeMillis() < end) {
      long rss = rssOf(serverPid);
      low = end - System.currentTimeMillis() < 5_000 ? Math.min(low, rss) : Long.MAX_VALUE;
      Thread.sleep(500);
    }
    return mib(low == Long.MAX_VALUE ? rssOf(serverPid) : low);
  }

  // ---- scenario 7: reconnect storm

  private void reconnectStorm() throws Exception {
    Scenario s = begin(7, "Reconnect storm", String.format("%,d subscribers of one thread drop and reconnect with since, spread over 5 s, "
        + "while %d events/s keep coming", s7Subs, s7Rate));
    long thread = benchThreads(3)[2];
    String topic = "thread:" + thread;
    profile(s, () -> {
      try (Fleet fleet = new Fleet(vertx, "127.0.0.1", port, sources, Fleet.Timing.BY_ID)) {
        connect(fleet, s7Subs, i -> topic, 0, s);
        for (int r = 0; r < runs; r++) {
          fleet.reset();
          Window w = window();
          // 2 s of events before the storm, 5 s of storm, 8 s after it.
          Writer writer = new Writer(fleet, i -> topic, s7Rate * 15, s7Rate);
          Future<Void> writing = writer.start();
          Thread.sleep(2_000);
          Map<String, Double> storm = storm(fleet, r, writer::lastId, writer::lastId);
          writing.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
          awaitDeliveries(fleet, (long) s7Subs * writer.committed(), 30);
          Map<String, Double> f = fanoutFigures(fleet, w.close(), writer.committed(), s7Subs, writer.perTopic());
          f.putAll(storm);
          catchUp(fleet, f);
          s.runs.add(f);
          System.out.println("  run " + (r + 1) + ": " + f);
        }
      }
    });
    // The floor: the same storm against the bare server, which replays the missed events from the
    // recent ones it holds in memory, then follows live ones.
    try (Fleet fleet = new Fleet(vertx, "127.0.0.1", floorPort, sources, Fleet.Timing.EMBEDDED)) {
      connect(fleet, s7Subs, i -> "storm", 0, null);
      int events = s7Rate * 15;
      for (int r = 0; r < runs; r++) {
        fleet.reset();
        Window w = window(floor.pid());
        long emitStart = System.nanoTime();
        get(floorPort, "/emit?count=" + events + "&rate=" + s7Rate + "&size=" + (eventBytes - 90) + "&topic=storm");
        Thread.sleep(2_000);
        // Each reconnect's own target is the newest event any subscriber has had (the floor emits on
        // its own clock; asking it 10,000 times would load it); the storm's is the newest it gave out.
        Map<String, Double> storm = storm(fleet, r, () -> fleet.sent.keySet().stream().mapToLong(Long::longValue).max().orElse(0),
            () -> floorLastId());
        Thread.sleep(Math.max(0, 1000L * events / s7Rate - (System.nanoTime() - emitStart) / 1_000_000));
        awaitDeliveries(fleet, (long) s7Subs * events, 30);
        Map<String, Double> f = fanoutFigures(fleet, w.close(), events, s7Subs, Map.of("storm", (long) events));
        f.putAll(storm);
        catchUp(fleet, f);
        s.floorRuns.add(f);
        System.out.println("  floor run " + (r + 1) + ": " + f);
      }
    }
    ratio(s, "allCaughtUpSeconds");
    ratio(s, "catchUpP99Ms");
    s.notes.put("floorIs", "the bare Vert.x server, the same storm; it replays missed events from a ring of recent ones in memory");
    s.targets.add(new Target("all caught up after the storm began", "allCaughtUpSeconds", false, 10, "s"));
    s.targets.add(new Target("lost", "lost", false, 0, ""));
    s.targets.add(new Target("duplicates", "duplicates", false, 0, ""));
    end(s);
  }

  /**
   * The storm: every subscriber drops and reconnects with since at a random moment of 5 s, each
   * noting when it has {@code newestAtReconnect} at its reconnect; then waits (30 s at most) until
   * every one has {@code newestAtEnd} at the storm's end. Returns the reconnect counts and how long
   * from the storm's start all were caught up.
   */
  private Map<String, Double> storm(Fleet fleet, int run, LongSupplier newestAtReconnect,
      LongSupplier newestAtEnd) throws Exception {
    long stormStart = Fleet.epochMicros();
    Random random = new Random(run);
    LongAdder reconnected = new LongAdder();
    LongAdder failedReconnects = new LongAdder();
    for (Fleet.Sub sub : fleet.subs()) {
      vertx.setTimer(1 + random.nextInt(5_000), t -> fleet.reconnect(sub, newestAtReconnect.getAsLong()).onComplete(ar -> {
        if (ar.succeeded()) {
          reconnected.increment();
        } else {
          failedReconnects.increment();
        }
      }));
    }
    Thread.sleep(5_000);
    long target = newestAtEnd.getAsLong();
    long caughtUpAt = 0;
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      if (fleet.subs().stream().allMatch(x -> x.lastId() >= target)) {
        caughtUpAt = Fleet.epochMicros();
        break;
      }
      Thread.sleep(10);
    }
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("allCaughtUpSeconds", caughtUpAt == 0 ? Double.NaN : (caughtUpAt - stormStart) / 1e6);
    f.put("reconnected", reconnected.doubleValue());
    f.put("failedReconnects", failedReconnects.doubleValue());
    return f;
  }

  /** Each subscriber's time from its reconnect to having the newest event of that moment. */
  private static void catchUp(Fleet fleet, Map<String, Double> f) {
    long[] catchUp = fleet.subs().stream().filter(x -> x.caughtUpMicros > 0).mapToLong(x -> x.caughtUpMicros - x.reconnectAtMicros)
        .sorted().toArray();
    f.put("catchUpP50Ms", pct(catchUp, 0.5) / 1000.0);
    f.put("catchUpP99Ms", pct(catchUp, 0.99) / 1000.0);
    f.put("catchUpMaxMs", catchUp.length == 0 ? Double.NaN : catchUp[catchUp.length - 1] / 1000.0);
  }

  /** The newest event id the floor server has given out. */
  private long floorLastId() {
    try {
      return Long.parseLong(java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + floorPort + "/last")).build(), HttpResponse.BodyHandlers.ofString()).body().trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  }

  // ---- measuring

  /** Connects and subscribes a fleet, and notes how long that took. */
  private void connect(Fleet fleet, int n, IntFunction<String> topicOf, int slowEvery, Scenario s) throws Exception {
    long t = System.nanoTime();
    fleet.connect(n, topicOf, slowEvery).toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - t) / 1e9;
    System.out.printf("  %,d connected and subscribed in %.1f s (%d errors%s)%n", n, seconds, fleet.errors.sum(),
        fleet.firstError.get() == null ? "" : ", the first: " + fleet.firstError.get());
    if (s != null) {
      s.notes.put("connectSeconds", seconds);
    }
    Thread.sleep(500);
  }

  /** A measured window: wall time and the server's (and PostgreSQL's) CPU. */
  final class Window {
    final long pid;
    final long startNanos = System.nanoTime();
    final long startMicros = Fleet.epochMicros();
    final long cpu0;
    final long pg0;
    final long gen0 = Proc.cpuMillis(ProcessHandle.current().pid());
    final long skipped0 = skipped.sum();
    long skippedInWindow;
    double generatorCpuMs;
    double seconds;
    double cpuMs;
    double pgCpuMs;

    Window(long pid) {
      this.pid = pid;
      cpu0 = Proc.cpuMillis(pid);
      pg0 = Proc.postgresCpuMillis(postmasterPid);
    }

    Window close() {
      seconds = (System.nanoTime() - startNanos) / 1e9;
      cpuMs = Proc.cpuMillis(pid) - cpu0;
      pgCpuMs = Proc.postgresCpuMillis(postmasterPid) - pg0;
      generatorCpuMs = Proc.cpuMillis(ProcessHandle.current().pid()) - gen0;
      skippedInWindow = skipped.sum() - skipped0;
      return this;
    }
  }

  private Window window() {
    return new Window(serverPid);
  }

  private Window window(long pid) {
    return new Window(pid);
  }

  private void awaitDeliveries(Fleet fleet, long expected, int timeoutSeconds) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
    while (fleet.received.sum() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(300); // anything late or duplicated
  }

  private double lostOf(Fleet fleet, Map<String, Long> perTopic, boolean includeSlow) {
    long lost = 0;
    for (Fleet.Sub sub : fleet.subs()) {
      if (sub.slow && !includeSlow) {
        continue;
      }
      lost += Math.max(0, perTopic.getOrDefault(sub.topic, 0L) - sub.count(fleet));
    }
    return lost;
  }

  /** The fan-out figures of one run. */
  private Map<String, Double> fanoutFigures(Fleet fleet, Window w, long events, int subs, Map<String, Long> perTopic) {
    Map<String, Double> f = new LinkedHashMap<>();
    Histogram h = fleet.latencySnapshot();
    long delivered = 0;
    long duplicates = 0;
    for (Fleet.Sub sub : fleet.subs()) {
      delivered += sub.count(fleet);
      duplicates += sub.duplicates(fleet);
    }
    // Per event: from its commit (or emission) to its copy reaching the last subscriber.
    long[] last = fleet.sent.values().stream().filter(x -> x.lastDelivery.get() > 0).mapToLong(x -> x.lastDelivery.get() - x.micros)
        .sorted().toArray();
    long firstSent = fleet.sent.values().stream().mapToLong(x -> x.micros).min().orElse(w.startMicros);
    long lastDelivery = fleet.sent.values().stream().mapToLong(x -> x.lastDelivery.get()).max().orElse(w.startMicros);
    double span = Math.max(1e-3, (lastDelivery - firstSent) / 1e6);
    f.put("events", (double) events);
    f.put("subscribers", (double) subs);
    f.put("held", (double) fleet.held());
    f.put("delivered", (double) delivered);
    f.put("lost", lostOf(fleet, perTopic, true));
    f.put("duplicates", (double) duplicates);
    f.put("p50Ms", h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1000.0);
    f.put("p99Ms", h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0);
    f.put("maxMs", h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0);
    f.put("lastDeliveryP99Ms", pct(last, 0.99) / 1000.0);
    f.put("deliveriesPerSecond", delivered / span);
    f.put("serverCpuMsPerEvent", w.cpuMs / Math.max(1, events));
    f.put("serverCpuPercentOfOneCore", 100 * w.cpuMs / (w.seconds * 1000));
    f.put("deliveriesPerServerCoreSecond", w.cpuMs <= 0 ? Double.NaN : delivered / (w.cpuMs / 1000.0));
    // A backend that exited takes its CPU time with it: a negative difference means "unknown".
    f.put("postgresCpuPercentOfOneCore", w.pgCpuMs < 0 ? Double.NaN : 100 * w.pgCpuMs / (w.seconds * 1000));
    f.put("generatorCpuPercentOfOneCore", 100 * w.generatorCpuMs / (w.seconds * 1000));
    f.put("writesSkippedByGenerator", (double) w.skippedInWindow);
    f.put("frameBytes", (double) eventBytes);
    f.put("windowSeconds", w.seconds);
    return f;
  }

  /** The server CPU a run cost beyond what it spends with the same sockets open and nothing happening. */
  private static void beyondIdle(Map<String, Double> f, double idlePercent, long events) {
    double percent = f.get("serverCpuPercentOfOneCore") - idlePercent;
    f.put("serverCpuPercentBeyondWrites", percent);
    f.put("serverCpuMsPerEventBeyondIdle", percent / 100 * f.get("windowSeconds") * 1000 / Math.max(1, events));
  }

  /** The server's CPU with sockets open and nothing happening, as % of one core over {@code seconds}. */
  private double idleCpuPercent(int seconds) throws InterruptedException {
    return idleCpuPercent(serverPid, seconds);
  }

  private static double idleCpuPercent(long pid, int seconds) throws InterruptedException {
    long t = System.nanoTime();
    long c = Proc.cpuMillis(pid);
    Thread.sleep(seconds * 1000L);
    return 100.0 * (Proc.cpuMillis(pid) - c) / ((System.nanoTime() - t) / 1e6);
  }

  /** Commits events straight into the outbox, each in its own transaction, at a fixed rate. */
  final class Writer {
    private final Fleet fleet;
    private final IntFunction<String> topicOf;
    private final int count;
    private final int rate;
    private final Map<String, Long> perTopic = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();
    private final LongAdder committed = new LongAdder();
    private final JsonObject data;
    private long startedNanos;
    private long endedNanos;

    Writer(Fleet fleet, IntFunction<String> topicOf, int count, int rate) {
      this.fleet = fleet;
      this.topicOf = topicOf;
      this.count = count;
      this.rate = rate;
      // A post-shaped payload; the frame around it (op, id, topic, type) adds about 90 bytes.
      String pad = "x".repeat(Math.max(10, eventBytes - 200));
      this.data = new JsonObject().put("id", 1).put("threadId", 1).put("parentId", 1).put("depth", 1)
          .put("author", new JsonObject().put("id", authorId).put("username", "benchadmin").put("displayName", "Bench"))
          .put("html", "<p>" + pad + "</p>").put("createdAt", Instant.now().toString());
    }

    Future<Void> start() {
      startedNanos = System.nanoTime();
      AtomicInteger index = new AtomicInteger();
      return pace(count, rate, () -> {
        String topic = topicOf.apply(index.getAndIncrement());
        return writerPool.withTransaction(conn -> eventLog.append(conn, topic, "post.created", data).map(id -> {
          // Latency starts when COMMIT is sent: waiting for the event lock and the pool is the
          // writer's cost, not the live path's.
          fleet.sent(id, Fleet.epochMicros());
          return id;
        })).onSuccess(id -> {
          perTopic.merge(topic, 1L, Long::sum);
          lastId.accumulateAndGet(id, Math::max);
          committed.increment();
        }).onFailure(e -> System.out.println("  write failed: " + e)).mapEmpty();
      }).andThen(ar -> endedNanos = System.nanoTime());
    }

    void run() throws Exception {
      start().toCompletionStage().toCompletableFuture().get(count / Math.max(1, rate) + 120L, TimeUnit.SECONDS);
    }

    long committed() {
      return committed.sum();
    }

    long lastId() {
      return lastId.get();
    }

    double seconds() {
      return (endedNanos - startedNanos) / 1e9;
    }

    Map<String, Long> perTopic() {
      return perTopic;
    }
  }

  /** Operations the pacer skipped because {@link #MAX_IN_FLIGHT} were still running (the offered rate was not reached). */
  private final LongAdder skipped = new LongAdder();
  /** A bound on the generator's own queue: past it, due operations are skipped and counted, not queued without end. */
  private static final int MAX_IN_FLIGHT = 64;

  /**
   * Offers {@code count} operations at {@code rate} a second from the writer's event loop, so the
   * run lasts count / rate seconds whatever the server does; an operation due while
   * {@link #MAX_IN_FLIGHT} are running is skipped. Completes when every started one has.
   */
  private Future<Void> pace(int count, int rate, Supplier<Future<Void>> op) {
    Promise<Void> done = Promise.promise();
    AtomicInteger offered = new AtomicInteger();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    boolean[] allOffered = {false};
    long start = System.nanoTime();
    writerVertx.runOnContext(v -> {
      // A 1 ms tick that offers whatever is due: steady at rates a timer per operation cannot reach.
      writerVertx.setPeriodic(1, timer -> {
        long due = Math.min(count, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
        while (offered.get() < due) {
          offered.incrementAndGet();
          if (started.get() - finished.get() >= MAX_IN_FLIGHT) {
            skipped.increment();
            continue;
          }
          started.incrementAndGet();
          Future<Void> f;
          try {
            f = op.get();
          } catch (RuntimeException e) {
            f = Future.failedFuture(e);
          }
          f.onComplete(ar -> {
            if (finished.incrementAndGet() == started.get() && allOffered[0]) {
              done.tryComplete();
            }
          });
        }
        if (offered.get() >= count) {
          writerVertx.cancelTimer(timer);
          allOffered[0] = true;
          if (finished.get() == started.get()) {
            done.tryComplete();
          }
        }
      });
    });
    return done.future();
  }

  // ---- profiling

  interface Body {
    void run() throws Exception;
  }

  private Scenario begin(int number, String title, String setup) {
    System.out.printf("%n== %d. %s: %s (load %s)%n", number, title, setup, Proc.loadavg());
    Scenario s = new Scenario(number, title, setup);
    s.loadBefore = Proc.loadavg();
    scenarios.add(s);
    return s;
  }

  private void end(Scenario s) {
    s.loadAfter = Proc.loadavg();
    System.out.println("  median: " + s.median());
    for (Target t : s.targets) {
      System.out.printf("  %s %s: %s (target %s %s)%n", t.met(s) ? "MET   " : "MISSED", t.label(), fmt(t.value(s)), t.atLeast() ? "≥" : "≤",
          fmt(t.limit()));
    }
  }

  /** Runs a scenario's Cocreate part under JFR and keeps the hottest methods of the server. */
  private void profile(Scenario s, Body body) throws Exception {
    Path jfr = work.resolve("s" + s.number + ".jfr");
    String name = "s" + s.number;
    if (profiled) {
      Proc.jcmd(serverPid, "JFR.start", "name=" + name, "settings=profile", "filename=" + jfr);
    }
    MemoryWatch mem = new MemoryWatch(serverPid);
    try {
      body.run();
    } finally {
      if (profiled) {
        Proc.jcmd(serverPid, "JFR.stop", "name=" + name);
      }
      mem.stop();
      // Issue #23: RSS beside the heap for every scenario (the server's whole process tree).
      s.notes.put("serverRssPeakMiB", mib(mem.peakRss));
      s.notes.put("serverRssEndMiB", mib(mem.lastRss));
      s.notes.put("serverHeapCommittedPeakMiB", mib(mem.peakHeapCommitted));
      s.notes.put("serverHeapUsedPeakMiB", mib(mem.peakHeap));
    }
    if (!profiled) {
      s.notes.put("jfr", "not recorded (--no-profile)");
      return;
    }
    try {
      summarize(s, jfr);
      Path kept = out.resolve("suite-" + stamp + "-s" + s.number + ".jfr");
      Files.copy(jfr, kept, StandardCopyOption.REPLACE_EXISTING);
      s.notes.put("jfr", kept.toString());
    } catch (IOException | RuntimeException e) {
      s.notes.put("jfr", "not readable: " + e);
    }
  }

  /** Self time by method (top frame), and the share of samples with our code anywhere on the stack, by our frame nearest the top. */
  private static void summarize(Scenario s, Path jfr) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> own = new HashMap<>();
    int total = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      total++;
      self.merge(frameName(frames.get(0)), 1, Integer::sum);
      for (RecordedFrame f : frames) {
        if (f.getMethod().getType().getName().startsWith("dev.cocreate.")) {
          own.merge(frameName(f), 1, Integer::sum);
          break;
        }
      }
    }
    s.hotMethods = top(self, total, 10);
    s.hotOwnFrames = top(own, total, 10);
    s.notes.put("cpuSamples", total);
  }

  private static String frameName(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }

  private static List<String> top(Map<String, Integer> counts, int total, int n) {
    return counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(n)
        .map(e -> String.format("%.1f%% %s", 100.0 * e.getValue() / Math.max(1, total), e.getKey())).toList();
  }

  private void ratio(Scenario s, String key) {
    for (int i = 0; i < s.runs.size() && i < s.floorRuns.size(); i++) {
      s.runs.get(i).put(key + "Ratio", s.runs.get(i).get(key) / s.floorRuns.get(i).get(key));
    }
  }

  // ---- the report

  static Map<String, Double> medians(List<Map<String, Double>> runs) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (runs.isEmpty()) {
      return m;
    }
    for (String key : runs.get(0).keySet()) {
      double[] v = runs.stream().mapToDouble(r -> r.getOrDefault(key, Double.NaN)).filter(x -> !Double.isNaN(x)).sorted().toArray();
      m.put(key, v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
    }
    return m;
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 10_000) {
      return String.format("%,.0f", v);
    }
    if (a >= 100) {
      return String.format("%.0f", v);
    }
    if (a >= 10) {
      return String.format("%.1f", v);
    }
    return String.format("%.2f", v);
  }

  private void report(String loadStart, double seconds) throws IOException {
    String machine = String.format("%d CPUs (%s), %.0f GB RAM, %s, Java %s", Runtime.getRuntime().availableProcessors(), cpuModel(),
        memTotalGb(), System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("java.version"));
    StringBuilder md = new StringBuilder();
    md.append(String.format("Command: `%s`.%n%n", ("bench/run.sh " + arguments).trim()));
    md.append(String.format("Run %s%s, %s; %d run(s) per figure (median); load average %s at the start, %s at the end; %.0f s in all.%n%n",
        Instant.now().toString().substring(0, 19) + "Z", quick ? " (--quick)" : "", machine, runs, loadStart, Proc.loadavg(), seconds));
    md.append("| # | scenario | figure | measured | target | met | floor | ratio to floor | load (1 min) |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    boolean anyRateNotReached = false;
    for (Scenario s : scenarios) {
      Map<String, Double> m = s.median();
      Map<String, Double> fl = s.floorMedian();
      // A generator that skipped operations did not offer the rate asked for: then latencies are
      // queueing, and each side got a different amount of work.
      boolean rateNotReached = !fl.isEmpty() && s.number != 6
          && (m.getOrDefault("writesSkippedByGenerator", 0.0) > 0 || fl.getOrDefault("writesSkippedByGenerator", 0.0) > 0);
      for (Target t : s.targets) {
        String floorValue = "";
        String ratio = "";
        String baseKey = t.key().endsWith("Ratio") ? t.key().substring(0, t.key().length() - "Ratio".length()) : t.key();
        if (s.number == 4 && t.key().startsWith("page") && !t.key().endsWith("Ratio")) {
          floorValue = t.key().endsWith("Rps") ? fmt(m.get("floorSqlRps")) + " (bare SQL)" : fmt(m.get("floorSqlP99Ms")) + " ms (bare SQL)";
          ratio = t.key().endsWith("Rps") ? fmt(m.get("pageRpsRatio")) : fmt(m.get("pageP99Ms") / m.get("floorSqlP99Ms"));
        } else if (s.number == 4 && t.key().startsWith("json")) {
          floorValue = t.key().endsWith("Rps") ? fmt(m.get("floorSqlRps")) + " (bare SQL)" : fmt(m.get("floorSqlP99Ms")) + " ms (bare SQL)";
          ratio = t.key().endsWith("Rps") ? fmt(m.get("jsonRpsRatio")) : fmt(m.get("jsonP99Ms") / m.get("floorSqlP99Ms"));
        } else if (s.number == 6) {
          floorValue = fl.containsKey(baseKey) ? fmt(fl.get(baseKey)) + " (no slow)" : "";
        } else if (s.number == 2 && baseKey.equals("serverCpuPercentBeyondWrites")) {
          // Per event: the writer may commit fewer events than the floor emits in the same time.
          floorValue = fmt(fl.get(baseKey));
          ratio = fmt(m.getOrDefault("serverCpuMsPerEventBeyondIdle", Double.NaN) / fl.get("serverCpuMsPerEventBeyondIdle")) + " (per event)";
        } else if (fl.containsKey(baseKey)) {
          floorValue = fmt(fl.get(baseKey));
          ratio = fl.get(baseKey) == 0 ? "" : fmt(m.getOrDefault(baseKey, Double.NaN) / fl.get(baseKey));
        }
        boolean rowRateNotReached = t.key().startsWith("steady")
            ? m.getOrDefault("steadyWritesSkippedByGenerator", 0.0) > 0 || fl.getOrDefault("steadyWritesSkippedByGenerator", 0.0) > 0
            : rateNotReached;
        anyRateNotReached |= rowRateNotReached;
        if (rowRateNotReached && !ratio.isEmpty()) {
          ratio += " †";
        }
        md.append(String.format("| %d | %s | %s | %s%s | %s %s%s | %s | %s | %s | %s |%n", s.number, s.title, t.label(), fmt(t.value(s)),
            unit(t.unit()), t.atLeast() ? "≥" : "≤", fmt(t.limit()), unit(t.unit()), t.met(s) ? "yes" : "**no**", floorValue, ratio,
            s.loadBefore.split(" ")[0]));
      }
    }
    if (anyRateNotReached) {
      md.append(String.format("%n† The offered rate was not reached, by Cocreate or by the floor (writesSkippedByGenerator in the details): "
          + "latencies there are mostly queueing; compare the rates reached (writesPerSecond, repliesPerSecond, events).%n"));
    }
    md.append("\n### Details\n");
    for (Scenario s : scenarios) {
      md.append(String.format("%n**%d. %s** — %s. Load %s → %s.%n%n", s.number, s.title, s.setup, s.loadBefore, s.loadAfter));
      md.append("- median: ").append(brief(s.median())).append('\n');
      if (!s.floorRuns.isEmpty()) {
        md.append(s.number == 6 ? "- without slow consumers: " : "- floor: ").append(brief(s.floorMedian())).append('\n');
      }
      s.notes.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v instanceof Double d ? fmt(d) : v).append('\n'));
      if (!s.hotMethods.isEmpty()) {
        md.append("- server CPU samples, self: ").append(String.join(", ", s.hotMethods.subList(0, Math.min(6, s.hotMethods.size()))))
            .append('\n');
        md.append("- nearest Cocreate frame: ").append(String.join(", ", s.hotOwnFrames.subList(0, Math.min(6, s.hotOwnFrames.size()))))
            .append('\n');
      }
    }
    JsonObject json = new JsonObject().put("at", Instant.now().toString()).put("quick", quick).put("runs", runs)
        .put("machine", machine).put("loadavg", new JsonObject().put("start", loadStart).put("end", Proc.loadavg()))
        .put("seconds", seconds).put("command", ("bench/run.sh " + arguments).trim());
    JsonArray list = new JsonArray();
    for (Scenario s : scenarios) {
      JsonObject targets = new JsonObject();
      for (Target t : s.targets) {
        targets.put(t.label(), new JsonObject().put("key", t.key()).put("value", t.value(s)).put("target", (t.atLeast() ? ">= " : "<= ") + t.limit())
            .put("met", t.met(s)));
      }
      list.add(new JsonObject().put("number", s.number).put("title", s.title).put("setup", s.setup)
          .put("loadavg", new JsonObject().put("before", s.loadBefore).put("after", s.loadAfter))
          .put("median", new JsonObject(new LinkedHashMap<>(s.median()))).put("floorMedian", new JsonObject(new LinkedHashMap<>(s.floorMedian())))
          .put("runs", new JsonArray(s.runs.stream().map(r -> new JsonObject(new LinkedHashMap<>(r))).toList()))
          .put("floorRuns", new JsonArray(s.floorRuns.stream().map(r -> new JsonObject(new LinkedHashMap<>(r))).toList()))
          .put("targets", targets).put("notes", new JsonObject(new LinkedHashMap<>(s.notes)))
          .put("hotMethods", new JsonArray(s.hotMethods)).put("hotOwnFrames", new JsonArray(s.hotOwnFrames)));
    }
    json.put("scenarios", list);
    String base = "suite-" + stamp;
    Files.writeString(out.resolve(base + ".md"), md.toString());
    Files.writeString(out.resolve(base + ".json"), json.encodePrettily());
    Files.writeString(out.resolve("latest.md"), md.toString());
    Files.writeString(out.resolve("latest.json"), json.encodePrettily());
    System.out.println();
    System.out.println(md);
    System.out.println("Report: " + out.resolve(base + ".md") + " and .json (also latest.md, latest.json)");
  }

  private static String unit(String u) {
    return u.isEmpty() || u.equals("×") ? "" : u.startsWith("%") || u.equals("/s") ? " " + u : " " + u;
  }

  private static String brief(Map<String, Double> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(fmt(v)));
    return sb.toString();
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static double memTotalGb() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0).orElse(0.0);
    } catch (IOException e) {
      return 0;
    }
  }

  // ---- processes and HTTP




  private static void get(int port, String path) throws Exception {
    java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.discarding());
  }

  private JsonObject call(HttpMethod method, String path, JsonObject body) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(method).setURI(path).putHeader("Content-Type", "application/json");
    if (token != null) {
      o.putHeader("Authorization", "Bearer " + token);
    }
    Buffer response = http.request(o).compose(req -> body == null ? req.send() : req.send(body.encode()))
        .compose(resp -> resp.body().map(b -> {
          if (resp.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + resp.statusCode() + " " + b);
          }
          return b;
        })).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return response.length() == 0 ? new JsonObject() : new JsonObject(response);
  }

  private long sqlLong(String sql) throws Exception {
    return writerPool.query(sql).execute().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  private void sql(String sql) throws Exception {
    writerPool.query(sql).execute().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  void shutdown() {
    try {
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      if (writerVertx != null) {
        writerVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      // closing anyway
    }
    for (Process p : new Process[] {floor, server}) {
      if (p != null) {
        p.destroy();
        try {
          p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
      }
    }
    if (pg != null) {
      pg.close(); // attached, not the owner: this only lets go of it
    }
  }
}
