package dev.cocreate.forum;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.content.Post;
import dev.cocreate.moderation.Flag;
import dev.cocreate.moderation.ModerationService;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import dev.cocreate.platform.http.RateLimitPolicy;
import dev.cocreate.platform.http.RateLimiter;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /posts/:id/flag}: the flag form behind every post of the thread page. Moderation
 * takes the flag; the form is the forum's because it lives on the thread page, which is shown again
 * with the error inside the form when the flag cannot be taken.
 */
final class FlagForm {
  static final int NOTE_MAX = 1000;

  private final Pages pages;
  private final ForumService forum;
  private final ModerationService moderation;
  private final Permissions permissions;
  private final RateLimiter limiter;
  private final RateLimitPolicy policy;
  private final ThreadPage threadPage;

  FlagForm(Pages pages, ForumService forum, ModerationService moderation, Permissions permissions, RateLimiter limiter,
      RateLimitPolicy policy, ThreadPage threadPage) {
    this.pages = pages;
    this.forum = forum;
    this.moderation = moderation;
    this.permissions = permissions;
    this.limiter = limiter;
    this.policy = policy;
    this.threadPage = threadPage;
  }

  void submit(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      pages.redirect(ctx, "/login");
      return;
    }
    long postId = Http.idParam(ctx, "id");
    String reason = FormValues.orEmpty(ctx.request().getFormAttribute("reason"));
    String note = FormValues.orEmpty(ctx.request().getFormAttribute("note")).strip();
    forum.post(caller, postId).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      Post post = found.result();
      String error = null;
      if (!Flag.REASONS.contains(reason)) {
        error = pages.text(ctx, "flag.chooseReason");
      } else if (reason.equals("other") && note.isEmpty()) {
        error = pages.text(ctx, "flag.noteRequired");
      } else if (note.codePointCount(0, note.length()) > NOTE_MAX) {
        error = pages.text(ctx, "flag.noteTooLong", "max", NOTE_MAX);
      }
      if (error != null) {
        threadPage.showWithFlagError(ctx, caller, post, 400, error);
        return;
      }
      Future<Flag> flagged;
      try {
        policy.check(limiter, RateLimitPolicy.Action.FLAG, caller.user().trustLevel(), permissions.isModerator(caller), caller.id());
        flagged = moderation.flagPost(caller, postId, reason, note.isEmpty() ? null : note);
      } catch (ApiException e) {
        flagged = Future.failedFuture(e);
      }
      flagged.onComplete(ar -> {
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
}
