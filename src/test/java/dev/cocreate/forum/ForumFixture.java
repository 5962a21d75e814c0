package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

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

  /** Registers n members at once; answers their bearer tokens. */
  static List<String> registerMany(TestHttp client, String prefix, int n) {
    return parallel(n, 16, i -> {
      Resp r = client.send(client.builder("/api/auth/register").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", prefix + i)
              .put("email", prefix + i + "@example.test").put("password", "correct horse battery").encode())));
      if (r.status() != 201) {
        throw new IllegalStateException("register failed: " + r);
      }
      return r.json().getString("token");
    });
  }
}
