package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.Server;
import dev.cocreate.account.SessionRepository;
import dev.cocreate.account.SessionService;
import dev.cocreate.platform.config.AppConfig;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.http.ConnectionGuard;
import dev.cocreate.platform.http.Health;
import dev.cocreate.platform.http.HttpVerticle;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.RawClient;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: every WebSocket kept its address's connection slot after it closed, so after
 * {@code maxConnectionsPerIp} sockets over a server's life every new connection from that address
 * was closed at once. Each test here goes well past the default limit (256) from one address, with
 * the limit left as it ships, and ends with the address's count back at 0, in the guard and in
 * /metrics, and a new HTTP connection from it answered.
 *
 * <p>The rig is the production pieces (HttpVerticle with the node's HTTP options, ConnectionGuard,
 * LiveHub, Prometheus /metrics) on a fresh embedded database. The hubs run on a clock the tests
 * move: an idle timeout is reached by advancing it, not by waiting.
 */
@DisplayName("Live sockets give their address's connection slot back, however they close")
class LiveConnectionSlotsTest {
  static final String ADDRESS = "127.0.0.1";
  /** Generous: a busy 2-core CI machine; every wait returns as soon as its condition holds. */
  static final Duration WAIT = Duration.ofSeconds(60);
  static final int IO_MS = 30_000;
  static final int BATCH = 100;
  static final int BATCHES = 3;

  final TestClock clock = new TestClock();
  final LiveStats stats = new LiveStats();
  AppConfig config;
  /**
   * The defaults but two. A socket is too slow (1013) as soon as an event finds anything it was
   * sent before still unacknowledged: the overload path without filling kernel buffers. And short
   * timers, which only make the hub look at its clock often (every 250 ms): the clock itself stands
   * still until a test moves it, so no socket is pinged or timed out unless a test says so.
   */
  final LiveOptions options = new LiveOptions(50, 20, 20, 60, 1_000, 3_000, 1, LiveOptions.DEFAULTS.maxHeldBytes(),
      500, 30_000, 64, 1024 * 1024, clock);

  Vertx vertx;
  Database db;
  SessionService sessions;
  ConnectionGuard guard;
  String registry;
  int port;

  @BeforeEach
  void start() throws Exception {
    port = TestServer.freePort();
    config = AppConfig.fromJson(new JsonObject().put("httpHost", ADDRESS).put("httpPort", port));
    assertThat(config.maxConnectionsPerIp()).as("the limit as it ships").isEqualTo(256);
    registry = "slots-" + UUID.randomUUID();
    vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
            .setRegistryName(registry)
            .setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory())
        .build();
    vertx.eventBus().registerDefaultCodec(LiveEvent.class, new LiveEvent.LocalCodec());
    db = new Database(vertx, DbTarget.parse(TestDatabase.get().freshDatabaseUrl()), 2);
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer("test-secret-test-secret-test-secret-0123456789"))));
    sessions = new SessionService(db, jwt, new SessionRepository(), 60, 14);
    guard = new ConnectionGuard(config.maxConnectionsPerIp(), config.requestHeaderTimeoutSeconds() * 1000L);
    guard.bindTo(BackendRegistries.getNow(registry));
    deploy(port);
  }

  @AfterEach
  void stop() throws Exception {
    db.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  String deploy(int onPort) throws Exception {
    AppConfig listening = AppConfig.fromJson(new JsonObject().put("httpHost", ADDRESS).put("httpPort", onPort));
    return vertx.deployVerticle(() -> new HttpVerticle(this::router, Server.httpOptions(listening), config.shutdownGraceSeconds(), guard),
        new DeploymentOptions()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The shape of App.router for what these tests touch: the guard first, /health, /metrics, /live. */
  Router router(Vertx instance) {
    Router router = Router.router(instance);
    router.route().handler(guard::onRequest);
    new Health(db.pool()).mount(router);
    router.get("/metrics").handler(guard::beforeScrape).handler(PrometheusScrapingHandler.create(registry));
    new LiveHub(instance, sessions, (caller, topic) -> Future.succeededFuture(true), db.pool(), () -> 0L, options, stats)
        .mount(router);
    return router;
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @DisplayName("1,000 sockets opened and closed in turn by the client (close frame, FIN, reset) all open")
  void thousandClientCloses() {
    for (int i = 0; i < 1000; i++) {
      RawClient ws = openLive(port, i);
      switch (i % 3) {
        case 0 -> closeCleanly(ws);
        case 1 -> ws.close();
        default -> ws.reset();
      }
    }
    assertSlotsFreed();
  }

  @Test
  @DisplayName("300 sockets closed by the server for being idle (1001) give their slots back")
  void idleTimeouts() {
    for (int batch = 0; batch < BATCHES; batch++) {
      List<RawClient> sockets = openMany(port, batch);
      assertThat(guard.openFrom(ADDRESS)).as("each open socket holds a slot").isEqualTo(BATCH);
      clock.advance(Duration.ofMillis(options.idleTimeoutMs() + 1));
      expectServerClose(sockets, 1001, "idle timeout");
      assertSlotsFreed();
    }
  }

  @Test
  @DisplayName("300 sockets closed by the server for being too slow (1013) give their slots back")
  void slowConsumerCloses() {
    long eventId = 0;
    for (int batch = 0; batch < BATCHES; batch++) {
      List<RawClient> sockets = openMany(port, batch);
      for (RawClient ws : sockets) {
        ws.sendText(new JsonObject().put("op", "subscribe").put("topics", List.of("thread:1")).encode());
        assertThat(nextMessage(ws).getString("op")).isEqualTo("subscribed");
      }
      vertx.eventBus().publish(LiveAddresses.EVENTS, LiveEvent.of(++eventId, "thread:1", "post.created", "{}"),
          new DeliveryOptions().setLocalOnly(true));
      expectServerClose(sockets, 1013, "too slow; reconnect with since");
      assertSlotsFreed();
    }
    assertThat(stats.slowConsumerCloses()).isEqualTo((long) BATCH * BATCHES);
  }

  @Test
  @DisplayName("300 sockets closed because their HTTP verticle was undeployed (1001) give their slots back to the node")
  void verticleShutdowns() throws Exception {
    for (int batch = 0; batch < BATCHES; batch++) {
      int otherPort = TestServer.freePort();
      String other = deploy(otherPort);
      List<RawClient> sockets = openMany(otherPort, batch);
      var undeployed = vertx.undeploy(other).toCompletionStage().toCompletableFuture();
      expectServerClose(sockets, 1001, "server shutting down");
      undeployed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertSlotsFreed(); // on the verticle still serving
    }
  }

  @Test
  @DisplayName("300 upgrades that fail (a refused handshake, a client gone in the middle of it) give their slots back")
  void failedUpgrades() {
    for (int i = 0; i < BATCH * BATCHES; i++) {
      RawClient c = RawClient.connect(port);
      if (i % 2 == 0) {
        c.write(upgradeHead(port, "99"));
        assertThat(c.readStatus(IO_MS)).as("a WebSocket version the server does not speak").isEqualTo(426);
        c.close();
      } else {
        c.write(upgradeHead(port, "13"));
        c.reset();
      }
    }
    assertSlotsFreed();
  }

  @Test
  @DisplayName("a node's /metrics counts each address's open connections, WebSockets included, and the count falls when they close")
  void nodeMetrics() throws Exception {
    try (TestServer node = TestServer.start()) {
      ConnectionGuard nodeGuard = node.server().app().connectionGuard();
      int limit = node.server().app().config().maxConnectionsPerIp();
      assertThat(limit).as("the limit as it ships").isEqualTo(256);
      for (int i = 0; i < limit + 44; i++) {
        closeCleanly(openLive(node.port(), i, nodeGuard));
      }
      List<RawClient> held = new ArrayList<>();
      try {
        for (int i = 0; i < 5; i++) {
          held.add(openLive(node.port(), i, nodeGuard));
        }
        String metrics = scrape(node.port());
        // The scrape's own connection is the sixth.
        assertThat(perAddress(metrics, ADDRESS)).as(metrics).isEqualTo(6);
        assertThat(gauge(metrics, "cocreate_connections_open_max_per_address")).isEqualTo(6);
        assertThat(gauge(metrics, "cocreate_connections_open")).isEqualTo(6);
        assertThat(gauge(metrics, "cocreate_connections_addresses")).isEqualTo(1);
        assertThat(gauge(metrics, "cocreate_connections_limit_per_address")).isEqualTo(limit);
        assertThat(gauge(metrics, "cocreate_connections_refused_total")).as("nobody was turned away").isZero();
        assertThat(gauge(metrics, "cocreate_connections_header_timeouts_total")).isZero();
      } finally {
        held.forEach(RawClient::close);
      }
      Eventually.until(node.server().vertx(), WAIT, () -> nodeGuard.openFrom(ADDRESS) == 0,
          () -> nodeGuard.openFrom(ADDRESS) + " connections still counted from " + ADDRESS);
      assertThat(perAddress(scrape(node.port()), ADDRESS)).as("only the scrape itself").isEqualTo(1);
    }
  }

  // ---------------------------------------------------------------------------------------------

  RawClient openLive(int onPort, int nth) {
    return openLive(onPort, nth, guard);
  }

  /** A socket the hub has accepted: the handshake answered 101 and a ping its pong. */
  static RawClient openLive(int onPort, int nth, ConnectionGuard counting) {
    RawClient ws = RawClient.connect(onPort);
    if (!ws.upgradeToWebSocket(onPort)) {
      ws.close();
      throw new AssertionError("socket #" + nth + " from " + ADDRESS + " was not accepted; the guard counts "
          + counting.openFrom(ADDRESS) + " open from it");
    }
    ws.sendText("{\"op\":\"ping\"}");
    assertThat(nextMessage(ws).getString("op")).as("socket #" + nth).isEqualTo("pong");
    return ws;
  }

  List<RawClient> openMany(int onPort, int batch) {
    List<RawClient> sockets = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      sockets.add(openLive(onPort, batch * BATCH + i));
    }
    return sockets;
  }

  static JsonObject nextMessage(RawClient ws) {
    RawClient.Frame f = ws.readFrame(IO_MS);
    assertThat(f).as("a message from the server").isNotNull();
    assertThat(f.opcode()).as("a text message, not %s", f.text()).isEqualTo(RawClient.TEXT);
    return new JsonObject(f.text());
  }

  /** The client's close frame (1000), the server's answer, then the server ends the connection. */
  static void closeCleanly(RawClient ws) {
    ws.sendFrame(RawClient.CLOSE, new byte[] {0x03, (byte) 0xE8});
    assertThat(ws.readUntilClose(IO_MS)).isEqualTo(1000);
    assertThat(ws.await(IO_MS)).as("the server ends the connection after the close handshake").isEqualTo(RawClient.Outcome.CLOSED);
    ws.close();
  }

  /** Each socket gets the server's close frame with this code and reason; the client then hangs up. */
  static void expectServerClose(List<RawClient> sockets, int code, String reason) {
    for (RawClient ws : sockets) {
      RawClient.Frame close = ws.readCloseFrame(IO_MS);
      assertThat(close).as("a close frame").isNotNull();
      assertThat(close.closeCode()).isEqualTo(code);
      assertThat(close.closeReason()).isEqualTo(reason);
      ws.close();
    }
  }

  static String upgradeHead(int onPort, String version) {
    return "GET /live HTTP/1.1\r\nHost: 127.0.0.1:" + onPort + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: " + version + "\r\n\r\n";
  }

  /**
   * The guard and the hubs count nothing from the address any more, a new HTTP connection from it
   * is answered, and /metrics shows only the scrape's own connection for it.
   */
  void assertSlotsFreed() {
    Eventually.until(vertx, WAIT, () -> guard.openFrom(ADDRESS) == 0 && stats.connections() == 0,
        () -> guard.openFrom(ADDRESS) + " connections still counted from " + ADDRESS + ", " + stats.connections() + " live sockets");
    try (RawClient http = RawClient.connect(port)) {
      http.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(http.readStatus(IO_MS)).as("a new HTTP connection from the address is answered").isEqualTo(200);
    }
    assertThat(perAddress(scrape(port), ADDRESS)).as("/metrics: only the scrape itself is open from " + ADDRESS).isEqualTo(1);
  }

  /** GET /metrics on a connection of its own, closed after the response. */
  static String scrape(int onPort) {
    try (RawClient http = RawClient.connect(onPort)) {
      http.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      String head = http.readHead(IO_MS);
      assertThat(head).as("a /metrics response").startsWith("HTTP/1.1 200");
      return http.readBody(head);
    }
  }

  static long perAddress(String metrics, String address) {
    Matcher m = Pattern.compile("(?m)^cocreate_connections_open_per_address\\{address=\"" + Pattern.quote(address) + "\",?\\} (\\S+)$")
        .matcher(metrics);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  static long gauge(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{\\})? (\\S+)$").matcher(metrics);
    assertThat(m.find()).as(name + " in /metrics").isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
