package dev.cocreate.moderation;

import static dev.cocreate.support.Community.action;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Moderation calls and who may make them")
class ModerationPermissionsTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("perm");
  }

  @Test
  @DisplayName("members get 403 on every moderation call, anonymous callers 401")
  void membersCannotModerate() {
    TestHttp member = community.member("perm_member");
    long other = community.member("perm_other").get("/api/me").json().getLong("id");
    assertThat(member.get("/api/moderation/queue").status()).isEqualTo(403);
    assertThat(member.get("/api/moderation/log").status()).isEqualTo(403);
    assertThat(community.act(member, action("warn", "user", other, "be nice")).status()).isEqualTo(403);
    assertThat(community.act(member, action("hide", "post", 1, "spam")).status()).isEqualTo(403);
    assertThat(community.act(member, action("lock", "thread", 1, "heated")).status()).isEqualTo(403);
    assertThat(member.post("/api/moderation/queue/post/1/claim", null).status()).isEqualTo(403);
    assertThat(member.post("/api/users/perm_other/suspension",
        new JsonObject().put("until", "2099-01-01T00:00:00Z").put("reason", "no")).status()).isEqualTo(403);

    TestHttp anonymous = server.http();
    assertThat(anonymous.get("/api/moderation/queue").status()).isEqualTo(401);
    assertThat(anonymous.get("/api/moderation/log").status()).isEqualTo(401);
    assertThat(community.act(anonymous, action("warn", "user", other, "x")).status()).isEqualTo(401);
    assertThat(anonymous.post("/api/posts/1/flags", new JsonObject().put("reason", "spam")).status()).isEqualTo(401);
    assertThat(anonymous.get("/api/me/warnings").status()).isEqualTo(401);

    assertThat(community.mod().get("/api/moderation/queue").status()).isEqualTo(200);
    assertThat(community.mod().get("/api/moderation/log").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("moderators cannot change roles, suspend or warn admins and moderators; admins can")
  void moderatorsCannotTouchStaff() {
    community.member("perm_target");
    TestHttp otherMod = community.withRole("perm_mod2", "moderator");
    assertThat(community.mod().put("/api/users/perm_target/role", new JsonObject().put("role", "admin")).status()).isEqualTo(403);
    assertThat(community.mod().put("/api/users/perm_target/role", new JsonObject().put("role", "moderator")).status()).isEqualTo(403);
    assertThat(community.mod().put("/api/users/perm_mod/role", new JsonObject().put("role", "admin")).status())
        .as("a moderator cannot promote themselves").isEqualTo(403);
    assertThat(community.profile("perm_target").getString("role")).isEqualTo("member");

    JsonObject suspension = new JsonObject().put("until", "2099-01-01T00:00:00Z").put("reason", "testing");
    assertThat(community.mod().post("/api/users/perm_admin/suspension", suspension).status()).isEqualTo(403);
    assertThat(community.mod().post("/api/users/perm_mod2/suspension", suspension).status()).isEqualTo(403);
    assertThat(community.act(community.mod(), action("warn", "user", community.userId("perm_admin"), "careful")).status()).isEqualTo(403);
    assertThat(community.act(community.mod(), action("warn", "user", community.userId("perm_mod2"), "careful")).status()).isEqualTo(403);
    assertThat(community.act(community.mod(), action("warn", "user", community.userId("perm_mod"), "careful")).status())
        .as("warning oneself").isEqualTo(409);

    assertThat(community.admin().put("/api/users/perm_target/role", new JsonObject().put("role", "moderator")).status()).isEqualTo(200);
    assertThat(community.act(community.admin(), action("warn", "user", community.userId("perm_mod2"), "careful")).status()).isEqualTo(200);
    assertThat(community.admin().post("/api/users/perm_mod2/suspension", suspension).status()).isEqualTo(200);
    assertThat(otherMod.get("/api/me").status()).isEqualTo(401);
    assertThat(community.mod().delete("/api/users/perm_mod2/suspension").status())
        .as("lifting a moderator's suspension is for admins").isEqualTo(403);
    assertThat(community.admin().delete("/api/users/perm_mod2/suspension").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("actions on unknown posts, threads and users are 404; flags on unknown posts are 404")
  void unknownTargets() {
    TestHttp member = community.member("perm_flagger");
    assertThat(community.act(community.mod(), action("hide", "post", 987654, "spam")).status()).isEqualTo(404);
    assertThat(community.act(community.mod(), action("unhide", "post", 987654, "ok")).status()).isEqualTo(404);
    assertThat(community.act(community.mod(), action("dismiss_flags", "post", 987654, "ok")).status()).isEqualTo(404);
    assertThat(community.act(community.mod(), action("lock", "thread", 987654, "heated")).status()).isEqualTo(404);
    assertThat(community.act(community.mod(), action("pin", "thread", 987654, "useful")).status()).isEqualTo(404);
    assertThat(community.act(community.mod(), action("move", "thread", 987654, "wrong place").put("toSpace", "general")).status())
        .isEqualTo(404);
    assertThat(community.act(community.mod(), action("warn", "user", 987654, "be nice")).status()).isEqualTo(404);
    assertThat(member.post("/api/posts/987654/flags", new JsonObject().put("reason", "spam")).status()).isEqualTo(404);
    assertThat(community.mod().post("/api/moderation/queue/post/987654/claim", null).status()).isEqualTo(404);
    assertThat(community.mod().post("/api/moderation/queue/gadget/1/claim", null).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("an action is 400 with every field error: unknown action, wrong target type, no reason, move without toSpace")
  void invalidActions() {
    Resp r = community.act(community.mod(), new JsonObject().put("action", "nuke").put("targetType", "galaxy").put("targetId", -1));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("field")))
        .contains("action", "targetType", "targetId", "reason");
    Resp wrongType = community.act(community.mod(), action("lock", "post", 1, "x"));
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("targetType");
    Resp noSpace = community.act(community.mod(), action("move", "thread", 1, "x"));
    assertThat(noSpace.status()).isEqualTo(400);
    assertThat(noSpace.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("toSpace");
    assertThat(community.act(community.mod(), action("warn", "user", 1, "   ")).status()).isEqualTo(400);
    TestHttp member = community.member("perm_badflag");
    Resp other = member.post("/api/posts/1/flags", new JsonObject().put("reason", "other"));
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("note");
    assertThat(member.post("/api/posts/1/flags", new JsonObject().put("reason", "boring")).status()).isEqualTo(400);
  }
}
