package dev.cocreate.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The settings page changes the account without JavaScript, and says why when it cannot")
class SettingsFormsTest {
  @RegisterExtension
  @Order(1)
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
      .withPerMethodLifecycle(false);

  /** Started after the mail server, whose port its config names. */
  @RegisterExtension
  @Order(2)
  static final CocreateServer server = CocreateServer.start(() -> new JsonObject().put("smtpHost", "127.0.0.1").put("smtpPort", smtp.getSmtp().getPort())
        .put("smtpFrom", "Cocreate <accounts@example.test>"));

  @BeforeEach
  void emptyMailbox() throws Exception {
    smtp.purgeEmailFromAllMailboxes();
  }

  /** A member registered by the API, then signed in by the page's form in a browser of its own. */
  static TestHttp signedIn(String username) {
    server.http().register(username);
    TestHttp b = server.http();
    b.getHtml("/login");
    Resp r = b.form("/login", Map.of("login", username, "password", "correct horse battery", "_csrf", b.cookie("cc_csrf")));
    assertThat(r.status()).as(r.toString()).isEqualTo(303);
    return b;
  }

  static Resp post(TestHttp b, String path, String... pairs) {
    Map<String, String> m = new HashMap<>();
    m.put("_csrf", b.cookie("cc_csrf"));
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return b.form(path, m);
  }

  @Test
  @DisplayName("password: a wrong current password is refused on the page; the right one changes it and ends the other sessions")
  void changePassword() {
    TestHttp b = signedIn("set_pat");
    TestHttp other = server.http();
    other.token(server.http().post("/api/auth/login", new JsonObject().put("login", "set_pat")
        .put("password", "correct horse battery")).json().getString("token"));

    Resp wrong = post(b, "/settings/password", "currentPassword", "not my password", "newPassword", "a new password here");
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.body()).contains("does not match").contains("aria-invalid=\"true\"").doesNotContain("a new password here");
    Resp weak = post(b, "/settings/password", "currentPassword", "correct horse battery", "newPassword", "short");
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.body()).contains("at least 10 characters");

    Resp ok = post(b, "/settings/password", "currentPassword", "correct horse battery", "newPassword", "a new password here");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(303);
    assertThat(b.getHtml("/settings").body()).contains("Your password is changed");
    assertThat(other.get("/api/me").status()).as("the other session ended").isEqualTo(401);
    assertThat(b.get("/api/me").status()).as("this browser stays signed in").isEqualTo(200);
    assertThat(server.http().post("/api/auth/login", new JsonObject().put("login", "set_pat")
        .put("password", "a new password here")).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("profile and time zone: saved from the page, a bad zone refused with the input kept, and times then print in the zone")
  void profileAndTimeZone() {
    TestHttp b = signedIn("set_zoe");
    Resp saved = post(b, "/settings/profile", "displayName", "Zoé Martin", "bio", "I *like* [maps](https://example.org).");
    assertThat(saved.status()).isEqualTo(303);
    Resp profile = b.getHtml("/u/set_zoe");
    assertThat(profile.body()).contains("Zoé Martin").contains("<em>like</em>").contains("<img class=\"avatar\" src=\"/avatars/");
    Resp longBio = post(b, "/settings/profile", "displayName", "Zoé", "bio", "x".repeat(2001));
    assertThat(longBio.status()).isEqualTo(400);
    assertThat(longBio.body()).contains("at most 2000 characters");

    Resp bad = post(b, "/settings/time-zone", "timeZone", "Mars/Olympus");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("must be a time zone such as Europe/Paris").contains("value=\"Mars/Olympus\"");
    assertThat(post(b, "/settings/time-zone", "timeZone", "Europe/Paris").status()).isEqualTo(303);
    Resp settings = b.getHtml("/settings");
    assertThat(settings.body()).contains("value=\"Europe/Paris\"").contains("(Paris)</time>");
  }

  @Test
  @DisplayName("e-mail: a taken address is refused; a new one changes only once its link is opened, and the old one is told")
  void changeEmailConfirmedByLink() throws Exception {
    server.http().register("set_taken");
    TestHttp b = signedIn("set_eve");
    Resp taken = post(b, "/settings/email", "email", "SET_TAKEN@example.test", "currentPassword", "correct horse battery");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.body()).contains("is already registered").contains("value=\"SET_TAKEN@example.test\"");
    Resp wrong = post(b, "/settings/email", "email", "eve.new@example.test", "currentPassword", "nope nope nope");
    assertThat(wrong.status()).isEqualTo(403);

    Resp asked = post(b, "/settings/email", "email", "eve.new@example.test", "currentPassword", "correct horse battery");
    assertThat(asked.status()).as(asked.toString()).isEqualTo(303);
    assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
    MimeMessage[] mails = smtp.getReceivedMessages();
    MimeMessage toNew = Arrays.stream(mails).filter(m -> recipient(m).equals("eve.new@example.test")).findFirst().orElseThrow();
    assertThat(Arrays.stream(mails).anyMatch(m -> recipient(m).equals("set_eve@example.test"))).as("the old address is told").isTrue();
    assertThat(b.get("/api/me").json().getString("email")).as("nothing changes before the link").isEqualTo("set_eve@example.test");

    Matcher link = Pattern.compile("(/settings/email/confirm\\?token=[A-Za-z0-9_-]+)").matcher(GreenMailUtil.getBody(toNew).replace("=\r\n", ""));
    assertThat(link.find()).isTrue();
    Resp opened = b.getHtml(link.group(1));
    assertThat(opened.status()).isEqualTo(303);
    assertThat(b.get("/api/me").json().getString("email")).isEqualTo("eve.new@example.test");
    assertThat(b.getHtml(link.group(1)).status()).as("the link works once").isEqualTo(400);
  }

  private static String recipient(MimeMessage m) {
    try {
      return m.getAllRecipients()[0].toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
