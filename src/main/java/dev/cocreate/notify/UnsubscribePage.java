package dev.cocreate.notify;

import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /unsubscribe}: the digest's unsubscribe link. It needs no sign-in: the signed token in the
 * link is the proof. Mail clients that support RFC 8058 one-click POST to the same address.
 */
final class UnsubscribePage {
  private final Pages pages;
  private final DigestService digests;

  UnsubscribePage(Pages pages, DigestService digests) {
    this.pages = pages;
    this.digests = digests;
  }

  /** What unsubscribe.hbs reads besides the frame: whether the link worked (a bad or old token does not). */
  record View(boolean unsubscribed) {
    JsonObject into(JsonObject frame) {
      return frame.put("unsubscribed", unsubscribed);
    }
  }

  void unsubscribe(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    digests.unsubscribe(token).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      boolean done = ar.result();
      pages.render(ctx, done ? 200 : 400, "unsubscribe", new View(done)
          .into(pages.frame(ctx, pages.text(ctx, done ? "unsubscribe.pageTitle" : "unsubscribe.invalidPageTitle"))));
    });
  }
}
