package dev.cocreate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.LogCapture;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page trusts only what the server itself issued: a form's CSRF token must be the one made for
 * that session (or, before signing in, one the server signed), and a message shown as the site's
 * own comes from a flash the server signed, never from the URL.
 */
@DisplayName("Forms and messages trust only what the server issued")
class FormTrustTest {
  static final String PASSWORD = "correct horse battery";
  static final String PLANTED_TEXT = "Your account is locked; call +1 555 0100 now";

  static LogCapture logs;
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static TestHttp owner;
  static long challengeId;
  static long threadId;

  @BeforeAll
  static void start() {
    logs = LogCapture.start();
    owner = server.http();
    long ownerId = owner.register("ft_owner").getLong("id");
    // The owner is also the site's admin and a moderator: every page that used to read a message from its URL.
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + ownerId);
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", "ft-firm").put("name", "FT firm")).status()).isEqualTo(201);
    Resp brief = owner.post("/api/challenges", new JsonObject().put("org", "ft-firm").put("title", "Quieter fans")
        .put("summary", "Cut the noise.").put("problem", "Too loud.").put("desiredOutcomes", "Quiet.").put("constraints", "None.")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Noise").put("weight", 1)))
        .put("reward", "Thanks").put("ipTerms", "Yours.")
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).withNano(0).toString()));
    assertThat(brief.status()).as(brief.toString()).isEqualTo(201);
    challengeId = brief.json().getLong("id");
    assertThat(owner.post("/api/challenges/" + challengeId + "/transition", new JsonObject().put("to", "open")).status())
        .isEqualTo(200);
    assertThat(owner.post("/api/spaces", new JsonObject().put("slug", "ft-town").put("name", "Town").put("visibility", "public"))
        .status()).isEqualTo(201);
    threadId = owner.post("/api/threads", new JsonObject().put("space", "ft-town").put("title", "Hello there").put("body", "Hi"))
        .json().getLong("id");
  }

  @AfterAll
  static void stop() {
    List<String> errors = logs.errors().stream().map(LogCapture::text).toList();
    logs.close();
    assertThat(errors).withFailMessage(() -> "the server logged errors:\n" + String.join("\n", errors)).isEmpty();
  }

  // ----- messages ------------------------------------------------------------------------------

  @Test
  @DisplayName("text in a page's URL is never shown as a message: ?error=, ?flagged=, ?saved=, ?done=")
  void noMessageFromTheUrl() {
    TestHttp admin = signedIn("ft_owner");
    String text = URLEncoder.encode(PLANTED_TEXT, StandardCharsets.UTF_8);
    for (String path : List.of("/c/" + challengeId + "?error=" + text, "/t/" + threadId + "?flagged=1&error=" + text,
        "/admin/settings?saved=1&error=" + text, "/mod?done=hide&error=" + text, "/?error=" + text + "&notice=" + text
            + "&flash=" + text + "&msg=" + text)) {
      Resp r = admin.getHtml(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      Document page = Jsoup.parse(r.body());
      assertThat(page.text()).as(path).doesNotContain("Your account is locked");
      // An empty, hidden alert (the composer's, for errors its script may show) says nothing.
      assertThat(page.select(".flash, .flash-error, [role=alert]:not([hidden])")).as(path).isEmpty();
      assertThat(page.select("[role=alert][hidden]").text()).as(path).isEmpty();
    }
  }

  @Test
  @DisplayName("a real refusal after a form post still shows on the next page, once, from a signed flash")
  void refusalShowsOnceFromTheFlash() {
    TestHttp team = signedIn("ft_owner");
    Resp refused = form(team, "/c/" + challengeId + "/transition", Map.of("_csrf", team.cookie("cc_csrf"), "to", "decided"));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(303);
    assertThat(refused.header("Location")).isEqualTo("/c/" + challengeId);
    Document next = Jsoup.parse(team.getHtml(refused.header("Location")).body());
    assertThat(next.select(".flash-error[role=alert]").text()).isEqualTo("A challenge cannot move from open to decided.");
    Document again = Jsoup.parse(team.getHtml("/c/" + challengeId).body());
    assertThat(again.select(".flash-error")).as("shown once").isEmpty();

    // The flash cookie is made for its browser: copied to another, or written by hand, it shows nothing.
    Resp another = form(team, "/c/" + challengeId + "/transition", Map.of("_csrf", team.cookie("cc_csrf"), "to", "decided"));
    assertThat(another.status()).isEqualTo(303);
    String flash = team.cookie("cc_flash");
    assertThat(flash).isNotBlank();
    TestHttp elsewhere = signedIn("ft_owner");
    assertThat(Jsoup.parse(withCookie("/c/" + challengeId, cookiesOf(elsewhere) + "; cc_flash=" + flash).body())
        .select(".flash-error")).isEmpty();
    String forged = "e" + Base64.getUrlEncoder().withoutPadding().encodeToString(PLANTED_TEXT.getBytes(StandardCharsets.UTF_8))
        + ".AAAA";
    Resp planted = withCookie("/c/" + challengeId, cookiesOf(elsewhere) + "; cc_flash=" + forged);
    assertThat(planted.body()).doesNotContain("Your account is locked");
  }

  @Test
  @DisplayName("a confirmation (a moderation action, saved settings) comes from the flash, not the URL")
  void confirmationsComeFromTheFlash() {
    TestHttp admin = signedIn("ft_owner");
    Document settings = Jsoup.parse(admin.getHtml("/admin/settings").body());
    Map<String, String> fields = new HashMap<>();
    settings.select("form[action=/admin/settings] input, form[action=/admin/settings] textarea").forEach(e -> fields.put(e.attr("name"),
        e.tagName().equals("textarea") ? e.text() : e.val()));
    fields.put("registration", "open");
    Resp saved = form(admin, "/admin/settings", fields);
    assertThat(saved.status()).as(saved.toString()).isEqualTo(303);
    assertThat(saved.header("Location")).isEqualTo("/admin/settings");
    assertThat(Jsoup.parse(admin.getHtml("/admin/settings").body()).select(".flash").text()).isEqualTo("Saved: every node uses these now.");
  }

  // ----- CSRF ----------------------------------------------------------------------------------

  @Test
  @DisplayName("a planted cc_csrf cookie and field pair not issued for the session is refused (403), forms and API alike")
  void plantedPairIsRefused() {
    TestHttp victim = signedIn("ft_victim", true);
    TestHttp attacker = signedIn("ft_attacker", true);
    String victimSession = victim.cookie("cc_session");
    String attackersToken = attacker.cookie("cc_csrf");
    String made = "madeUpByTheAttacker0123456789abcdefgh";
    for (String planted : List.of(made, attackersToken, attackersToken.substring(0, 32) + ".AAAA")) {
      Resp form = withCookieForm("/notifications/read", "cc_session=" + victimSession + "; cc_csrf=" + planted, planted);
      assertThat(form.status()).as("form with " + planted).isEqualTo(403);
      Resp api = server.http().send(server.http().builder("/api/orgs").header("Content-Type", "application/json")
          .header("Cookie", "cc_session=" + victimSession + "; cc_csrf=" + planted).header("X-CSRF-Token", planted)
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("slug", "planted").put("name", "x").encode())));
      assertThat(api.status()).as("API with " + planted).isEqualTo(403);
    }
    // The victim's own token, as their pages carry it, works.
    String own = Jsoup.parse(victim.getHtml("/").body()).selectFirst("meta[name=csrf-token]").attr("content");
    assertThat(own).isEqualTo(victim.cookie("cc_csrf"));
    assertThat(form(victim, "/notifications/read", Map.of("_csrf", own)).status()).isEqualTo(303);
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from orgs where slug = 'planted'")).isZero();
  }

  @Test
  @DisplayName("before sign-in, only a token the server signed passes: a made-up pair creates no session")
  void visitorFormsNeedASignedToken() {
    server.http().register("ft_visitor");
    long before = TestDatabase.queryLong(server.dbUrl(), "select count(*) from sessions where kind = 'web'");
    for (String planted : List.of("madeUpByTheAttacker0123456789abcdefgh", "a".repeat(32) + ".AAAA",
        "a".repeat(32) + ".bm90LWEtc2lnbmF0dXJlLW5vdC1hLXNpZ25hdHVyZS1ub3Q")) {
      Resp login = withCookieForm("/login", "cc_csrf=" + planted, planted, "login", "ft_visitor", "password", PASSWORD);
      assertThat(login.status()).as(planted).isEqualTo(403);
      Resp locale = withCookieForm("/locale", "cc_csrf=" + planted, planted, "locale", "fr", "back", "/");
      assertThat(locale.status()).as(planted).isEqualTo(403);
    }
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from sessions where kind = 'web'")).isEqualTo(before);
    // The token the sign-in page hands out works, and is replaced by the session's once signed in.
    TestHttp browser = server.http();
    String visitorToken = Jsoup.parse(browser.getHtml("/login").body()).selectFirst("input[name=_csrf]").val();
    assertThat(form(browser, "/login", Map.of("login", "ft_visitor", "password", PASSWORD, "_csrf", visitorToken)).status())
        .isEqualTo(303);
    assertThat(browser.cookie("cc_csrf")).isNotEqualTo(visitorToken);
    assertThat(form(browser, "/notifications/read", Map.of("_csrf", visitorToken)).status()).isEqualTo(403);
    assertThat(form(browser, "/notifications/read", Map.of("_csrf", browser.cookie("cc_csrf"))).status()).isEqualTo(303);
  }

  // ---------------------------------------------------------------------------------------------

  static TestHttp signedIn(String username) {
    return signedIn(username, false);
  }

  static TestHttp signedIn(String username, boolean register) {
    if (register) {
      server.http().register(username);
    }
    TestHttp http = server.http();
    http.getHtml("/login");
    Resp r = http.form("/login", Map.of("login", username, "password", PASSWORD, "_csrf", http.cookie("cc_csrf")));
    assertThat(r.status()).as(r.toString()).isEqualTo(303);
    return http;
  }

  static Resp form(TestHttp http, String path, Map<String, String> fields) {
    return http.form(path, fields);
  }

  /** The session and CSRF cookies the browser holds, as a Cookie header. */
  static String cookiesOf(TestHttp http) {
    return "cc_session=" + http.cookie("cc_session") + "; cc_csrf=" + http.cookie("cc_csrf");
  }

  /** A GET with exactly these cookies, from a client that keeps none of its own. */
  static Resp withCookie(String path, String cookie) {
    TestHttp bare = server.http();
    return bare.send(bare.builder(path).header("Accept", "text/html").header("Cookie", cookie).GET());
  }

  /** A form post with exactly these cookies and {@code _csrf} set to {@code token}. */
  static Resp withCookieForm(String path, String cookie, String token, String... fields) {
    StringJoiner body = new StringJoiner("&");
    body.add("_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    for (int i = 0; i + 1 < fields.length; i += 2) {
      body.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    TestHttp bare = server.http();
    return bare.send(bare.builder(path).header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
        .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }
}
