package dev.cocreate.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Security headers on every response, set before any handler can write. */
public final class SecurityHeaders implements Handler<RoutingContext> {
  // No inline scripts or styles anywhere: every page loads its JavaScript and CSS from /static.
  // Images from https are allowed because posts may embed them (the sanitizer limits the scheme).
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
          + "font-src 'self'; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; "
          + "form-action 'self'; frame-ancestors 'none'";

  private final boolean hsts;

  public SecurityHeaders(boolean hsts) {
    this.hsts = hsts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var h = ctx.response().headers();
    h.set("Content-Security-Policy", CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "strict-origin-when-cross-origin");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (hsts) {
      h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    ctx.next();
  }
}
