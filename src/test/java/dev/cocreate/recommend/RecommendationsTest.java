package dev.cocreate.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #21's recommendations: what GET /api/me/recommendations gives (co-support and
 * co-discussion, each reason with its count and its idea), that a count under 5 is never shown,
 * that an opted-out member's supports feed nobody's, that an idea the member cannot read is never
 * recommended, and the same items on the home page and in the digest.
 *
 * <p>Each test builds its own small community on its own open challenge: its members and ideas
 * are new, so no test's supports reach another's recommendations.
 */
@DisplayName("Recommendations: co-support and co-discussion, never under 5, opt-out, read rules, home and digest")
class RecommendationsTest {
  @RegisterExtension
  @Order(1)
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
      .withPerMethodLifecycle(false);

  /** Started after the mail server, whose port its config names. */
  @RegisterExtension
  @Order(2)
  static final CocreateServer server = CocreateServer.start(() -> new JsonObject().put("smtpHost", "127.0.0.1")
      .put("smtpPort", smtp.getSmtp().getPort()).put("smtpFrom", "Cocreate <digest@example.test>"));

  static Community community;
  static TestHttp firm;
  static TestHttp author;
  static String org;

  @BeforeAll
  static void start() {
    community = Community.in(server).withAdmin("rc_admin");
    firm = community.freshMember("rcfirm");
    org = community.org(firm);
    author = community.freshMember("rcauthor");
  }

  /** A new open challenge of the firm with ideas of {@code author} titled {@code titles}; their ids in order. */
  static List<Long> ideas(JsonObject brief, String... titles) {
    long challenge = community.openChallenge(firm, org, brief);
    for (String title : titles) {
      community.submitIdea(author, challenge, title);
    }
    return community.ideaIds(challenge);
  }

  static void support(TestHttp member, long ideaId) {
    Resp r = member.put("/api/ideas/" + ideaId + "/support", new JsonObject());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  static List<JsonObject> recommendations(TestHttp member) {
    Resp r = member.get("/api/me/recommendations");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getJsonArray("items").stream().map(o -> (JsonObject) o).toList();
  }

  static List<Long> recommendedIds(TestHttp member) {
    return recommendations(member).stream().map(j -> j.getJsonObject("idea").getLong("id")).toList();
  }

  static JsonObject about(List<JsonObject> items, long ideaId) {
    return items.stream().filter(j -> j.getJsonObject("idea").getLong("id") == ideaId).findFirst().orElseThrow();
  }

  static void optOut(String token, boolean optOut) {
    Resp r = Community.send(server.http(), token, "PUT", "/api/me/recommendations/opt-out", new JsonObject().put("optOut", optOut));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getBoolean("optOut")).isEqualTo(optOut);
  }

  @Test
  @DisplayName("5 co-supporters give a reason that counts 5; 4 give none: the candidate is dropped, never shown with 4")
  void neverUnderFiveCoSupporters() {
    List<Long> ids = ideas(new JsonObject(), "Solar kiosk", "Water refill", "Bike racks");
    long x = ids.get(0);
    long five = ids.get(1);
    long four = ids.get(2);
    TestHttp me = community.freshMember("rcme");
    support(me, x);
    community.coSupportersViaSql("rcfive", 5, x, five);
    community.coSupportersViaSql("rcfour", 4, x, four);

    List<JsonObject> items = recommendations(me);
    assertThat(items).extracting(j -> j.getJsonObject("idea").getLong("id")).containsExactly(five);
    JsonObject rec = items.get(0);
    assertThat(rec.getJsonObject("idea").getString("title")).isEqualTo("Water refill");
    assertThat(rec.getJsonObject("idea").getString("url")).isEqualTo("/i/" + five);
    assertThat(rec.getJsonObject("reason").getString("kind")).isEqualTo("co-support");
    assertThat(rec.getJsonObject("reason").getInteger("count")).isEqualTo(5);
    assertThat(rec.getJsonObject("reason").getJsonObject("idea").getLong("id")).isEqualTo(x);
    assertThat(rec.getJsonObject("reason").getJsonObject("idea").getString("title")).isEqualTo("Solar kiosk");
    assertThat(rec.getJsonObject("reason").getJsonObject("idea").getString("url")).isEqualTo("/i/" + x);
    assertThat(rec.getString("text")).isEqualTo("5 members who supported “Solar kiosk” also support this");

    // The fifth supporter of the other idea makes it count 5: shown then, with 5.
    community.coSupportersViaSql("rcfourth", 1, x, four);
    assertThat(about(recommendations(me), four).getJsonObject("reason").getInteger("count")).isEqualTo(5);
    // What the member supports is never recommended to them, nor is their own idea.
    support(me, five);
    assertThat(recommendedIds(me)).containsExactly(four);
    assertThat(recommendedIds(author)).doesNotContain(x, five, four);
  }

  @Test
  @DisplayName("co-discussion: 5 members who replied where the member replied give a reason; 4 give none")
  void neverUnderFiveCoParticipants() {
    List<Long> ids = ideas(new JsonObject(), "Compost hub", "Tool library", "Repair cafe");
    long x = ids.get(0);
    long five = ids.get(1);
    long four = ids.get(2);
    TestHttp me = community.freshMember("rcspeaker");
    long thread = me.get("/api/ideas/" + x).json().getLong("threadId");
    community.reply(me, thread, "Where would the bins go?");
    community.repliersViaSql("rctalkfive", 5, x, five);
    community.repliersViaSql("rctalkfour", 4, x, four);

    List<JsonObject> items = recommendations(me);
    assertThat(items).extracting(j -> j.getJsonObject("idea").getLong("id")).containsExactly(five);
    JsonObject reason = items.get(0).getJsonObject("reason");
    assertThat(reason.getString("kind")).isEqualTo("co-discussion");
    assertThat(reason.getInteger("count")).isEqualTo(5);
    assertThat(reason.getJsonObject("idea").getLong("id")).isEqualTo(x);
    assertThat(items.get(0).getString("text")).isEqualTo("5 members who discussed “Compost hub” also discussed this");
    Resp fr = me.send(me.builder("/api/me/recommendations").header("Accept-Language", "fr").GET());
    assertThat(fr.json().getJsonArray("items").getJsonObject(0).getString("text"))
        .isEqualTo("5 membres qui ont discuté de « Compost hub » ont aussi discuté de celle-ci");
  }

  @Test
  @DisplayName("an opted-out member's supports feed nobody's recommendations; they still get their own; the setting is on the API and the settings page")
  void optedOutSupportsFeedNobody() {
    List<Long> ids = ideas(new JsonObject(), "Night market", "Harbour ferry", "School garden");
    long x = ids.get(0);
    long shared = ids.get(1);
    long theirs = ids.get(2);
    TestHttp me = community.member(Community.unique("rcopt"));
    support(me, x);
    List<String> six = community.coSupportersViaSql("rcsix", 6, x, shared);
    assertThat(about(recommendations(me), shared).getJsonObject("reason").getInteger("count")).isEqualTo(6);

    // One of the six opts out: the reason counts the five others, not six.
    optOut(six.get(0), true);
    assertThat(Community.send(server.http(), six.get(0), "GET", "/api/me/recommendations/opt-out", null).json()
        .getBoolean("optOut")).isTrue();
    assertThat(about(recommendations(me), shared).getJsonObject("reason").getInteger("count")).isEqualTo(5);
    // A second one, on the settings page: four are left, so the idea is dropped, not shown with 4.
    TestHttp meOnPage = community.browser(community.username(me));
    Resp page = meOnPage.getHtml("/settings");
    assertThat(page.body()).contains("Don’t use my supports and replies for recommendations").doesNotContain(" checked>");
    Resp saved = meOnPage.form("/settings/recommendations", Map.of("_csrf", meOnPage.cookie("cc_csrf"), "optOut", "on"));
    assertThat(saved.status()).as(saved.toString()).isEqualTo(303);
    assertThat(me.get("/api/me/recommendations/opt-out").json().getBoolean("optOut")).isTrue();
    org.jsoup.nodes.Element box = meOnPage.page("/settings").selectFirst("input#optOut[type=checkbox]");
    assertThat(box.hasAttr("checked")).isTrue();
    assertThat(box.attr("aria-describedby")).contains("optOut-help");
    // The member's data export says so too.
    assertThat(me.get("/api/me/export").json().getJsonObject("profile").getBoolean("recommendationsOptOut")).isTrue();
    // ("me" opted out, but is the one reading: their own supports were never counted in their reasons.)
    optOut(six.get(1), true);
    assertThat(recommendedIds(me)).doesNotContain(shared);

    // The opted-out still get theirs: what the five others (and me) who support x also support.
    community.coSupportersViaSql("rcothers", 5, x, theirs);
    JsonObject own = Community.send(server.http(), six.get(0), "GET", "/api/me/recommendations", null).json();
    assertThat(own.getBoolean("optedOut")).isTrue();
    assertThat(own.getJsonArray("items").stream().map(o -> ((JsonObject) o).getJsonObject("idea").getLong("id")).toList())
        .contains(theirs);
    // And opting back in counts them again.
    optOut(six.get(1), false);
    Resp unchecked = meOnPage.form("/settings/recommendations", Map.of("_csrf", meOnPage.cookie("cc_csrf")));
    assertThat(unchecked.status()).isEqualTo(303);
    assertThat(about(recommendations(me), shared).getJsonObject("reason").getInteger("count")).isEqualTo(5);
    assertThat(me.put("/api/me/recommendations/opt-out", new JsonObject().put("optOut", "yes")).status()).isEqualTo(400);
    assertThat(me.put("/api/me/recommendations/opt-out", new JsonObject()).status()).isEqualTo(400);
  }

  @Test
  @DisplayName("an idea discussed in a group space is recommended to its members only, never to someone who cannot read it")
  void privateIdeasOnlyToReaders() {
    String insiderName = Community.unique("rcin");
    TestHttp insider = community.member(insiderName);
    String group = Community.unique("rcgroup").replace('_', '-');
    community.space(group, "group", community.username(author), insiderName);
    List<Long> ids = ideas(new JsonObject(), "Public bakery", "Supplier pricing");
    long open = ids.get(0);
    long hidden = ids.get(1);
    // Its discussion moved into the group: only the group (and the firm, and moderators) read the idea now.
    long thread = author.get("/api/ideas/" + hidden).json().getLong("threadId");
    Resp moved = community.act(community.admin(), Community.action("move", "thread", thread, "Suppliers only").put("toSpace", group));
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    TestHttp outsider = community.freshMember("rcout");
    support(outsider, open);
    support(insider, open);
    community.coSupportersViaSql("rcpriv", 5, open, hidden);

    assertThat(outsider.get("/api/ideas/" + hidden).json().getString("title")).isNotEqualTo("Supplier pricing");
    assertThat(recommendedIds(outsider)).doesNotContain(hidden);
    assertThat(recommendedIds(insider)).contains(hidden);
  }

  @Test
  @DisplayName("the home page shows a signed-in member's recommendations under For you (in French too), hides the block when there are none, and the digest lists them")
  void homeAndDigest() throws Exception {
    List<Long> ids = ideas(new JsonObject(), "Ferry timetable", "Cargo <bikes> & trailers");
    long x = ids.get(0);
    long rec = ids.get(1);
    String name = Community.unique("rchome");
    TestHttp me = community.member(name);
    support(me, x);
    community.coSupportersViaSql("rchomes", 7, x, rec);

    TestHttp browser = community.browser(name);
    String home = browser.getHtml("/").body();
    assertThat(home).contains("<h2 id=\"for-you-heading\">For you</h2>")
        .contains("href=\"/i/" + rec + "\">Cargo &lt;bikes&gt; &amp; trailers</a>")
        .contains("7 members who supported “Ferry timetable” also support this");
    String french = browser.send(browser.builder("/").header("Accept", "text/html").header("Accept-Language", "fr").GET()).body();
    assertThat(french).contains("Pour vous").contains("7 membres qui ont soutenu « Ferry timetable » soutiennent aussi cette idée");
    TestHttp nobody = community.browser(community.username(community.freshMember("rcnone")));
    assertThat(nobody.getHtml("/").body()).doesNotContain("for-you-heading");
    assertThat(server.http().getHtml("/").body()).doesNotContain("for-you-heading");

    // The digest: sent for an unread notification, it lists the same idea with its reason.
    assertThat(me.put("/api/me/digest", new JsonObject().put("frequency", "daily")).status()).isEqualTo(200);
    String plaza = Community.unique("rcplaza").replace('_', '-');
    community.space(plaza, "public");
    community.thread(author, plaza, "Timetables", "What do you think, @" + name + "?");
    smtp.purgeEmailFromAllMailboxes();
    int sent = server.node().server().app().digests().runDigests(OffsetDateTime.now()).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    assertThat(sent).isEqualTo(1);
    MimeMessage[] mails = smtp.getReceivedMessages();
    assertThat(mails).hasSize(1);
    String body = mails[0].getContent() instanceof jakarta.mail.Multipart mp ? text(mp) : (String) mails[0].getContent();
    assertThat(body).contains("For you: ideas you may care about")
        .contains("Cargo <bikes> & trailers (7 members who supported “Ferry timetable” also support this)")
        .contains("/i/" + rec);
  }

  /** The text/plain part of a digest. */
  static String text(jakarta.mail.Multipart mp) throws Exception {
    for (int i = 0; i < mp.getCount(); i++) {
      jakarta.mail.BodyPart part = mp.getBodyPart(i);
      if (part.isMimeType("text/plain")) {
        return (String) part.getContent();
      }
      if (part.getContent() instanceof jakarta.mail.Multipart inner) {
        String t = text(inner);
        if (t != null) {
          return t;
        }
      }
    }
    return null;
  }
}
