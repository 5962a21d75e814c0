package dev.cocreate.moderation;

import static org.assertj.core.api.Assertions.assertThat;

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
