package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.account.SessionRepository;
import dev.cocreate.account.SessionService;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.http.HttpVerticle;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What an idle subscriber costs: Vert.x keeps the request a WebSocket began as for the socket's
 * lifetime, and the routing context hung off that request's response with everything the handlers
 * put in it, a sixteenth of an idle connection's memory in the idle-capacity benchmark.
 */
@DisplayName("Live: an open connection does not keep its handshake's routing context")
class LiveMemoryTest {
  Vertx vertx;
  Database db;
  int port;
  final List<WeakReference<RoutingContext>> handshakes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    db = new Database(vertx, DbTarget.parse(TestDatabase.get().freshDatabaseUrl()), 2);
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer("test-secret-test-secret-test-secret-0123456789"))));
    SessionService sessions = new SessionService(db, jwt, new SessionRepository(), 60, 14);
    port = TestServer.freePort();
    HttpServerOptions http = new HttpServerOptions().setHost("127.0.0.1").setPort(port);
    vertx.deployVerticle(() -> new HttpVerticle(v -> {
      Router router = Router.router(v);
      // As the server's own first handlers do (the connection guard, the request log): end and
      // headers-end handlers, data, a response header.
      router.route().handler(ctx -> {
        handshakes.add(new WeakReference<>(ctx));
        ctx.put("payload", new byte[256 * 1024]);
        ctx.addEndHandler(ar -> { });
        ctx.addHeadersEndHandler(x -> { });
        ctx.response().putHeader("X-Content-Type-Options", "nosniff");
        ctx.next();
      });
      new LiveHub(v, sessions, (caller, topic) -> Future.succeededFuture(true), db.pool(), () -> 0L, LiveOptions.DEFAULTS,
          new LiveStats()).mount(router);
      return router;
    }, http, 10), new DeploymentOptions()).toCompletionStage().toCompletableFuture().get();
  }

  @AfterEach
  void stop() throws Exception {
    db.close().toCompletionStage().toCompletableFuture().get();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  @DisplayName("once upgraded, the handshake's routing context (and what handlers put in it) can be collected while the socket stays open")
  void routingContextIsReleased() throws Exception {
    try (LiveClient c = LiveClient.connect(port)) {
      c.subscribe("thread:1");
      assertThat(handshakes).hasSize(1);
      // A collection is only requested, and the reference is cleared some time after it: ask until it is.
      Eventually.until("the routing context of an open WebSocket's handshake to be collected", () -> {
        System.gc();
        return handshakes.get(0).get() == null;
      });
      assertThat(c.isClosed()).isFalse();
    }
  }
}
