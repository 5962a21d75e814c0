package dev.cocreate.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Per-address counts are shared by every HTTP verticle instance; each connection's own state is
 * touched only on its event loop.
 */
public final class ConnectionGuard {
  private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final String STATE = "connectionGuard.state";

  private final int maxPerIp;
  private final long headerTimeoutMs;
  private final Map<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
  private final Map<HttpConnection, State> states = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();

  public ConnectionGuard(int maxPerIp, long headerTimeoutMs) {
    this.maxPerIp = maxPerIp;
    this.headerTimeoutMs = headerTimeoutMs;
  }

  /** For {@code HttpServer.connectionHandler}: counts the connection and starts its header clock. */
  public void onConnection(Vertx vertx, HttpConnection conn) {
    String ip = host(conn.remoteAddress());
    AtomicInteger count = perIp.computeIfAbsent(ip, k -> new AtomicInteger());
    int open = count.incrementAndGet();
    State state = new State(vertx, conn);
    states.put(conn, state);
    conn.closeHandler(v -> {
      states.remove(conn);
      state.cancel();
      if (count.decrementAndGet() <= 0) {
        perIp.remove(ip, count);
      }
    });
    if (maxPerIp > 0 && open > maxPerIp) {
      refused.incrementAndGet();
      if (refused.get() % 100 == 1) {
        log.warn("Refusing connections from {}: {} open, the limit is {} (maxConnectionsPerIp)", ip, open - 1, maxPerIp);
      }
      conn.close();
      return;
    }
    state.arm();
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
    AtomicInteger n = perIp.get(ip);
    return n == null ? 0 : n.get();
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
      // HTTP, not one entry per idle subscriber. Its close handler still counts it out of its address.
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
