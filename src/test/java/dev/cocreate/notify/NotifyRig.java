package dev.cocreate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Members, spaces, threads and replies through the API, and reading notifications back, for the notify tests. */
public final class NotifyRig {
  public final TestServer server;
  public final TestHttp admin;

  public NotifyRig(TestServer server, String adminName) {
    this.server = server;
    this.admin = withRole(adminName, "admin");
  }

  public TestHttp member(String username) {
    TestHttp http = server.http();
    http.register(username);
    return http;
  }

  public TestHttp withRole(String username, String role) {
    TestHttp http = server.http();
    long id = http.register(username).getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = '" + role + "' where id = " + id);
    return http;
  }

  public JsonObject space(String slug, String visibility, String... members) {
    JsonObject req = new JsonObject().put("slug", slug).put("name", "Space " + slug).put("description", "About " + slug)
        .put("visibility", visibility);
    if (members.length > 0) {
      req.put("groupMembers", new JsonArray(List.of((Object[]) members)));
    }
    Resp r = admin.post("/api/spaces", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  public JsonObject thread(TestHttp who, String space, String title, String body) {
    Resp r = who.post("/api/threads", new JsonObject().put("space", space).put("title", title).put("body", body));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  public JsonObject reply(TestHttp who, long threadId, Long parentId, String body) {
    JsonObject req = new JsonObject().put("body", body);
    if (parentId != null) {
      req.put("parentId", parentId);
    }
    Resp r = who.post("/api/threads/" + threadId + "/posts", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** Every notification of the member, newest first. */
  public List<JsonObject> notifications(TestHttp who) {
    Resp r = who.get("/api/notifications?limit=100");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    r.items().forEach(o -> out.add((JsonObject) o));
    return out;
  }

  public int unread(TestHttp who) {
    Resp r = who.get("/api/notifications?limit=1");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getInteger("unreadCount");
  }

  public void watch(TestHttp who, String path, String level) {
    Resp r = who.put(path + "/watch", new JsonObject().put("level", level));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  public long count(String sql) {
    return TestDatabase.queryLong(server.dbUrl(), sql);
  }

  public void exec(String sql) {
    TestDatabase.execOn(server.dbUrl(), sql);
  }
}
