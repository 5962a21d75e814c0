package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cocreate.App;
import dev.cocreate.platform.db.EmbeddedPostgres;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.LogCapture;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Live: several nodes on one database, and losing the database connection")
class LiveMultiNodeTest {
  @RegisterExtension static final CocreateServer nodeA = CocreateServer.start();
  static final Community community = Community.in(nodeA);
  static TestServer nodeB;
  static long author;
  static long publicSpace;

  @BeforeAll
  static void start() {
    nodeB = TestServer.startOn(nodeA.dbUrl(), new JsonObject());
    author = community.userRow("multi_author");
    publicSpace = community.spaceRow("multi-public", "public");
  }

  @AfterAll
  static void stop() {
    nodeB.close();
  }

  /** Commits an event through node A's own pool and EventLog, as node A's services do. */
  static long writeOnA(String topic, int n) {
    App app = nodeA.server().app();
    return EventWriter.await(app.db().tx(tx -> app.events().append(tx, topic, "post.created", new JsonObject().put("n", n))));
  }

  static String newThread() {
    return "thread:" + community.threadRow(publicSpace, author);
  }

  static List<Long> eventIds(LiveClient c, int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(c.expect("event", 10_000).getLong("id"));
    }
    return ids;
  }

  @Test
  @DisplayName("a socket on node B receives what node A writes, also after B's listener connection is terminated")
  void crossNodeAndListenerKilled() {
    String topic = newThread();
    EventListener listenerB = nodeB.server().app().liveListener();
    try (LiveClient onB = LiveClient.connect(nodeB.port())) {
      onB.subscribe(topic);
      onB.expect("subscribed", 5000);
      List<Long> written = new ArrayList<>();
      written.add(writeOnA(topic, 0));
      assertThat(eventIds(onB, 1)).isEqualTo(written);

      int before = listenerB.subscriptions();
      int pid = listenerB.backendPid();
      assertThat(TestDatabase.queryLong(nodeA.dbUrl(), "select count(*) from pg_stat_activity where pid = " + pid
          + " and application_name = '" + EventListener.APPLICATION_NAME + "' and query ilike 'LISTEN%'")).isEqualTo(1);
      assertThat(TestDatabase.queryLong(nodeA.dbUrl(), "select count(*) from (select pg_terminate_backend(" + pid + ")) t"))
          .isEqualTo(1);
      // Written while B is reconnecting: their notifications go nowhere, the catch-up read finds them.
      for (int i = 1; i <= 5; i++) {
        written.add(writeOnA(topic, i));
      }
      Eventually.until("node B to LISTEN again", () -> listenerB.subscriptions() > before);
      assertThat(listenerB.backendPid()).isNotEqualTo(pid);
      // Nothing new is written yet: only the catch-up read on re-LISTEN can bring these.
      assertThat(eventIds(onB, 5)).isEqualTo(written.subList(1, 6));
      for (int i = 6; i <= 10; i++) {
        written.add(writeOnA(topic, i));
      }
      assertThat(eventIds(onB, 5)).isEqualTo(written.subList(6, 11));
      assertThat(onB.drain(300)).isEmpty();
    }
  }

  @Test
  @DisplayName("every node's listener comes back after all are terminated, found by their LISTEN query")
  void allListenersKilled() {
    String topic = newThread();
    EventListener listenerA = nodeA.server().app().liveListener();
    EventListener listenerB = nodeB.server().app().liveListener();
    try (LiveClient onA = LiveClient.connect(nodeA.port()); LiveClient onB = LiveClient.connect(nodeB.port())) {
      onA.subscribe(topic);
      onA.expect("subscribed", 5000);
      onB.subscribe(topic);
      onB.expect("subscribed", 5000);
      int a = listenerA.subscriptions();
      int b = listenerB.subscriptions();
      // The way an operator would: the listening connections are the ones whose last query is LISTEN.
      long killed = TestDatabase.queryLong(nodeA.dbUrl(), "select count(pg_terminate_backend(pid)) from pg_stat_activity where "
          + "query ilike '%LISTEN%' and pid <> pg_backend_pid() and datname = current_database()");
      assertThat(killed).isEqualTo(2);
      long id = writeOnA(topic, 1);
      Eventually.until("both listeners to LISTEN again", () -> listenerA.subscriptions() > a && listenerB.subscriptions() > b);
      assertThat(eventIds(onA, 1)).containsExactly(id);
      assertThat(eventIds(onB, 1)).containsExactly(id);
    }
  }

  @Test
  @DisplayName("a member suspended through node A loses their live connection on node B")
  void suspensionAcrossNodes() {
    TestHttp member = nodeA.http();
    member.register("multi_member");
    TestHttp moderator = nodeA.http();
    moderator.register("multi_mod");
    TestDatabase.execOn(nodeA.dbUrl(), "update users set role = 'moderator' where username = 'multi_mod'");
    try (LiveClient onB = LiveClient.withToken(nodeB.port(), member.token())) {
      onB.subscribe("me");
      onB.expect("subscribed", 5000);
      Resp r = moderator.post("/api/users/multi_member/suspension",
          new JsonObject().put("until", OffsetDateTime.now().plusHours(1).toString()).put("reason", "test"));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(onB.awaitClose(5000)).isEqualTo(1008);
    }
  }

  @Test
  @DisplayName("after the database restarts, listeners reconnect and sockets that stayed open get new events")
  void databaseRestart() {
    EmbeddedPostgres pg = TestDatabase.get().embedded();
    assumeTrue(pg != null && pg.isOwner(), "needs the embedded PostgreSQL to restart it");
    String topic = newThread();
    EventListener listenerA = nodeA.server().app().liveListener();
    EventListener listenerB = nodeB.server().app().liveListener();
    try (LiveClient onA = LiveClient.connect(nodeA.port()); LiveClient onB = LiveClient.connect(nodeB.port())) {
      onA.subscribe(topic);
      onA.expect("subscribed", 5000);
      onB.subscribe(topic);
      onB.expect("subscribed", 5000);
      long first = writeOnA(topic, 0);
      assertThat(eventIds(onB, 1)).containsExactly(first);
      assertThat(eventIds(onA, 1)).containsExactly(first);
      int a = listenerA.subscriptions();
      int b = listenerB.subscriptions();

      try (LogCapture logs = LogCapture.start()) {
        pg.stopServer();
        // The database stays down until both listeners have lost it and are trying to reconnect.
        Eventually.until("both listeners to report their lost connection", () -> logs.events().stream()
            .filter(e -> e.getFormattedMessage().startsWith("Live listener lost its connection")).count() >= 2);
        pg.startServer();
      }

      // The pool's connections died with the server; the first writes may meet one of them.
      AtomicLong stored = new AtomicLong(-1);
      Eventually.until("a write through node A after the restart", () -> {
        try {
          stored.set(writeOnA(topic, 1));
          return true;
        } catch (IllegalStateException deadConnection) {
          return false;
        }
      });
      long second = stored.get();
      Eventually.until("both listeners to LISTEN again", () -> listenerA.subscriptions() > a && listenerB.subscriptions() > b);
      long third = writeOnA(topic, 2);
      assertThat(eventIds(onA, 2)).containsExactly(second, third);
      assertThat(eventIds(onB, 2)).containsExactly(second, third);
    }
  }
}
