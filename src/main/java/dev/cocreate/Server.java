package dev.cocreate;

import dev.cocreate.platform.auth.PasswordHasher;
import dev.cocreate.platform.config.AppConfig;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.db.StatementCounter;
import dev.cocreate.platform.http.HttpVerticle;
import dev.cocreate.platform.http.HttpsRedirect;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.net.BindException;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * One running node: a Vert.x instance, its pool, the object graph and the HTTP verticles.
 * The database must already be migrated. Used by {@link Main} and by tests (several per JVM).
 */
public final class Server {
  private final Vertx vertx;
  private final Database db;
  private final App app;
  private volatile String httpDeployment;
  /** The plain-HTTP listener that sends browsers to HTTPS, when configured. */
  private volatile HttpServer redirect;

  private Server(Vertx vertx, Database db, App app) {
    this.vertx = vertx;
    this.db = db;
    this.app = app;
  }

  private static final AtomicInteger NODES = new AtomicInteger();

  public static Future<Server> start(AppConfig config) {
    return start(config, InstantSource.system());
  }

  /**
   * A node whose rate limits refill and challenge deadlines fall by {@code clock} (a test's, which
   * it moves on itself).
   */
  public static Future<Server> start(AppConfig config, InstantSource clock) {
    return start(config, clock, PasswordHasher.Cost.OWASP_MINIMUM);
  }

  /** A node hashing passwords at {@code hashCost}: the in-process tests' nodes, which sign up thousands of members. */
  public static Future<Server> start(AppConfig config, InstantSource clock, PasswordHasher.Cost hashCost) {
    // Each node in a JVM (tests run several) keeps its own meters.
    String registryName = "cocreate-" + NODES.incrementAndGet();
    VertxOptions options = new VertxOptions()
        .setMetricsOptions(new MicrometerMetricsOptions()
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
            .setRegistryName(registryName)
            .setJvmMetricsEnabled(true)
            .setEnabled(true));
    Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory())
        .withTracer(StatementCounter.FACTORY).build();
    Database db = new Database(vertx, DbTarget.parse(config.dbUrl()), config.dbPoolSize());
    App app;
    try {
      app = new App(config, vertx, db, registryName, clock, hashCost);
    } catch (RuntimeException e) {
      return vertx.close().transform(v -> Future.failedFuture(e));
    }
    HttpServerOptions http = httpOptions(config);
    Server server = new Server(vertx, db, app);
    // The live listener first: it fixes the position that subscriptions start from.
    // Settings first, so the first page already carries the admin's site name.
    return app.settings().refresh().otherwiseEmpty()
        .compose(settings -> vertx.deployVerticle(app.liveListener()))
        .compose(listener -> vertx.deployVerticle(() -> new HttpVerticle(app::router, http, config.shutdownGraceSeconds(), app.connectionGuard()),
            new DeploymentOptions().setInstances(config.effectiveHttpInstances())))
        .map(id -> {
          server.httpDeployment = id;
          app.startJobs();
          return server;
        })
        .compose(s -> config.httpRedirectPort() == 0 ? Future.succeededFuture(s)
            : HttpsRedirect.listen(vertx, config).map(r -> {
              s.redirect = r;
              return s;
            }))
        .recover(e -> {
          // Not chained on close(): this runs on an event loop, and close() would deliver its
          // completion to that loop after stopping it, so start-up hung instead of failing.
          vertx.close();
          return Future.failedFuture(e instanceof BindException
              ? new IllegalStateException("cannot listen on " + config.httpHost() + ":" + config.httpPort()
                  + " (httpPort, COCREATE_HTTP_PORT): " + e.getMessage(), e)
              : e);
        });
  }

  /** How every HTTP verticle of a node listens; tests that build their own verticles listen the same way. */
  public static HttpServerOptions httpOptions(AppConfig config) {
    HttpServerOptions http = new HttpServerOptions()
        .setHost(config.httpHost())
        .setPort(config.httpPort())
        .setMaxHeaderSize(16 * 1024)
        .setMaxInitialLineLength(8 * 1024)
        // A page form's field may be as long as a post (50,000 characters) within the body limit;
        // Vert.x's default (8 KiB a field) failed a long reply from the page with a server error.
        .setMaxFormAttributeSize(App.JSON_BODY_LIMIT)
        .setIdleTimeout(120)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setCompressionSupported(true)
        // No HTTP/2 upgrade on plain HTTP (browsers only speak HTTP/2 over TLS): with h2c on, Vert.x
        // sees a connection only once its first request head is complete, so a client dribbling
        // its head escaped the ConnectionGuard; and h2c upgrades through proxies are a known
        // request-smuggling trick.
        .setHttp2ClearTextEnabled(false)
        // Frames may be larger than a message so that a message over 64 KiB in one frame reaches the
        // message check and is closed with 1009; a frame over 128 KiB is dropped with its connection.
        .setMaxWebSocketFrameSize(128 * 1024)
        .setMaxWebSocketMessageSize(64 * 1024)
        // Vert.x negotiates permessage-deflate by default: a zlib context per socket and a
        // compression per socket per event. For small JSON events it cost several times the memory
        // per connection and more CPU per event (docs/benchmarks.md), so live frames go uncompressed.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    if (config.tls()) {
      http.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.tlsCertPath().toString())
          .setKeyPath(config.tlsKeyPath().toString()));
    }
    return http;
  }

  public App app() {
    return app;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Graceful and blocking: HTTP servers finish in-flight requests (bounded by the grace period),
   * then the pool and Vert.x close. Call it from a thread that is not one of this node's event
   * loops (a shutdown hook, a test).
   */
  public void close() {
    app.close();
    try {
      (redirect == null ? Future.<Void>succeededFuture() : redirect.close()).otherwiseEmpty()
          .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LoggerFactory.getLogger(Server.class).warn("HTTP redirect listener did not close: {}", e.toString());
    }
    try {
      vertx.undeploy(httpDeployment == null ? "" : httpDeployment)
          .otherwiseEmpty()
          .compose(v -> db.close())
          .otherwiseEmpty()
          .toCompletionStage().toCompletableFuture().get(app.config().shutdownGraceSeconds() + 15L, TimeUnit.SECONDS);
    } catch (Exception e) {
      LoggerFactory.getLogger(Server.class).warn("HTTP shutdown did not finish cleanly: {}", e.toString());
    }
    // Closed from this thread, not from a Vert.x context: the close completes after the event loops are gone.
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      LoggerFactory.getLogger(Server.class).warn("Vert.x did not close cleanly: {}", e.toString());
    }
  }
}
