package dev.cocreate.web;

import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import dev.cocreate.content.Post;
import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code {{replyTree posts csrf=csrf}}}: the reply tree of a thread or an idea, the post nodes
 * the forum's PostTree builds (for the thread page and an idea's discussion), as HTML. With
 * {@code replyAction="/i/7/reply"} the reply forms post there instead of to their thread, so a reply the
 * server refuses comes back to the page it was written on.
 *
 * <p>Written in Java rather than as a recursive Handlebars partial because the tree is most of a
 * thread page and Handlebars.java rendered it slowly: every block ({@code #if}, {@code #each}) renders
 * into a string of its own that its parent copies again, so each post's markup was copied once per
 * level of nesting, and every name was resolved through a chain of contexts; a 150-post page took
 * 4.7 ms to render as a visitor and 15.5 ms as a member (bench/RenderBench), a sixth of the rate of
 * the same thread as JSON. Here each post is appended once to one builder.
 *
 * <p>Everything taken from a post is escaped ({@link #escape}, Handlebars' own escaping) except {@code html}, which the
 * server rendered from Markdown and sanitized when the post was written. Texts come from the page's
 * language bundle as in the {@code t} helper. webroot/js/thread.js builds the same markup for posts
 * that arrive live.
 */
public final class ReplyTreeHelper implements Helper<Object> {
  private static final String DELETED_HTML = "<p>" + Post.DELETED_BODY + "</p>";
  private static final String HIDDEN_HTML = "<p>" + Post.HIDDEN_BODY + "</p>";
  private final Messages messages;
  private final DateHelper dates;

  public ReplyTreeHelper(Messages messages, DateHelper dates) {
    this.messages = messages;
    this.dates = dates;
  }

  @Override
  public Object apply(Object posts, Options options) {
    if (!(posts instanceof JsonArray roots) || roots.isEmpty()) {
      return "";
    }
    Locale locale = options.data(Templates.LOCALE);
    Object csrf = options.hash("csrf");
    Object replyAction = options.hash("replyAction");
    Render render = new Render(locale, options.data(Templates.ZONE), csrf == null ? "" : escape(csrf.toString()),
        replyAction == null ? null : escape(replyAction.toString()), roots);
    for (int i = 0; i < roots.size(); i++) {
      render.post(roots.getJsonObject(i));
    }
    if (options.hash("liveControls") instanceof JsonObject controls) {
      render.liveControls(controls);
    }
    return new Handlebars.SafeString(render.out.toString());
  }

  /** One page's render: its language, its form token and the builder every post goes to. */
  private final class Render {
    final Locale locale;
    final ZoneId zone;
    final String csrf;
    /** Where the reply forms post; null for their thread's own {@code /t/:id/reply}. */
    final String replyAction;
    final StringBuilder out;
    /** Texts without parameters are the same for every post: looked up and escaped once per page. */
    final Map<String, String> fixed = new HashMap<>();

    Render(Locale locale, ZoneId zone, String csrf, String replyAction, JsonArray roots) {
      this.locale = locale;
      this.zone = zone;
      this.csrf = csrf;
      this.replyAction = replyAction;
      // Sized for the whole tree up front (about 0.8 KB a post, 2.5 KB with a member's forms): grown
      // by doubling, the builder's copies were a fifth of the render.
      int[] shape = new int[2];
      measure(roots, shape);
      this.out = new StringBuilder(shape[0] * 900 + shape[1] * 1800 + 256);
    }

    /** Counts the posts of a tree, and those a form goes with. */
    private static void measure(JsonArray nodes, int[] shape) {
      for (int i = 0; i < nodes.size(); i++) {
        JsonObject p = nodes.getJsonObject(i);
        shape[0]++;
        if (p.getBoolean("canReply", false) || p.getBoolean("canVote", false)) {
          shape[1]++;
        }
        JsonArray children = p.getJsonArray("children");
        if (children != null) {
          measure(children, shape);
        }
      }
    }

    String t(String key) {
      return fixed.computeIfAbsent(key, k -> TranslateHelper.escape(messages.text(locale, k)));
    }

    String t(String key, String name, Object value) {
      // As the t helper does: the whole text escaped, apostrophes left as written.
      return TranslateHelper.escape(messages.text(locale, key, name, value));
    }

    void post(JsonObject p) {
      long id = p.getLong("id");
      long threadId = p.getLong("threadId");
      JsonObject author = p.getJsonObject("author");
      String displayName = author.getString("displayName");
      String authorName = escape(displayName);
      // Follow and unread (task C): the reader's first unread post is preceded by its divider.
      if (p.getBoolean("firstUnread", false)) {
        out.append("<li class=\"unread-divider\" id=\"unread\"><span>").append(t("unread.divider")).append("</span></li>\n");
      }
      out.append("<li class=\"post");
      if (p.getBoolean("deleted", false)) {
        out.append(" is-deleted");
      }
      if (p.getBoolean("hidden", false)) {
        out.append(" is-hidden");
      }
      if (p.getBoolean("flat", false)) {
        out.append(" flat");
      }
      out.append("\" id=\"p").append(id).append("\" data-post-id=\"").append(id).append("\" data-parent-id=\"");
      Object parentId = p.getValue("parentId");
      if (parentId != null) {
        out.append(parentId);
      }
      out.append("\" data-depth=\"").append(p.getValue("depth")).append("\" data-level=\"").append(p.getInteger("level", 0))
          .append("\">\n<article class=\"post-card\" aria-labelledby=\"p")
          .append(id).append("-by\">\n<header class=\"post-meta\">\n<img class=\"avatar\" src=\"")
          .append(escape(Avatars.href(author.getString("username")))).append("\" alt=\"\" width=\"32\" height=\"32\">\n<span id=\"p").append(id)
          .append("-by\"><a class=\"author\" href=\"/u/").append(escape(author.getString("username"))).append("\">")
          .append(authorName).append("</a></span>\n<a class=\"permalink\" href=\"/t/").append(threadId).append("/p/").append(id)
          .append("#p").append(id).append("\"><time datetime=\"");
      String createdAt = p.getString("createdAt");
      out.append(escape(createdAt)).append("\">").append(escape(dates.text(locale, zone, createdAt))).append("</time></a>");
      if (p.getValue("editedAt") instanceof String editedAt) {
        out.append("\n<a class=\"edited\" href=\"/posts/").append(id).append("/revisions\" title=\"")
            .append(t("post.editedAt", "at", dates.text(locale, zone, editedAt))).append("\">").append(t("post.edited")).append("</a>");
      }
      out.append("\n</header>\n");
      if (p.getValue("inReplyTo") instanceof JsonObject parent) {
        // Shown where the parent is no longer told by indentation: past the nesting (flat), and on a phone past its shallower cap.
        out.append("<p class=\"in-reply-to").append(p.getBoolean("flat", false) ? "" : " past-phone-cap").append("\"><a href=\"#p")
            .append(parent.getLong("id")).append("\">").append(t("post.inReplyTo", "name", parent.getString("username")))
            .append("</a></p>\n");
      }
      if (p.getBoolean("ownHidden", false)) {
        out.append("<p class=\"notice hidden-notice\">");
        if (p.getValue("hiddenReason") instanceof String reason && !reason.isEmpty()) {
          out.append(t("post.hiddenWithReason", "reason", reason));
        } else {
          out.append(t("post.hiddenByModerator"));
        }
        out.append(' ').append(t("post.onlyYouSee")).append(" <a href=\"/notices\">").append(t("post.yourNotices")).append("</a></p>\n");
      }
      if (p.getBoolean("hiddenFromMembers", false)) {
        out.append("<p class=\"notice hidden-notice\">").append(t("post.hiddenFromMembers")).append("</p>\n");
      }
      // Sanitized when the post was written (forum/Markdown); the one value not escaped here.
      String html = placeholder(p.getString("html"));
      out.append("<div class=\"post-body\">").append(html == null ? "" : html).append("</div>\n<footer class=\"post-actions\">\n");
      if (p.getBoolean("canVote", false)) {
        voteForm(p, id, threadId, displayName);
      } else {
        out.append("<span class=\"score-static\"><span class=\"score\">").append(p.getValue("voteScore"))
            .append("</span> <span class=\"points-word\">").append(t("post.points", "count", p.getValue("voteScore"))).append("</span></span>\n");
      }
      if (p.getBoolean("canReply", false)) {
        out.append("<details class=\"reply-box\">\n<summary>").append(t("post.reply")).append("</summary>\n<form method=\"post\" action=\"");
        if (replyAction == null) {
          out.append("/t/").append(threadId).append("/reply");
        } else {
          out.append(replyAction);
        }
        out.append("\" class=\"reply-form\">\n<input type=\"hidden\" name=\"_csrf\" value=\"").append(csrf)
            .append("\">\n<input type=\"hidden\" name=\"parentId\" value=\"").append(id).append("\">\n<label for=\"reply-").append(id)
            .append("\">").append(t("post.replyTo", "author", displayName)).append("</label>\n<textarea id=\"reply-").append(id)
            .append("\" name=\"body\" required maxlength=\"50000\" rows=\"4\"></textarea>\n<button type=\"submit\">")
            .append(t("post.postReply")).append("</button>\n</form>\n</details>\n");
      }
      if (p.getBoolean("canFlag", false)) {
        flagForm(p, id);
      }
      if (p.getBoolean("canEdit", false)) {
        out.append("<a class=\"edit-link\" href=\"/posts/").append(id).append("/edit\">").append(t("post.edit")).append("</a>\n");
      }
      if (p.getBoolean("canDelete", false)) {
        deleteForm(id);
      }
      if (p.getBoolean("canRestore", false)) {
        out.append("<form method=\"post\" action=\"/posts/").append(id).append("/restore\" class=\"inline-form\">\n")
            .append("<input type=\"hidden\" name=\"_csrf\" value=\"").append(csrf).append("\">\n")
            .append("<button type=\"submit\" class=\"link-button\">").append(t("post.restore")).append("</button>\n</form>\n");
      }
      out.append("</footer>\n</article>\n");
      JsonArray children = p.getJsonArray("children");
      if (children == null || children.isEmpty()) {
        // Where a reply that arrives live goes (thread.js wraps it in a branch then).
        out.append("<ol class=\"replies\"></ol>\n</li>\n");
        return;
      }
      branchOpen(p.getInteger("branchSize", children.size()), displayName);
      for (int i = 0; i < children.size(); i++) {
        post(children.getJsonObject(i));
      }
      out.append("</ol>\n</details>\n</li>\n");
    }

    /**
     * A branch that folds without script: its summary is the thread line beside the replies while
     * open, and says how many replies are folded while closed. Both texts are in it, the one for
     * the other state hidden, so its name always says what pressing it does.
     */
    private void branchOpen(int size, String author) {
      out.append("<details class=\"branch\" open>\n<summary class=\"thread-line\"><span class=\"fold\">")
          .append(t2("post.foldBranch", size, author)).append("</span><span class=\"unfold\">").append(t2("post.unfoldBranch", size, author))
          .append("</span></summary>\n<ol class=\"replies\">");
    }

    String t2(String key, int count, String author) {
      return TranslateHelper.escape(messages.text(locale, key, "count", count, "author", author));
    }

    /** The deleted and hidden placeholders a post's content is replaced by, in the page's language. */
    private String placeholder(String html) {
      if (DELETED_HTML.equals(html)) {
        return "<p>" + t("post.deletedPlaceholder") + "</p>";
      }
      if (HIDDEN_HTML.equals(html)) {
        return "<p>" + t("post.hiddenPlaceholder") + "</p>";
      }
      return html;
    }

    /**
     * The controls thread.js gives a reply that arrives live, as the server would have drawn them
     * for this reader ({@code __ID__} stands for the post's id): flag for another's post, edit and
     * delete for one's own or, for staff, anyone's.
     */
    void liveControls(JsonObject controls) {
      out.append("<template class=\"post-controls\" data-staff=\"").append(controls.getBoolean("staff", false)).append("\">\n");
      if (controls.getBoolean("flag", false)) {
        flagForm(new JsonObject(), "__ID__");
      }
      if (controls.getBoolean("edit", false)) {
        out.append("<a class=\"edit-link\" href=\"/posts/__ID__/edit\">").append(t("post.edit")).append("</a>\n");
        deleteForm("__ID__");
      }
      out.append("</template>\n");
    }

    /** The data-confirm texts are js/confirm.js's dialog; without it the server asks on a page of its own. */
    private void deleteForm(Object id) {
      out.append("<form method=\"post\" action=\"/posts/").append(id).append("/delete\" class=\"inline-form delete-form\" data-confirm=\"")
          .append(t("confirm.deletePost.question")).append("\" data-confirm-detail=\"").append(t("confirm.deletePost.consequence"))
          .append("\" data-confirm-button=\"").append(t("post.delete")).append("\">\n")
          .append("<input type=\"hidden\" name=\"_csrf\" value=\"").append(csrf).append("\">\n")
          .append("<button type=\"submit\" class=\"link-button danger\">").append(t("post.delete")).append("</button>\n</form>\n");
    }

    private void voteForm(JsonObject p, long id, long threadId, String displayName) {
      boolean up = p.getBoolean("up", false);
      boolean down = p.getBoolean("down", false);
      // Pressing the button already pressed takes the vote back (value 0).
      out.append("<form method=\"post\" action=\"/posts/").append(id).append("/vote\" class=\"vote-form\" data-post-id=\"").append(id)
          .append("\">\n<input type=\"hidden\" name=\"_csrf\" value=\"").append(csrf).append("\">\n")
          .append("<input type=\"hidden\" name=\"threadId\" value=\"").append(threadId).append("\">\n")
          .append("<button type=\"submit\" name=\"value\" value=\"").append(up ? "0" : "1").append("\" class=\"vote up\" aria-pressed=\"")
          .append(up).append("\" aria-label=\"").append(t("post.upvote", "author", displayName)).append("\">\u25b2</button>\n")
          .append("<span class=\"score\" aria-label=\"").append(t("post.score")).append("\">").append(p.getValue("voteScore"))
          .append("</span>\n<button type=\"submit\" name=\"value\" value=\"").append(down ? "0" : "-1")
          .append("\" class=\"vote down\" aria-pressed=\"").append(down).append("\" aria-label=\"")
          .append(t("post.downvote", "author", displayName)).append("\">\u25bc</button>\n</form>\n");
    }

    private void flagForm(JsonObject p, Object id) {
      String error = p.getValue("flagError") instanceof String e && !e.isEmpty() ? escape(e) : null;
      out.append("<details class=\"flag-box\"").append(error != null ? " open" : "").append(">\n<summary>").append(t("post.flag"))
          .append("</summary>\n<form method=\"post\" action=\"/posts/").append(id).append("/flag\" class=\"flag-form\" novalidate>\n")
          .append("<input type=\"hidden\" name=\"_csrf\" value=\"").append(csrf).append("\">\n");
      if (error != null) {
        out.append("<p class=\"form-error\" role=\"alert\" id=\"flag-").append(id).append("-error\">").append(error).append("</p>\n");
      }
      out.append("<label for=\"flag-reason-").append(id).append("\">").append(t("post.flagWhy")).append("</label>\n")
          .append("<select id=\"flag-reason-").append(id).append("\" name=\"reason\"");
      if (error != null) {
        out.append(" aria-invalid=\"true\" aria-describedby=\"flag-").append(id).append("-error\"");
      }
      out.append(">\n<option value=\"spam\">").append(t("flag.spam")).append("</option>\n<option value=\"abuse\">").append(t("flag.abuse"))
          .append("</option>\n<option value=\"off_topic\">").append(t("flag.offTopic")).append("</option>\n<option value=\"other\">")
          .append(t("flag.other")).append("</option>\n</select>\n<label for=\"flag-note-").append(id).append("\">").append(t("post.flagNote"))
          .append(" <span class=\"optional\">").append(t("post.flagNoteHint")).append("</span></label>\n<input id=\"flag-note-").append(id)
          .append("\" name=\"note\" type=\"text\" maxlength=\"1000\">\n<button type=\"submit\" class=\"secondary\">").append(t("post.sendFlag"))
          .append("</button>\n</form>\n</details>\n");
    }
  }

  /**
   * A member-written value, escaped as Handlebars escapes {@code {{value}}}: the page reads the same
   * as when the tree was a template.
   */
  static String escape(String s) {
    return s == null ? "" : Handlebars.Utils.escapeExpression(s).toString();
  }
}
