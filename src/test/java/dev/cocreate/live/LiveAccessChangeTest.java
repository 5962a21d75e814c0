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
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #17: a live subscription follows every change of who may read what it announces, at
 * once, on every node. Each change is made through node A's API while a socket on node A and one
 * on node B follow; each must get the documented answer (error forbidden naming the topic, or close
 * 4401 / 1008) and nothing of the topic written after it.
 */
@DisplayName("Live: permission changes end subscriptions at once, on every node")
class LiveAccessChangeTest {
  static final String PASSWORD = "correct horse battery";
  static final AtomicInteger SEQ = new AtomicInteger();
  @RegisterExtension static final CocreateServer nodeA = CocreateServer.start();
  static TestServer nodeB;
  static List<TestServer> nodes;
  static TestHttp admin;
  static TestHttp mod;
  static TestHttp author;
  /** A public thread every socket also follows: once its probe event arrives, anything written before it would have too. */
  static String control;

  @BeforeAll
  static void start() {
    nodeB = TestServer.startOn(nodeA.dbUrl(), new JsonObject());
    nodes = List.of(nodeA.node(), nodeB);
    admin = withRole("acc_admin", "admin");
    mod = withRole("acc_mod", "moderator");
    author = member("acc_author");
    space("acc-control", "public");
    control = "thread:" + thread(author, "acc-control", "Control thread").getLong("id");
  }

  @AfterAll
  static void stop() {
    nodeB.close();
  }

  // ---- fixtures, through node A's API

  static TestHttp member(String username) {
    TestHttp http = nodeA.http();
    http.register(username);
    return http;
  }

  static TestHttp withRole(String username, String role) {
    TestHttp http = member(username);
    TestDatabase.execOn(nodeA.dbUrl(), "update users set role = '" + role + "' where username = '" + username + "'");
    return http;
  }

  static String uniq(String prefix) {
    return prefix + SEQ.incrementAndGet();
  }

  static JsonObject space(String slug, String visibility, String... members) {
    JsonObject req = new JsonObject().put("slug", slug).put("name", slug).put("visibility", visibility);
    if (members.length > 0) {
      req.put("groupMembers", new JsonArray(List.of((Object[]) members)));
    }
    Resp r = admin.post("/api/spaces", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  static JsonObject thread(TestHttp who, String space, String title) {
    Resp r = who.post("/api/threads", new JsonObject().put("space", space).put("title", title).put("body", "Opening of " + title));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
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

  // ---- live helpers

  /** A socket on the node (anonymous when token is null) following the topics and the control thread. */
  static LiveClient follow(TestServer node, String token, String... topics) {
    LiveClient c = token == null ? LiveClient.connect(node.port()) : LiveClient.withToken(node.port(), token);
    List<String> all = new ArrayList<>(List.of(topics));
    all.add(control);
    c.subscribe(all.toArray(String[]::new));
    assertThat(c.expect("subscribed", 5000).getJsonArray("topics").getList()).containsExactlyInAnyOrderElementsOf(all);
    return c;
  }

  /** One socket per node, as the same caller. */
  static List<LiveClient> followOnEachNode(String token, String... topics) {
    List<LiveClient> out = new ArrayList<>();
    for (TestServer node : nodes) {
      out.add(follow(node, token, topics));
    }
    return out;
  }

  /**
   * The messages up to the forbidden frames of these topics (each names its topic); no event of
   * them may come after the change, so the caller checks what came before.
   */
  static List<JsonObject> awaitForbidden(LiveClient c, String... topics) {
    List<String> waiting = new ArrayList<>(List.of(topics));
    List<JsonObject> seen = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 10_000;
    while (!waiting.isEmpty()) {
      JsonObject m = c.next(Math.max(1, deadline - System.currentTimeMillis()));
      seen.add(m);
      if ("error".equals(m.getString("op"))) {
        assertThat(m.getString("code")).as(m.encode()).isEqualTo("forbidden");
        assertThat(m.getJsonArray("topics").getList()).as(m.encode()).containsExactly(m.getString("topic"));
        assertThat(m.getString("message")).isNotBlank();
        assertThat(waiting.remove(m.getString("topic"))).as("unexpected %s", m.encode()).isTrue();
      } else {
        assertThat(m.getString("op")).as(m.encode()).isEqualTo("event");
      }
    }
    return seen;
  }

  /** Commits an event on each topic through node A's own event log (no permission involved), in this order. */
  static List<Long> write(String... topics) {
    App app = nodeA.server().app();
    List<Long> ids = new ArrayList<>();
    for (String topic : topics) {
      ids.add(EventWriter.await(app.db().tx(tx -> app.events().append(tx, topic, "post.created",
          new JsonObject().put("probe", true)))));
    }
    return ids;
  }

  /**
   * After the ended topics' forbidden frames: an event on each of them and then one on the control
   * thread. The control event arrives; nothing of the ended topics does (events come in id order).
   */
  static void nothingMoreOf(List<LiveClient> clients, String... ended) {
    List<String> order = new ArrayList<>(List.of(ended));
    order.add(control);
    List<Long> ids = write(order.toArray(String[]::new));
    long controlId = ids.get(ids.size() - 1);
    for (LiveClient c : clients) {
      List<JsonObject> got = c.until(m -> "event".equals(m.getString("op")) && m.getLong("id") == controlId, 10_000);
      for (JsonObject m : got) {
        assertThat(List.of(ended)).as("after the change: %s", m.encode()).doesNotContain(m.getString("topic"));
      }
    }
  }

  /** The event arrives, after no refusal (events of the probes written before it may come first). */
  static void receives(LiveClient c, long id) {
    List<JsonObject> got = c.until(m -> "event".equals(m.getString("op")) && m.getLong("id") == id, 10_000);
    assertThat(got).as("still followed").allMatch(m -> "event".equals(m.getString("op")));
  }

  static void closeAll(List<LiveClient> clients) {
    clients.forEach(LiveClient::close);
  }

  static List<JsonObject> eventsOf(List<JsonObject> messages, String topic) {
    return messages.stream().filter(m -> "event".equals(m.getString("op")) && topic.equals(m.getString("topic"))).toList();
  }

  // ---- each change

  @Test
  @DisplayName("a thread moved into a group space: anonymous followers get forbidden, not the move; members keep it")
  void moveIntoGroup() {
    String pub = uniq("acc-mv-pub-");
    String grp = uniq("acc-mv-grp-");
    String insiderName = uniq("acc_mv_in_");
    TestHttp insider = member(insiderName);
    space(pub, "public");
    space(grp, "group", insiderName);
    long id = thread(author, pub, "Soon private").getLong("id");
    String topic = "thread:" + id;
    List<LiveClient> anonymous = followOnEachNode(null, topic, "space:" + pub);
    List<LiveClient> insiders = followOnEachNode(insider.token(), topic, "space:" + pub);
    try {
      act("move", "thread", id, grp);
      for (LiveClient c : anonymous) {
        List<JsonObject> before = awaitForbidden(c, topic);
        assertThat(eventsOf(before, topic)).as("the move is not told to those who lost the thread").isEmpty();
        // The public space's followers learn that it left, not where to.
        JsonObject moved = c.expect("event", 5000);
        assertThat(moved.getString("topic")).isEqualTo("space:" + pub);
        assertThat(moved.getJsonObject("data")).isEqualTo(new JsonObject().put("threadId", id).put("fromSpace", pub));
      }
      nothingMoreOf(anonymous, topic);
      for (LiveClient c : insiders) {
        JsonObject onThread = c.expect("event", 5000);
        assertThat(onThread.getString("topic")).isEqualTo(topic);
        assertThat(onThread.getJsonObject("data").getString("toSpace")).isEqualTo(grp);
        receives(c, write(topic).get(0));
      }
    } finally {
      closeAll(anonymous);
      closeAll(insiders);
    }
  }

  @Test
  @DisplayName("hiding a thread's opening post ends its public followers' subscriptions; showing it lets them subscribe again")
  void hideAndUnhideOpeningPost() {
    String pub = uniq("acc-hide-");
    space(pub, "public");
    JsonObject t = thread(author, pub, "Soon hidden");
    long id = t.getLong("id");
    long firstPost = t.getJsonObject("firstPost").getLong("id");
    String topic = "thread:" + id;
    List<LiveClient> anonymous = followOnEachNode(null, topic);
    List<LiveClient> moderators = followOnEachNode(mod.token(), topic);
    try {
      act("hide", "post", firstPost, null);
      for (LiveClient c : anonymous) {
        assertThat(eventsOf(awaitForbidden(c, topic), topic)).isEmpty();
      }
      nothingMoreOf(anonymous, topic);
      for (LiveClient c : moderators) {
        JsonObject hidden = c.expect("event", 5000);
        assertThat(hidden.getString("type")).isEqualTo("post.hidden");
      }
      assertThat(nodeA.http().get("/api/threads/" + id).status()).isEqualTo(404);

      act("unhide", "post", firstPost, null);
      assertThat(nodeA.http().get("/api/threads/" + id).status()).isEqualTo(200);
      for (LiveClient c : anonymous) {
        c.subscribe(topic);
        assertThat(c.expect("subscribed", 5000).getJsonArray("topics").getList()).containsExactly(topic);
        List<Long> ids = write(topic);
        // The unhide's own event may still be on its way to this node when the subscribe lands:
        // it is readable now and arrives first. The written event must follow, nothing skipped.
        long got = c.expect("event", 5000).getLong("id");
        while (got < ids.get(0)) {
          got = c.expect("event", 5000).getLong("id");
        }
        assertThat(got).isEqualTo(ids.get(0));
      }
    } finally {
      closeAll(anonymous);
      closeAll(moderators);
    }
  }

  @Test
  @DisplayName("a member removed from an org's group space by its facilitator loses its topic and its threads' topics at once")
  void removedByFacilitator() {
    TestHttp owner = member(uniq("acc_owner_"));
    String org = uniq("acc-org-");
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", org).put("name", org)).status()).isEqualTo(201);
    String insiderName = uniq("acc_fmem_");
    TestHttp insider = member(insiderName);
    String facName = uniq("acc_fac_");
    TestHttp fac = member(facName);
    String grp = uniq("acc-fgrp-");
    Resp made = owner.post("/api/orgs/" + org + "/spaces", new JsonObject().put("slug", grp).put("name", grp)
        .put("groupMembers", new JsonArray().add(insiderName).add(facName)));
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    Resp named = owner.put("/api/spaces/" + grp + "/facilitators/" + facName,
        new JsonObject().put("termEndsAt", java.time.Instant.now().plus(java.time.Duration.ofDays(1)).toString()));
    assertThat(named.status()).as(named.toString()).isEqualTo(200);
    String topic = "thread:" + thread(insider, grp, "Network talk").getLong("id");
    List<LiveClient> sockets = followOnEachNode(insider.token(), topic, "space:" + grp);
    try {
      Resp r = fac.delete("/api/spaces/" + grp + "/members/" + insiderName);
      assertThat(r.status()).as(r.toString()).isEqualTo(204);
      for (LiveClient c : sockets) {
        awaitForbidden(c, topic, "space:" + grp);
      }
      nothingMoreOf(sockets, topic, "space:" + grp);
    } finally {
      closeAll(sockets);
    }
  }

  @Test
  @DisplayName("a member removed from a group space loses its topic and its threads' topics")
  void membershipRemoved() {
    String grp = uniq("acc-mem-");
    String username = uniq("acc_mem_");
    TestHttp insider = member(username);
    space(grp, "group", username);
    String topic = "thread:" + thread(insider, grp, "Group talk").getLong("id");
    List<LiveClient> sockets = followOnEachNode(insider.token(), topic, "space:" + grp);
    List<LiveClient> moderators = followOnEachNode(mod.token(), topic);
    try {
      Resp r = admin.delete("/api/spaces/" + grp + "/members/" + username);
      assertThat(r.status()).as(r.toString()).isEqualTo(204);
      for (LiveClient c : sockets) {
        awaitForbidden(c, topic, "space:" + grp);
      }
      nothingMoreOf(sockets, topic, "space:" + grp);
      // Others of the space are not concerned.
      long id = write(topic).get(0);
      for (LiveClient c : moderators) {
        receives(c, id);
      }
    } finally {
      closeAll(sockets);
      closeAll(moderators);
    }
  }

  @Test
  @DisplayName("a public space made members-only: anonymous followers lose it and its threads, members keep them")
  void visibilityTightened() {
    String slug = uniq("acc-vis-");
    space(slug, "public");
    String topic = "thread:" + thread(author, slug, "Soon members only").getLong("id");
    List<LiveClient> anonymous = followOnEachNode(null, topic, "space:" + slug);
    List<LiveClient> members = followOnEachNode(author.token(), topic, "space:" + slug);
    try {
      Resp r = admin.patch("/api/spaces/" + slug, new JsonObject().put("visibility", "members"));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.json().getString("visibility")).isEqualTo("members");
      for (LiveClient c : anonymous) {
        awaitForbidden(c, topic, "space:" + slug);
      }
      nothingMoreOf(anonymous, topic, "space:" + slug);
      List<Long> ids = write(topic, "space:" + slug);
      for (LiveClient c : members) {
        receives(c, ids.get(0));
        receives(c, ids.get(1));
      }
    } finally {
      closeAll(anonymous);
      closeAll(members);
    }
  }

  @Test
  @DisplayName("a moderator demoted to member loses group topics on the old socket, and cannot subscribe or replay them again")
  void roleLowered() {
    String grp = uniq("acc-role-");
    space(grp, "group");
    String topic = "thread:" + thread(admin, grp, "Staff only").getLong("id");
    String username = uniq("acc_demoted_");
    TestHttp demoted = withRole(username, "moderator");
    List<LiveClient> sockets = followOnEachNode(demoted.token(), topic, "space:" + grp);
    try {
      Resp r = admin.put("/api/users/" + username + "/role", new JsonObject().put("role", "member"));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      for (LiveClient c : sockets) {
        awaitForbidden(c, topic, "space:" + grp);
      }
      nothingMoreOf(sockets, topic, "space:" + grp);
      for (LiveClient c : sockets) {
        c.subscribeSince(0, topic);
        JsonObject refused = c.next(5000);
        assertThat(refused.getString("code")).as(refused.encode()).isEqualTo("forbidden");
        assertThat(c.drain(200)).isEmpty();
      }
    } finally {
      closeAll(sockets);
    }
  }

  @Test
  @DisplayName("logging out closes that session's sockets with 4401 on every node; another session stays")
  void logout() {
    String username = uniq("acc_out_");
    TestHttp session = member(username);
    Resp again = nodeA.http().post("/api/auth/login", new JsonObject().put("login", username).put("password", PASSWORD));
    String other = again.json().getString("token");
    List<LiveClient> sockets = followOnEachNode(session.token(), "me");
    LiveClient stays = follow(nodeB, other, "me");
    try {
      assertThat(session.post("/api/auth/logout", new JsonObject()).status()).isEqualTo(204);
      for (LiveClient c : sockets) {
        assertThat(c.awaitClose(10_000)).isEqualTo(4401);
      }
      assertThat(session.get("/api/me").status()).isEqualTo(401);
      stays.send(new JsonObject().put("op", "ping"));
      assertThat(stays.expect("pong", 5000)).isNotNull();
    } finally {
      closeAll(sockets);
      stays.close();
    }
  }

  @Test
  @DisplayName("a session that expires by the hubs' clock closes its sockets with 4401, no waiting for the hour")
  void tokenExpiry() {
    String username = uniq("acc_exp_");
    TestHttp session = member(username);
    // This session ends in 20 seconds; the hubs' clocks will be a minute ahead, short of the 90 s idle
    // timeout that runs by the same clock. Other sessions run an hour.
    TestDatabase.execOn(nodeA.dbUrl(), "update sessions set expires_at = now() + interval '20 seconds' where user_id = "
        + "(select id from users where username = '" + username + "')");
    List<LiveClient> sockets = followOnEachNode(session.token(), "me");
    LiveClient bystander = follow(nodeA.node(), author.token(), "me");
    try {
      Instant ahead = Instant.now().plus(Duration.ofMinutes(1));
      for (TestServer node : nodes) {
        node.server().app().liveClock(() -> ahead);
      }
      for (LiveClient c : sockets) {
        assertThat(c.awaitClose(15_000)).isEqualTo(4401);
      }
      bystander.send(new JsonObject().put("op", "ping"));
      assertThat(bystander.expect("pong", 5000)).isNotNull();
    } finally {
      for (TestServer node : nodes) {
        node.server().app().liveClock(InstantSource.system());
      }
      closeAll(sockets);
      bystander.close();
    }
  }

  @Test
  @DisplayName("suspension still closes with 1008 on every node")
  void suspension() {
    String username = uniq("acc_susp_");
    TestHttp member = member(username);
    List<LiveClient> sockets = followOnEachNode(member.token(), "me");
    try {
      Resp r = mod.post("/api/users/" + username + "/suspension",
          new JsonObject().put("until", OffsetDateTime.now().plusDays(1).toString()).put("reason", "test"));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      for (LiveClient c : sockets) {
        assertThat(c.awaitClose(10_000)).isEqualTo(1008);
      }
    } finally {
      closeAll(sockets);
    }
  }

  @Test
  @DisplayName("deleting one's account closes every socket of theirs with 4401 on every node")
  void accountDeletion() {
    String username = uniq("acc_del_");
    TestHttp member = member(username);
    String second = nodeA.http().post("/api/auth/login", new JsonObject().put("login", username).put("password", PASSWORD))
        .json().getString("token");
    List<LiveClient> sockets = new ArrayList<>(followOnEachNode(member.token(), "me"));
    sockets.add(follow(nodeB, second, "me"));
    try {
      Resp r = member.send("/api/me", "DELETE", new JsonObject().put("password", PASSWORD));
      assertThat(r.status()).as(r.toString()).isEqualTo(204);
      for (LiveClient c : sockets) {
        assertThat(c.awaitClose(10_000)).isEqualTo(4401);
      }
    } finally {
      closeAll(sockets);
    }
  }
}
