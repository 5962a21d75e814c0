package dev.cocreate.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * API bodies must be JSON: anything else is 415. Mounted ahead of the body handler and decided from
 * the headers alone, so a body the API would never read is not read at all: a multipart upload
 * used to be parsed as a form first, which left the JSON body empty and answered 400 instead.
 */
public final class ContentTypeCheck implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    String method = ctx.request().method().name();
    if ((method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) && hasBody(ctx)) {
      String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase();
      if (!base.equals("application/json") && !(base.startsWith("application/") && base.endsWith("+json"))) {
        ctx.fail(415);
        return;
      }
    }
    ctx.next();
  }

  /** A body is coming when it is chunked or its declared length is not zero. */
  private static boolean hasBody(RoutingContext ctx) {
    if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      return true;
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    return length != null && !length.strip().equals("0");
  }
}
