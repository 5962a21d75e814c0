package dev.cocreate.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Moderators suspend and silence a member from the profile page")
class MemberRestrictionPagesTest {
  @RegisterExtension
  static final CocreateServer server = CocreateServer.start();
  static TestHttp mod;
  static long threadId;
  static long firstPostId;

  @BeforeAll
  static void start() {
    TestHttp admin = member("rp_admin");
    sql("update users set role = 'admin' where username = 'rp_admin'");
    mod = member("rp_Mod");
    sql("update users set role = 'moderator' where username = 'rp_Mod'");
    assertThat(admin.post("/api/spaces", new JsonObject().put("slug", "rp-plaza").put("name", "Plaza")
        .put("description", "Talk").put("visibility", "public")).status()).isEqualTo(201);
    JsonObject thread = admin.post("/api/threads", new JsonObject().put("space", "rp-plaza").put("title", "Hello")
        .put("body", "Opening post")).json();
    threadId = thread.getLong("id");
    firstPostId = thread.getJsonObject("firstPost").getLong("id");
  }

  static TestHttp member(String username) {
    TestHttp http = server.http();
    http.register(username);
    return http;
  }

  /** A browser signed in with the page's form, so its session cookie and CSRF token go with each form. */
  static TestHttp browser(String username) {
    TestHttp b = server.http();
    b.getHtml("/login");
    Resp r = b.form("/login", Map.of("login", username, "password", "correct horse battery", "_csrf", b.cookie("cc_csrf")));
    assertThat(r.status()).as(r.toString()).isEqualTo(303);
    return b;
  }

  static void sql(String sql) {
    TestDatabase.execOn(server.dbUrl(), sql);
  }

  static Map<String, String> form(TestHttp b, String... pairs) {
    Map<String, String> m = new HashMap<>();
    m.put("_csrf", b.cookie("cc_csrf"));
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  @DisplayName("silence from the page: unconfirmed it comes back with the errors and the input; confirmed, every write is refused until lifted")
  void silenceFromThePage() {
    TestHttp silenced = member("rp_quiet");
    TestHttp modPage = browser("rp_Mod");
    Resp page = modPage.getHtml("/u/rp_quiet");
    assertThat(page.body()).contains("action=\"/u/rp_quiet/silence\"").contains("action=\"/u/rp_quiet/suspension\"");

    Resp unconfirmed = modPage.form("/u/rp_quiet/silence", form(modPage, "until", "2099-06-01T10:00", "reason", "Cool off"));
    assertThat(unconfirmed.status()).isEqualTo(400);
    assertThat(unconfirmed.body()).contains("must be ticked to confirm").contains("value=\"Cool off\"");
    Resp past = modPage.form("/u/rp_quiet/silence", form(modPage, "until", "2001-01-01T10:00", "reason", "x", "confirm", "on"));
    assertThat(past.status()).isEqualTo(400);
    assertThat(past.body()).contains("must be in the future");

    Resp done = modPage.form("/u/rp_quiet/silence",
        form(modPage, "until", "2099-06-01T10:00", "reason", "Cool off", "confirm", "on"));
    assertThat(done.status()).as(done.toString()).isEqualTo(303);
    assertThat(done.header("Location")).isEqualTo("/u/rp_quiet");
    assertThat(modPage.getHtml("/u/rp_quiet").body()).contains("The member is silenced.").contains("Silenced until")
        .contains("action=\"/u/rp_quiet/silence/lift\"");

    // Reading and signing in go on; writing does not.
    assertThat(silenced.get("/api/threads/" + threadId).status()).isEqualTo(200);
    Resp reply = silenced.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Let me speak"));
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.json().getString("type")).endsWith("/silenced");
    assertThat(reply.json().getString("until")).isEqualTo("2099-06-01T10:00:00Z");
    assertThat(reply.json().getString("reason")).isEqualTo("Cool off");
    assertThat(silenced.post("/api/threads", new JsonObject().put("space", "rp-plaza").put("title", "Mine").put("body", "B"))
        .status()).isEqualTo(403);
    assertThat(silenced.post("/api/posts/" + firstPostId + "/flags", new JsonObject().put("reason", "spam")).status())
        .isEqualTo(403);
    assertThat(server.http().post("/api/auth/login", new JsonObject().put("login", "rp_quiet")
        .put("password", "correct horse battery")).status()).isEqualTo(200);

    // From the thread's page form, a readable page in the member's language and zone.
    sql("update users set time_zone = 'Europe/Paris', locale = 'fr' where username = 'rp_quiet'");
    TestHttp quietPage = browser("rp_quiet");
    Resp pageReply = quietPage.form("/t/" + threadId + "/reply", form(quietPage, "body", "Let me speak"));
    assertThat(pageReply.status()).isEqualTo(403);
    assertThat(pageReply.header("Content-Type")).startsWith("text/html");
    assertThat(pageReply.body()).contains("1 juin 2099 à 12:00 (Paris)").doesNotContain("2099-06-01T10:00");

    Resp lifted = modPage.form("/u/rp_quiet/silence/lift", form(modPage));
    assertThat(lifted.status()).isEqualTo(303);
    assertThat(silenced.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Thanks")).status())
        .isEqualTo(201);
  }

  @Test
  @DisplayName("suspend from the page; the suspended member's sign-in says until when in their language and time zone")
  void suspendFromThePage() {
    member("rp_gone");
    TestHttp modPage = browser("rp_Mod");
    Resp done = modPage.form("/u/rp_gone/suspension",
        form(modPage, "until", "2026-12-14T01:00", "reason", "Spam", "confirm", "on"));
    // The moderator has no zone of their own nor a browser's: the form's time is read as UTC.
    assertThat(done.status()).as(done.toString()).isEqualTo(303);
    assertThat(TestDatabase.queryLong(server.dbUrl(),
        "select extract(epoch from suspended_until)::bigint from users where username = 'rp_gone'"))
        .isEqualTo(Instant.parse("2026-12-14T01:00:00Z").getEpochSecond());
    sql("update users set suspended_until = '2099-12-14T00:00:00Z', time_zone = 'Europe/Paris' where username = 'rp_gone'");

    Resp api = server.http().post("/api/auth/login", new JsonObject().put("login", "rp_gone").put("password", "correct horse battery"));
    assertThat(api.status()).isEqualTo(403);
    assertThat(api.json().getString("until")).isEqualTo("2099-12-14T00:00:00Z");

    TestHttp fr = server.http();
    fr.send(fr.builder("/login").header("Accept", "text/html").header("Accept-Language", "fr").GET());
    Resp login = fr.send(fr.builder("/login").header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "text/html").header("Accept-Language", "fr")
        .POST(HttpRequest.BodyPublishers.ofString("login=rp_gone&password=correct+horse+battery&_csrf="
            + fr.cookie("cc_csrf"))));
    assertThat(login.status()).isEqualTo(403);
    assertThat(login.body()).contains("Ce compte est suspendu jusqu’au 14 décembre 2099 à 01:00 (Paris).")
        .contains("Motif : Spam");

    TestHttp en = server.http();
    en.getHtml("/login");
    Resp enLogin = en.form("/login", Map.of("login", "rp_gone", "password", "correct horse battery", "_csrf", en.cookie("cc_csrf")));
    assertThat(enLogin.body()).contains("This account is suspended until 14 December 2099, 01:00 (Paris).");
  }

  @Test
  @DisplayName("a member who is not a moderator sees no actions, and the page and API refuse theirs with 403")
  void nonModeratorsRefused() {
    member("rp_target");
    member("rp_nosy");
    TestHttp nosy = browser("rp_nosy");
    assertThat(nosy.getHtml("/u/rp_target").body()).doesNotContain("/u/rp_target/silence").doesNotContain("Moderator actions");
    Resp page = nosy.form("/u/rp_target/silence", form(nosy, "until", "2099-06-01T10:00", "reason", "x", "confirm", "on"));
    assertThat(page.status()).isEqualTo(403);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    TestHttp nosyApi = server.http();
    nosyApi.post("/api/auth/login", new JsonObject());
    Resp api = server.http().post("/api/auth/login", new JsonObject().put("login", "rp_nosy").put("password", "correct horse battery"));
    nosyApi.token(api.json().getString("token"));
    assertThat(nosyApi.post("/api/users/rp_target/silence", new JsonObject().put("until", "2099-01-01T00:00:00Z")
        .put("reason", "x")).status()).isEqualTo(403);
    assertThat(TestDatabase.queryLong(server.dbUrl(),
        "select count(*) from users where username = 'rp_target' and silenced_until is not null")).isZero();
    // A moderator may not act on another moderator: only admins may.
    assertThat(mod.post("/api/users/rp_admin/silence", new JsonObject().put("until", "2099-01-01T00:00:00Z")
        .put("reason", "x")).status()).isEqualTo(403);
  }
}
