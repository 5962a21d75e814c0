package dev.cocreate.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A silenced member reads the thread and idea pages with a notice saying until when in place of the
 * forms they may not use; the refusals themselves are AccountRestriction's and MemberRestrictionPagesTest's.
 */
@DisplayName("Pages a silenced member reads")
class SilencedMemberPagesTest {
  @RegisterExtension
  static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp quiet;
  static TestHttp talker;
  static long threadId;
  static long ideaId;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("sil");
    community.space("sil-plaza", "public");
    threadId = community.thread(community.admin(), "sil-plaza", "Open talk").getLong("id");
    TestHttp owner = community.freshMember("sil_owner");
    long challenge = community.openChallenge(owner, community.org(owner), new JsonObject());
    ideaId = community.submitIdea(community.freshMember("sil_author"), challenge, "Solar roofs").getLong("id");
    quiet = community.member("sil_quiet");
    talker = community.member("sil_talker");
    Resp silenced = community.mod().post("/api/users/sil_quiet/silence",
        new JsonObject().put("until", "2099-06-01T10:00:00Z").put("reason", "Cool off"));
    assertThat(silenced.status()).as(silenced.toString()).isEqualTo(200);
  }

  static Document page(TestHttp who, String path, String language) {
    HttpRequest.Builder b = who.builder(path).header("Accept", "text/html").header("Accept-Language", language).GET();
    Resp r = who.send(b);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return Jsoup.parse(r.body());
  }

  @Test
  @DisplayName("the thread page tells a silenced member until when, in their language, instead of the reply forms")
  void threadPageSaysUntilWhenInsteadOfTheReplyForms() {
    Document en = page(quiet, "/t/" + threadId, "en");
    assertThat(en.select(".silenced-notice").text()).contains("You are silenced until").contains("2099").contains("Cool off");
    assertThat(en.select("form.reply-form, #composer, form[action$=\"/reply\"]")).isEmpty();
    Document fr = page(quiet, "/t/" + threadId, "fr");
    assertThat(fr.select(".silenced-notice").text()).contains("réduit au silence jusqu’au").contains("juin 2099");
  }

  @Test
  @DisplayName("the idea page tells a silenced member until when and shows neither the reply form nor the support button")
  void ideaPageSaysUntilWhenWithoutReplyFormOrSupportButton() {
    Document en = page(quiet, "/i/" + ideaId, "en");
    assertThat(en.select(".silenced-notice").text()).contains("You are silenced until").contains("2099");
    assertThat(en.select("form.reply-form, form[action$=\"/reply\"]")).isEmpty();
    assertThat(en.select("form.support-form")).isEmpty();
    assertThat(page(quiet, "/i/" + ideaId, "fr").select(".silenced-notice").text()).contains("réduit au silence");
  }

  @Test
  @DisplayName("a member who is not silenced gets the reply forms and the support button, and no notice")
  void aMemberNotSilencedGetsTheForms() {
    Document thread = page(talker, "/t/" + threadId, "en");
    assertThat(thread.select(".silenced-notice")).isEmpty();
    assertThat(thread.select("form.reply-form")).isNotEmpty();
    assertThat(thread.select("#composer")).isNotEmpty();
    Document idea = page(talker, "/i/" + ideaId, "en");
    assertThat(idea.select(".silenced-notice")).isEmpty();
    assertThat(idea.select("form.reply-form")).isNotEmpty();
    assertThat(idea.select("form.support-form")).isNotEmpty();
  }
}
