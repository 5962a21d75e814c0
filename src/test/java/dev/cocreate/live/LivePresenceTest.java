package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Live: who is viewing a thread and who is typing, across nodes")
class LivePresenceTest {
  @RegisterExtension static final CocreateServer nodeA = CocreateServer.start();
  static final Community community = Community.in(nodeA);
  static TestServer nodeB;
  static String topic;
  static String token;
  static TestHttp typist;

  @BeforeAll
  static void start() {
    nodeB = TestServer.startOn(nodeA.dbUrl(), new JsonObject());
    long author = community.userRow("presence_author");
    long space = community.spaceRow("presence", "public");
    topic = "thread:" + community.threadRow(space, author);
    typist = nodeB.http();
    typist.register("typist");
    token = typist.token();
  }

  @AfterAll
  static void stop() {
    nodeB.close();
  }

  /** The latest presence frame for the topic received within the time, or null. */
  static JsonObject presenceMatching(LiveClient c, long millis, Predicate<JsonObject> wanted) {
    return presenceMatching(c, topic, millis, wanted);
  }

  static JsonObject presenceMatching(LiveClient c, String topic, long millis, Predicate<JsonObject> wanted) {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      JsonObject m = c.poll(Math.max(1, deadline - System.currentTimeMillis()));
      if (m != null && "presence".equals(m.getString("op")) && topic.equals(m.getString("topic")) && wanted.test(m)) {
        return m;
      }
    }
    return null;
  }

  @Test
  @DisplayName("viewers on both nodes are counted together, typing shows on the other node, and nothing is stored")
  void presenceAcrossNodes() {
    long eventsBefore = TestDatabase.queryLong(nodeA.dbUrl(), "select count(*) from events");
    try (LiveClient a1 = LiveClient.connect(nodeA.port()); LiveClient a2 = LiveClient.connect(nodeA.port());
        LiveClient b1 = LiveClient.withToken(nodeB.port(), token)) {
      for (LiveClient c : new LiveClient[] {a1, a2, b1}) {
        c.send(new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add(topic)).put("presence", true));
        c.expect("subscribed", 5_000);
      }

      assertThat(presenceMatching(a1, 15_000, m -> m.getInteger("viewers") == 3)).as("node A sees 3 viewers").isNotNull();
      assertThat(presenceMatching(b1, 15_000, m -> m.getInteger("viewers") == 3)).as("node B sees 3 viewers").isNotNull();

      b1.send(new JsonObject().put("op", "typing").put("topic", topic));
      JsonObject typing = presenceMatching(a1, 15_000, m -> !m.getJsonArray("typing").isEmpty());
      assertThat(typing).as("node A hears the typist on node B").isNotNull();
      assertThat(typing.getJsonArray("typing").getList()).isEqualTo(List.of("TYPIST"));

      a2.close();
      assertThat(presenceMatching(b1, 15_000, m -> m.getInteger("viewers") == 2)).as("a viewer who leaves is no longer counted")
          .isNotNull();
    }
    assertThat(TestDatabase.queryLong(nodeA.dbUrl(), "select count(*) from events")).isEqualTo(eventsBefore);
  }

  @Test
  @DisplayName("a client that does not ask for presence never gets presence frames")
  void presenceIsOptIn() {
    try (LiveClient plain = LiveClient.connect(nodeA.port()); LiveClient other = LiveClient.connect(nodeA.port())) {
      plain.subscribe(topic);
      plain.expect("subscribed", 5_000);
      other.subscribe(topic);
      other.expect("subscribed", 5_000);
      assertThat(presenceMatching(plain, 3_000, m -> true)).isNull();
    }
  }

  @Test
  @DisplayName("an anonymous viewer counts but cannot type, and typing elsewhere is refused")
  void anonymousCannotType() {
    try (LiveClient anon = LiveClient.connect(nodeA.port())) {
      anon.send(new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add(topic)).put("presence", true));
      anon.expect("subscribed", 5_000);
      anon.send(new JsonObject().put("op", "typing").put("topic", topic));
      assertThat(presenceMatching(anon, 4_000, m -> !m.getJsonArray("typing").isEmpty())).isNull();
      anon.send(new JsonObject().put("op", "typing").put("topic", "not a topic"));
      assertThat(anon.expect("error", 5_000).getString("code")).isEqualTo("bad_request");
    }
  }

  @Test
  @DisplayName("a member's typing ends the moment their reply arrives, not when the typing window runs out")
  void typingEndsWithTheReply() {
    var thread = typist.post("/api/threads", new JsonObject().put("space", "presence").put("title", "Typing").put("body", "Go"));
    assertThat(thread.status()).as(thread.toString()).isEqualTo(201);
    long threadId = thread.json().getLong("id");
    String topic = "thread:" + threadId;
    try (LiveClient watcher = LiveClient.connect(nodeA.port()); LiveClient writer = LiveClient.withToken(nodeB.port(), token)) {
      for (LiveClient c : new LiveClient[] {watcher, writer}) {
        c.send(new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add(topic)).put("presence", true));
        c.expect("subscribed", 5_000);
      }
      writer.send(new JsonObject().put("op", "typing").put("topic", topic));
      assertThat(presenceMatching(watcher, topic, 15_000, m -> m.getJsonArray("typing").contains("TYPIST"))).isNotNull();
      long posted = System.nanoTime();
      var reply = typist.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Here it is"));
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      JsonObject after = presenceMatching(watcher, topic, Presence.TYPING_MS, m -> m.getJsonArray("typing").isEmpty());
      long millis = (System.nanoTime() - posted) / 1_000_000;
      assertThat(after).as("typing cleared within the typing window").isNotNull();
      // The window is 6 s; node B clears it on the reply and tells node A on its next announcement (each second).
      assertThat(millis).as("ms from the reply to the cleared typing").isLessThan(Presence.TYPING_MS - 2_000);
    }
  }
}
