package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.account.SessionRepository;
import dev.cocreate.account.SessionService;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.http.HttpVerticle;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A hub with short timers behind a real HttpVerticle, so heartbeats and shutdown take milliseconds. */
@DisplayName("Live: heartbeats, idle connections and shutdown")
class LiveHeartbeatTest {
  static final long PING_MS = 200;
  static final long IDLE_MS = 900;

  Vertx vertx;
  Database db;
  int port;
  String deployment;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    db = new Database(vertx, DbTarget.parse(TestDatabase.get().freshDatabaseUrl()), 2);
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer("test-secret-test-secret-test-secret-0123456789"))));
    SessionService sessions = new SessionService(db, jwt, new SessionRepository(), 60, 14);
    LiveOptions options = LiveOptions.DEFAULTS.withTimers(PING_MS, IDLE_MS);
    port = TestServer.freePort();
    HttpServerOptions http = new HttpServerOptions().setHost("127.0.0.1").setPort(port);
    deployment = vertx.deployVerticle(() -> new HttpVerticle(v -> {
      Router router = Router.router(v);
      new LiveHub(v, sessions, (caller, topic) -> Future.succeededFuture(true), db.pool(), () -> 0L, options, new LiveStats())
          .mount(router);
      return router;
    }, http, 10), new io.vertx.core.DeploymentOptions()).toCompletionStage().toCompletableFuture().get();
  }

  @AfterEach
  void stop() throws Exception {
    db.close().toCompletionStage().toCompletableFuture().get();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  @DisplayName("the server pings, and closes a connection that answers nothing once it has been idle too long")
  void idleClientIsClosed() {
    try (RawWebSocket silent = RawWebSocket.open(port, 0)) {
      long opened = System.currentTimeMillis();
      RawWebSocket.Frame first = silent.read(5000);
      assertThat(first.opcode()).isEqualTo(RawWebSocket.PING);
      assertThat(System.currentTimeMillis() - opened).isLessThan(PING_MS * 3);
      int code = silent.readUntilClose(5000);
      long closedAfter = System.currentTimeMillis() - opened;
      assertThat(code).isEqualTo(1001);
      assertThat(closedAfter).isBetween(IDLE_MS, IDLE_MS + 1000);
    }
  }

  @Test
  @DisplayName("a client that answers pings stays connected")
  void answeringClientStays() throws Exception {
    try (LiveClient c = LiveClient.connect(port)) {
      Thread.sleep(IDLE_MS * 3);
      assertThat(c.isClosed()).isFalse();
      c.send(new io.vertx.core.json.JsonObject().put("op", "ping"));
      assertThat(c.next(2000).getString("op")).isEqualTo("pong");
    }
  }

  @Test
  @DisplayName("undeploying the HTTP verticle closes every socket with 1001 at once, not after the grace period")
  void shutdownSays1001() throws Exception {
    try (LiveClient a = LiveClient.connect(port); LiveClient b = LiveClient.connect(port)) {
      a.subscribe("thread:1");
      a.expect("subscribed", 5000);
      long start = System.currentTimeMillis();
      var undeployed = vertx.undeploy(deployment).toCompletionStage().toCompletableFuture();
      assertThat(a.awaitClose(5000)).isEqualTo(1001);
      assertThat(b.awaitClose(5000)).isEqualTo(1001);
      undeployed.get();
      assertThat(System.currentTimeMillis() - start).isLessThan(5000);
    }
  }
}
