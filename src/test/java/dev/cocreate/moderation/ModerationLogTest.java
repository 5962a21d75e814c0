package dev.cocreate.moderation;

import static dev.cocreate.support.Community.action;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The moderation log")
class ModerationLogTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("log");
  }

  static void assertEntry(JsonObject e, String actor, String action, String targetType, long targetId, String reason) {
    assertThat(e.getJsonObject("actor").getString("username")).isEqualTo(actor);
    assertThat(e.getString("action")).isEqualTo(action);
    assertThat(e.getString("targetType")).isEqualTo(targetType);
    assertThat(e.getLong("targetId")).isEqualTo(targetId);
    assertThat(e.getString("reason")).isEqualTo(reason);
    assertThat(e.getString("at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(e.getLong("id")).isPositive();
  }

  @Test
  @DisplayName("a warning is logged with its moderator and reason, and the member reads it")
  void warn() {
    TestHttp member = community.member("log_warned");
    long id = community.userId("log_warned");
    Resp r = community.act(community.mod(), action("warn", "user", id, "Please keep it civil."));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertEntry(r.json(), "log_mod", "warn", "user", id, "Please keep it civil.");
    assertEntry(community.latestLogEntry(), "log_mod", "warn", "user", id, "Please keep it civil.");

    Resp warnings = member.get("/api/me/warnings");
    assertThat(warnings.status()).isEqualTo(200);
    assertThat(warnings.items()).hasSize(1);
    assertThat(warnings.items().getJsonObject(0).getString("reason")).isEqualTo("Please keep it civil.");
    assertThat(member.get("/api/me/moderation-notices").items().getJsonObject(0).getString("action")).isEqualTo("warn");
    assertThat(community.member("log_bystander").get("/api/me/warnings").items()).isEmpty();
  }

  @Test
  @DisplayName("suspending and lifting a suspension are logged with the reason and end; role changes too")
  void suspensionAndRoles() {
    community.member("log_suspended");
    long id = community.userId("log_suspended");
    Resp s = community.mod().post("/api/users/log_suspended/suspension",
        new JsonObject().put("until", "2099-01-01T00:00:00Z").put("reason", "Spamming links"));
    assertThat(s.status()).as(s.toString()).isEqualTo(200);
    JsonObject suspended = community.latestLogEntry();
    assertEntry(suspended, "log_mod", "suspend", "user", id, "Spamming links");
    assertThat(suspended.getJsonObject("details").getString("until")).isEqualTo("2099-01-01T00:00:00Z");
    assertThat(community.count("select count(*) from moderation_notices where action = 'suspend' and user_id = " + id)).isEqualTo(1);

    assertThat(community.mod().delete("/api/users/log_suspended/suspension").status()).isEqualTo(200);
    JsonObject lifted = community.latestLogEntry();
    assertThat(lifted.getString("action")).isEqualTo("unsuspend");
    assertThat(lifted.getJsonObject("actor").getString("username")).isEqualTo("log_mod");

    assertThat(community.admin().put("/api/users/log_suspended/role", new JsonObject().put("role", "moderator")).status()).isEqualTo(200);
    JsonObject role = community.latestLogEntry();
    assertThat(role.getString("action")).isEqualTo("set_role");
    assertThat(role.getJsonObject("actor").getString("username")).isEqualTo("log_admin");
    assertThat(role.getJsonObject("details").getString("to")).isEqualTo("moderator");
  }

  @Test
  @DisplayName("a failed action writes no log row")
  void failedActionsLeaveNoRow() {
    community.member("log_victim");
    long before = community.logRows();
    TestHttp member = community.member("log_nobody");
    assertThat(community.act(member, action("warn", "user", community.userId("log_victim"), "x")).status()).isEqualTo(403);
    assertThat(community.act(community.mod(), action("warn", "user", 999_999, "x")).status()).isEqualTo(404);
    assertThat(community.act(community.mod(), action("warn", "user", community.userId("log_admin"), "x")).status()).isEqualTo(403);
    assertThat(community.act(community.mod(), action("warn", "post", community.userId("log_victim"), "x")).status()).isEqualTo(400);
    assertThat(community.act(community.mod(), action("hide", "post", 999_999, "x")).status()).isEqualTo(404);
    assertThat(community.act(community.mod(), action("lock", "thread", 999_999, "x")).status()).isEqualTo(404);
    assertThat(community.mod().post("/api/users/log_admin/suspension",
        new JsonObject().put("until", "2099-01-01T00:00:00Z").put("reason", "x")).status()).isEqualTo(403);
    assertThat(community.mod().delete("/api/users/log_victim/suspension").status())
        .as("lifting a suspension that does not exist changes nothing").isEqualTo(200);
    assertThat(community.mod().put("/api/users/log_victim/role", new JsonObject().put("role", "admin")).status()).isEqualTo(403);
    assertThat(community.logRows()).isEqualTo(before);
    assertThat(community.count("select count(*) from moderation_notices")).isEqualTo(
        community.count("select count(*) from moderation_log where subject_user_id is not null and subject_user_id <> coalesce(actor_id, 0)"));
  }

  @Test
  @DisplayName("the log pages newest first with a cursor, and filters by target")
  void pages() {
    community.member("log_paged");
    long id = community.userId("log_paged");
    for (int i = 1; i <= 5; i++) {
      assertThat(community.act(community.mod(), action("warn", "user", id, "warning " + i)).status()).isEqualTo(200);
    }
    List<String> reasons = new ArrayList<>();
    String cursor = null;
    do {
      Resp r = community.mod().get("/api/moderation/log?limit=2&targetType=user&targetId=" + id + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      JsonArray items = r.items();
      items.forEach(o -> reasons.add(((JsonObject) o).getString("reason")));
      cursor = r.json().getString("nextCursor");
    } while (cursor != null);
    assertThat(reasons).containsExactly("warning 5", "warning 4", "warning 3", "warning 2", "warning 1");
    assertThat(community.mod().get("/api/moderation/log?cursor=bogus").status()).isEqualTo(400);
  }
}
