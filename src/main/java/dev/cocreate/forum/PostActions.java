package dev.cocreate.forum;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.content.Post;
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
        pages.redirect(ctx, "/t/" + p.threadId() + "/p/" + (p.parentId() == null ? p.id() : p.parentId()) + "#p" + p.id());
      }
    });
  }

  /** {@code POST /posts/:id/delete}: back to where the post was, which now says it was deleted. */
  void delete(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long postId = Http.idParam(ctx, "id");
    forum.post(caller, postId).compose(p -> forum.delete(caller, postId).map(p)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Post p = ar.result();
        pages.redirect(ctx, "/t/" + p.threadId() + "/p/" + p.id() + "#p" + p.id());
      }
    });
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
