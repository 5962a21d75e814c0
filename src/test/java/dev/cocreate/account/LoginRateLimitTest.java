package dev.cocreate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's rate limits run on a clock this test holds still and moves on itself: the counts are
 * exact (no token refills while a loop runs on a slow machine) and a window passes without sleeping.
 */
@DisplayName("Brute force on login is rate limited")
class LoginRateLimitTest {
  static final String PASSWORD = "correct horse battery";
  static final TestClock clock = new TestClock();
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("rateLimits", "on"), clock);

  @BeforeAll
  static void start() {
    TestHttp admin = server.http();
    admin.register("limits_admin");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where username = 'limits_admin'");
    // Every request here comes from 127.0.0.1: the per-address limit is lifted so that what is
    // measured is the per-account one.
    Resp roomy = admin.put("/api/admin/settings", new JsonObject().put("rateLimits", new JsonObject().put("auth-ip", 100_000)));
    assertThat(roomy.status()).as(roomy.toString()).isEqualTo(200);
  }

  static Resp apiLogin(String login, String password) {
    return server.http().post("/api/auth/login", new JsonObject().put("login", login).put("password", password));
  }

  /** A sign-in through the page's form, with a fresh browser's CSRF cookie. */
  static Resp pageLogin(String login, String password) {
    TestHttp browser = server.http();
    browser.getHtml("/login");
    return browser.form("/login", Map.of("login", login, "password", password, "_csrf", browser.cookie("cc_csrf")));
  }

  @Test
  @DisplayName("wrong passwords get 429 with Retry-After after ten; the right password works once the window has moved on")
  void bruteForce() {
    server.http().register("victim");
    for (int i = 0; i < 10; i++) {
      assertThat(apiLogin("victim", "guess number " + i).status()).as("guess %d", i + 1).isEqualTo(401);
    }
    Resp limited = apiLogin("victim", "guess number 10");
    assertThat(limited.status()).as("the eleventh guess").isEqualTo(429);
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 60L);
    assertThat(limited.json().getInteger("status")).isEqualTo(429);
    // Even the right password is refused while the window is closed...
    assertThat(apiLogin("victim", PASSWORD).status()).isEqualTo(429);
    // ...and accepted once the bucket has refilled a token.
    clock.advance(Duration.ofSeconds(retryAfter));
    assertThat(apiLogin("victim", PASSWORD).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("ten wrong passwords by username, then by e-mail: the eleventh attempt is 429, the account has one bucket")
  void oneBucketPerAccountWhateverTheName() {
    server.http().register("two_names");
    for (int i = 0; i < 10; i++) {
      assertThat(apiLogin("two_names", "guess " + i).status()).as("guess %d by username", i + 1).isEqualTo(401);
    }
    for (int i = 0; i < 10; i++) {
      Resp r = apiLogin("two_names@example.test", "guess by e-mail " + i);
      assertThat(r.status()).as("guess %d by e-mail, attempt %d overall", i + 1, i + 11).isEqualTo(429);
      assertThat(r.header("Retry-After")).isNotNull();
    }
    // Any spelling of either name is the same account.
    assertThat(apiLogin("TWO_NAMES@EXAMPLE.TEST", PASSWORD).status()).isEqualTo(429);
    assertThat(apiLogin("Two_Names", PASSWORD).status()).isEqualTo(429);
    // Another account is not affected.
    server.http().register("bystander");
    assertThat(apiLogin("bystander", PASSWORD).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("the page's sign-in and the API's spend one bucket: five by each, and the next by either is refused")
  void pageAndApiShareTheBucket() {
    server.http().register("both_doors");
    for (int i = 0; i < 5; i++) {
      assertThat(apiLogin("both_doors", "api guess " + i).status()).as("API guess %d", i + 1).isEqualTo(401);
      assertThat(pageLogin("both_doors@example.test", "page guess " + i).status()).as("page guess %d", i + 1).isEqualTo(401);
    }
    Resp page = pageLogin("both_doors", PASSWORD);
    assertThat(page.status()).as("the page's attempt after ten").isEqualTo(429);
    assertThat(page.header("Retry-After")).isNotNull();
    assertThat(page.header("Content-Type")).startsWith("text/html");
    Document doc = Jsoup.parse(page.body());
    assertThat(doc.select(".form-error").text()).as("a readable reason on the sign-in form").contains("Slow down");
    assertThat(doc.select("input[name=login]").val()).as("what was typed is kept").isEqualTo("both_doors");
    assertThat(apiLogin("both_doors", PASSWORD).status()).as("the API's attempt after ten").isEqualTo(429);
  }

  @Test
  @DisplayName("a name that is no account is refused after as many tries as an account: the 429 tells nothing")
  void unknownNamesLimitedAlike() {
    for (int i = 0; i < 10; i++) {
      assertThat(apiLogin("nobody_here", "guess " + i).status()).as("guess %d", i + 1).isEqualTo(401);
    }
    assertThat(apiLogin("NOBODY_HERE", "guess 10").status()).isEqualTo(429);
    assertThat(apiLogin("somebody_else", "guess").status()).as("another name has its own bucket").isEqualTo(401);
  }

  @Test
  @DisplayName("deleting the account checks the password against the same bucket as sign-in")
  void accountDeletionSharesTheBucket() {
    TestHttp member = server.http();
    member.register("deleter");
    for (int i = 0; i < 10; i++) {
      assertThat(apiLogin("deleter@example.test", "guess " + i).status()).isEqualTo(401);
    }
    Resp delete = member.send("/api/me", "DELETE", new JsonObject().put("password", PASSWORD));
    assertThat(delete.status()).as(delete.toString()).isEqualTo(429);
    assertThat(delete.header("Retry-After")).isNotNull();
    assertThat(member.get("/api/me").status()).as("still there").isEqualTo(200);
  }
}
