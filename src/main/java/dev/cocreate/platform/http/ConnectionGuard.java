package dev.cocreate.platform.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection limits the HTTP server does not enforce by itself, one instance per node:
 *
 * <ul>
 *   <li>at most {@code maxPerIp} open connections from one remote address (0: no limit); one more
 *       is closed as soon as it is accepted;</li>
 *   <li>a connection must complete a request's head within {@code headerTimeoutMs} of opening, or of
 *       the end of its previous response, else it is closed. That cuts a client sending its headers
 *       a byte at a time (which the idle timeout never sees: it is never idle), and it is the
 *       keep-alive timeout of an idle connection. A connection with a request in flight, or that
 *       became a WebSocket, is left alone (the live hub pings and times those out itself).</li>
 * </ul>
 *
 * <p>A connection is counted from its accept to the close of its TCP channel, whatever it became in
 * between. Per-address counts are shared by every HTTP verticle instance; each connection's own
 * clock is touched only on its event loop.
 */
public final class ConnectionGuard {
  private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final String STATE = "connectionGuard.state";
  /** Addresses shown one by one in /metrics: enough to name the heaviest clients, bounded whatever the traffic. */
  static final int TOP_ADDRESSES = 10;

  private final int maxPerIp;
  private final long headerTimeoutMs;
  /** Open connections per address; an address leaves the map with its last connection. */
  private final Map<String, Integer> perIp = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final Map<HttpConnection, State> states = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();
  private volatile MultiGauge topAddresses;

  public ConnectionGuard(int maxPerIp, long headerTimeoutMs) {
    this.maxPerIp = maxPerIp;
    this.headerTimeoutMs = headerTimeoutMs;
  }

  /** For {@code HttpServer.connectionHandler}: counts the connection and starts its header clock. */
  public void onConnection(Vertx vertx, HttpConnection conn) {
    String ip = host(conn.remoteAddress());
    // merge/computeIfPresent are atomic per key: a count can never be bumped on an entry that a
    // concurrent last close (on another event loop) is removing, which would lose the connection.
    int fromIp = perIp.merge(ip, 1, Integer::sum);
    open.incrementAndGet();
    State state = new State(vertx, conn);
    states.put(conn, state);
    AtomicBoolean released = new AtomicBoolean();
    closed(conn).onComplete(ar -> {
      if (released.compareAndSet(false, true)) {
        states.remove(conn);
        state.cancel();
        perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
        open.decrementAndGet();
      }
    });
    if (maxPerIp > 0 && fromIp > maxPerIp) {
      refused.incrementAndGet();
      if (refused.get() % 100 == 1) {
        log.warn("Refusing connections from {}: {} open, the limit is {} (maxConnectionsPerIp)", ip, fromIp - 1, maxPerIp);
      }
      conn.close();
      return;
    }
    state.arm();
  }

  /**
   * Completes when the connection's TCP channel has closed, whoever closed it. Not
   * {@code HttpConnection.closeHandler}: a WebSocket upgrade replaces the Vert.x handler in the
   * channel's pipeline with the WebSocket's own connection, so the HTTP connection never hears of
   * the close and every live socket kept its address's slot until restart. The close future is
   * bound to the channel itself when the connection is made, so it outlives any handler swap.
   */
  private static Future<Void> closed(HttpConnection conn) {
    if (conn instanceof ConnectionBase base) {
      return base.closeFuture();
    }
    // Not a Vert.x 5 core connection (no known one): the close handler is the best there is.
    Promise<Void> promise = Promise.promise();
    conn.closeHandler(v -> promise.tryComplete());
    return promise.future();
  }

  /** The first handler of every router: the connection has a request in flight until its response ends. */
  public void onRequest(RoutingContext ctx) {
    State state = states.get(ctx.request().connection());
    if (state != null) {
      state.started();
      ctx.put(STATE, state);
      ctx.addEndHandler(ar -> state.ended());
    }
    ctx.next();
  }

  /** Tells the guard that this request's connection is now a WebSocket: its head clock stops for good. */
  public static void upgraded(RoutingContext ctx) {
    State state = ctx.get(STATE);
    if (state != null) {
      state.upgraded();
    }
  }

  /** Connections closed because their address had too many open. */
  public long refused() {
    return refused.get();
  }

  /** Connections closed because no complete request head came in time. */
  public long timedOut() {
    return timedOut.get();
  }

  /** Open connections from this address, as counted here. */
  public int openFrom(String ip) {
    return perIp.getOrDefault(ip, 0);
  }

  /** Open connections from every address. */
  public int open() {
    return open.get();
  }

  /** The most connections any one address has open. */
  public int mostFromOneAddress() {
    int most = 0;
    for (int n : perIp.values()) {
      most = Math.max(most, n);
    }
    return most;
  }

  /**
   * Publishes the counts in {@code registry} (the node's /metrics). Totals and the busiest address
   * are gauges read at each scrape; the per-address series are only the {@link #TOP_ADDRESSES}
   * busiest, refreshed by {@link #beforeScrape}, so a node with many clients does not grow a series
   * per client.
   */
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("cocreate.connections.open", open, AtomicInteger::get)
        .description("Open TCP connections (HTTP and WebSocket) from every address")
        .register(registry);
    Gauge.builder("cocreate.connections.addresses", perIp, Map::size)
        .description("Client addresses with at least one open connection")
        .register(registry);
    Gauge.builder("cocreate.connections.open.max.per.address", this, ConnectionGuard::mostFromOneAddress)
        .description("Open connections of the busiest client address; compare with cocreate_connections_limit_per_address")
        .register(registry);
    Gauge.builder("cocreate.connections.limit.per.address", () -> maxPerIp)
        .description("maxConnectionsPerIp (0: no limit)")
        .register(registry);
    FunctionCounter.builder("cocreate.connections.refused", refused, AtomicLong::get)
        .description("Connections closed at once because their address had maxConnectionsPerIp open")
        .register(registry);
    FunctionCounter.builder("cocreate.connections.header.timeouts", timedOut, AtomicLong::get)
        .description("Connections closed because no complete request head came within requestHeaderTimeoutSeconds")
        .register(registry);
    topAddresses = MultiGauge.builder("cocreate.connections.open.per.address")
        .description("Open connections of the " + TOP_ADDRESSES + " busiest client addresses (only addresses with open connections)")
        .register(registry);
    refreshTopAddresses();
  }

  /** For the /metrics route, before the scrape: brings the per-address series up to date. */
  public void beforeScrape(RoutingContext ctx) {
    refreshTopAddresses();
    ctx.next();
  }

  private void refreshTopAddresses() {
    MultiGauge gauge = topAddresses;
    if (gauge == null) {
      return;
    }
    List<MultiGauge.Row<?>> rows = perIp.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_ADDRESSES)
        .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("address", e.getKey()), e.getValue()))
        .toList();
    // Overwrite: an address that closed its last connection, or left the top, loses its series.
    gauge.register(rows, true);
  }

  private static String host(SocketAddress address) {
    return address == null || address.host() == null ? "unknown" : address.host();
  }

  /** One connection's clock; runs on its event loop. */
  private final class State {
    private final Vertx vertx;
    private final HttpConnection conn;
    private int inFlight;
    private boolean exempt;
    private long timer = -1;

    State(Vertx vertx, HttpConnection conn) {
      this.vertx = vertx;
      this.conn = conn;
    }

    void arm() {
      cancel();
      if (!exempt) {
        timer = vertx.setTimer(headerTimeoutMs, id -> expire());
      }
    }

    void cancel() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    void started() {
      inFlight++;
      cancel();
    }

    void ended() {
      if (inFlight > 0) {
        inFlight--;
      }
      if (inFlight == 0) {
        arm();
      }
    }

    void upgraded() {
      exempt = true;
      cancel();
      // Nothing is left to time on this connection: the map keeps only connections still speaking
      // HTTP, not one entry per idle subscriber. Its channel's close still counts it out of its address.
      states.remove(conn, this);
    }

    private void expire() {
      timer = -1;
      if (inFlight == 0 && !exempt) {
        timedOut.incrementAndGet();
        log.debug("Closing a connection from {}: no complete request within {} ms", conn.remoteAddress(), headerTimeoutMs);
        conn.close();
      }
    }
  }

  /** For {@code HttpServer.connectionHandler} of a verticle instance. */
  public Handler<HttpConnection> connectionHandler(Vertx vertx) {
    return conn -> onConnection(vertx, conn);
  }
}
