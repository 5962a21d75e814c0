package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.account.Caller;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Private spaces: what a caller cannot read does not exist for them")
class PrivateSpaceTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp alice;
  static TestHttp bob;
  static TestHttp outsider;
  static TestHttp anon;
  static long threadId;
  static long firstPostId;
  static long replyId;
  static long membersThreadId;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("forum");
    alice = community.member("alice");
    bob = community.member("bob");
    outsider = community.member("outsider");
    anon = server.http();
    community.space("frontline", "group", "alice", "bob");
    community.space("lounge", "members");
    community.space("open", "public");
    JsonObject t = community.thread(alice, "frontline", "Shift notes");
    threadId = t.getLong("id");
    firstPostId = t.getJsonObject("firstPost").getLong("id");
    replyId = community.reply(bob, threadId, null, "internal only").getLong("id");
    assertThat(alice.patch("/api/posts/" + replyId, new JsonObject().put("body", "x")).status()).isEqualTo(403);
    assertThat(bob.patch("/api/posts/" + replyId, new JsonObject().put("body", "internal, edited")).status()).isEqualTo(200);
    membersThreadId = community.thread(alice, "lounge", "Members chat").getLong("id");
  }

  static List<String> readPaths() {
    return List.of("/api/spaces/frontline", "/api/spaces/frontline/threads", "/api/spaces/frontline/threads?sort=top",
        "/api/threads/" + threadId, "/api/threads/" + threadId + "/posts", "/api/threads/" + threadId + "/posts?order=newest",
        "/api/posts/" + firstPostId, "/api/posts/" + replyId, "/api/posts/" + replyId + "/revisions");
  }

  @Test
  @DisplayName("an outsider gets 404 on every read and write of a group space's threads and posts")
  void outsiderSeesNothing() {
    for (String path : readPaths()) {
      Resp r = outsider.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).doesNotContain("Shift notes").doesNotContain("internal");
    }
    assertThat(outsider.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "hi")).status()).isEqualTo(404);
    assertThat(outsider.post("/api/threads/" + threadId + "/posts",
        new JsonObject().put("body", "hi").put("parentId", replyId)).status()).isEqualTo(404);
    assertThat(outsider.put("/api/posts/" + replyId + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(404);
    assertThat(outsider.patch("/api/posts/" + replyId, new JsonObject().put("body", "mine now")).status()).isEqualTo(404);
    assertThat(outsider.delete("/api/posts/" + replyId).status()).isEqualTo(404);
    assertThat(outsider.post("/api/threads", new JsonObject().put("space", "frontline").put("title", "Let me in")
        .put("body", "x")).status()).isEqualTo(404);
    assertThat(outsider.get("/api/spaces").body()).doesNotContain("frontline");
  }

  @Test
  @DisplayName("anonymous callers get 404 on every read, and 401 on writes")
  void anonymousSeesNothing() {
    for (String path : readPaths()) {
      assertThat(anon.get(path).status()).as(path).isEqualTo(404);
    }
    assertThat(anon.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "hi")).status()).isEqualTo(401);
    assertThat(anon.put("/api/posts/" + replyId + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(401);
    assertThat(anon.patch("/api/posts/" + replyId, new JsonObject().put("body", "x")).status()).isEqualTo(401);
    assertThat(anon.delete("/api/posts/" + replyId).status()).isEqualTo(401);
    assertThat(anon.get("/api/spaces").body()).doesNotContain("frontline").doesNotContain("lounge").contains("open");
  }

  @Test
  @DisplayName("group members, moderators and admins read the group space and can take part")
  void membersAndModeratorsRead() {
    for (TestHttp reader : List.of(bob, community.mod(), community.admin())) {
      for (String path : readPaths()) {
        assertThat(reader.get(path).status()).as(path).isEqualTo(200);
      }
    }
    assertThat(bob.get("/api/spaces").body()).contains("frontline");
    assertThat(community.mod().get("/api/spaces").body()).contains("frontline");
    assertThat(bob.get("/api/posts/" + replyId + "/revisions").items()).hasSize(1);
    assertThat(community.mod().post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "mod here")).status()).isEqualTo(201);
    assertThat(alice.put("/api/posts/" + replyId + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(200);
    assertThat(bob.get("/api/spaces/frontline/threads").items()).hasSize(1);
  }

  @Test
  @DisplayName("a members-only space: anonymous 404, any signed-in member 200")
  void membersOnly() {
    List<String> paths = List.of("/api/spaces/lounge", "/api/spaces/lounge/threads", "/api/threads/" + membersThreadId,
        "/api/threads/" + membersThreadId + "/posts");
    for (String path : paths) {
      assertThat(anon.get(path).status()).as(path).isEqualTo(404);
      assertThat(outsider.get(path).status()).as(path).isEqualTo(200);
    }
    assertThat(outsider.get("/api/spaces").body()).contains("lounge").doesNotContain("frontline");
    assertThat(outsider.post("/api/threads/" + membersThreadId + "/posts", new JsonObject().put("body", "hi")).status()).isEqualTo(201);
  }

  @Test
  @DisplayName("a thread hidden by moderation is 404 to members and readable by moderators")
  void hiddenThread() {
    long id = community.thread(alice, "open", "Soon hidden").getLong("id");
    community.exec("update threads set hidden = true where id = " + id);
    assertThat(alice.get("/api/threads/" + id).status()).isEqualTo(404);
    assertThat(alice.get("/api/spaces/open/threads").body()).doesNotContain("Soon hidden");
    assertThat(community.mod().get("/api/threads/" + id).status()).isEqualTo(200);
    assertThat(community.mod().get("/api/spaces/open/threads").body()).contains("Soon hidden");
  }

  @Test
  @DisplayName("live topics follow the same rules")
  void liveTopics() throws Exception {
    ForumService forum = server.server().app().forum();
    var anonymous = Caller.ANONYMOUS;
    assertThat(get(forum.canReadTopic(anonymous, "thread:" + threadId))).isFalse();
    assertThat(get(forum.canReadTopic(anonymous, "space:frontline"))).isFalse();
    assertThat(get(forum.canReadTopic(anonymous, "space:open"))).isTrue();
    assertThat(get(forum.canReadTopic(anonymous, "thread:" + membersThreadId))).isFalse();
    assertThat(get(forum.canReadTopic(anonymous, "thread:abc"))).isFalse();
    assertThat(get(forum.canReadTopic(anonymous, "challenge:1"))).isFalse();
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
