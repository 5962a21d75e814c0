package dev.cocreate.forum;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.content.Post;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.RoutingContext;

/**
 * A post's buttons that show no screen of their own (vote, delete) and its permalink: each answers
 * with a redirect to the post in its thread.
 */
final class PostActions {
  private final Pages pages;
  private final ForumService forum;

  PostActions(Pages pages, ForumService forum) {
    this.pages = pages;
    this.forum = forum;
  }

  /** {@code POST /posts/:id/vote}: up, down, or (value 0) the vote taken back. */
  void vote(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long postId = Http.idParam(ctx, "id");
    PostVote vote = PostVote.from(FormFields.of(ctx));
    forum.vote(caller, postId, vote).compose(r -> forum.post(caller, postId)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Post p = ar.result();
        pages.flashNotice(ctx, pages.text(ctx, vote.value() == 0 ? "flash.voteWithdrawn" : "flash.voted"));
        pages.redirect(ctx, "/t/" + p.threadId() + "/p/" + (p.parentId() == null ? p.id() : p.parentId()) + "#p" + p.id());
      }
    });
  }

  /**
   * {@code POST /posts/:id/delete}: first a page asking to confirm (unless {@code confirm=1}), then
   * back to where the post was, which now says it was deleted, with an "Undo" in the flash.
   */
  void delete(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long postId = Http.idParam(ctx, "id");
    forum.post(caller, postId).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      String back = place(found.result());
      if (!pages.confirmed(ctx, new Pages.Confirm(pages.text(ctx, "confirm.deletePost.question"),
          pages.text(ctx, "confirm.deletePost.consequence"), pages.text(ctx, "post.delete"), back))) {
        return;
      }
      forum.delete(caller, postId).onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(ar.cause());
        } else {
          pages.flashUndoable(ctx, pages.text(ctx, "flash.postDeleted"), "/posts/" + postId + "/restore");
          pages.redirect(ctx, back);
        }
      });
    });
  }

  /**
   * {@code POST /posts/:id/restore}: the flash's "Undo" after a deletion, or a moderator's restore.
   * A refusal (another's post, the author's window passed) is said in the flash on the thread.
   */
  void restore(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long postId = Http.idParam(ctx, "id");
    forum.post(caller, postId).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      String back = place(found.result());
      forum.restore(caller, postId).onComplete(ar -> {
        if (ar.succeeded()) {
          pages.flashNotice(ctx, pages.text(ctx, "flash.postRestored"));
        } else if (ar.cause() instanceof ApiException e && (e.status() == 403 || e.status() == 409)) {
          pages.flashError(ctx, pages.problem(ctx, e));
        } else {
          ctx.fail(ar.cause());
          return;
        }
        pages.redirect(ctx, back);
      });
    });
  }

  /** A post in its thread, scrolled to. */
  private static String place(Post p) {
    return "/t/" + p.threadId() + "/p/" + p.id() + "#p" + p.id();
  }

  /** {@code /posts/:id}: a post's place in its thread, for links that know only the post (the moderation log, notices). */
  void permalink(RoutingContext ctx) {
    long postId = Http.idParam(ctx, "id");
    forum.post(AuthHandler.caller(ctx), postId).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Post p = ar.result();
        pages.redirect(ctx, "/t/" + p.threadId() + "/p/" + (p.parentId() == null ? p.id() : p.parentId()) + "#p" + p.id());
      }
    });
  }
}
