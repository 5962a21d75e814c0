package dev.cocreate.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** API bodies must be JSON: anything else is 415 before a route sees it. */
public final class ContentTypeCheck implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    String method = ctx.request().method().name();
    boolean hasBody = ctx.body().length() > 0;
    if (hasBody && (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
      String type = ctx.request().getHeader("Content-Type");
      String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase();
      if (!base.equals("application/json") && !(base.startsWith("application/") && base.endsWith("+json"))) {
        ctx.fail(415);
        return;
      }
    }
    ctx.next();
  }
}
