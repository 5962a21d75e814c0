package dev.cocreate.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers {@code HEAD} exactly as {@code GET}, without the body (RFC 9110 §9.3.2). The routes are
 * mounted for GET only, so HEAD used to be 405 everywhere, which link checkers, monitors and
 * caches read as the page being gone. Mounted first: the request is routed again as a GET, so
 * every rule (authentication, rate limits, permissions) applies unchanged. Vert.x keeps the
 * method the client sent for the response and drops the body of a HEAD on its own; this handler
 * puts back the {@code Content-Length} the GET would have had, which Vert.x leaves out.
 */
public final class HeadRequests implements Handler<RoutingContext> {
  /** Set on a request that arrived as HEAD (the router then sees a GET). */
  public static final String WAS_HEAD = "cocreate.head";

  public static boolean wasHead(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(WAS_HEAD));
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.HEAD) {
      String path = ctx.request().path();
      if (path != null && path.startsWith("/")) {
        ctx.put(WAS_HEAD, true);
        String query = ctx.request().query();
        // Rerouting clears the response's headers-end handlers: the one below is added on the second pass.
        ctx.reroute(HttpMethod.GET, query == null ? path : path + "?" + query);
        return;
      }
    }
    if (wasHead(ctx)) {
      var response = ctx.response();
      ctx.addHeadersEndHandler(v -> {
        // Only for a response ended in one piece: a streamed one's length is not known when its head goes out.
        if (response.ended() && !response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
          response.headers().set(HttpHeaders.CONTENT_LENGTH, String.valueOf(response.bytesWritten()));
        }
      });
    }
    ctx.next();
  }
}
