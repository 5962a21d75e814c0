package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reply tree's markup, written in Java for speed (see {@link ReplyTreeHelper}): escaped like a
 * template, nested like the thread, each post showing only its own marks, in the page's language.
 * The thread and idea pages are checked end to end in ForumPagesTest and the browser tests.
 */
@DisplayName("The reply tree's HTML")
class ReplyTreeHelperTest {
  static final Templates TEMPLATES = Templates.forPages(Messages.load());
  static final String HOSTILE = "O'Brien <script>alert(1)</script> & \"co\"";

  static JsonObject post(long id, Long parentId, int depth) {
    return new JsonObject().put("id", id).put("threadId", 9).put("parentId", parentId).put("depth", depth)
        .put("author", new JsonObject().put("id", 5).put("username", "ada").put("displayName", "Ada"))
        .put("html", "<p>Body " + id + "</p>").put("createdAt", "2026-11-22T10:15:00Z").put("deleted", false).put("hidden", false)
        .put("voteScore", 3).put("replyCount", 0).put("children", new JsonArray());
  }

  static String render(JsonArray posts, Locale locale) {
    return TEMPLATES.render("test-reply-tree", new JsonObject().put("posts", posts).put("csrf", "tok\"en"), locale);
  }

  @Test
  @DisplayName("what members wrote (names, a moderator's reason, a flag error) is escaped; only the sanitized body is markup")
  void escapesEverythingButTheBody() {
    JsonObject p = post(1, null, 0).put("ownHidden", true).put("hiddenReason", HOSTILE).put("canFlag", true).put("flagError", HOSTILE)
        .put("canReply", true).put("canVote", true).put("editedAt", "2026-11-22T11:00:00Z");
    p.getJsonObject("author").put("displayName", HOSTILE).put("username", "a\"><script>x</script>");
    String html = render(new JsonArray().add(p), Messages.ENGLISH);
    assertThat(html).doesNotContain("<script>").doesNotContain("\"co\"").doesNotContain("tok\"en")
        .contains("O&#x27;Brien &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;")
        .contains("href=\"/u/a&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"")
        .contains("value=\"tok&quot;en\"")
        .contains("<div class=\"post-body\"><p>Body 1</p></div>");
  }

  @Test
  @DisplayName("replies nest inside their parent's list, and a reply shows none of its parent's marks")
  void nestsAndKeepsMarksToTheirPost() {
    JsonObject root = post(1, null, 0).put("editedAt", "2026-11-22T11:00:00Z").put("canFlag", true).put("flagError", "Too soon")
        .put("ownHidden", true).put("hidden", true);
    JsonObject reply = post(2, 1L, 1);
    JsonObject deeper = post(3, 2L, 2).put("flat", true)
        .put("inReplyTo", new JsonObject().put("id", 2).put("username", "ada").put("displayName", "Ada"));
    reply.getJsonArray("children").add(deeper);
    root.getJsonArray("children").add(reply);
    String html = render(new JsonArray().add(root), Messages.ENGLISH);
    String replyHtml = html.substring(html.indexOf("id=\"p2\""), html.indexOf("id=\"p3\""));
    assertThat(html.indexOf("id=\"p2\"")).isGreaterThan(html.indexOf("<ol class=\"replies\">"));
    assertThat(html).contains("<li class=\"post is-hidden\" id=\"p1\"").contains("data-parent-id=\"2\"")
        .contains("class=\"edited\" href=\"/posts/1/revisions\"").contains("id=\"flag-1-error\">Too soon</p>")
        .contains("<li class=\"post flat\" id=\"p3\"").contains("<a href=\"#p2\">In reply to @ada</a>");
    assertThat(replyHtml).doesNotContain("edited").doesNotContain("hidden-notice").doesNotContain("form-error")
        .doesNotContain("is-hidden").doesNotContain("In reply to");
    assertThat(html).contains("<li class=\"post\" id=\"p2\"");
    assertThat(html.split("<ol class=\"replies\">", -1)).hasSize(4);
    assertThat(html.split("<details class=\"branch\" open>", -1)).as("a branch for each post with replies").hasSize(3);
    assertThat(html.split("</ol>", -1)).hasSize(4);
  }

  @Test
  @DisplayName("a member's vote shows pressed and pressing it again takes it back; a visitor sees the score only")
  void voteForms() {
    String member = render(new JsonArray().add(post(1, null, 0).put("canVote", true).put("up", true)), Messages.ENGLISH);
    assertThat(member).contains("value=\"0\" class=\"vote up\" aria-pressed=\"true\" aria-label=\"Upvote post by Ada\"")
        .contains("value=\"-1\" class=\"vote down\" aria-pressed=\"false\"");
    String visitor = render(new JsonArray().add(post(1, null, 0)), Messages.ENGLISH);
    assertThat(visitor).doesNotContain("<form").contains("<span class=\"score\">3</span> <span class=\"points-word\">points</span>");
  }

  @Test
  @DisplayName("texts and times are in the page's language")
  void french() {
    String html = render(new JsonArray().add(post(1, null, 0).put("canReply", true).put("canFlag", true)), Messages.FRENCH);
    Messages messages = Messages.load();
    assertThat(html).contains(TranslateHelper.escape(messages.text(Messages.FRENCH, "post.reply")))
        .contains(TranslateHelper.escape(messages.text(Messages.FRENCH, "post.sendFlag")))
        .contains(new DateHelper(messages).text(Messages.FRENCH, "2026-11-22T10:15:00Z"))
        .doesNotContain(">Reply<");
  }
}
