package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("An idea's discussion is answered on the idea's page, with the thread's composer")
class IdeaDiscussionTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static long challengeId;

  @BeforeAll
  static void start() {
    community = Community.in(server);
    TestHttp owner = community.freshMember("disc_owner");
    challengeId = community.openChallenge(owner, community.org(owner), new JsonObject());
  }

  @Test
  @DisplayName("the idea page carries the composer, and its reply forms and the composer's post to /i/N/reply")
  void ideaPageHasTheComposer() {
    TestHttp author = community.freshMember("disc_author");
    JsonObject idea = community.submitIdea(author, challengeId, "Folding solar lamp");
    long ideaId = idea.getLong("id");
    long reply = community.reply(author, idea.getLong("threadId"), "First answer").getLong("id");
    Document doc = community.browser(community.freshMember("disc_reader")).page("/i/" + ideaId);
    assertThat(doc.selectFirst("#composer").attr("data-lands-on")).isEqualTo("/i/" + ideaId);
    assertThat(doc.selectFirst("#composer form.composer-form").attr("action")).isEqualTo("/i/" + ideaId + "/reply");
    assertThat(doc.selectFirst("section.reply-to-thread form").attr("action")).isEqualTo("/i/" + ideaId + "/reply");
    assertThat(doc.selectFirst("#p" + reply + " details.reply-box form").attr("action")).isEqualTo("/i/" + ideaId + "/reply");
    assertThat(doc.select("script[src*=composer]")).hasSize(1);
  }

  @Test
  @DisplayName("a reply refused on the idea page comes back to the idea page with the error and the draft, not to /t/N")
  void refusedReplyComesBackToTheIdeaPage() {
    TestHttp author = community.freshMember("disc_author");
    JsonObject idea = community.submitIdea(author, challengeId, "Rain-fed planter");
    long ideaId = idea.getLong("id");
    TestHttp reader = community.browser(community.freshMember("disc_writer"));
    String draft = "Too long an answer " + "x".repeat(50_000);

    Resp refused = reader.postForm("/i/" + ideaId + "/reply", Map.of("body", draft));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.header("Location")).isNull();
    Document doc = Jsoup.parse(refused.body());
    assertThat(doc.selectFirst("article.idea").attr("data-idea-id")).isEqualTo(String.valueOf(ideaId));
    assertThat(doc.selectFirst("h1").text()).isEqualTo("Rain-fed planter");
    assertThat(doc.selectFirst("#idea-reply-error").text()).isEqualTo("Write something before posting.");
    assertThat(doc.selectFirst("#idea-reply").attr("aria-invalid")).isEqualTo("true");
    assertThat(doc.selectFirst("#idea-reply").text()).isEqualTo(draft);
    assertThat(doc.selectFirst("section.reply-to-thread form").attr("action")).isEqualTo("/i/" + ideaId + "/reply");

    Resp empty = reader.postForm("/i/" + ideaId + "/reply", Map.of("body", "   "));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(Jsoup.parse(empty.body()).selectFirst("article.idea #idea-reply-error")).isNotNull();
  }

  @Test
  @DisplayName("a refused answer to one post comes back in that post's branch on the idea page, still answering it")
  void refusedAnswerToAPostKeepsItsParent() {
    TestHttp author = community.freshMember("disc_author");
    JsonObject idea = community.submitIdea(author, challengeId, "Seed library");
    long ideaId = idea.getLong("id");
    long parent = community.reply(author, idea.getLong("threadId"), "Which seeds first?").getLong("id");
    TestHttp reader = community.browser(community.freshMember("disc_branch"));

    Resp refused = reader.postForm("/i/" + ideaId + "/reply", Map.of("parentId", String.valueOf(parent), "body", ""));
    assertThat(refused.status()).isEqualTo(400);
    Document doc = Jsoup.parse(refused.body());
    assertThat(doc.selectFirst(".focus-note")).isNotNull();
    assertThat(doc.selectFirst("#p" + parent)).isNotNull();
    assertThat(doc.selectFirst("section.reply-to-thread input[name=parentId]").attr("value")).isEqualTo(String.valueOf(parent));

    Resp taken = reader.postForm("/i/" + ideaId + "/reply", Map.of("parentId", String.valueOf(parent), "body", "Tomatoes"));
    assertThat(taken.status()).isEqualTo(303);
    assertThat(taken.header("Location")).matches("/i/" + ideaId + "/p/" + parent + "#p\\d+");
    Document shown = reader.page(taken.header("Location").replaceAll("#.*", ""));
    assertThat(shown.select("#p" + parent + " .post-body").text()).contains("Tomatoes");
  }

  /** The unread count on the idea's card of its challenge's page, or null when the card shows none. */
  static String unreadOnCard(TestHttp who, long ideaId) {
    Element count = who.page("/c/" + challengeId + "?sort=recent").selectFirst("#idea-" + ideaId + " .unread-count");
    return count == null ? null : count.text();
  }

  @Test
  @DisplayName("an idea card shows a reader the replies they have not read since they last read its discussion, and none once they read /i/N")
  void ideaCardShowsUnread() {
    TestHttp author = community.freshMember("disc_author");
    JsonObject idea = community.submitIdea(author, challengeId, "Shared tool shed");
    long ideaId = idea.getLong("id");
    long threadId = idea.getLong("threadId");
    TestHttp reader = community.browser(community.freshMember("disc_unread"));
    TestHttp stranger = community.browser(community.freshMember("disc_never"));
    assertThat(unreadOnCard(reader, ideaId)).as("never opened: nothing to count from").isNull();

    reader.page("/i/" + ideaId);
    String readerName = reader.get("/api/me").json().getString("username");
    Eventually.until("the idea page's read is recorded", () -> TestDatabase.queryLong(server.dbUrl(),
        "select count(*) from thread_reads r join users u on u.id = r.user_id where r.thread_id = " + threadId
            + " and u.username = '" + readerName + "'") == 1);
    community.reply(author, threadId, "Who keeps the key?");
    community.reply(author, threadId, "And the ladder?");
    assertThat(unreadOnCard(reader, ideaId)).isEqualTo("2 unread");
    Element link = reader.page("/c/" + challengeId + "?sort=recent").selectFirst("#idea-" + ideaId + " .unread-count");
    assertThat(link.attr("href")).isEqualTo("/t/" + threadId + "/unread");
    assertThat(link.attr("aria-label")).isEqualTo("2 unread posts, jump to the first");
    assertThat(unreadOnCard(stranger, ideaId)).as("another member who never read it").isNull();
    assertThat(unreadOnCard(server.http(), ideaId)).as("a visitor").isNull();

    reader.page("/i/" + ideaId);
    Eventually.until("reading /i/N clears the card's count", () -> unreadOnCard(reader, ideaId) == null);
  }
}
