package dev.cocreate.notify;

import dev.cocreate.web.Pages;
import io.vertx.ext.web.Router;

/** The notification pages, mounted: the member's notifications, what they follow, the follow control's form and the digest's unsubscribe link. */
public final class NotifyPages {
  private final NotificationsPage notifications;
  private final UnsubscribePage unsubscribe;
  private final FollowingPage following;

  public NotifyPages(Pages pages, NotificationService notifications, DigestService digests) {
    this.notifications = new NotificationsPage(pages, notifications);
    this.unsubscribe = new UnsubscribePage(pages, digests);
    this.following = new FollowingPage(pages, notifications);
  }

  public void mount(Router router) {
    router.get("/notifications").handler(notifications::show);
    router.post("/notifications/read").handler(notifications::markAllRead);
    router.get("/notifications/:id/open").handler(notifications::open);
    router.get("/me/following").handler(following::show);
    router.post("/watch").handler(following::submit);
    router.post("/notifications/digest").handler(notifications::setDigest);
    router.get("/unsubscribe").handler(unsubscribe::unsubscribe);
    // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the same address.
    router.post("/unsubscribe").handler(unsubscribe::unsubscribe);
  }
}
