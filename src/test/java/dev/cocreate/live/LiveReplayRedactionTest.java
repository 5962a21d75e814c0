package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.App;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #17: a since replay shows what a read shows now, from the database (a node that has not
 * seen the events: since 0 reaches before its recent events) and from the memory window (a since
 * within what the node saw), alike.
 */
@DisplayName("Live: replays show what a read shows now")
class LiveReplayRedactionTest {
  @RegisterExtension static final CocreateServer node = CocreateServer.start();
  static TestHttp admin;
  static TestHttp mod;
  static TestHttp author;
  static TestHttp other;
  static TestHttp insider;

  @BeforeAll
  static void start() {
    admin = withRole("rr_admin", "admin");
    mod = withRole("rr_mod", "moderator");
    author = member("rr_author");
    other = member("rr_other");
    insider = member("rr_insider");
    space("rr-sync", "public");
  }

  static TestHttp member(String username) {
    TestHttp http = node.http();
    http.register(username);
    return http;
  }

  static TestHttp withRole(String username, String role) {
    TestHttp http = member(username);
    TestDatabase.execOn(node.dbUrl(), "update users set role = '" + role + "' where username = '" + username + "'");
    return http;
  }

  static void space(String slug, String visibility, String... members) {
    JsonObject req = new JsonObject().put("slug", slug).put("name", slug).put("visibility", visibility);
    if (members.length > 0) {
      req.put("groupMembers", new JsonArray(List.of((Object[]) members)));
    }
    Resp r = admin.post("/api/spaces", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  static JsonObject thread(TestHttp who, String space, String title) {
    Resp r = who.post("/api/threads", new JsonObject().put("space", space).put("title", title).put("body", "Opening of " + title));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  static long reply(TestHttp who, long threadId, String body) {
    Resp r = who.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", body));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static void act(String action, String targetType, long targetId, String toSpace) {
    JsonObject req = new JsonObject().put("action", action).put("targetType", targetType).put("targetId", targetId)
        .put("reason", "test");
    if (toSpace != null) {
      req.put("toSpace", toSpace);
    }
    Resp r = mod.post("/api/moderation/actions", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /**
   * Returns once the node's hub has been handed every event committed so far: it hands them in
   * order, so a probe written now and delivered means the rest were too. A memory replay reads
   * what the hub was handed.
   */
  static void sync(TestServer on) {
    try (LiveClient c = LiveClient.connect(on.port())) {
      c.subscribe("space:rr-sync");
      c.expect("subscribed", 5000);
      App app = on.server().app();
      long probe = EventWriter.await(app.db().tx(tx -> app.events().append(tx, "space:rr-sync", "probe", new JsonObject())));
      assertThat(c.expect("event", 5000).getLong("id")).isEqualTo(probe);
    }
  }

  static long lastEventId() {
    return TestDatabase.queryLong(node.dbUrl(), "select coalesce(max(id), 0) from events");
  }

  /** The replayed events of a since subscribe (everything before its subscribed answer). */
  static List<JsonObject> replay(TestServer on, String token, long since, String topic) {
    try (LiveClient c = token == null ? LiveClient.connect(on.port()) : LiveClient.withToken(on.port(), token)) {
      c.subscribeSince(since, topic);
      List<JsonObject> got = c.until(m -> !"event".equals(m.getString("op")), 10_000);
      assertThat(got.get(got.size() - 1).getString("op")).as(got.get(got.size() - 1).encode()).isEqualTo("subscribed");
      return got.subList(0, got.size() - 1);
    }
  }

  /** A replay that must be answered from memory (or from the database), as the node's counters show. */
  static List<JsonObject> replay(TestServer on, String token, long since, String topic, boolean fromMemory) {
    LiveStats stats = on.server().app().liveStats();
    long memory = stats.replaysFromMemory();
    long database = stats.replaysFromDatabase();
    List<JsonObject> got = replay(on, token, since, topic);
    assertThat(stats.replaysFromMemory() - memory).as("from memory").isEqualTo(fromMemory ? 1 : 0);
    assertThat(stats.replaysFromDatabase() - database).as("from the database").isEqualTo(fromMemory ? 0 : 1);
    return got;
  }

  /** Body of each post event by (post id, type). */
  static Map<String, String> bodies(List<JsonObject> events) {
    return events.stream().filter(e -> e.getString("type").startsWith("post.") && e.getJsonObject("data").containsKey("body"))
        .collect(Collectors.toMap(e -> e.getJsonObject("data").getLong("id") + " " + e.getString("type"),
            e -> e.getJsonObject("data").getString("body")));
  }

  @Test
  @DisplayName("deleted and hidden posts replay as their placeholders, from memory and from the database; author and moderators see the hidden one")
  void postsRedacted() {
    space("rr-posts", "public");
    long since = lastEventId();
    long threadId = thread(author, "rr-posts", "Replayed thread").getLong("id");
    long deleted = reply(other, threadId, "Soon deleted");
    long hidden = reply(other, threadId, "Soon hidden");
    assertThat(other.patch("/api/posts/" + hidden, new JsonObject().put("body", "Edited, then hidden")).status()).isEqualTo(200);
    long kept = reply(author, threadId, "Stays");
    assertThat(other.delete("/api/posts/" + deleted).status()).isEqualTo(204);
    act("hide", "post", hidden, null);
    String topic = "thread:" + threadId;
    // What REST shows an anonymous reader now.
    assertThat(node.http().get("/api/posts/" + deleted).json().getString("body")).isEqualTo("[deleted]");
    assertThat(node.http().get("/api/posts/" + hidden).json().getString("body")).isEqualTo("[hidden by a moderator]");

    sync(node.node());
    TestServer fresh = TestServer.startOn(node.dbUrl(), new JsonObject());
    try {
      for (boolean fromMemory : new boolean[] {true, false}) {
        TestServer on = fromMemory ? node.node() : fresh;
        long from = fromMemory ? since : 0;
        Map<String, String> anonymous = bodies(replay(on, null, from, topic, fromMemory));
        assertThat(anonymous).as("anonymous, memory=" + fromMemory).containsEntry(deleted + " post.created", "[deleted]")
            .containsEntry(deleted + " post.deleted", "[deleted]")
            .containsEntry(hidden + " post.created", "[hidden by a moderator]")
            .containsEntry(hidden + " post.edited", "[hidden by a moderator]")
            .containsEntry(kept + " post.created", "Stays");
        assertThat(anonymous.values()).noneMatch(b -> b.startsWith("Soon") || b.startsWith("Edited"));

        for (TestHttp seesHidden : List.of(other, mod)) {
          Map<String, String> shown = bodies(replay(on, seesHidden.token(), from, topic, fromMemory));
          assertThat(shown).as("author or moderator, memory=" + fromMemory)
              .containsEntry(deleted + " post.created", "[deleted]")
              .containsEntry(hidden + " post.created", "Soon hidden")
              .containsEntry(hidden + " post.edited", "Edited, then hidden")
              .containsEntry(kept + " post.created", "Stays");
        }
      }
      // The placeholders have the shape REST gives.
      JsonObject created = replay(node.node(), null, since, topic).stream()
          .filter(e -> e.getString("type").equals("post.created") && e.getJsonObject("data").getLong("id") == deleted)
          .findFirst().orElseThrow().getJsonObject("data");
      assertThat(created.getString("html")).isEqualTo("<p>[deleted]</p>");
      assertThat(created.getBoolean("deleted")).isTrue();
    } finally {
      fresh.close();
    }
  }

  @Test
  @DisplayName("a space's replay leaves out threads since moved into a group space or hidden, and never names the group space")
  void spaceReplayDropsUnreadableThreads() {
    space("rr-square", "public");
    space("rr-back-room", "group", "rr_insider");
    long since = lastEventId();
    long stays = thread(author, "rr-square", "Stays public").getLong("id");
    long moved = thread(author, "rr-square", "Moves to the back room").getLong("id");
    JsonObject hidden = thread(author, "rr-square", "Gets hidden");
    long cameOut = thread(admin, "rr-back-room", "Comes out to the square").getLong("id");
    act("move", "thread", moved, "rr-back-room");
    act("hide", "post", hidden.getJsonObject("firstPost").getLong("id"), null);
    act("move", "thread", cameOut, "rr-square");
    sync(node.node());

    TestServer fresh = TestServer.startOn(node.dbUrl(), new JsonObject());
    try {
      for (boolean fromMemory : new boolean[] {true, false}) {
        TestServer on = fromMemory ? node.node() : fresh;
        long from = fromMemory ? since : 0;
        List<JsonObject> anonymous = replay(on, null, from, "space:rr-square", fromMemory);
        assertThat(created(anonymous)).as("memory=" + fromMemory).containsExactly(stays);
        assertThat(anonymous).filteredOn(e -> e.getString("type").equals("thread.moved"))
            .extracting(e -> e.getJsonObject("data"))
            .containsExactly(new JsonObject().put("threadId", cameOut).put("toSpace", "rr-square"));
        assertThat(anonymous).allSatisfy(e -> assertThat(e.encode()).doesNotContain("rr-back-room"));

        List<JsonObject> member = replay(on, insider.token(), from, "space:rr-square", fromMemory);
        assertThat(created(member)).as("a member of the group reads the moved thread").containsExactly(stays, moved);
        assertThat(member).filteredOn(e -> e.getString("type").equals("thread.moved"))
            .extracting(e -> e.getJsonObject("data").getLong("threadId")).containsExactly(moved, cameOut);
      }
    } finally {
      fresh.close();
    }
  }

  private static JsonObject moved(LiveClient client) {
    List<JsonObject> seen = client.until(m -> "thread.moved".equals(m.getString("type")), 5000);
    return seen.get(seen.size() - 1);
  }

  @Test
  @DisplayName("thread.moved tells a public space's followers no group slug; the group space's followers get both names")
  void liveMoveNamesOnlyReadableSpaces() {
    space("rr-hall", "public");
    space("rr-office", "group", "rr_insider");
    long id = thread(author, "rr-hall", "Moves to the office").getLong("id");
    try (LiveClient hall = LiveClient.connect(node.port()); LiveClient office = LiveClient.withToken(node.port(), insider.token())) {
      hall.subscribe("space:rr-hall");
      hall.expect("subscribed", 5000);
      office.subscribe("space:rr-office");
      office.expect("subscribed", 5000);
      act("move", "thread", id, "rr-office");
      // The thread's own thread.created may reach the hall after its subscription (it was committed
      // just before, and a busy listener hands it on later): the move is the event after it.
      assertThat(moved(hall).getJsonObject("data")).isEqualTo(new JsonObject().put("threadId", id).put("fromSpace", "rr-hall"));
      assertThat(moved(office).getJsonObject("data"))
          .isEqualTo(new JsonObject().put("threadId", id).put("fromSpace", "rr-hall").put("toSpace", "rr-office"));
    }
  }

  @Test
  @DisplayName("a me replay leaves out notifications about a thread since moved out of the member's reach, from memory and from the database")
  void meReplayDropsUnreadableNotifications() {
    space("rr-porch", "public");
    space("rr-attic", "group", "rr_insider");
    TestHttp reader = member("rr_reader");
    long since = lastEventId();
    long moved = thread(author, "rr-porch", "Attic plans, @rr_reader").getLong("id");
    long stays = thread(author, "rr-porch", "Porch lights, @rr_reader").getLong("id");
    act("move", "thread", moved, "rr-attic");
    sync(node.node());

    TestServer fresh = TestServer.startOn(node.dbUrl(), new JsonObject());
    try {
      for (boolean fromMemory : new boolean[] {true, false}) {
        TestServer on = fromMemory ? node.node() : fresh;
        List<JsonObject> replayed = replay(on, reader.token(), fromMemory ? since : 0, "me", fromMemory);
        assertThat(replayed).as("memory=" + fromMemory).filteredOn(e -> e.getString("type").equals("notification.created"))
            .extracting(e -> e.getJsonObject("data").getJsonObject("notification").getLong("targetId"))
            .containsExactly(stays);
        assertThat(replayed).allSatisfy(e -> assertThat(e.encode()).doesNotContain("Attic plans"));
      }
    } finally {
      fresh.close();
    }
  }

  static List<Long> created(List<JsonObject> events) {
    return events.stream().filter(e -> e.getString("type").equals("thread.created"))
        .map(e -> e.getJsonObject("data").getLong("id")).toList();
  }
}
