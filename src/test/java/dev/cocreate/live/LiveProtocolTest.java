package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cocreate.platform.events.Topics;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Live: the /live protocol on one node")
class LiveProtocolTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static final Community community = Community.in(server);
  static EventWriter writer;
  static long author;
  static long publicSpace;

  @BeforeAll
  static void start() {
    writer = new EventWriter(server.dbUrl(), 4);
    author = community.userRow("proto_author");
    publicSpace = community.spaceRow("proto-public", "public");
  }

  @AfterAll
  static void stop() {
    writer.close();
  }

  static String newThread() {
    return "thread:" + community.threadRow(publicSpace, author);
  }

  @Test
  @DisplayName("a subscriber receives an event another client commits in well under a second")
  void latency() {
    String topic = newThread();
    try (LiveClient c = LiveClient.connect(server.port())) {
      c.subscribe(topic);
      JsonObject subscribed = c.expect("subscribed", 5000);
      assertThat(subscribed.getJsonArray("topics")).containsExactly(topic);
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        long id = writer.appendNow(topic, "post.created", new JsonObject().put("n", i));
        JsonObject event = c.expect("event", 5000);
        millis.add((System.nanoTime() - start) / 1_000_000);
        assertThat(event.getLong("id")).isEqualTo(id);
        assertThat(event.getString("topic")).isEqualTo(topic);
        assertThat(event.getString("type")).isEqualTo("post.created");
        assertThat(event.getJsonObject("data")).isEqualTo(new JsonObject().put("n", i));
      }
      millis.sort(null);
      assertThat(millis.get(millis.size() - 1)).as("commit-to-receive latencies (ms) %s", millis).isLessThan(1000);
    }
  }

  @Test
  @DisplayName("without since, position is the node's last event and only later events follow")
  void positionWithoutSince() {
    String topic = newThread();
    long before = writer.appendNow(topic, "post.created", new JsonObject());
    try (LiveClient c = LiveClient.connect(server.port())) {
      // The listener may still be publishing 'before': subscribe once it has, so the position covers it.
      long position = waitForPosition(c, topic, before);
      long after = writer.appendNow(topic, "post.created", new JsonObject());
      JsonObject event = c.expect("event", 5000);
      assertThat(event.getLong("id")).isEqualTo(after).isGreaterThan(position);
      assertThat(c.drain(200)).isEmpty();
    }
  }

  /**
   * Subscribes once the node's listener has published {@code atLeast}: a subscription's position is
   * the listener's, so it then covers that event. Answers the position.
   */
  private static long waitForPosition(LiveClient c, String topic, long atLeast) {
    EventListener listener = server.server().app().liveListener();
    Eventually.until("the listener to publish event " + atLeast, () -> listener.lastSeenId() >= atLeast);
    c.subscribe(topic);
    long position = c.expect("subscribed", 5000).getLong("position");
    assertThat(position).isGreaterThanOrEqualTo(atLeast);
    return position;
  }

  @Test
  @DisplayName("since replays the topic's later events, then the stream continues live")
  void sinceReplaysThenLive() {
    String topic = newThread();
    String other = newThread();
    long first;
    long second;
    long third;
    try (LiveClient follower = LiveClient.connect(server.port())) {
      follower.subscribe(topic);
      follower.expect("subscribed", 5000);
      first = writer.appendNow(topic, "post.created", new JsonObject().put("n", 1));
      writer.appendNow(other, "post.created", new JsonObject());
      second = writer.appendNow(topic, "post.edited", new JsonObject().put("n", 2));
      third = writer.appendNow(topic, "post.created", new JsonObject().put("n", 3));
      // Once a follower has the third event the hub has been handed it, so the replay includes it;
      // an event still on its way to the hub would follow the subscribed answer instead.
      follower.until(m -> Long.valueOf(third).equals(m.getLong("id")), 10_000);
    }
    try (LiveClient c = LiveClient.connect(server.port())) {
      c.subscribeSince(first, topic);
      assertThat(c.next(5000).getLong("id")).isEqualTo(second);
      assertThat(c.next(5000).getLong("id")).isEqualTo(third);
      JsonObject subscribed = c.next(5000);
      assertThat(subscribed.getString("op")).isEqualTo("subscribed");
      assertThat(subscribed.getLong("position")).isGreaterThanOrEqualTo(third);
      long fourth = writer.appendNow(topic, "post.created", new JsonObject());
      assertThat(c.expect("event", 5000).getLong("id")).isEqualTo(fourth);
      assertThat(c.drain(200)).isEmpty();
    }
  }

  @Test
  @DisplayName("ping gets pong")
  void pingPong() {
    try (LiveClient c = LiveClient.connect(server.port())) {
      c.send(new JsonObject().put("op", "ping"));
      assertThat(c.next(5000)).isEqualTo(new JsonObject().put("op", "pong"));
    }
  }

  @Test
  @DisplayName("malformed messages get bad_request and the connection stays usable")
  void malformed() {
    try (LiveClient c = LiveClient.connect(server.port())) {
      for (String bad : List.of("{not json", "[1,2]", "42", "{\"op\":7}", "{\"op\":\"dance\"}", "{\"op\":\"subscribe\"}",
          "{\"op\":\"subscribe\",\"topics\":[]}", "{\"op\":\"subscribe\",\"topics\":[\"thread:abc\"]}",
          "{\"op\":\"subscribe\",\"topics\":[\"users:1\"]}", "{\"op\":\"subscribe\",\"topics\":[1]}",
          "{\"op\":\"subscribe\",\"topics\":[\"thread:1\"],\"since\":-1}",
          "{\"op\":\"subscribe\",\"topics\":[\"thread:1\"],\"since\":\"yesterday\"}")) {
        c.sendText(bad);
        JsonObject error = c.next(5000);
        assertThat(error.getString("op")).as(bad).isEqualTo("error");
        assertThat(error.getString("code")).as(bad).isEqualTo("bad_request");
        assertThat(error.getString("message")).isNotBlank();
      }
      c.send(new JsonObject().put("op", "ping"));
      assertThat(c.next(5000).getString("op")).isEqualTo("pong");
      assertThat(c.isClosed()).isFalse();
    }
  }

  @Test
  @DisplayName("more than 50 topics is too_many, in one request or added up")
  void tooManyTopics() {
    List<String> topics = IntStream.rangeClosed(1, 51).mapToObj(i -> "thread:" + i).toList();
    try (LiveClient c = LiveClient.connect(server.port())) {
      c.subscribe(topics.toArray(String[]::new));
      JsonObject error = c.next(5000);
      assertThat(error.getString("code")).isEqualTo("too_many");

      List<String> real = IntStream.range(0, 50).mapToObj(i -> newThread()).toList();
      c.subscribe(real.toArray(String[]::new));
      assertThat(c.expect("subscribed", 5000).getJsonArray("topics")).hasSize(50);
      c.subscribe(newThread());
      assertThat(c.next(5000).getString("code")).isEqualTo("too_many");
    }
  }

  @Test
  @DisplayName("a client flooding messages gets too_many, then is closed with 1008")
  void rateLimit() {
    try (LiveClient c = LiveClient.connect(server.port())) {
      for (int i = 0; i < 30; i++) {
        c.send(new JsonObject().put("op", "ping"));
      }
      List<JsonObject> answers = c.drain(500);
      // A burst of 20, then 20 a second: the refill while sending may let a few more through.
      assertThat(answers.stream().filter(m -> "pong".equals(m.getString("op")))).hasSizeBetween(20, 25);
      assertThat(answers.stream().filter(m -> "too_many".equals(m.getString("code")))).hasSizeGreaterThanOrEqualTo(5);
      assertThat(answers).hasSize(30);
      for (int i = 0; i < 100 && !c.isClosed(); i++) {
        try {
          c.send(new JsonObject().put("op", "ping"));
        } catch (RuntimeException closed) {
          break;
        }
      }
      assertThat(c.awaitClose(5000)).isEqualTo(1008);
    }
  }

  @Test
  @DisplayName("unsubscribe stops the events of that topic")
  void unsubscribe() {
    String a = newThread();
    String b = newThread();
    try (LiveClient c = LiveClient.connect(server.port())) {
      c.subscribe(a, b);
      c.expect("subscribed", 5000);
      c.send(new JsonObject().put("op", "unsubscribe").put("topics", new JsonArray().add(a)));
      assertThat(c.expect("unsubscribed", 5000).getJsonArray("topics")).containsExactly(a);
      writer.appendNow(a, "post.created", new JsonObject());
      long idB = writer.appendNow(b, "post.created", new JsonObject());
      JsonObject event = c.expect("event", 5000);
      assertThat(event.getLong("id")).isEqualTo(idB);
      assertThat(c.drain(200)).isEmpty();
    }
  }

  @Test
  @DisplayName("auth by header, by first message, or by cookie; 'me' carries the caller's own events only")
  void authAndMe() {
    TestHttp alice = server.http();
    long aliceId = alice.register("live_alice").getLong("id");
    TestHttp bob = server.http();
    long bobId = bob.register("live_bob").getLong("id");

    try (LiveClient anon = LiveClient.connect(server.port());
        LiveClient a1 = LiveClient.withToken(server.port(), alice.token());
        LiveClient a2 = LiveClient.connect(server.port());
        LiveClient b = LiveClient.connect(server.port())) {
      anon.subscribe("me");
      assertThat(anon.next(5000).getString("code")).isEqualTo("forbidden");

      a1.subscribe("me");
      assertThat(a1.expect("subscribed", 5000).getJsonArray("topics")).containsExactly("me");
      a2.send(new JsonObject().put("op", "auth").put("token", alice.token())).subscribe("me");
      a2.expect("subscribed", 5000);
      b.send(new JsonObject().put("op", "auth").put("token", bob.token())).subscribe("me");
      b.expect("subscribed", 5000);

      long forAlice = writer.appendNow(Topics.user(aliceId), "notification.created", new JsonObject().put("text", "hi alice"));
      writer.appendNow(Topics.user(bobId), "notification.created", new JsonObject().put("text", "hi bob"));
      for (LiveClient c : List.of(a1, a2)) {
        JsonObject e = c.expect("event", 5000);
        assertThat(e.getLong("id")).isEqualTo(forAlice);
        assertThat(e.getString("topic")).isEqualTo("me");
        assertThat(e.getJsonObject("data").getString("text")).isEqualTo("hi alice");
      }
      assertThat(b.expect("event", 5000).getJsonObject("data").getString("text")).isEqualTo("hi bob");
      assertThat(a1.drain(200)).isEmpty();
    }

    // The web session cookie works too, but only from the same origin.
    TestHttp web = server.http();
    web.form("/login", Map.of("login", "live_bob", "password", "correct horse battery", "_csrf", csrf(web)));
    String cookie = web.cookie("cc_session");
    assertThat(cookie).as("web login sets the session cookie").isNotNull();
    try (LiveClient c = LiveClient.connect(server.port(), Map.of("Cookie", "cc_session=" + cookie))) {
      c.subscribe("me");
      c.expect("subscribed", 5000);
    }
    assertThatThrownBy(() -> LiveClient.connect(server.port(), Map.of("Cookie", "cc_session=" + cookie, "Origin", "https://evil.example")))
        .isInstanceOfSatisfying(LiveClient.Refused.class, r -> assertThat(r.status).isEqualTo(403));
  }

  private static String csrf(TestHttp web) {
    web.getHtml("/login");
    return web.cookie("cc_csrf");
  }

  @Test
  @DisplayName("a bad bearer token is refused: 401 at the handshake, error forbidden and 1008 by message")
  void badToken() {
    assertThatThrownBy(() -> LiveClient.withToken(server.port(), "not-a-token"))
        .isInstanceOfSatisfying(LiveClient.Refused.class, r -> assertThat(r.status).isEqualTo(401));
    try (LiveClient c = LiveClient.connect(server.port())) {
      c.send(new JsonObject().put("op", "auth").put("token", "not-a-token"));
      assertThat(c.next(5000).getString("code")).isEqualTo("forbidden");
      assertThat(c.awaitClose(5000)).isEqualTo(1008);
    }
  }

  @Test
  @DisplayName("permessage-deflate is not negotiated even when the client offers it")
  void noCompression() {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), 0,
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
      assertThat(ws.handshakeHead().toLowerCase()).doesNotContain("sec-websocket-extensions");
      ws.sendText("{\"op\":\"ping\"}");
      assertThat(ws.read(5000).text()).isEqualTo("{\"op\":\"pong\"}");
    }
  }

  @Test
  @DisplayName("GET /live without an upgrade is 426 problem+json")
  void plainGet() {
    var r = server.http().get("/live");
    assertThat(r.status()).isEqualTo(426);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  @DisplayName("an event larger than one frame arrives whole")
  void largeEvent() {
    String topic = newThread();
    char[] big = new char[200_000];
    Arrays.fill(big, 'x');
    try (LiveClient c = LiveClient.connect(server.port())) {
      c.subscribe(topic);
      c.expect("subscribed", 5000);
      long id = writer.appendNow(topic, "post.created", new JsonObject().put("body", new String(big) + "é"));
      JsonObject e = c.expect("event", 5000);
      assertThat(e.getLong("id")).isEqualTo(id);
      assertThat(e.getJsonObject("data").getString("body")).hasSize(200_001).endsWith("xé");
    }
  }
}
