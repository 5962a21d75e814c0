package dev.cocreate.web;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.CsrfTokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Renders pages: every template gets the same frame (who is signed in, the CSRF token, the site
 * name) so the layout and forms never have to ask for it.
 */
public final class Pages {
  private final Templates templates;
  private final CsrfTokens csrf;
  private final java.util.function.Supplier<String> siteName;
  private final java.util.function.Supplier<String> siteDescription;
  /** The signed-in member's unread notifications, for the header: one cheap query per page. */
  private final java.util.function.LongFunction<Future<Integer>> unreadCount;

  public Pages(Templates templates, CsrfTokens csrf, String siteName) {
    this(templates, csrf, () -> siteName, () -> null, null);
  }

  /** With the name and description from the site settings, as they are when each page renders. */
  public Pages(Templates templates, CsrfTokens csrf, java.util.function.Supplier<String> siteName,
      java.util.function.Supplier<String> siteDescription, java.util.function.LongFunction<Future<Integer>> unreadCount) {
    this.templates = templates;
    this.csrf = csrf;
    this.siteName = siteName;
    this.siteDescription = siteDescription;
    this.unreadCount = unreadCount;
  }

  public JsonObject frame(RoutingContext ctx, String title) {
    Caller caller = AuthHandler.caller(ctx);
    JsonObject model = new JsonObject()
        .put("siteName", siteName.get())
        .put("siteDescription", siteDescription.get())
        .put("title", title)
        .put("csrf", csrf.tokenFor(ctx))
        .put("path", ctx.request().path());
    if (caller.signedIn()) {
      model.put("me", caller.user().toJson().put("isModerator", caller.isModerator()).put("isAdmin", caller.isAdmin())
          .put("hasNotices", Boolean.TRUE.equals(ctx.get(ModerationPages.HAS_NOTICES))));
    }
    return model;
  }

  public void render(RoutingContext ctx, int status, String template, JsonObject model) {
    JsonObject me = model.getJsonObject("me");
    if (unreadCount != null && me != null && !model.containsKey("unreadCount")) {
      // A page still renders when the count cannot be had (the error page for a database outage, say).
      unreadCount.apply(me.getLong("id")).onComplete(ar -> {
        model.put("unreadCount", ar.succeeded() ? ar.result() : 0);
        render(ctx, status, template, model);
      });
      return;
    }
    String html;
    try {
      html = templates.render(template, model);
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(html);
  }

  public void render(RoutingContext ctx, String template, JsonObject model) {
    render(ctx, 200, template, model);
  }

  /** Renders after the model's data arrives; failures go to the failure handler. */
  public void render(RoutingContext ctx, String template, Future<JsonObject> model) {
    model.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        render(ctx, template, ar.result());
      }
    });
  }

  public void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }

  /** The error page used by the failure handler for browsers. */
  public void errorPage(RoutingContext ctx, JsonObject problem) {
    JsonObject model = frame(ctx, problem.getString("title")).put("problem", problem);
    render(ctx, problem.getInteger("status"), "error", model);
  }
}
