package dev.cocreate.live;

import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.Topics;
import dev.cocreate.account.AccountService;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.SessionService;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sockets of one HTTP verticle instance, and {@code GET /live}. Everything here runs on
 * that instance's event loop (its bus consumers, timers and sockets are all bound to it), so the
 * indexes are plain maps. Each event arrives once per hub, already encoded, and the same bytes are
 * written to every socket following its topic.
 */
public final class LiveHub {
  private static final Logger log = LoggerFactory.getLogger(LiveHub.class);
  /** How long a permission answer is reused for new subscriptions (see {@link AccessCache}). */
  static final long ACCESS_TTL_MS = 2_000;

  private final Vertx vertx;
  private final SessionService sessions;
  private final TopicAccess access;
  private final Pool pool;
  private final LongSupplier position;
  private final LiveOptions options;
  private final LiveStats stats;

  private final Map<String, Followers> byTopic = new HashMap<>();
  private final Map<String, String> lastPresence = new HashMap<>();
  private Presence presence;
  private final Map<Long, Set<LiveConnection>> byUser = new HashMap<>();
  private final Set<LiveConnection> connections = new LinkedHashSet<>();
  private final RecentEvents recent;
  /** Milliseconds for pings and idle timeouts; tests move it instead of waiting. */
  private LongSupplier clock = System::currentTimeMillis;

  /**
   * @param position the listener's last published event id (a subscription without since starts after it)
   */
  public LiveHub(Vertx vertx, SessionService sessions, TopicAccess access, Pool pool, LongSupplier position,
      LiveOptions options, LiveStats stats) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.access = new AccessCache(access, ACCESS_TTL_MS);
    this.pool = pool;
    this.position = position;
    this.options = options;
    this.stats = stats;
    this.recent = new RecentEvents(options.recentEvents(), options.recentBytes());
  }

  /**
   * Mounts {@code GET /live} and starts consuming events. Call it from the verticle's start (the
   * consumers and the timer then belong to the verticle and end with it), and before any
   * BodyHandler: the upgrade needs the request unread.
   */
  public void mount(Router router) {
    vertx.eventBus().<LiveEvent>localConsumer(LiveAddresses.EVENTS, msg -> onEvent(msg.body()));
    vertx.eventBus().<JsonObject>localConsumer(AccountService.USER_BLOCKED_ADDRESS, msg -> {
      Object id = msg.body() == null ? null : msg.body().getValue("userId");
      if (id instanceof Number n) {
        closeUser(n.longValue(), "account suspended");
      }
    });
    long tick = Math.max(50, Math.min(5_000, Math.min(options.pingIntervalMs(), options.idleTimeoutMs()) / 4));
    vertx.setPeriodic(tick, id -> heartbeat());
    vertx.setPeriodic(1_000, id -> pushPresence());
    router.get("/live").handler(this::handshake);
  }

  private void handshake(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    if (!req.canUpgradeToWebSocket()) {
      ctx.fail(new ApiException(426, "upgrade-required", "Upgrade required", "GET /live is a WebSocket endpoint."));
      return;
    }
    // Authentication is asynchronous (a session lookup); keep the upgrade request unread until it is done.
    req.pause();
    caller(req).onComplete(ar -> {
      if (ar.failed()) {
        req.resume();
        ctx.fail(ar.cause());
        return;
      }
      req.toWebSocket().onComplete(ws -> {
        if (ws.succeeded()) {
          dev.cocreate.platform.http.ConnectionGuard.upgraded(ctx);
          forgetRequest(req);
          accept(ws.result(), ar.result());
        } else {
          log.debug("WebSocket upgrade failed: {}", ws.cause().toString());
          // Vert.x answers the handshakes it refuses (400, 426) and the connection stays usable for
          // HTTP. Any other failure (the client gone, a handshake broken after Vert.x took over the
          // pipeline) leaves a request in flight that nothing will answer and the header timeout
          // never cuts: close the connection rather than let it hold its address's slot.
          if (!req.response().ended()) {
            req.connection().close();
          }
        }
      });
    });
  }

  /**
   * Vert.x keeps the HTTP request a WebSocket began as (and its response) for the socket's
   * lifetime; the routing context hangs off the response's handlers. Clearing them, and the
   * response's headers, lets them go: 1.5 KB of an idle subscriber's 19 (bench scenario 5,
   * LiveMemoryTest). The response is never written again: the 101 went out through Vert.x.
   */
  private static void forgetRequest(HttpServerRequest req) {
    io.vertx.core.http.HttpServerResponse res = req.response();
    res.endHandler(null);
    res.closeHandler(null);
    res.exceptionHandler(null);
    res.headersEndHandler(null);
    res.bodyEndHandler(null);
    res.drainHandler(null);
    res.headers().clear();
    req.exceptionHandler(null);
    slimPipeline(req);
  }

  /**
   * Takes the HTTP-only handlers out of an upgraded connection's pipeline. Every frame passes each
   * outbound handler: the chunked writer (there for compressed and file responses) queued and
   * re-flushed every frame, and the idle-state handler made a new promise and listener per write
   * to time write idleness, which the hub's own pings and idle checks already cover. With 1,000
   * watchers per reply they were a fifth of the fan-out's samples (bench scenario 3).
   */
  private static void slimPipeline(HttpServerRequest req) {
    if (!(req.connection() instanceof io.vertx.core.net.impl.ConnectionBase conn)) {
      return;
    }
    io.netty.channel.ChannelPipeline pipeline = conn.channel().pipeline();
    for (Class<? extends io.netty.channel.ChannelHandler> type : List.of(io.netty.handler.stream.ChunkedWriteHandler.class,
        io.netty.handler.timeout.IdleStateHandler.class)) {
      if (pipeline.get(type) != null) {
        pipeline.remove(type);
      }
    }
  }

  /** The caller from the Authorization header or the session cookie; anonymous otherwise. */
  private Future<Caller> caller(HttpServerRequest req) {
    String authorization = req.getHeader("Authorization");
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() > 4096) {
        return Future.failedFuture(ApiException.unauthorized("Use 'Authorization: Bearer <token>'."));
      }
      return sessions.fromBearer(authorization.substring(7).trim());
    }
    Cookie cookie = req.getCookie(AuthHandler.SESSION_COOKIE);
    if (cookie == null || cookie.getValue().isEmpty() || cookie.getValue().length() > 200) {
      return Future.succeededFuture(Caller.ANONYMOUS);
    }
    // Browsers send cookies with cross-site WebSocket handshakes too (no CORS here): a page on
    // another origin must not ride a member's session.
    if (!sameOrigin(req)) {
      return Future.failedFuture(ApiException.forbidden("Cross-origin live connections cannot use the session cookie."));
    }
    return sessions.fromCookie(cookie.getValue());
  }

  static boolean sameOrigin(HttpServerRequest req) {
    String origin = req.getHeader("Origin");
    if (origin == null) {
      return true; // not a browser
    }
    String host = req.getHeader("Host");
    try {
      URI o = URI.create(origin);
      String authority = o.getPort() > 0 ? o.getHost() + ":" + o.getPort() : o.getHost();
      return host != null && authority != null && authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void accept(ServerWebSocket ws, Caller caller) {
    LiveConnection conn = new LiveConnection(this, ws, caller);
    connections.add(conn);
    stats.connections.incrementAndGet();
    if (caller.signedIn()) {
      indexUser(conn);
    }
    conn.start();
  }

  private void onEvent(LiveEvent event) {
    // Before the followers: a replay that registers between two events reads the ring in the same
    // turn of the loop, so each event is either in what it reads or delivered (held) after it.
    recent.add(event);
    if (EventLog.USER_BLOCKED.equals(event.type())) {
      long userId = Topics.userId(event.topic());
      if (userId > 0) {
        closeUser(userId, "account suspended");
      }
      return;
    }
    Followers followers = byTopic.get(event.topic());
    if (followers == null) {
      return;
    }
    LiveConnection[] targets = followers.snapshot();
    int written = 0;
    for (LiveConnection conn : targets) {
      try {
        if (conn.deliver(event)) {
          written++;
        }
      } catch (RuntimeException e) {
        // One socket's failure must not cost the followers after it this event.
        failed(conn, e);
      }
    }
    stats.eventsWritten.addAndGet(written);
  }

  /** A connection whose socket threw: closed and dropped, so the hub's loops go on without it. */
  private void failed(LiveConnection conn, RuntimeException e) {
    log.warn("Live socket failed, closing it: {}", e.toString());
    try {
      conn.close((short) 1011, "server error");
    } catch (RuntimeException again) {
      log.debug("closing a failed live socket: {}", again.toString());
    }
  }

  private void closeUser(long userId, String reason) {
    Set<LiveConnection> conns = byUser.get(userId);
    if (conns == null) {
      return;
    }
    for (LiveConnection conn : new ArrayList<>(conns)) {
      conn.close((short) 1008, reason);
    }
  }

  private void heartbeat() {
    long now = clock.getAsLong();
    for (LiveConnection conn : connections.toArray(new LiveConnection[0])) {
      try {
        conn.heartbeat(now);
      } catch (RuntimeException e) {
        failed(conn, e);
      }
    }
  }

  // Called by connections, on this event loop.

  void follow(LiveConnection conn, String storedTopic) {
    if (byTopic.computeIfAbsent(storedTopic, t -> new Followers()).add(conn) && presence != null) {
      presence.joined(storedTopic);
    }
  }

  void unfollow(LiveConnection conn, String storedTopic) {
    Followers f = byTopic.get(storedTopic);
    if (f != null && f.remove(conn)) {
      if (presence != null) {
        presence.left(storedTopic);
      }
      if (f.isEmpty()) {
        byTopic.remove(storedTopic);
        lastPresence.remove(storedTopic);
      }
    }
  }

  void typing(LiveConnection conn, String storedTopic) {
    Followers f = byTopic.get(storedTopic);
    if (presence != null && f != null && f.contains(conn) && conn.caller().signedIn()) {
      presence.typing(storedTopic, conn.caller().user().displayName());
    }
  }

  /** Tells each thread's followers how many view it and who types, when that changed. */
  private void pushPresence() {
    if (presence == null) {
      return;
    }
    // A copy: a socket that fails below is closed, which can remove its topic from byTopic.
    for (Map.Entry<String, Followers> e : new ArrayList<>(byTopic.entrySet())) {
      String topic = e.getKey();
      if (!Presence.tracked(topic)) {
        continue;
      }
      JsonObject frame = new JsonObject().put("op", "presence").put("topic", topic)
          .put("viewers", presence.viewers(topic)).put("typing", new io.vertx.core.json.JsonArray(presence.typists(topic)));
      String encoded = frame.encode();
      if (encoded.equals(lastPresence.get(topic))) {
        continue;
      }
      lastPresence.put(topic, encoded);
      for (LiveConnection conn : e.getValue().snapshot()) {
        try {
          if (conn.wantsPresence()) {
            conn.sendText(encoded);
          }
        } catch (RuntimeException ex) {
          failed(conn, ex);
        }
      }
    }
  }

  void indexUser(LiveConnection conn) {
    byUser.computeIfAbsent(conn.caller().id(), id -> new LinkedHashSet<>()).add(conn);
  }

  void removed(LiveConnection conn, Iterable<String> storedTopics) {
    if (!connections.remove(conn)) {
      return;
    }
    stats.connections.decrementAndGet();
    for (String topic : storedTopics) {
      unfollow(conn, topic);
    }
    Set<LiveConnection> mine = byUser.get(conn.caller().id());
    if (mine != null && mine.remove(conn) && mine.isEmpty()) {
      byUser.remove(conn.caller().id());
    }
  }

  long now() {
    return clock.getAsLong();
  }

  long position() {
    return position.getAsLong();
  }

  RecentEvents recent() {
    return recent;
  }

  Vertx vertx() {
    return vertx;
  }

  SessionService sessions() {
    return sessions;
  }

  TopicAccess access() {
    return access;
  }

  Pool pool() {
    return pool;
  }

  LiveOptions options() {
    return options;
  }

  LiveStats stats() {
    return stats;
  }

  /** Connections following one topic, with an array copy so a fan-out allocates nothing. */
  private static final class Followers {
    private final Set<LiveConnection> set = new LinkedHashSet<>();
    private LiveConnection[] snapshot;

    boolean add(LiveConnection c) {
      if (set.add(c)) {
        snapshot = null;
        return true;
      }
      return false;
    }

    boolean contains(LiveConnection c) {
      return set.contains(c);
    }

    boolean remove(LiveConnection c) {
      boolean removed = set.remove(c);
      if (removed) {
        snapshot = null;
      }
      return removed;
    }

    boolean isEmpty() {
      return set.isEmpty();
    }

    LiveConnection[] snapshot() {
      if (snapshot == null) {
        snapshot = set.toArray(new LiveConnection[0]);
      }
      return snapshot;
    }
  }

  /** Counts this hub's viewers into the node's presence and pushes the merged figures to its sockets. */
  public LiveHub withPresence(Presence presence) {
    this.presence = presence;
    return this;
  }

  /** Pings and idle timeouts by this clock (milliseconds) instead of the system's; call before mount. */
  public LiveHub withClock(LongSupplier millis) {
    this.clock = millis;
    return this;
  }

  /** For tests and the benchmark: the sockets of this hub. */
  List<LiveConnection> connections() {
    return List.copyOf(connections);
  }
}
