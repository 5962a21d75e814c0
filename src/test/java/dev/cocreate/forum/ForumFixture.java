package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shortcuts the forum tests share: members with roles, spaces, threads and replies through the API. */
final class ForumFixture {
  final TestServer server;
  final TestHttp admin;
  final TestHttp mod;

  ForumFixture(TestServer server) {
    this.server = server;
    this.admin = withRole("forum_admin", "admin");
    this.mod = withRole("forum_mod", "moderator");
  }

  TestHttp member(String username) {
    TestHttp http = server.http();
    http.register(username);
    return http;
  }

  TestHttp withRole(String username, String role) {
    TestHttp http = server.http();
    long id = http.register(username).getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = '" + role + "' where id = " + id);
    return http;
  }

  JsonObject space(String slug, String visibility, String... members) {
    JsonObject req = new JsonObject().put("slug", slug).put("name", "Space " + slug).put("description", "About " + slug)
        .put("visibility", visibility);
    if (members.length > 0) {
      req.put("groupMembers", new JsonArray(List.of(members)));
    }
    Resp r = admin.post("/api/spaces", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** Starts a thread; answers the thread JSON, with its first post under "firstPost". */
  JsonObject thread(TestHttp who, String space, String title) {
    Resp r = who.post("/api/threads", new JsonObject().put("space", space).put("title", title).put("body", "Opening of " + title));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  JsonObject reply(TestHttp who, long threadId, Long parentId, String body) {
    JsonObject req = new JsonObject().put("body", body);
    if (parentId != null) {
      req.put("parentId", parentId);
    }
    Resp r = who.post("/api/threads/" + threadId + "/posts", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** Every post of a thread in the given order, following cursors. */
  List<JsonObject> allPosts(TestHttp who, long threadId, String order, int pageSize) {
    List<JsonObject> out = new ArrayList<>();
    String cursor = null;
    do {
      Resp r = who.get("/api/threads/" + threadId + "/posts?order=" + order + "&limit=" + pageSize
          + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      r.items().forEach(o -> out.add((JsonObject) o));
      cursor = r.json().getString("nextCursor");
    } while (cursor != null);
    return out;
  }

  long count(String sql) {
    return TestDatabase.queryLong(server.dbUrl(), sql);
  }

  void exec(String sql) {
    TestDatabase.execOn(server.dbUrl(), sql);
  }

  /** Sends one JSON request with a bearer token through a shared client (for many users at once). */
  static Resp send(TestHttp client, String token, String method, String path, JsonObject body) {
    HttpRequest.Builder b = client.builder(path).header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return client.send(b);
  }

  /** Runs n tasks on a pool of workers, all started together; answers their results in order. */
  static <T> List<T> parallel(int n, int workers, IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(pool.submit(() -> task.apply(k)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(120, TimeUnit.SECONDS));
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Creates n members straight in the database and signs a bearer token for each, as
   * SessionService.issueToken would. Registering through the API costs an Argon2 hash per member,
   * which makes hundreds of members take half a minute on a small machine.
   */
  List<String> membersViaSql(String prefix, int n) {
    exec("""
        insert into users (username, email, display_name, password_hash)
        select '%1$s' || g, '%1$s' || g || '@example.test', 'Member ' || g, 'no password' from generate_series(0, %2$d) g order by g;
        insert into sessions (id, user_id, kind, expires_at)
        select md5(u.username)::uuid, u.id, 'token', now() + interval '1 hour' from users u where u.username like '%1$s%%'
        """.formatted(prefix, n - 1));
    Map<String, Long> ids = new HashMap<>();
    DbTarget t = DbTarget.parse(server.dbUrl());
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
        PreparedStatement q = c.prepareStatement("select username, id from users where username like ?")) {
      q.setString(1, prefix + "%");
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          ids.put(rs.getString(1), rs.getLong(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String username = prefix + i;
      long id = ids.get(username);
      tokens.add(sign(new JsonObject().put("sub", String.valueOf(id)).put("sid", md5Uuid(username))
          .put("iat", System.currentTimeMillis() / 1000).put("exp", System.currentTimeMillis() / 1000 + 3600)));
    }
    return tokens;
  }

  private static String md5Uuid(String s) {
    try {
      String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
      return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-"
          + hex.substring(20);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An HS256 JWT with the key TestServer configures. */
  private static String sign(JsonObject payload) {
    try {
      Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
      String head = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
      String body = enc.encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec("test-secret-test-secret-test-secret-0123456789".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return head + "." + body + "." + enc.encodeToString(mac.doFinal((head + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
