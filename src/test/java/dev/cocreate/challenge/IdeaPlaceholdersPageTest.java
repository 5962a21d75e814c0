package dev.cocreate.challenge;

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
 * The placeholders an idea page shows instead of withheld words, for the idea itself and for the
 * replies of its discussion, are in the page's language as the thread page's are
 * (DeepThreadPageTest.placeholdersInThePagesLanguage).
 */
@DisplayName("Placeholders on the idea page")
class IdeaPlaceholdersPageTest {
  static final String HIDDEN_FR = "[masqué par un modérateur]";
  static final String HIDDEN_EN = "[hidden by a moderator]";

  @RegisterExtension
  static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp outsider;
  static long challenge;
  static long discussed;
  static long deletedReply;
  static long hiddenReply;
  static long withheld;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("iph");
    TestHttp owner = community.freshMember("iph_owner");
    TestHttp author = community.freshMember("iph_author");
    TestHttp talker = community.freshMember("iph_talk");
    outsider = community.freshMember("iph_out");
    challenge = community.openChallenge(owner, community.org(owner), new JsonObject());

    JsonObject idea = community.submitIdea(author, challenge, "Rain gardens");
    discussed = idea.getLong("id");
    long thread = idea.getLong("threadId");
    deletedReply = community.reply(talker, thread, "Words taken back").getLong("id");
    assertThat(talker.delete("/api/posts/" + deletedReply).status()).isEqualTo(204);
    hiddenReply = community.reply(talker, thread, "Buy now").getLong("id");
    assertThat(community.act(community.mod(), Community.action("hide", "post", hiddenReply, "spam")).status()).isLessThan(300);

    JsonObject hidden = community.submitIdea(author, challenge, "Sky billboards");
    withheld = hidden.getLong("id");
    long opening = community.mod().get("/api/threads/" + hidden.getLong("threadId") + "/posts").items().getJsonObject(0).getLong("id");
    assertThat(community.act(community.mod(), Community.action("hide", "post", opening, "advertising")).status()).isLessThan(300);
  }

  static Document page(String path, String language) {
    HttpRequest.Builder b = outsider.builder(path).header("Accept", "text/html").header("Accept-Language", language).GET();
    Resp r = outsider.send(b);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return Jsoup.parse(r.body());
  }

  @Test
  @DisplayName("a deleted and a hidden reply under an idea read as placeholders in the page's language")
  void replyPlaceholdersInThePagesLanguage() {
    Document fr = page("/i/" + discussed, "fr");
    assertThat(fr.selectFirst("#p" + deletedReply + " .post-body").text()).isEqualTo("[supprimé]");
    assertThat(fr.selectFirst("#p" + hiddenReply + " .post-body").text()).isEqualTo(HIDDEN_FR);
    Document en = page("/i/" + discussed, "en");
    assertThat(en.selectFirst("#p" + deletedReply + " .post-body").text()).isEqualTo("[deleted]");
    assertThat(en.selectFirst("#p" + hiddenReply + " .post-body").text()).isEqualTo(HIDDEN_EN);
  }

  @Test
  @DisplayName("an idea withheld by moderation reads as the placeholder in the page's language, on its page and its card")
  void withheldIdeaInThePagesLanguage() {
    Document fr = page("/i/" + withheld, "fr");
    assertThat(fr.selectFirst("h1").text()).isEqualTo(HIDDEN_FR);
    assertThat(fr.selectFirst(".idea .lead").text()).isEqualTo(HIDDEN_FR);
    assertThat(fr.selectFirst(".idea-body").text()).isEqualTo(HIDDEN_FR);
    assertThat(fr.title()).contains(HIDDEN_FR).doesNotContain(HIDDEN_EN);
    assertThat(page("/i/" + withheld, "en").selectFirst("h1").text()).isEqualTo(HIDDEN_EN);
    Document card = page("/c/" + challenge, "fr");
    assertThat(card.selectFirst("#idea-" + withheld + " .idea-title").text()).isEqualTo(HIDDEN_FR);
    assertThat(card.selectFirst("#idea-" + withheld + " .idea-pitch").text()).isEqualTo(HIDDEN_FR);
  }
}
