package dev.cocreate.moderation;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.RoutingContext;

/**
 * The door of the queue and the log: anonymous visitors are sent to sign in, members get 403. The
 * queue and its forms also open to facilitators (their spaces' items only, as the service filters
 * them); the site's log does not.
 */
final class ModeratorsOnly {
  private final Pages pages;
  private final Permissions permissions;
  private final ModerationService moderation;

  ModeratorsOnly(Pages pages, Permissions permissions, ModerationService moderation) {
    this.pages = pages;
    this.permissions = permissions;
    this.moderation = moderation;
  }

  /** The signed-in moderator or current facilitator, or null when the browser was sent to sign in. */
  Caller queueWorker(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      String back = ctx.request().method().name().equals("GET") ? ctx.request().uri() : "/mod";
      pages.redirect(ctx, "/login?next=" + FormValues.encode(back));
      return null;
    }
    if (!moderation.mayWorkQueue(caller)) {
      throw new ApiException(403, "forbidden", "Moderators only",
          "Only moderators and the facilitators of a space can see the moderation queue.");
    }
    return caller;
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
