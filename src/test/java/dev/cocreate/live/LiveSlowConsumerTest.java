package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.events.EventLog;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

@DisplayName("Live: a client that stops reading")
class LiveSlowConsumerTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static final Community community = Community.in(server);
  static EventWriter writer;
  static String topic;

  @BeforeAll
  static void start() {
    writer = new EventWriter(server.dbUrl(), 4);
    long author = community.userRow("slow_author");
    long space = community.spaceRow("slow-public", "public");
    topic = "thread:" + community.threadRow(space, author);
  }

  @AfterAll
  static void stop() {
    writer.close();
  }

  /** Commits {@code count} events in one transaction (ids stay in commit order: the lock is re-entrant). */
  static List<Long> burst(int count, String body) {
    EventLog log = new EventLog();
    return EventWriter.await(writer.pool().withTransaction(tx -> {
      List<Long> ids = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < count; i++) {
        chain = chain.compose(v -> log.append(tx, topic, "post.created", new JsonObject().put("body", body)).map(id -> {
          ids.add(id);
          return null;
        }));
      }
      return chain.map(ids);
    }));
  }

  @Test
  @DisplayName("is closed with 1013 once its backlog passes the bound, while a reading client gets everything")
  void closedWith1013() {
    LiveStats stats = server.server().app().liveStats();
    char[] chars = new char[32 * 1024];
    Arrays.fill(chars, 'y');
    String body = new String(chars);
    try (RawWebSocket stalled = RawWebSocket.open(server.port(), 4096); LiveClient reader = LiveClient.connect(server.port())) {
      stalled.sendText(new JsonObject().put("op", "subscribe").put("topics", List.of(topic)).encode());
      RawWebSocket.Frame answer = stalled.read(5000);
      assertThat(answer.text()).contains("\"subscribed\"");
      reader.subscribe(topic);
      reader.expect("subscribed", 5000);

      long connectionsBefore = stats.connections();
      List<Long> written = new ArrayList<>();
      // About 4 MiB of kernel buffers stand between the server and a client that does not read.
      EventListener listener = server.server().app().liveListener();
      while (stats.slowConsumerCloses() == 0 && written.size() < 2000) {
        written.addAll(burst(20, body));
        long last = written.get(written.size() - 1);
        // Each burst reaches the hub before the next is written, so writing stops soon after the close.
        Eventually.until("the listener to publish event " + last, () -> listener.lastSeenId() >= last);
      }
      Eventually.until("the hub to give up on the stalled client", () -> stats.slowConsumerCloses() > 0);
      assertThat(stats.slowConsumerCloses()).as("slow consumers closed after %d events", written.size()).isEqualTo(1);
      long bound = LiveOptions.DEFAULTS.maxPendingBytes() + body.length() + 1024;
      LoggerFactory.getLogger(LiveSlowConsumerTest.class).info(
          "Stalled client closed after {} events of {} KiB; peak bytes pending on one connection {} (bound {})",
          written.size(), body.length() / 1024, stats.peakPendingBytes(), bound);
      assertThat(stats.peakPendingBytes()).as("bytes held for any one connection").isLessThanOrEqualTo(bound);
      assertThat(stats.connections()).isEqualTo(connectionsBefore - 1);

      // The reading client was never held back and lost nothing.
      List<Long> received = new ArrayList<>();
      while (received.size() < written.size()) {
        received.add(reader.expect("event", 10_000).getLong("id"));
      }
      assertThat(received).isEqualTo(written);
      assertThat(reader.isClosed()).isFalse();

      // The stalled client, reading at last, finds what was sent before the close, then 1013.
      assertThat(stalled.readUntilClose(10_000)).isEqualTo(1013);
    }
  }
}
