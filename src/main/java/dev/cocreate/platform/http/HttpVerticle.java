package dev.cocreate.platform.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One HTTP server instance; Main deploys one per core. The router comes from a factory so each
 * instance has its own (per-instance state such as live sockets stays on its event loop).
 */
public final class HttpVerticle extends VerticleBase {
  private final Function<Vertx, Router> routerFactory;
  private final HttpServerOptions options;
  private final int shutdownGraceSeconds;
  private final ConnectionGuard guard;
  private HttpServer server;

  public HttpVerticle(Function<Vertx, Router> routerFactory, HttpServerOptions options, int shutdownGraceSeconds) {
    this(routerFactory, options, shutdownGraceSeconds, null);
  }

  /** With a guard, every connection is counted and timed by it (the router must call its onRequest first). */
  public HttpVerticle(Function<Vertx, Router> routerFactory, HttpServerOptions options, int shutdownGraceSeconds,
      ConnectionGuard guard) {
    this.routerFactory = routerFactory;
    this.options = options;
    this.shutdownGraceSeconds = shutdownGraceSeconds;
    this.guard = guard;
  }

  @Override
  public Future<?> start() {
    Router router = routerFactory.apply(vertx);
    server = vertx.createHttpServer(options).requestHandler(router).invalidRequestHandler(InvalidRequests::answer);
    if (guard != null) {
      server.connectionHandler(guard.connectionHandler(vertx));
    }
    return server.listen();
  }

  /** Stops accepting, lets in-flight requests finish within the grace period, then closes. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(shutdownGraceSeconds, TimeUnit.SECONDS);
  }
}
