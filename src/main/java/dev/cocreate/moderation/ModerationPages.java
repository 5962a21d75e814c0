package dev.cocreate.moderation;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The moderation pages, mounted: the queue with its action forms, the audit log, and a member's
 * own notices. Forms post back and redirect, so moderation works without JavaScript. The flag form
 * behind every post is the forum's: it lives on the thread page.
 */
public final class ModerationPages {
  private final ModerationService moderation;
  private final ModQueuePage queue;
  private final QueueActions actions;
  private final ModLogPage log;
  private final NoticesPage notices;

  /** @param content the forum's threads and spaces, which the queue and the log name and offer */
  public ModerationPages(Pages pages, ModerationService moderation, ModeratedContent content, Permissions permissions) {
    this.moderation = moderation;
    ModeratorsOnly door = new ModeratorsOnly(pages, permissions, moderation);
    ModerationTexts texts = new ModerationTexts(pages);
    this.queue = new ModQueuePage(pages, moderation, content, door, texts);
    this.actions = new QueueActions(pages, moderation, door, texts, queue);
    this.log = new ModLogPage(pages, moderation, content, door, texts);
    this.notices = new NoticesPage(pages, moderation, texts);
  }

  /** Mount before the other pages: the notice check runs ahead of every page route. */
  public void mount(Router router) {
    router.get().handler(this::noticeIndicator);
    router.get("/mod").handler(queue::show);
    router.post("/mod/actions").handler(actions::act);
    router.post("/mod/queue/:targetType/:targetId/claim").handler(ctx -> actions.claim(ctx, true));
    router.post("/mod/queue/:targetType/:targetId/release").handler(ctx -> actions.claim(ctx, false));
    router.get("/mod/log").handler(log::show);
    router.get("/notices").handler(notices::show);
  }

  /** One indexed probe per signed-in page view, so the header links notices only to members who have some. */
  private void noticeIndicator(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn() || !Http.wantsHtml(ctx) || ctx.normalizedPath().startsWith("/static/")) {
      ctx.next();
      return;
    }
    moderation.hasNotices(caller).onComplete(ar -> {
      // A failed probe only costs the link; the page's own queries report the database.
      if (ar.succeeded() && ar.result()) {
        ctx.put(Pages.HAS_NOTICES, true);
      }
      ctx.next();
    });
  }
}
