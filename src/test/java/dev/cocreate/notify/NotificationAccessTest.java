package dev.cocreate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A notification is made for a member who may read its subject; the list, its unread count and the
 * page ask again each time, so a thread moved away, hidden or out of reach after a role change drops
 * out of them (and comes back when the member may read it again).
 */
@DisplayName("Notifications show only what their member may read now")
class NotificationAccessTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp mod;

  @BeforeAll
  static void start() {
    community = Community.in(server).withAdmin("na_admin");
    mod = community.withRole("na_mod", "moderator");
    community.space("na-town", "public");
    community.space("na-inner", "group");
  }

  /** A browser session of an existing member, signed in through the login page, for reading pages. */
  static TestHttp browserOf(String username) {
    TestHttp http = server.http();
    http.getHtml("/login");
    Resp login = http.form("/login", Map.of("login", username, "password", "correct horse battery", "_csrf",
        http.cookie("cc_csrf")));
    assertThat(login.status()).as(login.toString()).isEqualTo(303);
    return http;
  }

  static void moderate(String action, String targetType, long targetId, String toSpace) {
    JsonObject req = new JsonObject().put("action", action).put("targetType", targetType).put("targetId", targetId)
        .put("reason", "testing what notifications show");
    if (toSpace != null) {
      req.put("toSpace", toSpace);
    }
    Resp r = mod.post("/api/moderation/actions", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** The titles of the member's notifications about forum content (moderation notices aside). */
  static List<String> titles(TestHttp who) {
    return community.notifications(who).stream().filter(n -> !"moderation".equals(n.getString("kind")))
        .map(n -> n.getString("title")).toList();
  }

  @Test
  @DisplayName("a thread moved into a group the member is not in leaves their list, count and page, and comes back when they join")
  void movedAwayAndBack() {
    TestHttp ann = community.member("na_ann");
    TestHttp annBrowser = browserOf("na_ann");
    TestHttp ben = community.member("na_ben");
    JsonObject benches = community.thread(ann, "na-town", "Riverside benches", "Where should they go?");
    community.reply(ben, benches.getLong("id"), null, "By the willow.");
    community.thread(ben, "na-town", "Market stalls", "Asking @na_ann about the stalls.");
    assertThat(titles(ann)).containsExactlyInAnyOrder("Riverside benches", "Market stalls");
    assertThat(community.unread(ann)).isEqualTo(2);

    moderate("move", "thread", benches.getLong("id"), "na-inner");

    assertThat(titles(ann)).containsExactly("Market stalls");
    // The mention, and the notice telling Ann her thread was moved (which names no space).
    assertThat(community.unread(ann)).isEqualTo(2);
    Resp page = annBrowser.getHtml("/notifications");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("NA_BEN mentioned you in Market stalls").doesNotContain("Riverside benches")
        .contains("aria-label=\"Notifications, 2 unread\"");

    assertThat(community.admin().put("/api/spaces/na-inner/members/na_ann", new JsonObject()).status()).isEqualTo(200);

    assertThat(titles(ann)).containsExactlyInAnyOrder("Riverside benches", "Market stalls");
    assertThat(community.unread(ann)).isEqualTo(3);
    assertThat(annBrowser.getHtml("/notifications").body()).contains("NA_BEN replied to you in Riverside benches");
  }

  @Test
  @DisplayName("a thread hidden by a moderator leaves its watchers' lists; its author still gets the moderation notice")
  void hiddenThread() {
    TestHttp cal = community.member("na_cal");
    TestHttp dee = community.member("na_dee");
    JsonObject ferry = community.thread(dee, "na-town", "Ferry timetable", "Later ferries, @na_cal?");
    community.thread(dee, "na-town", "Harbour lights", "More of them, @na_cal?");
    assertThat(titles(cal)).containsExactlyInAnyOrder("Ferry timetable", "Harbour lights");

    moderate("hide", "post", ferry.getJsonObject("firstPost").getLong("id"), null);

    assertThat(titles(cal)).containsExactly("Harbour lights");
    assertThat(community.unread(cal)).isEqualTo(1);
    // The author cannot read their hidden thread either, but is told what happened to it.
    assertThat(community.notifications(dee)).extracting(n -> n.getString("kind")).containsExactly("moderation");

    moderate("unhide", "post", ferry.getJsonObject("firstPost").getLong("id"), null);

    assertThat(titles(cal)).containsExactlyInAnyOrder("Ferry timetable", "Harbour lights");
  }

  @Test
  @DisplayName("a moderator mentioned in a group they are not in loses that notification when demoted to member")
  void roleLowered() {
    TestHttp eli = community.withRole("na_eli", "moderator");
    TestHttp fox = community.member("na_fox");
    assertThat(community.admin().put("/api/spaces/na-inner/members/na_fox", new JsonObject()).status()).isEqualTo(200);
    community.thread(fox, "na-inner", "Budget draft", "Could @na_eli check the figures?");
    community.thread(fox, "na-town", "Open budget day", "Join us, @na_eli.");
    assertThat(titles(eli)).containsExactlyInAnyOrder("Budget draft", "Open budget day");

    Resp demoted = community.admin().put("/api/users/na_eli/role", new JsonObject().put("role", "member"));
    assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);

    assertThat(titles(eli)).containsExactly("Open budget day");
    // That one, and the notice of the role change itself.
    assertThat(community.unread(eli)).isEqualTo(2);
  }
}
