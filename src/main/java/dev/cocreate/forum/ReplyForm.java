package dev.cocreate.forum;

import dev.cocreate.content.Post;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * A reply sent by a page's form (the reply box under a post, or the composer without its script),
 * the same on every page that shows a discussion (a thread's, an idea's): read as a
 * {@link NewReply}, sent, then either the reader lands on the new post in its branch, or the page
 * comes back with the error beside the field and the draft kept, in the branch it answered.
 */
public final class ReplyForm {
  /** A reply that was not taken: the status to answer with, the error in the reader's words, what they wrote. */
  public record Refusal(int status, String error, String draft, Long parentId) {}

  /** Shows the discussion again with the refusal in the reply form. */
  public interface ShowRefused {
    void show(RoutingContext ctx, Refusal refusal);
  }

  private ReplyForm() {}

  /**
   * Reads the form, sends the reply with {@code send}, and answers: a redirect to
   * {@code discussionPath + "/p/" + branch + "#p" + post} (with a flash), or the refused page.
   * Any other failure (not found, forbidden) goes to the failure handler as every page's does.
   */
  public static void post(RoutingContext ctx, Pages pages, String discussionPath, Function<NewReply, Future<Post>> send,
      ShowRefused refused) {
    String body = FormValues.orEmpty(ctx.request().getFormAttribute("body"));
    Long parentId = parentId(ctx.request().getFormAttribute("parentId"));
    NewReply reply;
    try {
      reply = NewReply.from(FormFields.of(ctx).with("parentId", parentId));
    } catch (ApiException e) {
      // The form's one field: whatever is wrong with the body, the member is asked to write something.
      refused.show(ctx, new Refusal(400, pages.text(ctx, "thread.writeSomething"), body, parentId));
      return;
    }
    send.apply(reply).onComplete(ar -> {
      if (ar.succeeded()) {
        Post p = ar.result();
        long branch = p.parentId() == null ? p.id() : p.parentId();
        pages.flashNotice(ctx, pages.text(ctx, "flash.replyPublished"));
        pages.redirect(ctx, discussionPath + "/p/" + branch + "#p" + p.id());
      } else if (ar.cause() instanceof ApiException e && (e.status() == 400 || e.status() == 423 || e.status() == 429)) {
        Pages.retryAfter(ctx, e);
        refused.show(ctx, new Refusal(e.status(), pages.problem(ctx, e), body, parentId));
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  /** The post a reply answers; none (a reply to the thread) when the form left it blank. */
  static Long parentId(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(raw.strip());
      return id > 0 ? id : null;
    } catch (NumberFormatException e) {
      throw ApiException.invalid("parentId", "must be a post of this thread");
    }
  }
}
