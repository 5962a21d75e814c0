package dev.cocreate.forum;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.content.Post;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code /posts/:id/edit}: the author's (or a moderator's) edit of a post, with an optional reason. */
final class EditPostPage {
  private final Pages pages;
  private final ForumService forum;
  private final Permissions permissions;

  EditPostPage(Pages pages, ForumService forum, Permissions permissions) {
    this.pages = pages;
    this.forum = forum;
    this.permissions = permissions;
  }

  /** What edit-post.hbs reads besides the frame: the post, and the form as stored or as typed. */
  record View(Post post, String body, String reason) {
    JsonObject into(JsonObject frame) {
      JsonObject form = new JsonObject().put("body", body);
      if (reason != null) {
        form.put("reason", reason);
      }
      return frame.put("post", post.toJson()).put("form", form);
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    pages.render(ctx, "edit-post", forum.post(caller, Http.idParam(ctx, "id")).map(p -> {
      if (!permissions.canEditPost(caller, p) || p.deleted()) {
        throw ApiException.forbidden("Only the author or a moderator can edit this post.");
      }
      return model(ctx, new View(p, p.body(), null));
    }));
  }

  void submit(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long postId = Http.idParam(ctx, "id");
    String typedBody = FormValues.orEmpty(ctx.request().getFormAttribute("body"));
    String typedReason = FormValues.orEmpty(ctx.request().getFormAttribute("reason"));
    forum.post(caller, postId).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      JsonObject model = model(ctx, new View(found.result(), typedBody, typedReason));
      PostEdit edit;
      try {
        edit = PostEdit.from(FormFields.of(ctx));
      } catch (ApiException e) {
        pages.render(ctx, 400, "edit-post", pages.withErrors(ctx, model, e));
        return;
      }
      forum.edit(caller, postId, edit).onComplete(ar -> {
        if (ar.failed() && ar.cause() instanceof ApiException e && (e.status() == 400 || e.status() == 429)) {
          // Over the posting limit (shared with the API's edits) or refused by the new-member
          // rules: the form comes back with the draft kept and the reason above it.
          Pages.retryAfter(ctx, e);
          pages.render(ctx, e.status(), "edit-post", pages.withErrors(ctx, model, e));
        } else if (ar.failed()) {
          ctx.fail(ar.cause());
        } else {
          Post edited = ar.result();
          pages.flashNotice(ctx, pages.text(ctx, "flash.postEdited"));
          pages.redirect(ctx, "/t/" + edited.threadId() + "/p/" + edited.id() + "#p" + edited.id());
        }
      });
    });
  }

  private JsonObject model(RoutingContext ctx, View view) {
    return view.into(pages.frame(ctx, pages.text(ctx, "editPost.title")));
  }
}
