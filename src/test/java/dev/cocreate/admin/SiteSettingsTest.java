package dev.cocreate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Site settings: stored in the database, changed on one node, in force on every node within seconds")
class SiteSettingsTest {
  @RegisterExtension static final CocreateServer nodeA = CocreateServer.start();
  /** With rate limits on, so limit overrides can be seen working. */
  static TestServer nodeB;
  static TestHttp admin;

  @BeforeAll
  static void start() {
    nodeB = TestServer.startOn(nodeA.dbUrl(), new JsonObject().put("rateLimits", "on"));
    admin = nodeA.http();
    admin.register("settings_admin");
    TestDatabase.execOn(nodeA.dbUrl(), "update users set role = 'admin' where username = 'settings_admin'");
    assertThat(admin.put("/api/admin/settings", new JsonObject().put("rateLimits", ROOMY)).status()).isEqualTo(200);
  }

  /** Every test registers from 127.0.0.1 on node B, whose limits are on: room for that. */
  static final JsonObject ROOMY = new JsonObject().put("auth-ip", 100_000);

  @AfterAll
  static void stop() {
    nodeB.close();
  }

  @AfterEach
  void backToDefaults() {
    admin.put("/api/admin/settings", new JsonObject().put("registration", "open").put("siteName", "Cocreate")
        .put("rateLimits", ROOMY).put("trustLevels", new JsonObject()));
    assertThat(nodeBTakesTheStoredSettings().version()).as("node B back on defaults")
        .isEqualTo(nodeA.server().app().settings().current().version());
  }

  /**
   * Node B reads the stored settings now, as its refresh timer does every second, and answers what
   * it has. Only {@link #siteNameReachesNodeB} waits for the timer itself; the other tests are about
   * what node B does with a setting once it has it.
   */
  static SiteSettings nodeBTakesTheStoredSettings() {
    return await(nodeB.server().app().settings().refresh());
  }

  static JsonObject registration(String username) {
    return new JsonObject().put("username", username).put("email", username + "@example.test")
        .put("password", "correct horse battery");
  }

  @Test
  @DisplayName("a site name set through node A's API is in node B's pages within seconds, without a restart")
  void siteNameReachesNodeB() {
    Resp put = admin.put("/api/admin/settings", new JsonObject().put("siteName", "Harbour Ideas")
        .put("description", "Ideas for the harbour district"));
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(put.json().getString("siteName")).isEqualTo("Harbour Ideas");
    // Node B's own refresh timer brings it, each second; ten of them is a bound no healthy node reaches.
    Eventually.until(Duration.ofMillis(SiteSettingsService.REFRESH_MS * 10), () -> {
      Document home = Jsoup.parse(nodeB.http().getHtml("/").body());
      return home.selectFirst("a.brand").text().equals("Harbour Ideas") && home.title().endsWith("Harbour Ideas");
    }, () -> "node B's home page names the new site");
    assertThat(nodeB.http().get("/api/site").json().getString("description")).isEqualTo("Ideas for the harbour district");
    assertThat(TestDatabase.queryLong(nodeA.dbUrl(), "select count(*) from site_settings where data->>'siteName' = 'Harbour Ideas'"))
        .as("stored in the database").isEqualTo(1);
  }

  @Test
  @DisplayName("closing registration on node A closes it on node B, for the API and the register page")
  void closedRegistration() {
    assertThat(admin.put("/api/admin/settings", new JsonObject().put("registration", "closed")).status()).isEqualTo(200);
    nodeBTakesTheStoredSettings();
    assertThat(nodeB.http().get("/api/site").json().getString("registration")).isEqualTo("closed");
    assertThat(nodeB.http().post("/api/auth/register", registration("closed_api")).status()).isEqualTo(403);
    Resp page = nodeB.http().getHtml("/register");
    assertThat(page.status()).isEqualTo(403);
    assertThat(Jsoup.parse(page.body()).select("form[action=/register]")).isEmpty();
    TestHttp browser = nodeB.http();
    browser.getHtml("/login");
    Resp form = browser.form("/register", Map.of("username", "closed_form", "email", "closed_form@example.test",
        "password", "correct horse battery", "_csrf", browser.cookie("cc_csrf")));
    assertThat(form.status()).isEqualTo(403);
    assertThat(TestDatabase.queryLong(nodeA.dbUrl(), "select count(*) from users where username like 'closed_%'")).isZero();
  }

  @Test
  @DisplayName("invite-only: an admin's code admits exactly one account, on any node; without a code it is 400 on invite")
  void inviteOnly() {
    assertThat(admin.put("/api/admin/settings", new JsonObject().put("registration", "invite-only")).status()).isEqualTo(200);
    nodeBTakesTheStoredSettings();
    assertThat(nodeB.http().get("/api/site").json().getString("registration")).isEqualTo("invite-only");

    Resp without = nodeB.http().post("/api/auth/register", registration("no_invite"));
    assertThat(without.status()).isEqualTo(400);
    assertThat(without.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("invite");

    Resp invite = admin.post("/api/admin/invites", new JsonObject().put("expiresInDays", 7));
    assertThat(invite.status()).as(invite.toString()).isEqualTo(201);
    String code = invite.json().getString("code");

    Resp bad = nodeB.http().post("/api/auth/register", registration("bad_invite").put("invite", "NOPE-NOPE-NOPE-NOPE"));
    assertThat(bad.status()).isEqualTo(400);
    Resp ok = nodeB.http().post("/api/auth/register", registration("invited_one").put("invite", code.toLowerCase()));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    Resp again = nodeB.http().post("/api/auth/register", registration("invited_two").put("invite", code));
    assertThat(again.status()).isEqualTo(400);

    // A taken username does not use the code up.
    Resp invite2 = admin.post("/api/admin/invites", null);
    assertThat(invite2.status()).as(invite2.toString()).isEqualTo(201);
    String code2 = invite2.json().getString("code");
    Resp taken = nodeB.http().post("/api/auth/register", registration("invited_one").put("invite", code2));
    assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
    TestHttp browser = nodeB.http();
    browser.getHtml("/register");
    Resp viaForm = browser.form("/register", Map.of("username", "invited_form", "email", "invited_form@example.test",
        "password", "correct horse battery", "invite", code2, "_csrf", browser.cookie("cc_csrf")));
    assertThat(viaForm.status()).isEqualTo(303);

    var list = admin.get("/api/admin/invites").items();
    assertThat(list.stream().map(o -> (JsonObject) o).filter(i -> i.getJsonObject("usedBy") != null)
        .map(i -> i.getJsonObject("usedBy").getString("username"))).contains("invited_one", "invited_form");
  }

  @Test
  @DisplayName("a rate-limit override set on node A is enforced by node B: auth-account down to 2 a minute")
  void rateLimitOverride() {
    TestHttp member = nodeB.http();
    member.register("limited_member");
    JsonObject login = new JsonObject().put("login", "limited_member").put("password", "correct horse battery");
    for (int i = 0; i < 3; i++) {
      assertThat(nodeB.http().post("/api/auth/login", login).status()).as("login %d before the override", i).isEqualTo(200);
    }
    assertThat(admin.put("/api/admin/settings", new JsonObject().put("rateLimits", ROOMY.copy().put("auth-account", 2)))
        .status()).isEqualTo(200);
    assertThat(nodeBTakesTheStoredSettings().rateLimit("auth-account")).isEqualTo(2);
    assertThat(nodeB.http().post("/api/auth/login", login).status()).isEqualTo(200);
    assertThat(nodeB.http().post("/api/auth/login", login).status()).isEqualTo(200);
    Resp third = nodeB.http().post("/api/auth/login", login);
    assertThat(third.status()).isEqualTo(429);
    assertThat(third.header("Retry-After")).isNotNull();
  }

  @Test
  @DisplayName("trust-level thresholds set on node A decide node B's recomputation")
  void trustThresholds() {
    TestHttp member = nodeB.http();
    long id = member.register("trusting_member").getLong("id");
    assertThat(await(nodeB.server().app().trust().recompute(id))).as("level with the default thresholds").isZero();
    JsonObject zero = new JsonObject().put("daysVisited", 0).put("postsRead", 0).put("replies", 0).put("votesGiven", 0)
        .put("votesReceived", 0);
    assertThat(admin.put("/api/admin/settings", new JsonObject().put("trustLevels", new JsonObject().put("1", zero)))
        .status()).isEqualTo(200);
    assertThat(nodeBTakesTheStoredSettings().threshold(1).postsRead()).isZero();
    assertThat(await(nodeB.server().app().trust().recompute(id))).isEqualTo(1);
    assertThat(admin.get("/api/admin/settings").json().getJsonObject("trustLevels").getJsonObject("1").getInteger("postsRead"))
        .isZero();
  }

  @Test
  @DisplayName("the default support threshold set on node A is what a new challenge on node B gets when it sets none")
  void defaultSupportThreshold() {
    TestHttp owner = nodeB.http();
    owner.register("threshold_owner");
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", "threshold-firm").put("name", "Firm")).status())
        .isEqualTo(201);
    assertThat(admin.put("/api/admin/settings", new JsonObject().put("defaultSupportThreshold", 25)).status()).isEqualTo(200);
    assertThat(nodeBTakesTheStoredSettings().defaultSupportThreshold()).isEqualTo(25);
    Resp draft = owner.post("/api/challenges", new JsonObject().put("org", "threshold-firm").put("title", "Threshold")
        .put("summary", "S").put("problem", "P").put("desiredOutcomes", "O")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Fit").put("weight", 1)))
        .put("ipTerms", "Shared").put("closesAt", OffsetDateTime.now().plusDays(3).withNano(0).toString()));
    assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
    assertThat(draft.json().getInteger("supportThreshold")).isEqualTo(25);
    admin.put("/api/admin/settings", new JsonObject().put("defaultSupportThreshold", 10_000));
  }

  @Test
  @DisplayName("only admins read or change settings; bad values are 400 with every field named")
  void permissionsAndValidation() {
    TestHttp member = nodeA.http();
    member.register("not_an_admin");
    assertThat(member.get("/api/admin/settings").status()).isEqualTo(403);
    assertThat(member.put("/api/admin/settings", new JsonObject().put("siteName", "Mine")).status()).isEqualTo(403);
    assertThat(nodeA.http().get("/api/admin/settings").status()).isEqualTo(401);
    assertThat(member.post("/api/admin/invites", null).status()).isEqualTo(403);
    Resp bad = admin.put("/api/admin/settings", new JsonObject().put("siteName", "").put("registration", "maybe")
        .put("defaultSupportThreshold", 0).put("rateLimits", new JsonObject().put("posts", -1)).put("colour", "red"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .contains("siteName", "registration", "defaultSupportThreshold", "rateLimits.posts", "colour");
    assertThat(admin.get("/api/admin/settings").json().getString("siteName")).isEqualTo("Cocreate");
  }

  @Test
  @DisplayName("the admin page saves the form (with CSRF) and shows a new invitation code; members get 403")
  void adminPage() {
    TestHttp browser = nodeA.http();
    browser.token(null);
    browser.getHtml("/login");
    assertThat(browser.form("/login", Map.of("login", "settings_admin", "password", "correct horse battery",
        "_csrf", browser.cookie("cc_csrf"))).status()).isEqualTo(303);
    Document page = Jsoup.parse(browser.getHtml("/admin/settings").body());
    assertThat(page.select("form[action=/admin/settings] input[name=_csrf]")).hasSize(1);
    Map<String, String> form = new HashMap<>();
    page.select("form[action=/admin/settings] input, form[action=/admin/settings] textarea").forEach(e -> form.put(e.attr("name"),
        e.tagName().equals("textarea") ? e.text() : e.val()));
    form.put("siteName", "Form Named");
    form.put("registration", "open");
    form.put("rateLimits", "posts = 40\nvotes = 200");
    Resp saved = browser.form("/admin/settings", form);
    assertThat(saved.status()).as(saved.toString()).isEqualTo(303);
    JsonObject now = admin.get("/api/admin/settings").json();
    assertThat(now.getString("siteName")).isEqualTo("Form Named");
    assertThat(now.getJsonObject("rateLimits").getMap()).containsEntry("posts", 40).containsEntry("votes", 200);

    Resp invited = browser.form("/admin/invites", Map.of("_csrf", browser.cookie("cc_csrf")));
    assertThat(invited.status()).isEqualTo(200);
    assertThat(Jsoup.parse(invited.body()).select(".flash code").text()).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){3}");

    TestHttp member = nodeA.http();
    member.register("page_member");
    member.token(null);
    member.getHtml("/login");
    member.form("/login", Map.of("login", "page_member", "password", "correct horse battery", "_csrf", member.cookie("cc_csrf")));
    assertThat(member.getHtml("/admin/settings").status()).isEqualTo(403);
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
