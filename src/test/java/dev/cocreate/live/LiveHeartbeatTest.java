package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.account.SessionRepository;
import dev.cocreate.account.SessionService;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.http.HttpVerticle;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A hub behind a real HttpVerticle whose pings and idle timeouts go by a test clock: the test moves
 * the clock a ping interval at a time and waits for the ping that this causes, so nothing depends
 * on how fast the machine is.
 */
@DisplayName("Live: heartbeats, idle connections and shutdown")
class LiveHeartbeatTest {
  static final long PING_MS = 200;
  static final long IDLE_MS = 900;

  /** A generous bound for a frame that is due; it arrives within milliseconds on an idle machine. */
  static final int FRAME_MS = 10_000;

  final TestClock clock = new TestClock();
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
    LiveOptions options = LiveOptions.DEFAULTS.withTimers(PING_MS, IDLE_MS).withClock(clock);
    port = TestServer.freePort();
    HttpServerOptions http = new HttpServerOptions().setHost("127.0.0.1").setPort(port);
    deployment = vertx.deployVerticle(() -> new HttpVerticle(v -> {
      Router router = Router.router(v);
      new LiveHub(v, sessions, (caller, topic) -> Future.succeededFuture(true), db.pool(), () -> 0L, options, new LiveStats())
          .mount(router);
      return router;
    }, http, 10), new DeploymentOptions()).toCompletionStage().toCompletableFuture().get();
  }

  @AfterEach
  void stop() throws Exception {
    db.close().toCompletionStage().toCompletableFuture().get();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  @DisplayName("the server pings each interval, and closes a connection that answers nothing once it has been idle too long")
  void idleClientIsClosed() {
    try (RawWebSocket silent = RawWebSocket.open(port, 0)) {
      // One message, so the hub surely has the connection, heard at the clock's start; then silence.
      silent.sendText(new JsonObject().put("op", "ping").encode());
      assertThat(silent.read(FRAME_MS).text()).contains("pong");
      for (long idle = PING_MS; idle <= IDLE_MS; idle += PING_MS) {
        clock.advance(Duration.ofMillis(PING_MS));
        RawWebSocket.Frame frame = silent.read(FRAME_MS);
        assertThat(frame).as("a frame after %d ms of silence", idle).isNotNull();
        assertThat(frame.opcode()).as("after %d ms of silence", idle).isEqualTo(RawWebSocket.PING);
      }
      clock.advance(Duration.ofMillis(PING_MS));
      assertThat(silent.readUntilClose(FRAME_MS)).as("past %d ms of silence", IDLE_MS).isEqualTo(1001);
    }
  }

  @Test
  @DisplayName("a client that answers pings stays connected")
  void answeringClientStays() {
    try (LiveClient c = LiveClient.connect(port)) {
      c.send(new JsonObject().put("op", "ping"));
      assertThat(c.next(FRAME_MS).getString("op")).isEqualTo("pong");
      // Three idle timeouts, a ping interval at a time: the clock moves on once the client has the
      // ping, which the JDK's WebSocket answers with a pong by itself.
      for (long at = PING_MS; at <= IDLE_MS * 3; at += PING_MS) {
        int pinged = c.pings();
        clock.advance(Duration.ofMillis(PING_MS));
        long sinceStart = at;
        Eventually.until(Duration.ofMillis(FRAME_MS), () -> c.pings() > pinged || c.isClosed(),
            () -> "no ping " + sinceStart + " ms after the start");
        assertThat(c.isClosed()).as("closed %d ms after the start", at).isFalse();
      }
      c.send(new JsonObject().put("op", "ping"));
      assertThat(c.next(FRAME_MS).getString("op")).isEqualTo("pong");
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
