package dev.cocreate.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A forgotten password is reset by a link sent by e-mail")
class PasswordResetTest {
  @RegisterExtension
  @Order(1)
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
      .withPerMethodLifecycle(false);

  private static final Pattern LINK = Pattern.compile("(/password/reset\\?token=)([A-Za-z0-9_-]+)");
  static final TestClock clock = TestClock.startingNow();
  /** Started after the mail server, whose port its config names. */
  @RegisterExtension
  @Order(2)
  static final CocreateServer server = CocreateServer.start(() -> new JsonObject().put("smtpHost", "127.0.0.1").put("smtpPort", smtp.getSmtp().getPort())
        .put("smtpFrom", "Cocreate <accounts@example.test>").put("rateLimits", "on"), clock);

  @BeforeEach
  void freshMinute() throws Exception {
    // Every test begins with the client address's sign-in bucket full again (10 a minute).
    clock.advance(Duration.ofMinutes(2));
    smtp.purgeEmailFromAllMailboxes();
  }

  /** The mails received so far to {@code to}; another test's link may still be arriving, so others are ignored. */
  private static List<MimeMessage> mailsTo(String to) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equals(to);
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static String tokenFromMail(String to) throws Exception {
    Eventually.until("a mail to " + to, () -> !mailsTo(to).isEmpty());
    List<MimeMessage> received = mailsTo(to);
    assertThat(received).hasSize(1);
    Matcher m = LINK.matcher(GreenMailUtil.getBody(received.get(0)).replace("=\r\n", ""));
    assertThat(m.find()).as("the mail carries the link").isTrue();
    return m.group(2);
  }

  private static Resp ask(String email) {
    return server.http().post("/api/auth/password-reset", new JsonObject().put("email", email));
  }

  private static Resp confirm(String token, String password) {
    return server.http().post("/api/auth/password-reset/confirm", new JsonObject().put("token", token).put("password", password));
  }

  private static Resp login(String login, String password) {
    return server.http().post("/api/auth/login", new JsonObject().put("login", login).put("password", password));
  }

  @Test
  @DisplayName("from the pages: the mailed link sets a new password once, and every session and other link of the member ends")
  void linkWorksOnceAndEndsSessions() throws Exception {
    TestHttp owner = server.http();
    owner.register("ResetRita");
    assertThat(owner.get("/api/me").status()).isEqualTo(200);
    String older;
    assertThat(ask("resetrita@example.test").status()).isEqualTo(202);
    // Asked in any case, the link goes to the address as the account stores it.
    older = tokenFromMail("ResetRita@example.test");
    smtp.purgeEmailFromAllMailboxes();

    TestHttp browser = server.http();
    assertThat(browser.getHtml("/login").body()).contains("href=\"/password/forgot\"");
    browser.getHtml("/password/forgot");
    Resp asked = browser.form("/password/forgot", Map.of("email", "ResetRita@Example.test", "_csrf", browser.cookie("cc_csrf")));
    assertThat(asked.status()).isEqualTo(303);
    assertThat(browser.getHtml(asked.header("Location")).body()).contains("a link to reset its password is on its way");
    String token = tokenFromMail("ResetRita@example.test");

    Resp form = browser.getHtml("/password/reset?token=" + token);
    assertThat(form.status()).isEqualTo(200);
    assertThat(form.body()).contains("value=\"" + token + "\"");
    Resp tooShort = browser.form("/password/reset", Map.of("token", token, "password", "short", "_csrf", browser.cookie("cc_csrf")));
    assertThat(tooShort.status()).isEqualTo(400);
    assertThat(tooShort.body()).contains("at least 10 characters");
    Resp reset = browser.form("/password/reset",
        Map.of("token", token, "password", "a brand new password", "_csrf", browser.cookie("cc_csrf")));
    assertThat(reset.status()).as(reset.toString()).isEqualTo(303);
    assertThat(reset.header("Location")).isEqualTo("/login");

    assertThat(owner.get("/api/me").status()).as("the session from before the reset ended").isEqualTo(401);
    assertThat(login("ResetRita", "correct horse battery").status()).isEqualTo(401);
    assertThat(login("ResetRita", "a brand new password").status()).isEqualTo(200);

    Resp again = confirm(token, "yet another password");
    assertThat(again.status()).as("the link works once").isEqualTo(400);
    assertThat(again.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("token");
    assertThat(confirm(older, "yet another password").status()).as("the earlier link ended with the reset").isEqualTo(400);
  }

  @Test
  @DisplayName("a link expires after an hour by the server's clock")
  void linkExpires() throws Exception {
    server.http().register("late_larry");
    assertThat(ask("late_larry@example.test").status()).isEqualTo(202);
    String token = tokenFromMail("late_larry@example.test");
    clock.advance(Duration.ofMinutes(61));
    Resp late = confirm(token, "a brand new password");
    assertThat(late.status()).isEqualTo(400);
    assertThat(login("late_larry", "correct horse battery").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("the answer for an address that is no account's is the same as for an account's, and nothing is sent")
  void unknownAddressAnsweredAlike() throws Exception {
    server.http().register("known_kim");
    Resp known = ask("known_kim@example.test");
    Resp unknown = ask("nobody-here@example.test");
    assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(202);
    assertThat(unknown.body()).isEqualTo(known.body());
    assertThat(unknown.header("Content-Type")).isEqualTo(known.header("Content-Type"));
    Eventually.until("the known address's mail", () -> !mailsTo("known_kim@example.test").isEmpty());
    assertThat(mailsTo("known_kim@example.test")).hasSize(1);
    assertThat(mailsTo("nobody-here@example.test")).isEmpty();
    // A username in the field is no address: nothing is sent for it either.
    assertThat(ask("known_kim").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("requests are limited per address, alike for an account's and any other, with Retry-After")
  void rateLimitedPerAddress() {
    server.http().register("busy_bea");
    for (int i = 0; i < 3; i++) {
      assertThat(ask("busy_bea@example.test").status()).isEqualTo(202);
      assertThat(ask("ghost@example.test").status()).isEqualTo(202);
    }
    Resp known = ask("BUSY_BEA@example.test");
    Resp unknown = ask("ghost@example.test");
    assertThat(known.status()).isEqualTo(429);
    assertThat(known.header("Retry-After")).isNotNull();
    assertThat(unknown.status()).isEqualTo(429);
    assertThat(unknown.json().getString("detail")).isEqualTo(known.json().getString("detail"));
  }
}
