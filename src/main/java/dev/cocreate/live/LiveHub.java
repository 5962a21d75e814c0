package dev.cocreate.live;

import dev.cocreate.account.AccountService;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.SessionService;
import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.Topics;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.ConnectionGuard;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sockets of one HTTP verticle instance, and {@code GET /live}. Everything here runs on
 * that instance's event loop (its bus consumers, timers and sockets are all bound to it), so the
 * indexes are plain maps. Each event arrives once per hub, already encoded, and the same bytes are
 * written to every socket following its topic.
 *
 * <p>Permissions follow changes: an {@link AccessChange} event (in id order with the others, on
 * every node) makes the hub hold the events of the sockets it concerns, ask again whether each
 * may still follow what it follows, and end (error forbidden) what it may not, before it writes
 * them anything that came after the change. A socket whose session ended is closed (4401).
 *
 * <p>It is one class because its indexes (sockets by topic, by user, by session) change together,
 * in the turn of the loop in which an event or an access change arrives; the per-socket protocol
 * is {@link LiveConnection}, the replay rules {@link ReplayView}, the window {@link RecentEvents}.
 */
public final class LiveHub {
  private static final Logger log = LoggerFactory.getLogger(LiveHub.class);
  /** How long a permission answer is reused for new subscriptions (see {@link AccessCache}). */
  static final long ACCESS_TTL_MS = 2_000;

  private final Vertx vertx;
  private final SessionService sessions;
  private final AccessCache access;
  private final ReplayView replayView;
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
  /** The id of the last event this hub was handed: a replay from the database reads up to it, held events follow. */
  private long handed;
  /** Moves with every access change: a subscribe whose permission answers straddle one asks again. */
  private long accessEpoch;

  /**
   * @param position the listener's last published event id (a subscription without since starts after it)
   */
  public LiveHub(Vertx vertx, SessionService sessions, TopicAccess access, Pool pool, LongSupplier position,
      LiveOptions options, LiveStats stats) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.access = new AccessCache(access, ACCESS_TTL_MS);
    this.replayView = new ReplayView(this.access);
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
    // Everything up to the listener's position was published before this hub listened.
    handed = position.getAsLong();
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
          ConnectionGuard.upgraded(ctx);
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
    HttpServerResponse res = req.response();
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
    if (!(req.connection() instanceof ConnectionBase conn)) {
      return;
    }
    ChannelPipeline pipeline = conn.channel().pipeline();
    for (Class<? extends ChannelHandler> type : List.of(ChunkedWriteHandler.class,
        IdleStateHandler.class)) {
      if (pipeline.get(type) != null) {
        pipeline.remove(type);
      }
    }
  }

  /** The caller from the Authorization header or the session cookie; anonymous otherwise. */
  private Future<SessionService.Authenticated> caller(HttpServerRequest req) {
    String authorization = req.getHeader("Authorization");
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() > 4096) {
        return Future.failedFuture(ApiException.unauthorized("Use 'Authorization: Bearer <token>'."));
      }
      return sessions.bearer(authorization.substring(7).trim());
    }
    Cookie cookie = req.getCookie(AuthHandler.SESSION_COOKIE);
    if (cookie == null || cookie.getValue().isEmpty() || cookie.getValue().length() > 200) {
      return Future.succeededFuture(SessionService.Authenticated.ANONYMOUS);
    }
    // Browsers send cookies with cross-site WebSocket handshakes too (no CORS here): a page on
    // another origin must not ride a member's session.
    if (!sameOrigin(req)) {
      return Future.failedFuture(ApiException.forbidden("Cross-origin live connections cannot use the session cookie."));
    }
    return sessions.cookie(cookie.getValue());
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

  private void accept(ServerWebSocket ws, SessionService.Authenticated who) {
    LiveConnection conn = new LiveConnection(this, ws, who.caller(), who.expiresAt());
    connections.add(conn);
    stats.connections.incrementAndGet();
    if (who.caller().signedIn()) {
      indexUser(conn);
    }
    conn.start();
  }

  private void onEvent(LiveEvent event) {
    // Before the followers: a replay that registers between two events reads the ring in the same
    // turn of the loop, so each event is either in what it reads or delivered (held) after it.
    recent.add(event);
    handed = Math.max(handed, event.id());
    if (AccessChange.TOPIC.equals(event.topic())) {
      onAccessChanged(event);
      return;
    }
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
    if (presence != null && "post.created".equals(event.type())) {
      stoppedTyping(event);
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

  /**
   * Whoever's reply has just arrived is no longer typing it: without this the others read "is
   * typing" for the rest of the typing window (seconds) under the reply itself. Read only when
   * someone on this node is typing in the thread.
   */
  private void stoppedTyping(LiveEvent event) {
    if (!presence.typingIn(event.topic())) {
      return;
    }
    try {
      JsonObject author = new JsonObject(new String(event.utf8(), StandardCharsets.UTF_8))
          .getJsonObject("data", new JsonObject()).getJsonObject("author");
      if (author != null && author.getString("displayName") != null) {
        presence.stoppedTyping(event.topic(), author.getString("displayName"));
      }
    } catch (RuntimeException e) {
      log.debug("a post.created event without its author: {}", e.toString());
    }
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
    // One clock for pings, idle timeouts and session ends: the options' (tests move it instead of waiting).
    Instant sessionClock = options.clock().instant();
    long now = sessionClock.toEpochMilli();
    for (LiveConnection conn : connections.toArray(new LiveConnection[0])) {
      try {
        conn.heartbeat(now, sessionClock);
      } catch (RuntimeException e) {
        failed(conn, e);
      }
    }
  }

  // Access changes

  /**
   * Runs in the event's turn of the loop, so the sockets it concerns hold their events before the
   * next event is fanned out; the answers come later.
   */
  private void onAccessChanged(LiveEvent event) {
    access.clear();
    accessEpoch++;
    JsonObject data = ReplayView.data(event);
    try {
      switch (data.getString("scope", "")) {
        case "thread" -> threadChanged(data.getLong("threadId", -1L));
        case "space" -> spaceChanged(data.getLong("spaceId", -1L), data.getString("slug", ""), data.getLong("userId"));
        case "user" -> userChanged(data.getLong("userId", -1L));
        case "session" -> sessionEnded(data.getLong("userId", -1L), data.getString("sessionId"));
        default -> log.warn("Unknown access change {}", data.encode());
      }
    } catch (RuntimeException e) {
      // A malformed change must not stop the hub; its sockets still decide at their next subscribe.
      log.warn("Access change {} not applied: {}", event.id(), e.toString());
    }
  }

  /** Moved, hidden or shown: its followers are asked again (one query per distinct caller). */
  private void threadChanged(long threadId) {
    String topic = "thread:" + threadId;
    Followers f = byTopic.get(topic);
    if (f == null) {
      return;
    }
    for (LiveConnection conn : f.snapshot()) {
      conn.redecide(List.of(topic));
    }
  }

  /**
   * A space's visibility (userId null) or one member changed. Its own topic is asked again, and so
   * are the followed threads that are in it: one query finds which. The sockets that may follow
   * such a thread hold their events meanwhile.
   */
  private void spaceChanged(long spaceId, String slug, Long userId) {
    Set<LiveConnection> candidates = new LinkedHashSet<>();
    Set<Long> threadIds = new HashSet<>();
    if (userId != null) {
      Set<LiveConnection> mine = byUser.get(userId);
      if (mine != null) {
        candidates.addAll(mine);
        for (LiveConnection conn : mine) {
          conn.storedTopics().forEach(t -> addThreadId(threadIds, t));
        }
      }
    } else {
      for (Map.Entry<String, Followers> e : byTopic.entrySet()) {
        if (addThreadId(threadIds, e.getKey()) || isSpace(e.getKey(), slug)) {
          candidates.addAll(List.of(e.getValue().snapshot()));
        }
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    candidates.forEach(LiveConnection::hold);
    Future<Set<Long>> inSpace = threadIds.isEmpty() ? Future.succeededFuture(Set.of()) : access.threadsIn(spaceId, threadIds);
    inSpace.onComplete(ar -> {
      for (LiveConnection conn : candidates) {
        if (ar.failed()) {
          conn.close((short) 1013, "permissions changed; reconnect with since");
          continue;
        }
        List<String> concerned = new ArrayList<>();
        for (String t : conn.storedTopics()) {
          long id = threadId(t);
          if (isSpace(t, slug) || id > 0 && ar.result().contains(id)) {
            concerned.add(t);
          }
        }
        if (!concerned.isEmpty()) {
          conn.redecide(concerned);
        }
        conn.release();
      }
      if (ar.failed()) {
        log.warn("Could not tell which followed threads are in space {}: {}", slug, ar.cause().toString());
      }
    });
  }

  /** A role changed: each of the user's sockets reloads its caller from its session and asks again. */
  private void userChanged(long userId) {
    Set<LiveConnection> mine = byUser.get(userId);
    if (mine != null) {
      for (LiveConnection conn : List.copyOf(mine)) {
        conn.reload();
      }
    }
  }

  /** A logout (one session) or an account deletion (all of them): those sockets close at once. */
  private void sessionEnded(long userId, String sessionId) {
    Set<LiveConnection> mine = byUser.get(userId);
    if (mine == null) {
      return;
    }
    UUID session = sessionId == null ? null : UUID.fromString(sessionId);
    for (LiveConnection conn : List.copyOf(mine)) {
      if (session == null || session.equals(conn.caller().sessionId())) {
        conn.close(AccessChange.SESSION_ENDED, "session ended");
      }
    }
  }

  private static boolean addThreadId(Set<Long> ids, String storedTopic) {
    long id = threadId(storedTopic);
    if (id > 0) {
      ids.add(id);
      return true;
    }
    return false;
  }

  /** The id of a {@code thread:<id>} topic, or -1. */
  static long threadId(String storedTopic) {
    if (!storedTopic.startsWith("thread:")) {
      return -1;
    }
    try {
      return Long.parseLong(storedTopic, 7, storedTopic.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Slugs are matched as the read API looks them up, whatever the case a client wrote. */
  private static boolean isSpace(String storedTopic, String slug) {
    return storedTopic.startsWith("space:") && storedTopic.regionMatches(true, 6, slug, 0, slug.length())
        && storedTopic.length() == 6 + slug.length();
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
          .put("viewers", presence.viewers(topic)).put("typing", new JsonArray(presence.typists(topic)));
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
    return options.clock().millis();
  }

  long position() {
    return position.getAsLong();
  }

  /** The last event id this hub was handed: everything up to it has been fanned out (or held) here. */
  long handed() {
    return handed;
  }

  long accessEpoch() {
    return accessEpoch;
  }

  ReplayView replayView() {
    return replayView;
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

  /** For tests and the benchmark: the sockets of this hub. */
  List<LiveConnection> connections() {
    return List.copyOf(connections);
  }
}
