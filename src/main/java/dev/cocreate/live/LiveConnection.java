package dev.cocreate.live;

import dev.cocreate.account.Caller;
import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.Topics;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's live socket: the protocol of API.md ("Live"), its subscriptions, and its limits.
 * Runs on its hub's event loop only.
 *
 * <p>Client operations other than ping run one after another (a subscribe waits for the auth
 * before it, an unsubscribe for the subscribe before it). The seam of a {@code since} replay: the
 * subscription is registered first, and live events for the connection are held back; the replay
 * query then runs, its rows are written, and the held events follow, each topic skipping ids it has
 * already been sent. Every event of the topic is thus sent once, in id (= commit) order.
 *
 * <p>When the hub is told that access changed ({@link AccessChange}), the connection holds its
 * events the same way while it asks again ({@link #redecide}, {@link #reload}); a topic it may no
 * longer follow is dropped with {@code error forbidden} before anything held is written, so nothing
 * that came after the change reaches it. A replay under way waits for those answers too.
 *
 * <p>It is one class because every operation reads and writes the same state (the events held
 * back, the decisions in flight, each topic's last id sent) and the once-in-order guarantee holds
 * only while one object owns all of it: split, the seams between replay, holding and re-deciding
 * would run between objects on the same event loop, where nothing checks them.
 */
final class LiveConnection {
  private static final Logger log = LoggerFactory.getLogger(LiveConnection.class);
  private static final int MAX_QUEUED_OPS = 16;
  private static final long ABUSE_WINDOW_MS = 10_000;
  /** A subscribe whose permission answers straddled this many access changes in a row gives up (unavailable). */
  private static final int MAX_DECIDE_ATTEMPTS = 8;
  /**
   * Events up to the last one the hub was handed ($3; later ones are held and follow live), with
   * the current state of the post each content event carries, so the replay shows what a read
   * shows now. The CASE keeps the cast away from other events' data.
   */
  private static final String REPLAY = """
      select e.id, e.topic, e.type, e.data::text, p.deleted_at is not null, p.hidden, p.author_id
      from events e
      left join posts p on p.id = case when e.type in ('post.created', 'post.edited', 'post.restored') then (e.data->>'id')::bigint end
      where e.topic = any($1) and e.id > $2 and e.id <= $3 and e.type <> 'user.blocked'
      order by e.id limit $4""";

  private final LiveHub hub;
  private final ServerWebSocket ws;
  private final LiveOptions options;
  private Caller caller;
  /** When the caller's session ends (null: anonymous); the heartbeat closes the socket then. */
  private Instant expiresAt;
  private boolean renewing;

  /** Stored topic → what this connection follows. */
  private final Map<String, Subscription> subs = new HashMap<>();
  private long lastTyping;
  private boolean wantsPresence;
  private boolean closed;

  private Future<Void> ops = Future.succeededFuture();
  private int queuedOps;

  /** Reasons to hold live events back: a replay being written, permission answers awaited. */
  private int holds;
  private ArrayDeque<LiveEvent> held;
  private long heldBytes;
  /** Permission answers awaited after access changes; a replay under way waits for them. */
  private int deciding;
  private List<Promise<Void>> decisionWaiters;

  /** Bytes handed to the socket, and how many of them the socket is known to have sent on. */
  private long writtenBytes;
  private long flushedBytes;
  private long probedAt;
  private int writesSinceProbe;
  private long peakPending;

  private long lastHeard;
  private long nextPing;

  private double tokens;
  private long refilledAt;
  private long abuseWindowStart;
  private int rejected;

  private static final class Subscription {
    final String visible;
    long lastSent;

    Subscription(String visible, long lastSent) {
      this.visible = visible;
      this.lastSent = lastSent;
    }
  }

  LiveConnection(LiveHub hub, ServerWebSocket ws, Caller caller, Instant expiresAt) {
    this.hub = hub;
    this.ws = ws;
    this.options = hub.options();
    this.caller = caller;
    this.expiresAt = expiresAt;
    long now = hub.now();
    this.lastHeard = now;
    this.nextPing = now + options.pingIntervalMs();
    this.tokens = options.burst();
    this.refilledAt = System.nanoTime();
  }

  Caller caller() {
    return caller;
  }

  /** The stored topics this connection follows (a live view: do not change them while iterating). */
  Collection<String> storedTopics() {
    return subs.keySet();
  }

  /** An upper bound of the bytes written to this socket that its client has not taken yet. */
  long pendingBytes() {
    return writtenBytes - flushedBytes;
  }

  void start() {
    ws.frameHandler(frame -> lastHeard = hub.now());
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> {
      if (admit()) {
        sendError("bad_request", "Send JSON text messages.");
      }
    });
    ws.exceptionHandler(this::onException);
    ws.closeHandler(v -> gone());
    // Vert.x 5 tells each socket when its HTTP server starts a graceful shutdown (verticle undeploy).
    ws.shutdownHandler(v -> close((short) 1001, "server shutting down"));
  }

  // ---- inbound

  private void onText(String text) {
    if (closed || !admit()) {
      return;
    }
    JsonObject msg;
    try {
      Object parsed = Json.decodeValue(text);
      msg = parsed instanceof JsonObject o ? o : null;
    } catch (RuntimeException e) {
      msg = null;
    }
    if (msg == null) {
      sendError("bad_request", "Each message must be a JSON object with an \"op\".");
      return;
    }
    Object op = msg.getValue("op");
    if (!(op instanceof String)) {
      sendError("bad_request", "\"op\" is required.");
      return;
    }
    JsonObject m = msg;
    switch ((String) op) {
      case "ping" -> send(new JsonObject().put("op", "pong"));
      case "auth" -> enqueue(() -> auth(m));
      case "subscribe" -> enqueue(() -> subscribe(m));
      case "unsubscribe" -> enqueue(() -> unsubscribe(m));
      case "typing" -> typing(m);
      default -> sendError("bad_request", "Unknown op; use subscribe, unsubscribe, ping, typing or auth.");
    }
  }

  private void onException(Throwable e) {
    if (closed) {
      return;
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("max message size")) {
      sendError("bad_request", "Messages are limited to 64 KiB.");
      close((short) 1009, "message too big");
    } else {
      log.debug("live socket error: {}", e.toString());
    }
  }

  /** Token bucket; answers too_many when empty and closes a client that keeps on. */
  private boolean admit() {
    long now = System.nanoTime();
    tokens = Math.min(options.burst(), tokens + (now - refilledAt) / 1e9 * options.messagesPerSecond());
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    long ms = now / 1_000_000;
    if (ms - abuseWindowStart > ABUSE_WINDOW_MS) {
      abuseWindowStart = ms;
      rejected = 0;
    }
    if (++rejected > options.abuseLimit()) {
      close((short) 1008, "too many messages");
    } else {
      sendError("too_many", "At most " + options.messagesPerSecond() + " messages a second.");
    }
    return false;
  }

  private void enqueue(Supplier<Future<Void>> op) {
    if (queuedOps >= MAX_QUEUED_OPS) {
      sendError("too_many", "Too many requests in flight; wait for the answers.");
      return;
    }
    queuedOps++;
    ops = ops.transform(previous -> {
      if (closed) {
        return Future.<Void>succeededFuture();
      }
      Future<Void> f;
      try {
        f = op.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      return f.recover(e -> {
        log.warn("live request failed: {}", e.toString());
        sendError("unavailable", "The server cannot answer right now; try again.");
        return Future.succeededFuture();
      });
    }).onComplete(ar -> queuedOps--);
  }

  private Future<Void> auth(JsonObject msg) {
    if (caller.signedIn() || !subs.isEmpty()) {
      sendError("bad_request", "auth must be the first message, sent once.");
      return Future.succeededFuture();
    }
    Object token = msg.getValue("token");
    if (!(token instanceof String t) || t.isBlank() || t.length() > 4096) {
      sendError("bad_request", "auth needs a \"token\".");
      return Future.succeededFuture();
    }
    return hub.sessions().bearer(t).transform(ar -> {
      if (closed) {
        return Future.succeededFuture();
      }
      if (ar.failed()) {
        if (ar.cause() instanceof ApiException) {
          sendError("forbidden", ar.cause().getMessage());
          close((short) 1008, "authentication failed");
          return Future.succeededFuture();
        }
        return Future.failedFuture(ar.cause());
      }
      caller = ar.result().caller();
      expiresAt = ar.result().expiresAt();
      hub.indexUser(this);
      return Future.succeededFuture();
    });
  }

  private Future<Void> subscribe(JsonObject msg) {
    if (Boolean.TRUE.equals(msg.getValue("presence"))) {
      // Presence frames are an extension of the contract: only clients that ask get them.
      wantsPresence = true;
    }
    Object rawTopics = msg.getValue("topics");
    if (!(rawTopics instanceof JsonArray array) || array.isEmpty()) {
      sendError("bad_request", "\"topics\" must be a non-empty array of topic names.");
      return Future.succeededFuture();
    }
    if (array.size() > options.maxTopics()) {
      sendError("too_many", "At most " + options.maxTopics() + " topics per connection.");
      return Future.succeededFuture();
    }
    Set<String> requested = new LinkedHashSet<>();
    for (Object t : array) {
      if (!(t instanceof String s) || !Topics.isValid(s)) {
        String shown = String.valueOf(t);
        sendError("bad_request", "Unknown topic " + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown)
            + "; topics are thread:<id>, space:<slug>, challenge:<id> or me.");
        return Future.succeededFuture();
      }
      requested.add(s);
    }
    Object rawSince = msg.getValue("since");
    Long since = null;
    if (rawSince != null) {
      if (!(rawSince instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0) {
        sendError("bad_request", "\"since\" must be an event id (a whole number, 0 or more).");
        return Future.succeededFuture();
      }
      since = n.longValue();
    }
    List<String> fresh = new ArrayList<>();
    List<String> already = new ArrayList<>();
    for (String t : requested) {
      (subs.containsKey(Topics.stored(t, caller.id())) ? already : fresh).add(t);
    }
    if (subs.size() + fresh.size() > options.maxTopics()) {
      sendError("too_many", "At most " + options.maxTopics() + " topics per connection.");
      return Future.succeededFuture();
    }
    Long from = since;
    return decide(fresh, 0).compose(answers -> {
      if (closed) {
        return Future.succeededFuture();
      }
      List<String> allowed = new ArrayList<>();
      JsonArray forbidden = new JsonArray();
      for (int i = 0; i < fresh.size(); i++) {
        if (answers.get(i)) {
          allowed.add(fresh.get(i));
        } else {
          forbidden.add(fresh.get(i));
        }
      }
      if (!forbidden.isEmpty()) {
        send(new JsonObject().put("op", "error").put("code", "forbidden")
            .put("message", "You cannot follow " + String.join(", ", forbidden.getList()) + ".")
            .put("topics", forbidden));
      }
      if (allowed.isEmpty() && already.isEmpty()) {
        return Future.succeededFuture();
      }
      JsonArray answered = new JsonArray();
      allowed.forEach(answered::add);
      // Listed again only if still followed: an access change may have ended one meanwhile.
      already.stream().filter(t -> subs.containsKey(Topics.stored(t, caller.id()))).forEach(answered::add);
      if (from == null) {
        long position = hub.position();
        for (String t : allowed) {
          follow(t, position);
        }
        send(new JsonObject().put("op", "subscribed").put("topics", answered).put("position", position));
        return Future.succeededFuture();
      }
      return replay(allowed, answered, from);
    });
  }

  /**
   * Asks whether the caller may follow each topic. An access change that reaches the hub while the
   * answers are awaited may have come after the queries read (a moment-old yes from the cache,
   * or a query that ran before the change committed): then ask again. Changes the hub meets later
   * find the subscription registered and decide it themselves.
   */
  private Future<List<Boolean>> decide(List<String> topics, int attempt) {
    long epoch = hub.accessEpoch();
    List<Future<Boolean>> checks = new ArrayList<>(topics.size());
    for (String t : topics) {
      checks.add(hub.access().canSubscribe(caller, t));
    }
    return Future.all(checks).compose(all -> {
      if (hub.accessEpoch() != epoch && !closed) {
        return attempt < MAX_DECIDE_ATTEMPTS ? decide(topics, attempt + 1)
            : Future.failedFuture(new IllegalStateException("permissions kept changing while deciding a subscribe"));
      }
      List<Boolean> answers = new ArrayList<>(checks.size());
      checks.forEach(c -> answers.add(Boolean.TRUE.equals(c.result())));
      return Future.succeededFuture(answers);
    });
  }

  private void follow(String visible, long lastSent) {
    String stored = Topics.stored(visible, caller.id());
    subs.put(stored, new Subscription(visible, lastSent));
    hub.follow(this, stored);
  }

  /** See the class comment for why this order has no gap and no duplicate. */
  private Future<Void> replay(List<String> topics, JsonArray answered, long since) {
    hold();
    String[] stored = new String[topics.size()];
    for (int i = 0; i < topics.size(); i++) {
      follow(topics.get(i), since);
      stored[i] = Topics.stored(topics.get(i), caller.id());
    }
    // Read in the same turn of the event loop as the registration above: every event the hub is
    // handed from here on is held for this connection, every earlier one is in the ring. Both
    // paths stop at the last event the hub was handed (later ones, even those the listener has
    // published but the bus not yet delivered here, are held, so they are not skipped): the hub
    // has met every access change up to there, so this caller's answers already reflect them.
    long upTo = hub.handed();
    List<LiveEvent> recent = hub.recent().after(Set.of(stored), since);
    ReplayView view = hub.replayView();
    Future<Long> replayed;
    if (recent != null) {
      hub.stats().replaysFromMemory.incrementAndGet();
      replayed = view.filter(caller, view.redactFromWindow(caller, recent))
          .compose(shown -> writeReplay(shown.iterator(), since))
          .map(last -> Math.max(last, upTo));
    } else {
      hub.stats().replaysFromDatabase.incrementAndGet();
      replayed = (stored.length == 0 ? Future.succeededFuture(since) : replayFrom(stored, since, upTo))
          .map(last -> Math.max(last, upTo));
    }
    return replayed.compose(last -> {
      if (closed) {
        return Future.succeededFuture();
      }
      long position = Math.max(last, since);
      JsonArray still = new JsonArray();
      for (Object t : answered) {
        Subscription sub = subs.get(Topics.stored((String) t, caller.id()));
        if (sub != null) {
          sub.lastSent = Math.max(sub.lastSent, position);
          still.add(t);
        }
      }
      // A topic ended by an access change meanwhile was answered forbidden already.
      if (!still.isEmpty()) {
        send(new JsonObject().put("op", "subscribed").put("topics", still).put("position", position));
      }
      release();
      return Future.succeededFuture();
    }, e -> {
      // Without the replay these topics would continue after a gap: drop them, the client retries.
      for (String s : stored) {
        subs.remove(s);
        hub.unfollow(this, s);
      }
      release();
      return Future.failedFuture(e);
    });
  }

  /**
   * One page of the database replay after another. Each page is shown as a read would show it now
   * (its posts' current state comes with the rows; one query for the threads and spaces it names),
   * and the next page starts after the last row read, whether or not that row was shown.
   */
  private Future<Long> replayFrom(String[] stored, long after, long upTo) {
    int page = options.replayPage();
    ReplayView view = hub.replayView();
    return hub.pool().preparedQuery(REPLAY).execute(Tuple.of(stored, after, upTo, page)).compose(rows -> {
      if (closed) {
        return Future.succeededFuture(after);
      }
      List<LiveEvent> events = new ArrayList<>(rows.size());
      long read = after;
      for (Row row : rows) {
        LiveEvent e = LiveEvent.of(row.getLong(0), row.getString(1), row.getString(2), row.getString(3));
        Long authorId = row.getLong(6);
        if (authorId != null) {
          boolean deleted = Boolean.TRUE.equals(row.getBoolean(4));
          boolean hidden = Boolean.TRUE.equals(row.getBoolean(5));
          if (view.placeholderFor(caller, deleted, hidden, authorId)) {
            e = view.redact(caller, e, new JsonObject(row.getString(3)), deleted, hidden, authorId);
          }
        }
        events.add(e);
        read = e.id();
      }
      long lastRead = read;
      return view.filter(caller, events)
          .compose(shown -> writeReplay(shown.iterator(), after))
          .map(last -> Math.max(last, lastRead))
          .compose(last -> rows.size() == page && !closed ? replayFrom(stored, last, upTo) : Future.succeededFuture(last));
    });
  }

  /** Writes replayed events at the pace the client reads them. */
  private Future<Long> writeReplay(Iterator<LiveEvent> events, long last) {
    long sent = last;
    while (events.hasNext()) {
      if (closed) {
        return Future.succeededFuture(sent);
      }
      if (deciding > 0) {
        // What is still to be replayed waits until the access changes the hub met are decided:
        // a topic that ends there gets nothing more.
        long resumeFrom = sent;
        return decided().compose(v -> writeReplay(events, resumeFrom));
      }
      if (socketFull()) {
        if (closed) {
          return Future.succeededFuture(sent);
        }
        long resumeFrom = sent;
        return drained().compose(v -> writeReplay(events, resumeFrom));
      }
      LiveEvent event = events.next();
      Subscription sub = subs.get(event.topic());
      if (sub != null && event.id() > sub.lastSent) {
        sub.lastSent = event.id();
        write(event);
      }
      sent = event.id();
    }
    return Future.succeededFuture(sent);
  }

  private Future<Void> drained() {
    Promise<Void> promise = Promise.promise();
    long timer = hub.vertx().setTimer(options.replayStallMs(), t -> {
      if (promise.tryFail("replay stalled")) {
        closeSlow();
      }
    });
    ws.drainHandler(v -> {
      hub.vertx().cancelTimer(timer);
      promise.tryComplete();
    });
    return promise.future().onComplete(ar -> {
      if (!ws.isClosed()) {
        ws.drainHandler(null);
      }
    });
  }

  /** Holds live events back (a replay being written, permission answers awaited) until {@link #release}. */
  void hold() {
    if (!closed) {
      holds++;
    }
  }

  /**
   * Ends one hold; after the last, held events follow, minus those the replay already sent and
   * those of topics ended meanwhile.
   */
  void release() {
    if (closed || holds == 0 || --holds > 0) {
      return;
    }
    ArrayDeque<LiveEvent> queue = held;
    held = null;
    heldBytes = 0;
    if (queue != null) {
      for (LiveEvent e : queue) {
        if (closed) {
          return;
        }
        deliver(e);
      }
    }
  }

  private Future<Void> unsubscribe(JsonObject msg) {
    Object rawTopics = msg.getValue("topics");
    if (!(rawTopics instanceof JsonArray array)) {
      sendError("bad_request", "\"topics\" must be an array of topic names.");
      return Future.succeededFuture();
    }
    JsonArray removed = new JsonArray();
    for (Object t : array) {
      if (t instanceof String s) {
        String stored = Topics.stored(s, caller.id());
        if (subs.remove(stored) != null) {
          hub.unfollow(this, stored);
          removed.add(s);
        }
      }
    }
    send(new JsonObject().put("op", "unsubscribed").put("topics", removed));
    return Future.succeededFuture();
  }

  // ---- access changes

  /**
   * Asks again whether the caller may follow these stored topics (after an access change), holding
   * live events until the answers are in; each topic refused is ended with {@code error forbidden}.
   * The hub's cache was emptied, so the questions are new, and identical ones (every anonymous
   * follower of a thread) share one query.
   */
  void redecide(Collection<String> storedTopics) {
    if (closed) {
      return;
    }
    List<String> topics = new ArrayList<>();
    List<Future<Boolean>> checks = new ArrayList<>();
    for (String s : storedTopics) {
      Subscription sub = subs.get(s);
      if (sub != null) {
        topics.add(s);
        checks.add(hub.access().canSubscribe(caller, sub.visible));
      }
    }
    if (topics.isEmpty()) {
      return;
    }
    startDeciding();
    Future.all(checks).onComplete(ar -> {
      if (ar.failed()) {
        // Without an answer the topics cannot go on, nor be refused for sure: the client resumes with since.
        log.warn("live permission check failed: {}", ar.cause().toString());
        close((short) 1013, "permissions changed; reconnect with since");
      } else {
        for (int i = 0; i < topics.size(); i++) {
          if (!Boolean.TRUE.equals(checks.get(i).result())) {
            revoke(topics.get(i));
          }
        }
      }
      doneDeciding();
    });
  }

  /**
   * The caller's role (or anything else about them) changed: reload them from their session and
   * decide every topic again. A session that ended closes the socket (4401).
   */
  void reload() {
    if (closed || !caller.signedIn()) {
      return;
    }
    startDeciding();
    hub.sessions().current(caller, options.clock().instant()).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("live session reload failed: {}", ar.cause().toString());
        close((short) 1013, "permissions changed; reconnect with since");
      } else if (ar.result().isEmpty()) {
        close(AccessChange.SESSION_ENDED, "session ended");
      } else {
        caller = ar.result().get().caller();
        expiresAt = ar.result().get().expiresAt();
        redecide(new ArrayList<>(subs.keySet()));
      }
      doneDeciding();
    });
  }

  /** The session's known end has passed: closed (4401) unless the session slid forward meanwhile. */
  private void checkExpiry(Instant now) {
    if (renewing || expiresAt == null || now.isBefore(expiresAt)) {
      return;
    }
    renewing = true;
    startDeciding();
    hub.sessions().current(caller, now).onComplete(ar -> {
      renewing = false;
      if (ar.failed()) {
        log.debug("live session check failed, trying again: {}", ar.cause().toString());
      } else if (ar.result().isEmpty()) {
        close(AccessChange.SESSION_ENDED, "session expired");
      } else {
        expiresAt = ar.result().get().expiresAt();
      }
      doneDeciding();
    });
  }

  private void startDeciding() {
    hold();
    deciding++;
  }

  private void doneDeciding() {
    if (deciding > 0 && --deciding == 0 && decisionWaiters != null) {
      List<Promise<Void>> waiting = decisionWaiters;
      decisionWaiters = null;
      waiting.forEach(Promise::tryComplete);
    }
    release();
  }

  /** Completes once no permission answer is awaited (or the connection is gone). */
  private Future<Void> decided() {
    if (deciding == 0 || closed) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    if (decisionWaiters == null) {
      decisionWaiters = new ArrayList<>();
    }
    decisionWaiters.add(p);
    return p.future();
  }

  /** Ends a subscription the caller may no longer follow; nothing more of it is written. */
  private void revoke(String stored) {
    Subscription sub = subs.remove(stored);
    if (sub == null) {
      return;
    }
    hub.unfollow(this, stored);
    send(new JsonObject().put("op", "error").put("code", "forbidden").put("topic", sub.visible)
        .put("topics", new JsonArray().add(sub.visible))
        .put("message", "You can no longer follow " + sub.visible + "."));
  }

  // ---- outbound

  /**
   * Sends one live event if this connection follows its topic and has not had it yet; returns
   * whether it was written. A client that has not taken what was written before is closed (1013)
   * rather than buffered for: it reconnects with since and loses nothing.
   */
  boolean deliver(LiveEvent event) {
    if (closed) {
      return false;
    }
    Subscription sub = subs.get(event.topic());
    if (sub == null || event.id() <= sub.lastSent) {
      return false;
    }
    if (holds > 0) {
      if (held == null) {
        held = new ArrayDeque<>();
      }
      held.add(event);
      heldBytes += event.size();
      if (heldBytes > options.maxHeldBytes()) {
        closeSlow();
      }
      return false;
    }
    if (socketFull() || pendingBytes() + event.size() > options.maxPendingBytes()) {
      closeSlow(); // nothing more when socketFull() found it closed
      return false;
    }
    sub.lastSent = event.id();
    write(event);
    return true;
  }

  /**
   * writeQueueFull(), for a socket that may have closed without its close handler having run yet:
   * Vert.x 5 throws then, and a throw in the fan-out loop cost every later follower on the hub the
   * event (seen in the reconnect-storm benchmark). Catching beats asking isClosed() first, which
   * takes the socket's lock once more for every delivery. A closed socket is gone, not slow.
   */
  private boolean socketFull() {
    try {
      return ws.writeQueueFull();
    } catch (IllegalStateException closedMeanwhile) {
      gone();
      return true;
    }
  }

  private void write(LiveEvent event) {
    WebSocketFrame[] frames = event.frames();
    for (int i = 0; i < frames.length - 1; i++) {
      ws.writeFrame(frames[i]);
    }
    track(ws.writeFrame(frames[frames.length - 1]), event.size());
  }

  /** {"op":"typing","topic":"thread:42"}: the member is writing a reply there (at most every 2 s counts). */
  private void typing(JsonObject msg) {
    Object topic = msg.getValue("topic");
    if (!(topic instanceof String t) || !Topics.isValid(t)) {
      sendError("bad_request", "\"topic\" must be a topic this connection follows.");
      return;
    }
    long now = hub.now();
    if (now - lastTyping < 2_000) {
      return;
    }
    lastTyping = now;
    hub.typing(this, Topics.stored(t, caller.id()));
  }

  boolean wantsPresence() {
    return wantsPresence;
  }

  /** A frame the hub encoded once for all its followers. */
  void sendText(String text) {
    if (closed) {
      return;
    }
    track(ws.writeTextMessage(text), text.length());
  }

  private void send(JsonObject message) {
    if (closed) {
      return;
    }
    String text = message.encode();
    track(ws.writeTextMessage(text), text.length());
  }

  /**
   * Accounts a write. Listening to every write's future was the largest cost of the fan-out (in
   * Vert.x 5 each completion is a task on the event loop: +35% CPU per event in the benchmark), so
   * only some writes are watched: every 16th, or once 64 KiB went out unwatched. When a watched
   * write completes, everything before it has reached the kernel too. The pending count therefore
   * over-estimates by at most 64 KiB plus one event, never under-estimates.
   */
  private void track(Future<Void> write, int size) {
    writtenBytes += size;
    if (++writesSinceProbe >= 16 || writtenBytes - probedAt >= 64 * 1024) {
      long upTo = writtenBytes;
      probedAt = upTo;
      writesSinceProbe = 0;
      write.onComplete(ar -> flushedBytes = Math.max(flushedBytes, upTo));
    }
    long pending = writtenBytes - flushedBytes;
    if (pending > peakPending) {
      peakPending = pending;
      hub.stats().pending(pending);
    }
  }

  private void sendError(String code, String message) {
    send(new JsonObject().put("op", "error").put("code", code).put("message", message));
  }

  void heartbeat(long now, Instant clock) {
    if (closed) {
      return;
    }
    if (ws.isClosed()) {
      gone(); // its close handler is still to run; nothing to ping
      return;
    }
    checkExpiry(clock);
    if (closed || renewing) {
      // While the session is being checked its answer decides (4401, or the session goes on):
      // the idle timeout waits for the next beat rather than closing the socket for another reason.
      return;
    }
    if (now - lastHeard > options.idleTimeoutMs()) {
      close((short) 1001, "idle timeout");
      return;
    }
    if (now >= nextPing) {
      nextPing = now + options.pingIntervalMs();
      ws.writePing(Buffer.buffer());
    }
  }

  private void closeSlow() {
    if (!closed) {
      hub.stats().slowConsumerCloses.incrementAndGet();
      close((short) 1013, "too slow; reconnect with since");
    }
  }

  /** Stops all delivery at once; the close frame follows whatever is already queued. */
  void close(short code, String reason) {
    if (closed) {
      return;
    }
    gone();
    if (!ws.isClosed()) {
      ws.close(code, reason);
    }
  }

  private void gone() {
    if (closed) {
      return;
    }
    closed = true;
    held = null;
    if (decisionWaiters != null) {
      // A replay waiting for permission answers ends now (it sees closed).
      List<Promise<Void>> waiting = decisionWaiters;
      decisionWaiters = null;
      waiting.forEach(Promise::tryComplete);
    }
    hub.removed(this, new ArrayList<>(subs.keySet()));
  }
}
