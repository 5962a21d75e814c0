package dev.cocreate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Registration spends the per-address budget (ten a minute, with sign-in) only once the request
 * has been read and checked: a malformed registration is refused for what it is, and leaves the
 * budget to the requests that could make an account. The clock is the test's, so a window passes
 * between tests without waiting.
 */
@DisplayName("Registration spends the per-address limit after the request is read")
class RegistrationLimitTest {
  static final TestClock clock = new TestClock();
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("rateLimits", "on"), clock);
  static int seq;

  /** Every request comes from 127.0.0.1: each test starts with the address's bucket full. */
  @BeforeEach
  void freshWindow() {
    clock.advance(Duration.ofMinutes(2));
  }

  static JsonObject account(String username) {
    return new JsonObject().put("username", username).put("email", username + "@example.test")
        .put("password", "correct horse battery");
  }

  static String fresh() {
    return "joiner_" + (++seq);
  }

  static Resp pageRegister(Map<String, String> fields) {
    TestHttp browser = server.http();
    browser.getHtml("/register");
    Map<String, String> form = new HashMap<>(fields);
    form.put("_csrf", browser.cookie("cc_csrf"));
    return browser.form("/register", form);
  }

  @Test
  @DisplayName("twenty malformed registrations by the API are 400 each, and the next good one is still 201")
  void malformedApiRequestsDoNotSpend() {
    for (int i = 0; i < 20; i++) {
      Resp bad = server.http().post("/api/auth/register", account("x").put("password", "short"));
      assertThat(bad.status()).as("malformed attempt %d: %s", i + 1, bad).isEqualTo(400);
    }
    Resp good = server.http().post("/api/auth/register", account(fresh()));
    assertThat(good.status()).as(good.toString()).isEqualTo(201);
  }

  @Test
  @DisplayName("twenty malformed registrations by the form are 400 each, and the next good one still signs in")
  void malformedFormsDoNotSpend() {
    for (int i = 0; i < 20; i++) {
      Resp bad = pageRegister(Map.of("username", "no spaces allowed", "email", "nobody", "password", "short"));
      assertThat(bad.status()).as("malformed form %d", i + 1).isEqualTo(400);
    }
    String name = fresh();
    Resp good = pageRegister(Map.of("username", name, "email", name + "@example.test", "password", "correct horse battery"));
    assertThat(good.status()).as(good.toString()).isEqualTo(303);
  }

  @Test
  @DisplayName("well-formed registrations spend it: after ten, by API or form, the next is 429 with Retry-After")
  void wellFormedRequestsSpend() {
    String taken = fresh();
    assertThat(server.http().post("/api/auth/register", account(taken)).status()).isEqualTo(201);
    for (int i = 1; i < 5; i++) {
      assertThat(server.http().post("/api/auth/register", account(taken)).status()).as("API attempt %d", i + 1).isEqualTo(409);
    }
    for (int i = 0; i < 5; i++) {
      Resp again = pageRegister(Map.of("username", taken, "email", taken + "@example.test", "password", "correct horse battery"));
      assertThat(again.status()).as("form attempt %d", i + 1).isEqualTo(409);
    }
    Resp api = server.http().post("/api/auth/register", account(fresh()));
    assertThat(api.status()).as(api.toString()).isEqualTo(429);
    assertThat(api.header("Retry-After")).isNotNull();
    String name = fresh();
    Resp page = pageRegister(Map.of("username", name, "email", name + "@example.test", "password", "correct horse battery"));
    assertThat(page.status()).isEqualTo(429);
    assertThat(page.header("Retry-After")).isNotNull();
    assertThat(Jsoup.parse(page.body()).select("input[name=username]").val()).as("the form comes back as typed").isEqualTo(name);
  }
}
