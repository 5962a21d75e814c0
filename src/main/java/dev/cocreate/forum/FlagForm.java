package dev.cocreate.forum;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.content.Post;
import dev.cocreate.moderation.FlagRequest;
import dev.cocreate.moderation.ModerationService;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /posts/:id/flag}: the flag form behind every post of the thread page. Moderation
 * takes the flag, read by {@link FlagRequest} as the API's is; the form is the forum's because it
 * lives on the thread page, which is shown again with the error inside the form when the flag
 * cannot be taken.
 */
final class FlagForm {
  private final Pages pages;
  private final ForumService forum;
  private final ModerationService moderation;
  private final ThreadPage threadPage;

  FlagForm(Pages pages, ForumService forum, ModerationService moderation, ThreadPage threadPage) {
    this.pages = pages;
    this.forum = forum;
    this.moderation = moderation;
    this.threadPage = threadPage;
  }

  void submit(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      pages.redirect(ctx, "/login");
      return;
    }
    long postId = Http.idParam(ctx, "id");
    FormFields form = FormFields.of(ctx);
    forum.post(caller, postId).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      Post post = found.result();
      FlagRequest flag;
      try {
        flag = FlagRequest.from(form);
      } catch (ApiException e) {
        threadPage.showWithFlagError(ctx, caller, post, 400, invalid(ctx, e));
        return;
      }
      moderation.flagPost(caller, postId, flag).onComplete(ar -> {
        if (ar.succeeded()) {
          long anchor = post.parentId() == null ? post.id() : post.parentId();
          pages.flashNotice(ctx, pages.text(ctx, "flag.thanks"));
          pages.redirect(ctx, "/t/" + post.threadId() + "/p/" + anchor + "#p" + post.id());
        } else if (ar.cause() instanceof ApiException e && (e.status() == 400 || e.status() == 403 || e.status() == 409
            || e.status() == 429)) {
          Pages.retryAfter(ctx, e);
          threadPage.showWithFlagError(ctx, caller, post, e.status(), pages.problem(ctx, e));
        } else {
          ctx.fail(ar.cause());
        }
      });
    });
  }

  /** The form's words for the first thing wrong with the flag: no reason, no note with "other", too long a note. */
  private String invalid(RoutingContext ctx, ApiException e) {
    ApiException.FieldError first = e.errors().get(0);
    if (first.field().equals("reason")) {
      return pages.text(ctx, "flag.chooseReason");
    }
    if (first.message().startsWith("is required")) {
      return pages.text(ctx, "flag.noteRequired");
    }
    if (first.message().startsWith("must be at most")) {
      return pages.text(ctx, "flag.noteTooLong", "max", FlagRequest.NOTE_MAX);
    }
    return pages.problem(ctx, e);
  }
}
