package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.events.EventLog;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Live: commit order, replay seams and reconnects under concurrent writers")
class LiveOrderingTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static final Community community = Community.in(server);
  static EventWriter writer;
  static long publicSpace;
  static long author;

  @BeforeAll
  static void start() {
    writer = new EventWriter(server.dbUrl(), 24);
    author = community.userRow("order_author");
    publicSpace = community.spaceRow("order-public", "public");
  }

  @AfterAll
  static void stop() {
    writer.close();
  }

  /** Writers that keep committing until stopped; some transactions idle, some hold the event lock. */
  static final class Writers {
    final Set<Long> committed = new ConcurrentSkipListSet<>();
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Future<Void>> loops = new ArrayList<>();

    final boolean endless;

    /** A negative limit writes until {@link #finish()}. */
    Writers(int count, String topic, String noiseTopic, int perWriterLimit) {
      endless = perWriterLimit < 0;
      for (int w = 0; w < count; w++) {
        loops.add(loop(topic, noiseTopic, perWriterLimit));
      }
    }

    private Future<Void> loop(String topic, String noise, int remaining) {
      if (stop.get() || remaining == 0) {
        return Future.succeededFuture();
      }
      ThreadLocalRandom r = ThreadLocalRandom.current();
      boolean slow = r.nextInt(10) < 3;
      boolean onTopic = r.nextInt(5) > 0;
      Future<Long> write = slow
          ? writer.appendSlowly(onTopic ? topic : noise, "post.created", new JsonObject().put("slow", true), r.nextInt(40), r.nextInt(15))
          : writer.append(onTopic ? topic : noise, "post.created", new JsonObject());
      return write.compose(id -> {
        if (onTopic) {
          committed.add(id);
        }
        return loop(topic, noise, remaining - 1);
      });
    }

    /** Waits for the writers; endless ones (no limit) are told to stop first. */
    void finish() {
      stop.set(endless);
      EventWriter.await(Future.all(loops));
    }

    boolean done() {
      return loops.stream().allMatch(Future::isComplete);
    }
  }

  /**
   * Follows the topic over {@code reconnects} short connections while the writers run, each
   * resuming with since = the last id seen, then stops the writers and catches up on one more.
   * Returns every event id in the order received.
   */
  private static List<Long> follow(String topic, Writers writers, int reconnects, boolean abrupt) {
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < reconnects; i++) {
      connection(topic, seen, ThreadLocalRandom.current().nextInt(10, 120), abrupt);
    }
    writers.finish();
    connection(topic, seen, 1500, false);
    return seen;
  }

  private static void connection(String topic, List<Long> seen, long millis, boolean abrupt) {
    long since = seen.isEmpty() ? 0 : seen.get(seen.size() - 1);
    try (LiveClient c = LiveClient.connect(server.port())) {
      c.subscribeSince(since, topic);
      long previous = since;
      long until = System.currentTimeMillis() + millis;
      JsonObject m;
      while (System.currentTimeMillis() < until && (m = c.poll(Math.max(1, until - System.currentTimeMillis()))) != null) {
        if ("event".equals(m.getString("op"))) {
          long id = m.getLong("id");
          assertThat(id).as("ids strictly increase on one connection").isGreaterThan(previous);
          previous = id;
          seen.add(id);
        } else {
          assertThat(m.getString("op")).isEqualTo("subscribed");
        }
      }
      if (abrupt) {
        c.abort();
      }
    }
  }

  private static void assertExactlyOnce(List<Long> seen, Set<Long> committed) {
    Set<Long> unique = new HashSet<>(seen);
    List<Long> duplicates = new ArrayList<>(seen);
    unique.forEach(duplicates::remove);
    assertThat(duplicates).as("events received twice").isEmpty();
    TreeSet<Long> missing = new TreeSet<>(committed);
    missing.removeAll(unique);
    assertThat(missing).as("committed events never received").isEmpty();
    TreeSet<Long> extra = new TreeSet<>(unique);
    extra.removeAll(committed);
    assertThat(extra).as("events of other topics").isEmpty();
    assertThat(seen).as("received in id order across reconnects").isSorted();
  }

  /**
   * Commits more events than a hub's window of recent events holds, in one transaction, and waits
   * until a replay from 0 is answered by the database: from then on since=0 reaches back before the
   * window, whatever this class ran before (the window starts at the first event a hub is handed).
   */
  private static void pushWindowPastStart(String noise, String probe) {
    LiveStats stats = server.server().app().liveStats();
    List<EventLog.Pending> flood = new ArrayList<>();
    for (int i = 0; i < LiveOptions.DEFAULTS.recentEvents() + 100; i++) {
      flood.add(new EventLog.Pending(noise, "post.created", new JsonObject()));
    }
    EventWriter.await(writer.pool().withTransaction(tx -> new EventLog().appendAll(tx, flood)));
    Eventually.until("a replay from 0 answered by the database", () -> {
      long before = stats.replaysFromDatabase();
      try (LiveClient c = LiveClient.connect(server.port())) {
        c.subscribeSince(0, probe);
        c.expect("subscribed", 10_000);
      }
      return stats.replaysFromDatabase() > before;
    });
  }

  @Test
  @DisplayName("20 writers with slow transactions; a subscriber reconnecting with since at random moments gets every event once, in order")
  void commitOrderAcrossReconnects() {
    String topic = "thread:" + community.threadRow(publicSpace, author);
    String noise = "thread:" + community.threadRow(publicSpace, author);
    pushWindowPastStart(noise, "thread:" + community.threadRow(publicSpace, author));
    LiveStats stats = server.server().app().liveStats();
    long fromMemory = stats.replaysFromMemory();
    long fromDatabase = stats.replaysFromDatabase();
    Writers writers = new Writers(20, topic, noise, 30);
    List<Long> seen = follow(topic, writers, 30, false);
    assertThat(writers.committed.size()).isGreaterThan(350);
    assertExactlyOnce(seen, writers.committed);
    // Both replay paths took part: since=0 reaches back before the hubs' recent events (the
    // database answers), every later reconnect is within them (memory answers).
    assertThat(stats.replaysFromDatabase() - fromDatabase).isGreaterThanOrEqualTo(1);
    assertThat(stats.replaysFromMemory() - fromMemory).isGreaterThanOrEqualTo(20);
  }

  @Test
  @DisplayName("killing the client connection mid-stream 100 times loses nothing and repeats nothing")
  void abruptReconnects() {
    String topic = "thread:" + community.threadRow(publicSpace, author);
    String noise = "thread:" + community.threadRow(publicSpace, author);
    Writers writers = new Writers(20, topic, noise, -1);
    List<Long> seen = follow(topic, writers, 100, true);
    assertThat(writers.committed.size()).isGreaterThan(200);
    assertExactlyOnce(seen, writers.committed);
  }
}
