package dev.cocreate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("E-mail digests of unread notifications")
class DigestTest {
  @RegisterExtension
  @Order(1)
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
      .withPerMethodLifecycle(false);

  /** Started after the mail server, whose port its config names. */
  @RegisterExtension
  @Order(2)
  static final CocreateServer server = CocreateServer.start(DigestTest::mail);

  static TestServer secondNode;
  static Community community;

  static JsonObject mail() {
    return new JsonObject().put("smtpHost", "127.0.0.1").put("smtpPort", smtp.getSmtp().getPort())
        .put("smtpFrom", "Cocreate <digest@example.test>");
  }

  @BeforeAll
  static void start() {
    secondNode = TestServer.startOn(server.dbUrl(), mail());
    community = Community.in(server).withAdmin("d_admin");
    community.space("plaza", "public");
  }

  @AfterAll
  static void stop() {
    if (secondNode != null) {
      secondNode.close();
    }
  }

  @BeforeEach
  void emptyMailbox() throws Exception {
    smtp.purgeEmailFromAllMailboxes();
  }

  static int run(TestServer node, OffsetDateTime now) {
    try {
      return node.server().app().digests().runDigests(now).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(Part part) throws Exception {
    if (part.isMimeType("text/plain")) {
      return (String) part.getContent();
    }
    if (part.getContent() instanceof Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart bp = mp.getBodyPart(i);
        String t = text(bp);
        if (t != null) {
          return t;
        }
      }
    }
    return null;
  }

  @Test
  @DisplayName("a daily digest arrives once with the unread items, and its unsubscribe link works without signing in")
  void dailyDigest() throws Exception {
    TestHttp una = community.member("una");
    TestHttp vic = community.member("vic");
    TestHttp wes = community.member("wes"); // never asked for a digest
    assertThat(una.put("/api/me/digest", new JsonObject().put("frequency", "daily")).json().getString("frequency")).isEqualTo("daily");
    assertThat(una.get("/api/me/digest").json().getString("frequency")).isEqualTo("daily");
    assertThat(una.put("/api/me/digest", new JsonObject().put("frequency", "hourly")).status()).isEqualTo(400);

    JsonObject t = community.thread(una, "plaza", "Summer festival", "Which weekend?");
    community.thread(wes, "plaza", "Wes's own thread", "Hello");
    community.reply(vic, t.getLong("id"), null, "The last one, @una.");
    JsonObject second = community.thread(vic, "plaza", "Stage lighting", "Ask @una and @wes about it.");
    community.reply(vic, t.getLong("id"), null, "Or the first one, @una.");

    OffsetDateTime now = OffsetDateTime.now();
    // Two nodes run the job at once: the database claim lets exactly one of them send.
    CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> run(server.node(), now));
    CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> run(secondNode, now));
    assertThat(a.get(30, TimeUnit.SECONDS) + b.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage msg = received[0];
    assertThat(msg.getAllRecipients()[0].toString()).isEqualTo("una@example.test");
    assertThat(msg.getSubject()).isEqualTo("Cocreate: 2 new notifications");
    String body = text(msg);
    assertThat(body).contains("VIC mentioned you in Stage lighting").contains("2 mentions of you in Summer festival")
        .contains("/t/" + t.getLong("id")).contains("/t/" + second.getLong("id"));
    String listUnsubscribe = msg.getHeader("List-Unsubscribe")[0];
    assertThat(msg.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");

    // Claimed for today: running again sends nothing, on either node.
    assertThat(run(server.node(), now.plusMinutes(5)) + run(secondNode, now.plusMinutes(5))).isZero();

    Matcher m = Pattern.compile("Stop these e-mails: (\\S+)").matcher(body);
    assertThat(m.find()).isTrue();
    URI link = URI.create(m.group(1));
    assertThat(listUnsubscribe).isEqualTo("<" + link + ">");
    TestHttp stranger = server.http(); // no session, no token
    Resp page = stranger.getHtml(link.getRawPath() + "?" + link.getRawQuery());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("You are unsubscribed");
    assertThat(una.get("/api/me/digest").json().getString("frequency")).isEqualTo("off");

    // Turned off: even a day later with new news, no digest.
    community.reply(vic, t.getLong("id"), null, "Any news, @una?");
    assertThat(run(server.node(), now.plusDays(2))).isZero();
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  @Test
  @DisplayName("a tampered token is refused; one-click POST unsubscribes too")
  void unsubscribeTokens() {
    TestHttp xan = community.member("xan");
    long id = xan.get("/api/me").json().getLong("id");
    xan.put("/api/me/digest", new JsonObject().put("frequency", "weekly"));
    String token = server.server().app().digests().unsubscribeToken(id);
    TestHttp stranger = server.http();
    assertThat(stranger.getHtml("/unsubscribe?token=" + (id + 1) + token.substring(token.indexOf('.'))).status()).isEqualTo(400);
    assertThat(stranger.getHtml("/unsubscribe?token=garbage").status()).isEqualTo(400);
    assertThat(stranger.getHtml("/unsubscribe").status()).isEqualTo(400);
    assertThat(xan.get("/api/me/digest").json().getString("frequency")).isEqualTo("weekly");
    Resp oneClick = stranger.form("/unsubscribe?token=" + token, Map.of("List-Unsubscribe", "One-Click"));
    assertThat(oneClick.status()).isEqualTo(200);
    assertThat(xan.get("/api/me/digest").json().getString("frequency")).isEqualTo("off");
  }

  @Test
  @DisplayName("a weekly digest waits a week; a failed send is tried again later")
  void weeklyAndRetry() {
    TestHttp yul = community.member("yul");
    TestHttp zed = community.member("zed");
    yul.put("/api/me/digest", new JsonObject().put("frequency", "weekly"));
    JsonObject t = community.thread(yul, "plaza", "Weekly things", "Hi");
    community.reply(zed, t.getLong("id"), null, "First");
    OffsetDateTime now = OffsetDateTime.now();
    assertThat(run(server.node(), now)).isEqualTo(1);
    community.reply(zed, t.getLong("id"), null, "Second");
    // The claim stored `now`; the new notification is newer than it only in real time, so look from now.
    assertThat(run(server.node(), now.plusDays(3))).isZero();
    community.exec("update users set digest_sent_at = digest_sent_at - interval '8 days' where username = 'yul'");
    assertThat(run(server.node(), now.plusMinutes(1))).isEqualTo(1);
    assertThat(smtp.getReceivedMessages()).hasSize(2);
  }

  @Test
  @DisplayName("a member who chose French gets the digest in French")
  void frenchDigest() throws Exception {
    TestHttp zoe = community.member("zoe");
    TestHttp abe = community.member("abe");
    assertThat(zoe.put("/api/me/locale", new JsonObject().put("locale", "fr")).status()).isEqualTo(200);
    zoe.put("/api/me/digest", new JsonObject().put("frequency", "daily"));
    community.thread(abe, "plaza", "Marché de Noël", "Qu'en pense @zoe ?");

    assertThat(run(server.node(), OffsetDateTime.now())).isEqualTo(1);
    assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage msg = smtp.getReceivedMessages()[0];
    assertThat(msg.getSubject()).isEqualTo("Cocreate\u00a0: ABE vous a mentionné dans Marché de Noël");
    assertThat(text(msg)).startsWith("Bonjour ZOE,").contains("Voici ce qui s’est passé pendant votre absence")
        .contains("ABE vous a mentionné dans Marché de Noël").contains("Ne plus recevoir ces e-mails\u00a0: ");
  }
}
