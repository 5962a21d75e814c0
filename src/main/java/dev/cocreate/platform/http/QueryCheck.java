package dev.cocreate.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a query string that is not valid percent-encoding (a lone {@code %}, {@code %zz}) with
 * 400 before any route sees it. Left alone, Vert.x decoded it while matching the first route with
 * a path parameter, failed there, logged an error and answered plain text.
 */
public final class QueryCheck implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().query() != null) {
      try {
        ctx.request().params();
      } catch (IllegalArgumentException e) {
        ctx.fail(ApiException.badRequest("The query string is not valid percent-encoding."));
        return;
      }
    }
    ctx.next();
  }
}
