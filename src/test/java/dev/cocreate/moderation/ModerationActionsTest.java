package dev.cocreate.moderation;

import static dev.cocreate.support.Community.action;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Flags, the queue and moderators' actions on posts and threads")
class ModerationActionsTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("act");
    community.space("general", "public");
    community.space("archive", "public");
    community.space("staff", "group");
  }

  static void assertLogged(JsonObject entry, String actor, String action, String targetType, long targetId, String reason) {
    assertThat(entry.getJsonObject("actor").getString("username")).isEqualTo(actor);
    assertThat(entry.getString("action")).isEqualTo(action);
    assertThat(entry.getString("targetType")).isEqualTo(targetType);
    assertThat(entry.getLong("targetId")).isEqualTo(targetId);
    assertThat(entry.getString("reason")).isEqualTo(reason);
  }

  @Test
  @DisplayName("a flag is 201 once per member and post (409 again); 404 on a post the caller cannot read; 403 on one's own")
  void flags() {
    TestHttp author = community.member("act_author");
    TestHttp flagger = community.member("act_flagger");
    long postId = community.reply(author, community.thread(author, "general", "Flag me").getLong("id"), "a reply").getLong("id");
    Resp first = flagger.post("/api/posts/" + postId + "/flags", new JsonObject().put("reason", "other").put("note", "looks off"));
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.json().getString("state")).isEqualTo("open");
    assertThat(first.json().getString("note")).isEqualTo("looks off");
    assertThat(community.flag(flagger, postId, "spam").status()).isEqualTo(409);
    assertThat(community.flag(author, postId, "spam").status()).isEqualTo(403);

    long secret = community.thread(community.mod(), "staff", "Staff only").getJsonObject("firstPost").getLong("id");
    assertThat(community.flag(flagger, secret, "spam").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("the queue groups open flags by target, oldest first, with content, author history and claims")
  void queue() {
    TestHttp author = community.member("act_queued");
    TestHttp a = community.member("act_qa");
    TestHttp b = community.member("act_qb");
    long thread = community.thread(author, "general", "Queue").getLong("id");
    long older = community.reply(author, thread, "older reply").getLong("id");
    long newer = community.reply(author, thread, "newer reply").getLong("id");
    assertThat(community.flag(a, older, "spam").status()).isEqualTo(201);
    assertThat(community.flag(a, newer, "abuse").status()).isEqualTo(201);
    assertThat(community.flag(b, older, "off_topic").status()).isEqualTo(201);

    JsonArray items = community.mod().get("/api/moderation/queue?limit=100").items();
    List<Long> order = items.stream().map(o -> ((JsonObject) o).getLong("targetId")).filter(id -> id == older || id == newer).toList();
    assertThat(order).containsExactly(older, newer);
    JsonObject item = items.stream().map(o -> (JsonObject) o).filter(o -> o.getLong("targetId") == older).findFirst().orElseThrow();
    assertThat(item.getInteger("flagCount")).isEqualTo(2);
    assertThat(item.getJsonArray("flags").getJsonObject(0).getJsonObject("by").getString("username")).isEqualTo("act_qa");
    assertThat(item.getJsonObject("content").getString("body")).isEqualTo("older reply");
    assertThat(item.getJsonObject("author").getString("username")).isEqualTo("act_queued");
    assertThat(item.getJsonObject("author").getLong("postCount")).isEqualTo(3);
    assertThat(item.getJsonObject("author").getInteger("flagsUpheld")).isZero();

    Resp claimed = community.mod().post("/api/moderation/queue/post/" + older + "/claim", null);
    assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
    assertThat(claimed.json().getJsonObject("by").getString("username")).isEqualTo("act_mod");
    TestHttp mod2 = community.withRole("act_mod2", "moderator");
    assertThat(mod2.post("/api/moderation/queue/post/" + older + "/claim", null).status()).isEqualTo(409);
    assertThat(community.act(mod2, action("hide", "post", older, "spam")).status()).as("acting on another's claim").isEqualTo(409);
    assertThat(community.mod().post("/api/moderation/queue/post/" + older + "/claim", null).status()).as("renewing").isEqualTo(200);
    assertThat(community.mod().get("/api/moderation/queue?limit=100").items().stream().map(o -> (JsonObject) o)
        .filter(o -> o.getLong("targetId") == older).findFirst().orElseThrow().getJsonObject("claim")).isNotNull();
    // An expired claim is as good as none.
    community.exec("update moderation_claims set expires_at = now() - interval '1 second'");
    assertThat(mod2.post("/api/moderation/queue/post/" + older + "/claim", null).status()).isEqualTo(200);
    assertThat(mod2.delete("/api/moderation/queue/post/" + older + "/claim").status()).isEqualTo(204);
    assertThat(community.mod().post("/api/moderation/queue/post/" + older + "/claim", null).status()).isEqualTo(200);

    // Hiding resolves the flags: the item leaves the queue and counts against the author.
    Resp hidden = community.act(community.mod(), action("hide", "post", older, "Spam link"));
    assertThat(hidden.status()).as(hidden.toString()).isEqualTo(200);
    assertThat(community.mod().get("/api/moderation/queue?limit=100").items().stream()
        .map(o -> ((JsonObject) o).getLong("targetId"))).doesNotContain(older).contains(newer);
    JsonObject next = community.mod().get("/api/moderation/queue?limit=100").items().stream().map(o -> (JsonObject) o)
        .filter(o -> o.getLong("targetId") == newer).findFirst().orElseThrow();
    assertThat(next.getJsonObject("author").getInteger("flagsUpheld")).isEqualTo(1);
    assertThat(next.getJsonObject("author").getJsonArray("previousActions").getJsonObject(0).getString("action")).isEqualTo("hide");
    assertThat(community.count("select count(*) from flags where state = 'resolved' and target_id = " + older)).isEqualTo(2);
  }

  @Test
  @DisplayName("hide and unhide: logged with actor and reason, the author is told, readers see a placeholder, a live event")
  void hideAndUnhide() {
    TestHttp author = community.member("act_hidden");
    TestHttp reader = community.member("act_reader");
    long thread = community.thread(author, "general", "Hide").getLong("id");
    long postId = community.reply(author, thread, "rude words").getLong("id");
    assertThat(community.flag(reader, postId, "abuse").status()).isEqualTo(201);

    Resp r = community.act(community.mod(), action("hide", "post", postId, "Personal attack"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertLogged(r.json(), "act_mod", "hide", "post", postId, "Personal attack");
    assertLogged(community.latestLogEntry(), "act_mod", "hide", "post", postId, "Personal attack");
    assertThat(community.post(reader, postId).getBoolean("hidden")).isTrue();
    assertThat(community.post(reader, postId).getString("body")).doesNotContain("rude words");
    assertThat(community.post(community.mod(), postId).getString("body")).isEqualTo("rude words");
    JsonObject notice = author.get("/api/me/moderation-notices").items().getJsonObject(0);
    assertThat(notice.getString("action")).isEqualTo("hide");
    assertThat(notice.getString("reason")).isEqualTo("Personal attack");
    assertThat(notice.getLong("targetId")).isEqualTo(postId);
    assertThat(community.events("thread:" + thread)).anySatisfy(e -> {
      assertThat(e.getString("type")).isEqualTo("post.hidden");
      assertThat(e.getJsonObject("data").getLong("id")).isEqualTo(postId);
      assertThat(e.getJsonObject("data").getBoolean("hidden")).isTrue();
    });

    long before = community.logRows();
    assertThat(community.act(community.mod(), action("hide", "post", postId, "again")).status()).isEqualTo(409);
    assertThat(community.logRows()).as("a failed action writes no log row").isEqualTo(before);

    Resp shown = community.act(community.mod(), action("unhide", "post", postId, "On reflection it is fine"));
    assertThat(shown.status()).isEqualTo(200);
    assertLogged(community.latestLogEntry(), "act_mod", "unhide", "post", postId, "On reflection it is fine");
    assertThat(community.post(reader, postId).getString("body")).isEqualTo("rude words");
    assertThat(community.act(community.mod(), action("unhide", "post", postId, "again")).status()).isEqualTo(409);
    assertThat(community.logRows()).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("lock, unlock, pin, unpin and move: each logged, with thread.locked and thread.moved events; repeats are 409")
  void threadActions() {
    TestHttp author = community.member("act_op");
    JsonObject t = community.thread(author, "general", "Heated");
    long id = t.getLong("id");

    Resp locked = community.act(community.mod(), action("lock", "thread", id, "Cooling off"));
    assertThat(locked.status()).as(locked.toString()).isEqualTo(200);
    assertLogged(community.latestLogEntry(), "act_mod", "lock", "thread", id, "Cooling off");
    assertThat(community.mod().get("/api/threads/" + id).json().getBoolean("locked")).isTrue();
    assertThat(author.post("/api/threads/" + id + "/posts", new JsonObject().put("body", "but")).status()).isEqualTo(423);
    assertThat(community.act(community.mod(), action("lock", "thread", id, "again")).status()).isEqualTo(409);
    assertThat(community.events("thread:" + id)).anySatisfy(e -> {
      assertThat(e.getString("type")).isEqualTo("thread.locked");
      assertThat(e.getJsonObject("data")).isEqualTo(new JsonObject().put("threadId", id).put("locked", true));
    });
    assertThat(community.act(community.mod(), action("unlock", "thread", id, "Calm now")).status()).isEqualTo(200);
    assertLogged(community.latestLogEntry(), "act_mod", "unlock", "thread", id, "Calm now");

    assertThat(community.act(community.mod(), action("pin", "thread", id, "Useful")).status()).isEqualTo(200);
    assertLogged(community.latestLogEntry(), "act_mod", "pin", "thread", id, "Useful");
    assertThat(community.mod().get("/api/threads/" + id).json().getBoolean("pinned")).isTrue();
    assertThat(community.act(community.mod(), action("pin", "thread", id, "again")).status()).isEqualTo(409);
    assertThat(community.act(community.mod(), action("unpin", "thread", id, "Old news")).status()).isEqualTo(200);
    assertLogged(community.latestLogEntry(), "act_mod", "unpin", "thread", id, "Old news");

    long before = community.logRows();
    assertThat(community.act(community.mod(), action("move", "thread", id, "x").put("toSpace", "nowhere")).status()).isEqualTo(400);
    assertThat(community.act(community.mod(), action("move", "thread", id, "x").put("toSpace", "general")).status()).isEqualTo(409);
    assertThat(community.logRows()).isEqualTo(before);
    Resp moved = community.act(community.mod(), action("move", "thread", id, "Belongs in the archive").put("toSpace", "archive"));
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertLogged(moved.json(), "act_mod", "move", "thread", id, "Belongs in the archive");
    assertThat(moved.json().getJsonObject("details").getString("toSpace")).isEqualTo("archive");
    assertThat(community.mod().get("/api/threads/" + id).json().getString("space")).isEqualTo("archive");
    JsonObject data = new JsonObject().put("threadId", id).put("fromSpace", "general").put("toSpace", "archive");
    for (String topic : List.of("thread:" + id, "space:general", "space:archive")) {
      assertThat(community.events(topic)).as(topic).anySatisfy(e -> {
        assertThat(e.getString("type")).isEqualTo("thread.moved");
        assertThat(e.getJsonObject("data")).isEqualTo(data);
      });
    }
    assertThat(author.get("/api/me/moderation-notices").items().stream().map(o -> ((JsonObject) o).getString("action")))
        .contains("lock", "unlock", "move");
  }

  @Test
  @DisplayName("dismiss_flags rejects the flags and writes the log; with no open flags it is 409 and writes nothing")
  void dismiss() {
    TestHttp author = community.member("act_fine");
    TestHttp flagger = community.member("act_grumpy");
    long postId = community.reply(author, community.thread(author, "general", "Fine").getLong("id"), "a perfectly fine post").getLong("id");
    assertThat(community.flag(flagger, postId, "spam").status()).isEqualTo(201);
    Resp r = community.act(community.mod(), action("dismiss_flags", "post", postId, "Not spam"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertLogged(community.latestLogEntry(), "act_mod", "dismiss_flags", "post", postId, "Not spam");
    assertThat(community.count("select count(*) from flags where state = 'rejected' and target_id = " + postId)).isEqualTo(1);
    assertThat(community.post(flagger, postId).getBoolean("hidden")).isFalse();
    long before = community.logRows();
    assertThat(community.act(community.mod(), action("dismiss_flags", "post", postId, "again")).status()).isEqualTo(409);
    assertThat(community.logRows()).isEqualTo(before);
    assertThat(community.flag(flagger, postId, "spam").status()).as("a new open flag is allowed once the old one is closed").isEqualTo(201);
  }
}
