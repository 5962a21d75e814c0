package dev.cocreate.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/** Shortcuts the moderation tests share: members with roles and trust levels, actions, the log. */
final class ModerationFixture {
  final TestServer server;
  final TestHttp admin;
  final TestHttp mod;

  ModerationFixture(TestServer server, String prefix) {
    this.server = server;
    this.admin = withRole(prefix + "_admin", "admin");
    this.mod = withRole(prefix + "_mod", "moderator");
  }

  TestHttp member(String username) {
    TestHttp http = server.http();
    http.register(username);
    return http;
  }

  /** A member already at the given trust level (set directly, as the periodic job would). */
  TestHttp member(String username, int trustLevel) {
    TestHttp http = member(username);
    sql("update users set trust_level = " + trustLevel + " where username = '" + username + "'");
    return http;
  }

  TestHttp withRole(String username, String role) {
    TestHttp http = member(username);
    sql("update users set role = '" + role + "' where username = '" + username + "'");
    return http;
  }

  long userId(String username) {
    return count("select id from users where username = '" + username + "'");
  }

  void sql(String sql) {
    TestDatabase.execOn(server.dbUrl(), sql);
  }

  long count(String sql) {
    return TestDatabase.queryLong(server.dbUrl(), sql);
  }

  long logRows() {
    return count("select count(*) from moderation_log");
  }

  /** A space made by the admin; {@code visibility} public, members or group. */
  JsonObject space(String slug, String visibility) {
    Resp r = admin.post("/api/spaces", new JsonObject().put("slug", slug).put("name", "Space " + slug)
        .put("description", "About " + slug).put("visibility", visibility));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** Starts a thread; the thread JSON, with its first post under "firstPost". */
  JsonObject thread(TestHttp who, String space, String title) {
    Resp r = who.post("/api/threads", new JsonObject().put("space", space).put("title", title).put("body", "Opening of " + title));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  JsonObject reply(TestHttp who, long threadId, String body) {
    Resp r = who.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", body));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  Resp flag(TestHttp who, long postId, String reason) {
    return who.post("/api/posts/" + postId + "/flags", new JsonObject().put("reason", reason));
  }

  /** The post as the given caller reads it. */
  JsonObject post(TestHttp who, long postId) {
    Resp r = who.get("/api/posts/" + postId);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** Live events of a topic, oldest first, straight from the outbox. */
  java.util.List<JsonObject> events(String topic) {
    java.util.List<JsonObject> out = new java.util.ArrayList<>();
    dev.cocreate.platform.db.DbTarget t = dev.cocreate.platform.db.DbTarget.parse(server.dbUrl());
    try (var c = java.sql.DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
        var st = c.prepareStatement("select type, data::text from events where topic = ? order by id")) {
      st.setString(1, topic);
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(new JsonObject().put("type", rs.getString(1)).put("data", new JsonObject(rs.getString(2))));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  static JsonObject action(String action, String targetType, long targetId, String reason) {
    return new JsonObject().put("action", action).put("targetType", targetType).put("targetId", targetId).put("reason", reason);
  }

  Resp act(TestHttp who, JsonObject action) {
    return who.post("/api/moderation/actions", action);
  }

  /** The newest log entry, as moderators read it. */
  JsonObject latestLogEntry() {
    Resp r = mod.get("/api/moderation/log?limit=1");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonArray items = r.items();
    assertThat(items).isNotEmpty();
    return items.getJsonObject(0);
  }

  /** Waits until the query answers {@code expected} (for writes done on the side of a request). */
  void awaitCount(String sql, long expected) {
    Eventually.until(Eventually.LIMIT, () -> count(sql) == expected,
        () -> sql + " answers " + count(sql) + ", not " + expected);
  }

  /** Recomputes every trust level now, as the periodic job does. */
  int recomputeTrust() {
    try {
      return server.server().app().trust().recomputeAll().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public profile (role, trust level) of a member. */
  JsonObject profile(String username) {
    Resp r = mod.get("/api/users/" + username);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  int trustLevel(String username) {
    return profile(username).getInteger("trustLevel");
  }
}
