package dev.cocreate.bench;

import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Live fan-out benchmark: N WebSocket subscribers on one topic while events are written, against
 * Cocreate (a real node in its own JVM, events committed through EventLog into PostgreSQL) and
 * against {@link BareFanoutServer} (the floor: the same fan-out with nothing else). Reports
 * connections held, delivery latency, lost events, and server memory per connection.
 *
 * <p>Run with {@code bench/live-fanout.sh [--connections N] [--events E] [--rate R] [--size B]
 * [--sources K] [--deflate] [--only cocreate|bare]}; results go to {@code bench/results/}.
 */
public final class LiveFanoutBench {
  private final AtomicLong errors = new AtomicLong();
  /** Cocreate: when each event's COMMIT was sent (epoch µs), by event id. */
  private final ConcurrentHashMap<Long, Long> commitSent = new ConcurrentHashMap<>();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

  int connections = 2000;
  int events = 100;
  int rate = 5;
  int size = 1024;
  int sources = 1;
  boolean withDeflate;
  String only = "";
  int serverInstances = Math.max(1, Runtime.getRuntime().availableProcessors());
  String heap = "1g";

  public static void main(String[] args) throws Exception {
    LiveFanoutBench b = new LiveFanoutBench();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--connections" -> b.connections = Integer.parseInt(args[++i]);
        case "--events" -> b.events = Integer.parseInt(args[++i]);
        case "--rate" -> b.rate = Integer.parseInt(args[++i]);
        case "--size" -> b.size = Integer.parseInt(args[++i]);
        case "--sources" -> b.sources = Integer.parseInt(args[++i]);
        case "--deflate" -> b.withDeflate = true;
        case "--only" -> b.only = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    try {
      b.run();
    } catch (Exception e) {
      // The clients' event loops would keep the JVM alive: fail and exit.
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  record Result(String target, boolean deflate, int connections, int held, int events, long lost, long duplicates,
      double p50ms, double p99ms, double maxms, long heapPerConnection, long rssPerConnection, double serverCpuMsPerEvent,
      String extensions, Map<Short, Integer> closeCodes) {}

  void run() throws Exception {
    List<Result> results = new ArrayList<>();
    Path out = Path.of("bench", "results");
    Files.createDirectories(out);
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now());
    // With --deflate, each target is measured again with the client offering permessage-deflate.
    List<Boolean> modes = withDeflate ? List.of(false, true) : List.of(false);
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    for (boolean deflate : only.equals("bare") ? List.<Boolean>of() : modes) {
      results.add(cocreate(deflate, out.resolve("cocreate-" + stamp + (deflate ? "-deflate" : "") + ".log")));
    }
    for (boolean deflate : only.equals("cocreate") ? List.<Boolean>of() : modes) {
      results.add(bare(deflate, out.resolve("bare-" + stamp + (deflate ? "-deflate" : "") + ".log")));
    }
    String md = markdown(results);
    System.out.println(md);
    JsonObject json = new JsonObject().put("at", Instant.now().toString())
        .put("machine", new JsonObject().put("cpus", Runtime.getRuntime().availableProcessors())
            .put("java", System.getProperty("java.version")).put("os", System.getProperty("os.name") + " " + System.getProperty("os.version")))
        .put("settings", new JsonObject().put("connections", connections).put("events", events).put("rate", rate)
            .put("eventBytes", size).put("serverInstances", serverInstances).put("serverHeap", heap).put("sources", sources))
        .put("loadavg", new JsonObject().put("before", loadBefore).put("after", Files.readString(Path.of("/proc/loadavg")).trim()))
        .put("results", new JsonArray(results.stream().map(LiveFanoutBench::json).toList()));
    Files.writeString(out.resolve("live-fanout-" + stamp + ".json"), json.encodePrettily());
    Files.writeString(out.resolve("live-fanout-" + stamp + ".md"), md);
    System.out.println("Results in " + out.resolve("live-fanout-" + stamp + ".{md,json}"));
  }

  private static JsonObject json(Result r) {
    return new JsonObject().put("target", r.target()).put("deflate", r.deflate()).put("extensions", r.extensions())
        .put("connections", r.connections()).put("connectionsHeld", r.held()).put("events", r.events())
        .put("eventsLost", r.lost()).put("duplicates", r.duplicates())
        .put("latencyMs", new JsonObject().put("p50", r.p50ms()).put("p99", r.p99ms()).put("max", r.maxms()))
        .put("heapBytesPerConnection", r.heapPerConnection()).put("rssBytesPerConnection", r.rssPerConnection())
        .put("serverCpuMsPerEvent", r.serverCpuMsPerEvent())
        .put("closeCodes", new JsonObject(new LinkedHashMap<>(r.closeCodes().entrySet().stream()
            .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), e -> (Object) e.getValue())))));
  }

  // ---- targets

  private Result cocreate(boolean deflate, Path log) throws Exception {
    commitSent.clear();
    String dbUrl = TestDatabase.get().freshDatabaseUrl();
    int port = TestServer.freePort();
    ProcessBuilder pb = java("dev.cocreate.Main", log);
    Map<String, String> env = pb.environment();
    env.put("COCREATE_DB_URL", dbUrl);
    env.put("COCREATE_HTTP_HOST", "127.0.0.1");
    env.put("COCREATE_HTTP_PORT", String.valueOf(port));
    env.put("COCREATE_HTTP_INSTANCES", String.valueOf(serverInstances));
    env.put("COCREATE_JWT_SECRET", "bench-secret-bench-secret-bench-secret-0123456789");
    env.put("COCREATE_RATE_LIMITS", "off");
    env.put("COCREATE_DATA_DIR", Path.of("target", "bench-data").toAbsolutePath().toString());
    env.put("COCREATE_LOG_LEVEL", "WARN");
    // Every subscriber connects from 127.0.0.x: lift the per-address cap (256 by default), without
    // which the handshakes past it are refused.
    env.put("COCREATE_MAX_CONNECTIONS_PER_IP", "0");
    Process server = pb.start();
    try {
      awaitHttp("http://127.0.0.1:" + port + "/health/ready");
      long author = TestDatabase.queryLong(dbUrl,
          "insert into users (username, email, display_name, password_hash) values ('bench', 'bench@example.test', 'Bench', 'x') returning id");
      long space = TestDatabase.queryLong(dbUrl, "insert into spaces (slug, name, visibility) values ('bench', 'Bench', 'public') returning id");
      long thread = TestDatabase.queryLong(dbUrl, "insert into threads (space_id, title, author_id) values (" + space + ", 'bench', " + author
          + ") returning id");
      String topic = "thread:" + thread;
      Vertx vertx = Vertx.vertx();
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(DbTarget.parse(dbUrl).connectOptions())
          .using(vertx).build();
      EventLog eventLog = new EventLog();
      try {
        return measure("Cocreate /live", deflate, server.pid(), port, topic, () -> {
          // Events are committed by another client, at the given rate, each in its own transaction.
          String pad = "x".repeat(size);
          Promise<Void> done = Promise.promise();
          AtomicLong written = new AtomicLong();
          vertx.setPeriodic(Math.max(1, 1000 / rate), timer -> {
            if (written.incrementAndGet() > events) {
              vertx.cancelTimer(timer);
              return;
            }
            long last = written.get();
            pool.getConnection().compose(conn -> conn.begin().compose(tx ->
                    eventLog.append(conn, topic, "post.created", new JsonObject().put("pad", pad))
                        .compose(id -> {
                          // Latency starts when COMMIT is sent: waiting for the event lock and the
                          // pool is the writer's cost, not the live path's.
                          commitSent.put(id, epochMicros());
                          return tx.commit();
                        }))
                    .eventually(() -> conn.close()))
                .onComplete(ar -> {
                  if (ar.failed()) {
                    ar.cause().printStackTrace();
                  }
                  if (last == events) {
                    done.tryComplete();
                  }
                });
          });
          return done.future();
        });
      } finally {
        pool.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private Result bare(boolean deflate, Path log) throws Exception {
    commitSent.clear();
    int port = TestServer.freePort();
    Process server = java(BareFanoutServer.class.getName(), log, String.valueOf(port), String.valueOf(serverInstances)).start();
    try {
      awaitHttp("http://127.0.0.1:" + port + "/emit?count=0&rate=1&size=0");
      return measure("bare Vert.x (floor)", deflate, server.pid(), port, "bench", () -> {
        get("http://127.0.0.1:" + port + "/emit?count=" + events + "&rate=" + rate + "&size=" + size);
        // The server emits on its own clock: done when the last one is due.
        Thread.sleep(1000L * events / Math.max(1, rate));
        return Future.succeededFuture();
      });
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private ProcessBuilder java(String mainClass, Path log, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms" + heap, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(Arrays.asList(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
  }

  // ---- the measurement, the same for both targets

  interface Producer {
    Future<Void> produce() throws Exception;
  }

  /** One subscriber's view: what arrived, in order. */
  static final class Subscriber {
    final long[] ids;
    final long[] latencyMicros;
    int count;
    long duplicates;
    long lastId;
    volatile boolean subscribed;
    volatile Short closedWith;

    Subscriber(int events) {
      ids = new long[events];
      latencyMicros = new long[events];
    }
  }

  private Result measure(String target, boolean deflate, long pid, int port, String topic, Producer producer) throws Exception {
    System.out.printf("%n== %s, %d connections%s%n", target, connections, deflate ? ", permessage-deflate offered" : "");
    Thread.sleep(1000);
    long heapBefore = heapAfterGc(pid);
    long rssBefore = rss(pid);

    Vertx vertx = Vertx.vertx();
    List<WebSocketClient> clients = new ArrayList<>();
    for (int s = 0; s < sources; s++) {
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
          // The client allows 50 connections per endpoint unless raised.
          .setMaxConnections(connections)
          .setTryUsePerMessageCompression(deflate)
          .setLocalAddress(sources > 1 ? "127.0.0." + (1 + s) : null)
          .setConnectTimeout(30_000)));
    }
    Subscriber[] subs = new Subscriber[connections];
    AtomicLong received = new AtomicLong();
    CountDownLatch allSubscribed = new CountDownLatch(connections);
    String subscribe = new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add(topic)).encode();
    String[] extensions = new String[1];
    long connectStart = System.nanoTime();
    for (int batch = 0; batch < connections; batch += 200) {
      List<Future<WebSocket>> opened = new ArrayList<>();
      for (int i = batch; i < Math.min(connections, batch + 200); i++) {
        Subscriber sub = subs[i] = new Subscriber(events);
        WebSocketClient client = clients.get(i % clients.size());
        opened.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/live"))
            .onSuccess(ws -> {
              extensions[0] = ws.headers().get("sec-websocket-extensions");
              ws.closeHandler(v -> sub.closedWith = ws.closeStatusCode());
              ws.textMessageHandler(text -> {
                // As a real client does: try again a moment after 'unavailable'.
                if (!sub.subscribed && text.contains("\"unavailable\"")) {
                  vertx.setTimer(1000, t -> ws.writeTextMessage(subscribe));
                }
                onMessage(sub, text, allSubscribed, received);
              });
              ws.writeTextMessage(subscribe);
            }));
      }
      Future.join(opened).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
    if (!allSubscribed.await(300, TimeUnit.SECONDS)) {
      throw new IllegalStateException("only " + (connections - allSubscribed.getCount()) + " subscribed; " + errors.get()
          + " errors, the first: " + firstError.get());
    }
    System.out.printf("  %d connected and subscribed in %.1f s%n", connections, (System.nanoTime() - connectStart) / 1e9);
    Thread.sleep(1000);
    long heapAfter = heapAfterGc(pid);
    long rssAfter = rss(pid);

    // The server's CPU with the sockets open but no events (timers, metrics), to subtract.
    long idleStart = System.nanoTime();
    long idleCpu = cpuMillis(pid);
    Thread.sleep(5000);
    double idleCpuPerMs = (cpuMillis(pid) - idleCpu) / ((System.nanoTime() - idleStart) / 1e6);
    long cpuBefore = cpuMillis(pid);
    long eventsStart = System.nanoTime();
    producer.produce().toCompletionStage().toCompletableFuture().get(events / Math.max(1, rate) + 60L, TimeUnit.SECONDS);
    long expected = (long) connections * events;
    long deadline = System.currentTimeMillis() + 30_000;
    while (received.get() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(500); // anything late or duplicated
    double cpu = cpuMillis(pid) - cpuBefore - idleCpuPerMs * ((System.nanoTime() - eventsStart) / 1e6);

    Map<Short, Integer> closeCodes = new TreeMap<>();
    int held = 0;
    long lost = 0;
    long duplicates = 0;
    long[] all = new long[(int) Math.min(Integer.MAX_VALUE, received.get())];
    int n = 0;
    for (Subscriber s : subs) {
      if (s.closedWith == null) {
        held++;
      } else {
        closeCodes.merge(s.closedWith, 1, Integer::sum);
      }
      lost += events - s.count;
      duplicates += s.duplicates;
      for (int i = 0; i < s.count && n < all.length; i++) {
        all[n++] = s.latencyMicros[i];
      }
    }
    long[] lat = Arrays.copyOf(all, n);
    Arrays.sort(lat);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Result r = new Result(target, deflate, connections, held, events, lost, duplicates, pct(lat, 0.50), pct(lat, 0.99),
        lat.length == 0 ? Double.NaN : lat[lat.length - 1] / 1000.0, (heapAfter - heapBefore) / connections,
        (rssAfter - rssBefore) / connections, cpu / events, extensions[0] == null ? "none" : extensions[0], closeCodes);
    System.out.println("  " + r);
    return r;
  }

  private void onMessage(Subscriber sub, String text, CountDownLatch allSubscribed, AtomicLong received) {
    long now = epochMicros();
    if (text.startsWith("{\"op\":\"event\"")) {
      long id = number(text, "\"id\":");
      // The floor's events carry their emission time; Cocreate's are looked up by id.
      Long sent = commitSent.get(id);
      long t = sent != null ? sent : number(text, "\"t\":");
      if (id <= sub.lastId || sub.count == sub.ids.length) {
        sub.duplicates++;
      } else {
        sub.lastId = id;
        sub.ids[sub.count] = id;
        sub.latencyMicros[sub.count] = now - t;
        sub.count++;
      }
      received.incrementAndGet();
    } else if (text.contains("\"error\"")) {
      errors.incrementAndGet();
      firstError.compareAndSet(null, text);
    } else if (text.contains("\"subscribed\"") && !sub.subscribed) {
      sub.subscribed = true;
      allSubscribed.countDown();
    }
  }

  /** The whole number after a key, spaces allowed (PostgreSQL prints jsonb with them). */
  static long number(String text, String key) {
    int i = text.indexOf(key) + key.length();
    while (text.charAt(i) == ' ') {
      i++;
    }
    long v = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      v = v * 10 + (text.charAt(i++) - '0');
    }
    return v;
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1000.0;
  }

  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  // ---- the server process

  private static long heapAfterGc(long pid) throws Exception {
    jcmd(pid, "GC.run");
    Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    if (!m.find()) {
      throw new IllegalStateException("cannot read the heap of " + pid);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  private static String jcmd(long pid, String command) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), command)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static long rss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  /** User + system CPU time of the process, from /proc (clock ticks of 10 ms). */
  private static long cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
  }

  private static void awaitHttp(String url) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (get(url) == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(url + " did not come up");
  }

  private static int get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private String markdown(List<Result> results) {
    StringBuilder sb = new StringBuilder();
    sb.append("| target | deflate | connections held | events | lost | duplicates | p50 ms | p99 ms | max ms | heap/conn | RSS/conn | server CPU ms/event |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      sb.append(String.format("| %s | %s | %d / %d | %d | %d | %d | %.1f | %.1f | %.1f | %s | %s | %.1f |%n", r.target(),
          r.deflate() ? (r.extensions().contains("deflate") ? "negotiated" : "offered, refused") : "off", r.held(), r.connections(),
          r.events(), r.lost(), r.duplicates(), r.p50ms(), r.p99ms(), r.maxms(), kib(r.heapPerConnection()), kib(r.rssPerConnection()),
          r.serverCpuMsPerEvent()));
    }
    sb.append(String.format("%n%d subscribers on one topic, %d events of ~%d bytes at %d/s; server: %d HTTP verticles, -Xmx%s; %d CPUs shared by "
        + "server, PostgreSQL and the clients.%n", connections, events, size, rate, serverInstances, heap, Runtime.getRuntime().availableProcessors()));
    return sb.toString();
  }

  private static String kib(long bytes) {
    return String.format("%.1f KiB", bytes / 1024.0);
  }
}
