package dev.cocreate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenarios 1 and 3 of the benchmark suite, reduced to hundreds of clients and seconds, for CI:
 * the same generator ({@link Fleet}) and writers as bench/run.sh, asserting correctness only
 * (every subscriber gets every event once, in order) and nothing about time, which a shared CI
 * machine cannot promise.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LiveBenchCorrectnessTest {
  private static TestServer server;
  private static Vertx vertx;
  private static Pool pool;
  private static long spaceId;
  private static long authorId;

  @BeforeAll
  static void start() {
    // Every generated socket comes from 127.0.0.1: lift the per-address cap.
    server = TestServer.start(new JsonObject().put("maxConnectionsPerIp", 0));
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(DbTarget.parse(server.dbUrl()).connectOptions())
        .using(vertx).build();
    authorId = TestDatabase.queryLong(server.dbUrl(),
        "insert into users (username, email, display_name, password_hash) values ('fanout', 'fanout@example.test', 'Fanout', 'x') returning id");
    spaceId = TestDatabase.queryLong(server.dbUrl(), "insert into spaces (slug, name, visibility) values ('bench', 'Bench', 'public') returning id");
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("broadcast: 300 subscribers of one thread each get all 60 committed events once, in commit order")
  void broadcast() throws Exception {
    long thread = TestDatabase.queryLong(server.dbUrl(), "insert into threads (space_id, title, author_id) values (" + spaceId
        + ", 'broadcast', " + authorId + ") returning id");
    String topic = "thread:" + thread;
    try (Fleet fleet = new Fleet(vertx, "127.0.0.1", server.port(), 1, Fleet.Timing.BY_ID)) {
      fleet.connect(300, i -> topic, 0).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      fleet.reset();
      EventLog log = new EventLog();
      List<Future<Long>> writes = new ArrayList<>();
      JsonObject data = new JsonObject().put("html", "<p>" + "x".repeat(200) + "</p>");
      for (int i = 0; i < 60; i++) {
        // Several transactions in flight at once, as under load: ids must still arrive in commit order.
        writes.add(pool.withTransaction(conn -> log.append(conn, topic, "post.created", data)
            .onSuccess(id -> fleet.sent(id, Fleet.epochMicros()))));
      }
      Future.all(writes).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      awaitReceived(fleet, 300L * 60);
      for (Fleet.Sub sub : fleet.subs()) {
        assertThat(sub.count(fleet)).as("events subscriber %d received", sub.index).isEqualTo(60);
        assertThat(sub.duplicates(fleet)).as("duplicate or out-of-order events at subscriber %d", sub.index).isZero();
      }
      assertThat(fleet.errors.sum()).as("errors: %s", fleet.firstError.get()).isZero();
      assertThat(fleet.held()).isEqualTo(300);
      assertThat(fleet.latencySnapshot().getTotalCount()).isEqualTo(300L * 60);
    }
  }

  @Test
  @DisplayName("end to end: 40 replies through the HTTP API reach each of 100 watchers once, in order")
  void endToEnd() throws Exception {
    TestHttp member = server.http();
    member.register("e2e_writer");
    Resp created = member.post("/api/threads", new JsonObject().put("space", "bench").put("title", "End to end").put("body", "Opening"));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    long thread = created.json().getLong("id");
    String topic = "thread:" + thread;
    try (Fleet fleet = new Fleet(vertx, "127.0.0.1", server.port(), 1, Fleet.Timing.MARKER)) {
      fleet.connect(100, i -> topic, 0).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      fleet.reset();
      for (int i = 1; i <= 40; i++) {
        fleet.sent(i, Fleet.epochMicros());
        Resp r = member.post("/api/threads/" + thread + "/posts", new JsonObject().put("body", "Reply " + Fleet.MARKER + i));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
      }
      awaitReceived(fleet, 100L * 40);
      for (Fleet.Sub sub : fleet.subs()) {
        assertThat(sub.count(fleet)).as("replies watcher %d received", sub.index).isEqualTo(40);
        assertThat(sub.duplicates(fleet)).isZero();
      }
      // Every delivery was matched to the request that caused it (the marker survived markdown).
      assertThat(fleet.latencySnapshot().getTotalCount()).isEqualTo(100L * 40);
      assertThat(fleet.errors.sum()).as("errors: %s", fleet.firstError.get()).isZero();
    }
  }

  @Test
  @DisplayName("reconnect storm: 200 subscribers drop and come back with since while events flow; none lost, none twice")
  void reconnectStorm() throws Exception {
    long thread = TestDatabase.queryLong(server.dbUrl(), "insert into threads (space_id, title, author_id) values (" + spaceId
        + ", 'storm', " + authorId + ") returning id");
    String topic = "thread:" + thread;
    try (Fleet fleet = new Fleet(vertx, "127.0.0.1", server.port(), 1, Fleet.Timing.BY_ID).keepIds()) {
      fleet.connect(200, i -> topic, 0).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      fleet.reset();
      EventLog log = new EventLog();
      JsonObject data = new JsonObject().put("html", "<p>storm</p>");
      List<Long> committed = Collections.synchronizedList(new ArrayList<>());
      Random random = new Random(7);
      // 60 events over about 3 s; every subscriber reconnects once at a random moment of seconds 0.5 to 2.
      for (Fleet.Sub sub : fleet.subs()) {
        vertx.setTimer(500 + random.nextInt(1_500), t -> fleet.reconnect(sub, 0));
      }
      for (int i = 0; i < 60; i++) {
        committed.add(pool.withTransaction(conn -> log.append(conn, topic, "post.created", data))
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        Thread.sleep(40);
      }
      awaitReceived(fleet, 200L * 60);
      for (Fleet.Sub sub : fleet.subs()) {
        List<Long> missing = new ArrayList<>(committed);
        missing.removeAll(sub.ids);
        assertThat(missing).as("events subscriber %d never got (it got %s)", sub.index, sub.ids).isEmpty();
        assertThat(sub.duplicates(fleet)).as("duplicates at subscriber %d: %s", sub.index, sub.ids).isZero();
      }
      assertThat(fleet.errors.sum()).as("errors: %s", fleet.firstError.get()).isZero();
    }
  }

  private static void awaitReceived(Fleet fleet, long expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (fleet.received.sum() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(300); // a duplicate would arrive now
  }
}
