package dev.cocreate.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for a running server (see {@code bench/load.sh}, which starts one): a mixed,
 * open-loop request stream (reads, replies, votes, idea supports) at a fixed rate while a crowd of
 * live subscribers follow the threads and the challenge. Reports the error rate, p50/p99/max
 * latency per kind of request, live deliveries against what was sent, and the server's memory
 * over time. Not a test: nothing runs it but the script.
 *
 * <p>Arguments: {@code --base URL --admin USER --password PW --server-pid PID --duration SECONDS
 * --subscribers N --rate REQUESTS_PER_SECOND --members N --out FILE}.
 */
public final class LoadBench {
  /** The request mix, in percent. */
  static final Map<String, Integer> MIX = new LinkedHashMap<>();

  static {
    MIX.put("read thread posts", 35);
    MIX.put("read thread list", 10);
    MIX.put("read challenge ideas", 10);
    MIX.put("read challenge", 5);
    MIX.put("reply", 20);
    MIX.put("vote", 10);
    MIX.put("support", 10);
  }

  static final int THREADS = 20;
  static final int IDEAS = 20;
  static final int MAX_OUTSTANDING = 512;

  final Map<String, String> args;
  final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  final WebClient http;
  final String host;
  final int port;
  final Random random = new Random(42);

  final List<String> tokens = new ArrayList<>();
  final List<Long> threads = new ArrayList<>();
  final List<Long> posts = new ArrayList<>();
  final List<Long> ideas = new ArrayList<>();
  long challenge;
  String adminToken;

  final Map<String, Samples> latencies = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  final List<String> errorExamples = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger outstanding = new AtomicInteger();
  final AtomicLong skipped = new AtomicLong();
  final Map<String, Boolean> supported = new ConcurrentHashMap<>();
  final Map<Long, AtomicLong> repliesPerThread = new ConcurrentHashMap<>();
  final Map<Long, AtomicInteger> subscribersPerThread = new ConcurrentHashMap<>();
  final AtomicLong eventsReceived = new AtomicLong();
  final AtomicLong postCreatedReceived = new AtomicLong();
  final AtomicLong socketsClosed = new AtomicLong();
  final List<WebSocket> sockets = new ArrayList<>();
  final List<String> memory = new ArrayList<>();

  LoadBench(Map<String, String> args) {
    this.args = args;
    URI base = URI.create(args.get("base"));
    this.host = base.getHost();
    this.port = base.getPort();
    this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(64));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>(Map.of("duration", "300", "subscribers", "1000", "rate", "100", "members", "40",
        "out", "bench/results/load.json", "admin", "benchadmin", "password", "bench-admin-password"));
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    LoadBench bench = new LoadBench(args);
    try {
      bench.run();
    } finally {
      bench.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  void run() throws Exception {
    long started = System.nanoTime();
    setUp();
    log("set up in %d s: %d members, %d threads, challenge %d with %d ideas", secondsSince(started), tokens.size(), threads.size(),
        challenge, ideas.size());
    openSubscribers(Integer.parseInt(args.get("subscribers")));
    int duration = Integer.parseInt(args.get("duration"));
    int rate = Integer.parseInt(args.get("rate"));
    sampleMemory(0);
    long loadStart = System.nanoTime();
    long memoryTimer = vertx.setPeriodic(10_000, id -> sampleMemory(secondsSince(loadStart)));
    // Open loop: every 10 ms the requests due by now are sent, whatever is still in flight (up to a bound).
    AtomicLong sent = new AtomicLong();
    long tick = vertx.setPeriodic(10, id -> {
      long due = (System.nanoTime() - loadStart) * rate / 1_000_000_000L;
      while (sent.get() < due) {
        sent.incrementAndGet();
        if (outstanding.get() >= MAX_OUTSTANDING) {
          skipped.incrementAndGet();
        } else {
          fire();
        }
      }
    });
    Thread.sleep(duration * 1000L);
    vertx.cancelTimer(tick);
    long deadline = System.currentTimeMillis() + 30_000;
    while (outstanding.get() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(3000); // the last events reach the subscribers
    vertx.cancelTimer(memoryTimer);
    sampleMemory(secondsSince(loadStart));
    Thread.sleep(1000); // the last sample's /metrics answer
    report(duration, rate, sent.get());
  }

  // ---------------------------------------------------------------------------------------------
  // set-up

  void setUp() throws Exception {
    adminToken = await(post("/api/auth/login", null, new JsonObject().put("login", args.get("admin"))
        .put("password", args.get("password")))).getString("token");
    await(post("/api/spaces", adminToken, new JsonObject().put("slug", "bench").put("name", "Bench").put("visibility", "public")));
    for (int i = 0; i < THREADS; i++) {
      JsonObject t = await(post("/api/threads", adminToken, new JsonObject().put("space", "bench").put("title", "Bench thread " + i)
          .put("body", "Opening post of a busy debate, with **markdown** and a [link](https://example.com).")));
      threads.add(t.getLong("id"));
      posts.add(t.getJsonObject("firstPost").getLong("id"));
      repliesPerThread.put(t.getLong("id"), new AtomicLong());
      subscribersPerThread.put(t.getLong("id"), new AtomicInteger());
    }
    await(post("/api/orgs", adminToken, new JsonObject().put("slug", "bench-firm").put("name", "Bench firm")));
    challenge = await(post("/api/challenges", adminToken, new JsonObject().put("org", "bench-firm").put("title", "A bench challenge")
        .put("summary", "S").put("problem", "P").put("desiredOutcomes", "D").put("ipTerms", "I")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Impact").put("weight", 1)))
        .put("closesAt", "2099-01-01T00:00:00Z").put("supportThreshold", 1_000_000))).getLong("id");
    await(post("/api/challenges/" + challenge + "/transition", adminToken, new JsonObject().put("to", "open")));
    int members = Integer.parseInt(args.get("members"));
    // Registration hashes a password (Argon2id): a few at a time.
    for (int i = 0; i < members; i += 4) {
      List<Future<JsonObject>> batch = new ArrayList<>();
      for (int k = i; k < Math.min(members, i + 4); k++) {
        batch.add(post("/api/auth/register", null, new JsonObject().put("username", "bench_" + k)
            .put("email", "bench_" + k + "@example.test").put("password", "bench-member-password")));
      }
      for (Future<JsonObject> f : batch) {
        tokens.add(await(f).getString("token"));
      }
    }
    for (int i = 0; i < IDEAS; i++) {
      ideas.add(await(post("/api/challenges/" + challenge + "/ideas", tokens.get(i % tokens.size()), new JsonObject()
          .put("title", "Bench idea " + i).put("pitch", "A pitch").put("body", "The idea in detail.").put("acceptTerms", true)))
          .getLong("id"));
    }
  }

  void openSubscribers(int n) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n + 10)
        .setMaxFrameSize(1024 * 1024).setMaxMessageSize(1024 * 1024));
    long start = System.nanoTime();
    for (int i = 0; i < n; i += 50) {
      List<Future<WebSocket>> batch = new ArrayList<>();
      for (int k = i; k < Math.min(n, i + 50); k++) {
        long thread = threads.get(k % threads.size());
        boolean followsChallenge = k % 10 == 0;
        batch.add(client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/live")).map(ws -> {
          ws.textMessageHandler(text -> {
            eventsReceived.incrementAndGet();
            if (text.contains("\"post.created\"")) {
              postCreatedReceived.incrementAndGet();
            }
          });
          ws.closeHandler(v -> socketsClosed.incrementAndGet());
          JsonArray topics = new JsonArray().add("thread:" + thread);
          if (followsChallenge) {
            topics.add("challenge:" + challenge);
          }
          ws.writeTextMessage(new JsonObject().put("op", "subscribe").put("topics", topics).encode());
          subscribersPerThread.get(thread).incrementAndGet();
          return ws;
        }));
      }
      for (Future<WebSocket> f : batch) {
        synchronized (sockets) {
          sockets.add(await(f));
        }
      }
    }
    Thread.sleep(2000); // every "subscribed" is back
    long subscribed = eventsReceived.getAndSet(0);
    log("%d live subscribers connected in %d s (%d subscribed answers)", sockets.size(), secondsSince(start), subscribed);
  }

  // ---------------------------------------------------------------------------------------------
  // load

  void fire() {
    int pick = random.nextInt(100);
    String kind = null;
    for (Map.Entry<String, Integer> e : MIX.entrySet()) {
      pick -= e.getValue();
      if (pick < 0) {
        kind = e.getKey();
        break;
      }
    }
    String token = tokens.get(random.nextInt(tokens.size()));
    long thread = threads.get(random.nextInt(threads.size()));
    String op = kind;
    Future<HttpResponse<Buffer>> f;
    switch (kind) {
      case "read thread posts" -> f = send(HttpMethod.GET, "/api/threads/" + thread + "/posts?limit=50", token, null);
      case "read thread list" -> f = send(HttpMethod.GET, "/api/spaces/bench/threads?limit=20", null, null);
      case "read challenge ideas" -> f = send(HttpMethod.GET, "/api/challenges/" + challenge + "/ideas?sort=support", null, null);
      case "read challenge" -> f = send(HttpMethod.GET, "/api/challenges/" + challenge, token, null);
      case "reply" -> {
        repliesPerThread.get(thread).incrementAndGet();
        f = send(HttpMethod.POST, "/api/threads/" + thread + "/posts", token, new JsonObject()
            .put("body", "A reply under load, with some *markdown* and a mention of @bench_1."));
      }
      case "vote" -> {
        long post;
        synchronized (posts) {
          post = posts.get(random.nextInt(posts.size()));
        }
        f = send(HttpMethod.PUT, "/api/posts/" + post + "/vote", token, new JsonObject().put("value", random.nextBoolean() ? 1 : -1));
      }
      default -> {
        long idea = ideas.get(random.nextInt(ideas.size()));
        String key = token + idea;
        boolean on = !supported.getOrDefault(key, false);
        supported.put(key, on);
        f = send(on ? HttpMethod.PUT : HttpMethod.DELETE, "/api/ideas/" + idea + "/support", token, null);
      }
    }
    long start = System.nanoTime();
    outstanding.incrementAndGet();
    f.onComplete(ar -> {
      outstanding.decrementAndGet();
      long micros = (System.nanoTime() - start) / 1000;
      latencies.computeIfAbsent(op, k -> new Samples()).add(micros);
      int status = ar.succeeded() ? ar.result().statusCode() : 0;
      boolean ok = status >= 200 && status < 300 || op.equals("vote") && status == 403; // one's own post
      if (!ok) {
        if (op.equals("reply")) {
          repliesPerThread.get(thread).decrementAndGet();
        }
        errors.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
        if (errorExamples.size() < 10) {
          errorExamples.add(op + ": " + (ar.succeeded() ? status + " " + ar.result().bodyAsString() : ar.cause().toString()));
        }
      } else if (op.equals("reply")) {
        synchronized (posts) {
          posts.add(ar.result().bodyAsJsonObject().getLong("id"));
        }
      }
    });
  }

  Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String token, JsonObject body) {
    var req = http.request(method, path).timeout(30_000);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    return body == null ? req.send() : req.sendJsonObject(body);
  }

  Future<JsonObject> post(String path, String token, JsonObject body) {
    return send(HttpMethod.POST, path, token, body).compose(r -> r.statusCode() >= 200 && r.statusCode() < 300
        ? Future.succeededFuture(r.bodyAsJsonObject())
        : Future.failedFuture(path + " answered " + r.statusCode() + " " + r.bodyAsString()));
  }

  // ---------------------------------------------------------------------------------------------
  // memory and report

  private long lastCpuServer = -1;
  private long lastCpuSelf = -1;
  private long lastCpuAt;

  void sampleMemory(long second) {
    String rss = "?";
    String pid = args.get("server-pid");
    String cpu = "?";
    if (pid != null) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
          if (line.startsWith("VmRSS:")) {
            rss = String.valueOf(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
          }
        }
        // utime + stime in clock ticks (100 per second), fields 14 and 15 of /proc/PID/stat.
        String[] stat = Files.readString(Path.of("/proc", pid, "stat")).replaceAll("^.*\\) ", "").split(" ");
        long server = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * 10;
        long self = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
        long now = System.currentTimeMillis();
        if (lastCpuServer >= 0 && now > lastCpuAt) {
          cpu = String.format(Locale.ROOT, "%.0f%% / %.0f%%", 100.0 * (server - lastCpuServer) / (now - lastCpuAt),
              100.0 * (self - lastCpuSelf) / (now - lastCpuAt));
        }
        lastCpuServer = server;
        lastCpuSelf = self;
        lastCpuAt = now;
      } catch (IOException | RuntimeException e) {
        rss = "?";
      }
    }
    String finalRss = rss;
    String finalCpu = cpu;
    send(HttpMethod.GET, "/metrics", null, null).onComplete(ar -> {
      long heap = -1;
      if (ar.succeeded()) {
        heap = 0;
        for (String line : ar.result().bodyAsString().split("\n")) {
          if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
            heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          }
        }
      }
      synchronized (memory) {
        memory.add(String.format(Locale.ROOT, "| %d | %s | %s | %s |", second, finalRss, heap < 0 ? "?" : String.valueOf(heap / (1024 * 1024)),
            finalCpu));
      }
    });
  }

  void report(int duration, int rate, long sent) throws IOException {
    long total = latencies.values().stream().mapToLong(Samples::count).sum();
    long failed = errors.values().stream().mapToLong(AtomicLong::get).sum();
    long expectedPostCreated = 0;
    for (long thread : threads) {
      expectedPostCreated += repliesPerThread.get(thread).get() * subscribersPerThread.get(thread).get();
    }
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%d s at %d requests/s offered (%d sent, %d skipped by the generator's bound), "
        + "%d live subscribers%n%n", duration, rate, sent, skipped.get(), sockets.size()));
    md.append("| request | share | count | errors | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n");
    JsonObject json = new JsonObject().put("durationSeconds", duration).put("offeredRate", rate).put("sent", sent)
        .put("skipped", skipped.get()).put("subscribers", sockets.size());
    JsonObject ops = new JsonObject();
    for (String op : MIX.keySet()) {
      Samples s = latencies.getOrDefault(op, new Samples());
      long e = errors.getOrDefault(op, new AtomicLong()).get();
      md.append(String.format(Locale.ROOT, "| %s | %d%% | %d | %d | %.1f | %.1f | %.1f |%n", op, MIX.get(op), s.count(), e,
          s.percentile(50) / 1000.0, s.percentile(99) / 1000.0, s.percentile(100) / 1000.0));
      ops.put(op, new JsonObject().put("count", s.count()).put("errors", e).put("p50ms", s.percentile(50) / 1000.0)
          .put("p99ms", s.percentile(99) / 1000.0).put("maxMs", s.percentile(100) / 1000.0));
    }
    Samples all = new Samples();
    latencies.values().forEach(all::addAll);
    md.append(String.format(Locale.ROOT, "| **all** | 100%% | %d | %d | %.1f | %.1f | %.1f |%n%n", total, failed,
        all.percentile(50) / 1000.0, all.percentile(99) / 1000.0, all.percentile(100) / 1000.0));
    md.append(String.format(Locale.ROOT, "Error rate: %.4f%% (%d of %d). Live: %d events received; post.created delivered %d of %d "
        + "expected (replies x subscribers of their thread); sockets closed by the server: %d.%n%n",
        total == 0 ? 0 : 100.0 * failed / total, failed, total, eventsReceived.get(), postCreatedReceived.get(), expectedPostCreated,
        socketsClosed.get()));
    md.append("| second | server RSS MiB | server heap used MiB | CPU since last sample: server / load generator (100% = one core) |\n"
        + "|---|---|---|---|\n");
    synchronized (memory) {
      memory.forEach(line -> md.append(line).append('\n'));
    }
    if (!errorExamples.isEmpty()) {
      md.append("\nFirst errors:\n");
      errorExamples.forEach(e -> md.append("- ").append(e).append('\n'));
    }
    json.put("requests", total).put("errors", failed).put("ops", ops).put("eventsReceived", eventsReceived.get())
        .put("postCreatedDelivered", postCreatedReceived.get()).put("postCreatedExpected", expectedPostCreated)
        .put("socketsClosed", socketsClosed.get()).put("memory", new JsonArray(new ArrayList<>(memory)));
    System.out.println(md);
    Path out = Path.of(args.get("out"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json.encodePrettily());
    Files.writeString(Path.of(out.toString().replaceAll("\\.json$", ".md")), md.toString());
    if (failed > 0 || socketsClosed.get() > 0 || postCreatedReceived.get() != expectedPostCreated) {
      System.exit(1);
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  static long secondsSince(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos).toSeconds();
  }

  static void log(String format, Object... values) {
    System.out.printf(Locale.ROOT, "[load] " + format + "%n", values);
  }

  /** Latency samples in microseconds. */
  static final class Samples {
    private long[] values = new long[1024];
    private int n;

    synchronized void add(long v) {
      if (n == values.length) {
        values = Arrays.copyOf(values, n * 2);
      }
      values[n++] = v;
    }

    synchronized void addAll(Samples other) {
      long[] copy;
      int count;
      synchronized (other) {
        copy = Arrays.copyOf(other.values, other.n);
        count = other.n;
      }
      for (int i = 0; i < count; i++) {
        add(copy[i]);
      }
    }

    synchronized long count() {
      return n;
    }

    synchronized long percentile(double p) {
      if (n == 0) {
        return 0;
      }
      long[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      int index = (int) Math.ceil(p / 100.0 * n) - 1;
      return sorted[Math.max(0, Math.min(n - 1, index))];
    }
  }
}
