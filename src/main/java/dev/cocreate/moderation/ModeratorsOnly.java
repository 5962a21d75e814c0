package dev.cocreate.moderation;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.RoutingContext;

/** The door of the queue and the log: anonymous visitors are sent to sign in, members get 403. */
final class ModeratorsOnly {
  private final Pages pages;
  private final Permissions permissions;

  ModeratorsOnly(Pages pages, Permissions permissions) {
    this.pages = pages;
    this.permissions = permissions;
  }

  /** The signed-in moderator, or null when the browser was sent to sign in (after a form, back to the queue). */
  Caller moderator(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      String back = ctx.request().method().name().equals("GET") ? ctx.request().uri() : "/mod";
      pages.redirect(ctx, "/login?next=" + FormValues.encode(back));
      return null;
    }
    if (!permissions.canModerate(caller)) {
      throw new ApiException(403, "forbidden", "Moderators only", "Only moderators can see the moderation queue and log.");
    }
    return caller;
  }
}
