package dev.cocreate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.db.EmbeddedPostgres;
import dev.cocreate.platform.db.Migrations;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.LogCapture;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops under a node with writers, readers and live subscribers, and starts again once
 * every one of them has been answered during the outage. The cluster is this test's own (stopping
 * the shared one would fail every other class in the JVM).
 */
@DisplayName("A database outage under load")
class DatabaseOutageIT {
  /** Requests this close to either end of the outage may meet the database up: they are not judged. */
  static final long MARGIN_NANOS = 500_000_000L;
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

  static Path dir;
  static EmbeddedPostgres pg;
  static TestServer server;
  static String dbUrl;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "cc-outage-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // as root PostgreSQL runs as nobody
    pg = EmbeddedPostgres.startExclusive(dir.resolve("data"));
    pg.createDatabase("cocreate");
    dbUrl = pg.postgresUrl("cocreate");
    Migrations.migrate(DbTarget.parse(dbUrl));
    server = TestServer.startOn(dbUrl, new JsonObject().put("dbPoolSize", 8));
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (pg != null) {
      pg.close();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** What one request got. */
  record Answer(long startedAt, long millis, int status, String contentType, Long postId, String error) {}

  @Test
  @DisplayName("requests get 503 problem+json within 5 s and log no error, readiness goes 503 then 200, pool and listener recover, nothing acknowledged is lost, subscribers miss nothing")
  void outage() throws Exception {
    TestHttp admin = server.http();
    long adminId = admin.register("outage_admin").getLong("id");
    TestDatabase.execOn(dbUrl, "update users set role = 'admin' where id = " + adminId);
    assertThat(admin.post("/api/spaces", new JsonObject().put("slug", "out").put("name", "Out").put("visibility", "public")).status())
        .isEqualTo(201);
    long thread = admin.post("/api/threads", new JsonObject().put("space", "out").put("title", "Outage").put("body", "Hi"))
        .json().getLong("id");
    String topic = "thread:" + thread;
    List<String> writers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestHttp w = server.http();
      w.register("outage_writer_" + i);
      writers.add(w.token());
    }

    List<Subscriber> staying = new ArrayList<>();
    List<Subscriber> resuming = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      staying.add(Subscriber.open(server.port(), topic, 0));
    }
    for (int i = 0; i < 2; i++) {
      resuming.add(Subscriber.open(server.port(), topic, 0));
    }
    int listenerSubscriptions = server.server().app().liveListener().subscriptions();

    List<Answer> answers = new CopyOnWriteArrayList<>();
    List<long[]> readiness = new CopyOnWriteArrayList<>(); // {at, status}
    // Writers, a reader and a readiness probe, each at its own pace (the delay runs from the end of a
    // request, so a slow answer slows its sender rather than piling requests up).
    ScheduledExecutorService load = Executors.newScheduledThreadPool(writers.size() + 2);
    List<ScheduledFuture<?>> running = new ArrayList<>();
    for (String token : writers) {
      running.add(load.scheduleWithFixedDelay(() -> answers.add(call(server.baseUrl() + "/api/threads/" + thread + "/posts",
          "POST", token, new JsonObject().put("body", "A reply"))), 0, 50, TimeUnit.MILLISECONDS));
    }
    running.add(load.scheduleWithFixedDelay(() -> answers.add(call(server.baseUrl() + "/api/threads/" + thread + "/posts?limit=5",
        "GET", null, null)), 0, 100, TimeUnit.MILLISECONDS));
    running.add(load.scheduleWithFixedDelay(() -> {
      Answer a = call(server.baseUrl() + "/health/ready", "GET", null, null);
      readiness.add(new long[] {a.startedAt(), a.status()});
    }, 0, 200, TimeUnit.MILLISECONDS));

    LogCapture logs = LogCapture.start();
    Eventually.until("the load to be under way", () -> answers.stream().filter(a -> a.postId() != null).count() >= 5
        && readiness.stream().anyMatch(r -> r[1] == 200));
    long outageStart = System.nanoTime();
    pg.stopServer();
    resuming.forEach(Subscriber::close); // these come back with since once the database is back
    // The database stays down until writers, reader and probe have all been answered well inside the
    // outage, which is what the checks below look at: from 0.5 s after it began to 0.5 s before it ends.
    Eventually.until(Duration.ofMinutes(2), () -> {
      long before = System.nanoTime() - MARGIN_NANOS;
      return answers.stream().filter(a -> a.startedAt() > outageStart + MARGIN_NANOS && a.startedAt() < before).count() >= 30
          && readiness.stream().filter(r -> r[0] > outageStart + MARGIN_NANOS && r[0] < before).count() >= 5;
    }, () -> "requests answered during the outage: " + answers.stream().filter(a -> a.startedAt() > outageStart).count());
    pg.startServer();
    long outageEnd = System.nanoTime();

    Eventually.until("readiness to be 200 again", () -> !readiness.isEmpty()
        && readiness.get(readiness.size() - 1)[0] > outageEnd && readiness.get(readiness.size() - 1)[1] == 200);
    Eventually.until("writes to succeed again", () -> answers.stream().filter(a -> a.startedAt() > outageEnd && a.postId() != null).count() >= 10);
    long recoveredAfter = TimeUnit.NANOSECONDS.toMillis(readiness.stream().filter(r -> r[0] > outageEnd && r[1] == 200)
        .mapToLong(r -> r[0]).min().orElseThrow() - outageEnd);
    for (ScheduledFuture<?> sender : running) {
      if (sender.isDone()) {
        sender.get(); // a sender stopped early: its exception fails the test
      }
    }
    load.shutdown(); // no new requests; those under way finish
    assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).as("the last requests answered").isTrue();

    // Every request was answered, in time; during the outage with 503 problem+json.
    List<String> problems = new ArrayList<>();
    for (Answer a : answers) {
      if (a.error() != null) {
        problems.add("no answer: " + a);
      } else if (a.millis() > ANSWER_WITHIN.toMillis()) {
        problems.add("answered after " + a.millis() + " ms: " + a);
      } else if (a.status() != 200 && a.status() != 201 && a.status() != 503) {
        problems.add("unexpected status: " + a);
      } else if (a.status() == 503 && !String.valueOf(a.contentType()).startsWith("application/problem+json")) {
        problems.add("503 without problem+json: " + a);
      }
    }
    assertThat(problems).as("requests during the outage").isEmpty();
    logs.close();
    assertThat(logs.errors().stream().map(LogCapture::text).toList())
        .as("errors logged during the outage (an outage is a WARN: it is not a bug)").isEmpty();
    long during = answers.stream().filter(a -> a.startedAt() > outageStart + MARGIN_NANOS && a.startedAt() < outageEnd - MARGIN_NANOS)
        .count();
    long unavailable = answers.stream().filter(a -> a.startedAt() > outageStart + MARGIN_NANOS && a.startedAt() < outageEnd - MARGIN_NANOS
        && a.status() == 503).count();
    assertThat(during).as("requests sent during the outage").isGreaterThan(10);
    assertThat(unavailable).as("of them answered 503").isEqualTo(during);
    assertThat(readiness.stream().filter(r -> r[0] > outageStart + MARGIN_NANOS && r[0] < outageEnd - MARGIN_NANOS).map(r -> r[1]))
        .as("/health/ready during the outage").isNotEmpty().containsOnly(503L);
    assertThat(recoveredAfter).as("ms from the database start to /health/ready 200").isLessThan(15_000);

    // The live listener came back by itself and caught up.
    Eventually.until("the listener to LISTEN again", () -> server.server().app().liveListener().subscriptions() > listenerSubscriptions);

    // Nothing acknowledged was lost.
    Set<Long> acked = new HashSet<>();
    answers.stream().filter(a -> a.postId() != null).forEach(a -> acked.add(a.postId()));
    List<Long> stored = ids("select id from posts where thread_id = " + thread);
    assertThat(stored).as("every acknowledged reply is stored").containsAll(acked);

    // Every subscriber, those that stayed and those that came back with since, has every event.
    List<Subscriber> resumed = new ArrayList<>();
    for (Subscriber s : resuming) {
      resumed.add(Subscriber.open(server.port(), topic, s.lastId()));
    }
    List<Long> events = ids("select id from events where topic = '" + topic + "' order by id");
    assertThat(events).as("one post.created per stored reply at least").hasSizeGreaterThanOrEqualTo(acked.size());
    for (Subscriber s : staying) {
      Eventually.until("a staying subscriber to have every event", () -> s.ids().size() >= events.size());
      assertThat(s.ids()).as("events a staying subscriber received, in order, once each").isEqualTo(events);
      s.close();
    }
    for (int i = 0; i < resuming.size(); i++) {
      Subscriber before = resuming.get(i);
      Subscriber after = resumed.get(i);
      Eventually.until("a resumed subscriber to have every event", () -> before.ids().size() + after.ids().size() >= events.size());
      List<Long> all = new ArrayList<>(before.ids());
      all.addAll(after.ids());
      assertThat(all).as("events a subscriber received before closing and after resuming with since").isEqualTo(events);
      after.close();
    }
  }

  // ---------------------------------------------------------------------------------------------

  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static Answer call(String url, String method, String token, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN.plusSeconds(5));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    long start = System.nanoTime();
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      Long id = r.statusCode() == 201 ? new JsonObject(r.body()).getLong("id") : null;
      return new Answer(start, ms, r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), id, null);
    } catch (IOException | InterruptedException e) {
      return new Answer(start, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), 0, null, null, e.toString());
    }
  }

  static List<Long> ids(String sql) throws SQLException {
    DbTarget t = DbTarget.parse(dbUrl);
    List<Long> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password()); var s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  /** A /live client following one topic; keeps the ids of its events. */
  static final class Subscriber {
    private final List<Long> ids = Collections.synchronizedList(new ArrayList<>());
    private WebSocket ws;

    static Subscriber open(int port, String topic, long since) throws Exception {
      Subscriber s = new Subscriber();
      s.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/live"),
          new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              text.append(data);
              if (last) {
                JsonObject m = new JsonObject(text.toString());
                text.setLength(0);
                if ("event".equals(m.getString("op")) && topic.equals(m.getString("topic"))) {
                  s.ids.add(m.getLong("id"));
                }
              }
              w.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      s.ws.sendText(new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add(topic)).put("since", since).encode(), true)
          .join();
      return s;
    }

    List<Long> ids() {
      synchronized (ids) {
        return new ArrayList<>(ids);
      }
    }

    long lastId() {
      List<Long> all = ids();
      return all.isEmpty() ? 0 : all.get(all.size() - 1);
    }

    void close() {
      ws.abort();
    }
  }
}
