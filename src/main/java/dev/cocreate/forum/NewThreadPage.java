package dev.cocreate.forum;

import dev.cocreate.account.Caller;
import dev.cocreate.content.Space;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /s/:slug/new}: the form that starts a thread in a space, checked by the API's own rules. */
final class NewThreadPage {
  private final Pages pages;
  private final SpaceService spaces;
  private final ForumService forum;

  NewThreadPage(Pages pages, SpaceService spaces, ForumService forum) {
    this.pages = pages;
    this.spaces = spaces;
    this.forum = forum;
  }

  /** What the form shows again: the fields as typed (tags as one comma-separated line). */
  record Draft(String title, String body, String tags) {
    static final Draft EMPTY = new Draft(null, null, null);

    JsonObject toJson() {
      JsonObject form = new JsonObject();
      if (title != null) {
        form.put("title", title).put("body", body).put("tags", tags);
      }
      return form;
    }
  }

  /** What new-thread.hbs reads besides the frame. */
  record View(Space space, Draft form, List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      return frame.put("space", space.toJson()).put("form", form.toJson()).put("breadcrumbs", Crumb.toJson(breadcrumbs));
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    pages.render(ctx, "new-thread", spaces.space(caller, ctx.pathParam("slug")).map(space -> model(ctx, space, Draft.EMPTY)));
  }

  void submit(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    var form = ctx.request().formAttributes();
    Draft draft = new Draft(FormValues.orEmpty(form.get("title")), FormValues.orEmpty(form.get("body")),
        FormValues.orEmpty(form.get("tags")));
    spaces.space(caller, ctx.pathParam("slug")).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      Space space = found.result();
      JsonObject model = model(ctx, space, draft);
      ForumService.NewThread req;
      try {
        // The space is the page's, from its address; tags are typed as one line, in any case.
        req = ForumService.NewThread.from(FormFields.of(ctx).with("space", space.slug())
            .with("tags", draft.tags().toLowerCase()));
      } catch (ApiException e) {
        pages.render(ctx, e.status(), "new-thread", pages.withErrors(ctx, model, e));
        return;
      }
      forum.createThread(caller, req).onComplete(ar -> {
        if (ar.succeeded()) {
          pages.flashNotice(ctx, pages.text(ctx, "flash.threadStarted"));
          pages.redirect(ctx, "/t/" + ar.result().thread().id());
        } else if (ar.cause() instanceof ApiException e && (e.status() == 400 || e.status() == 429)) {
          Pages.retryAfter(ctx, e);
          pages.render(ctx, e.status(), "new-thread", pages.withErrors(ctx, model, e));
        } else {
          ctx.fail(ar.cause());
        }
      });
    });
  }

  private JsonObject model(RoutingContext ctx, Space space, Draft draft) {
    return new View(space, draft, pages.trail(ctx, new Crumb(space.name(), "/s/" + space.slug())))
        .into(pages.frame(ctx, pages.text(ctx, "space.startThread")));
  }
}
