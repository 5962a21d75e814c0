package dev.cocreate.moderation;

import static dev.cocreate.support.Community.action;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Pre-moderation of new members' first posts (when configured)")
class PreModerationTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("moderation", new JsonObject().put("premoderateFirstPosts", 1)));
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("pre");
    community.space("general", "public");
  }

  @Test
  @DisplayName("a new member's first reply waits hidden in the queue; the next is visible; dismissing shows the first")
  void firstReplyHeld() {
    long thread = community.thread(community.mod(), "general", "Welcome").getLong("id");
    TestHttp fresh = community.member("pre_fresh");
    long first = community.reply(fresh, thread, "hello, first post").getLong("id");
    TestHttp reader = server.http();
    assertThat(community.post(reader, first).getBoolean("hidden")).isTrue();
    assertThat(community.post(reader, first).getString("body")).doesNotContain("first post");
    JsonObject item = community.mod().get("/api/moderation/queue").items().stream().map(o -> (JsonObject) o)
        .filter(o -> o.getLong("targetId") == first).findFirst().orElseThrow();
    assertThat(item.getJsonArray("flags").getJsonObject(0).getString("reason")).isEqualTo("new_member");
    assertThat(item.getJsonArray("flags").getJsonObject(0).getValue("by")).isNull();
    assertThat(fresh.get("/api/me/moderation-notices").items().getJsonObject(0).getString("action")).isEqualTo("hold");

    long second = community.reply(fresh, thread, "second post").getLong("id");
    assertThat(community.post(reader, second).getBoolean("hidden")).isFalse();

    assertThat(community.act(community.mod(), action("dismiss_flags", "post", first, "Welcome aboard")).status()).isEqualTo(200);
    assertThat(community.post(reader, first).getString("body")).isEqualTo("hello, first post");

    TestHttp trusted = community.member("pre_trusted", 1);
    assertThat(community.post(reader, community.reply(trusted, thread, "not new").getLong("id")).getBoolean("hidden")).isFalse();
  }

  @Test
  @DisplayName("a new member's first thread is hidden with its opening post until a moderator lets it through")
  void firstThreadHeld() {
    TestHttp fresh = community.member("pre_opener");
    JsonObject t = community.thread(fresh, "general", "My first thread");
    long id = t.getLong("id");
    long opening = t.getJsonObject("firstPost").getLong("id");
    TestHttp reader = server.http();
    assertThat(reader.get("/api/threads/" + id).status()).isEqualTo(404);
    assertThat(community.events("space:general").stream().map(e -> e.getString("type") + e.getJsonObject("data").getLong("id")))
        .doesNotContain("thread.created" + id);
    assertThat(community.act(community.mod(), action("dismiss_flags", "post", opening, "Fine")).status()).isEqualTo(200);
    assertThat(reader.get("/api/threads/" + id).status()).isEqualTo(200);
    assertThat(community.post(reader, opening).getBoolean("hidden")).isFalse();
  }
}
