package dev.cocreate.platform.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
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
  private final Function<io.vertx.core.Vertx, Router> routerFactory;
  private final HttpServerOptions options;
  private final int shutdownGraceSeconds;
  private HttpServer server;

  public HttpVerticle(Function<io.vertx.core.Vertx, Router> routerFactory, HttpServerOptions options, int shutdownGraceSeconds) {
    this.routerFactory = routerFactory;
    this.options = options;
    this.shutdownGraceSeconds = shutdownGraceSeconds;
  }

  @Override
  public Future<?> start() {
    Router router = routerFactory.apply(vertx);
    server = vertx.createHttpServer(options).requestHandler(router);
    return server.listen();
  }

  /** Stops accepting, lets in-flight requests finish within the grace period, then closes. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(shutdownGraceSeconds, TimeUnit.SECONDS);
  }
}
