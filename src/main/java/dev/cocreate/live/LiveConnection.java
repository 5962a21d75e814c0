package dev.cocreate.live;

import dev.cocreate.platform.events.Topics;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 */
final class LiveConnection {
  private static final Logger log = LoggerFactory.getLogger(LiveConnection.class);
  private static final int MAX_QUEUED_OPS = 16;
  private static final long ABUSE_WINDOW_MS = 10_000;
  private static final String REPLAY = """
      select id, topic, type, data::text from events
      where topic = any($1) and id > $2 and type <> 'user.blocked'
      order by id limit $3""";

  private final LiveHub hub;
  private final ServerWebSocket ws;
  private final LiveOptions options;
  private Caller caller;

  /** Stored topic → what this connection follows. */
  private final Map<String, Subscription> subs = new HashMap<>();
  private long lastTyping;
  private boolean wantsPresence;
  private boolean closed;

  private Future<Void> ops = Future.succeededFuture();
  private int queuedOps;

  private boolean holding;
  private ArrayDeque<LiveEvent> held;
  private long heldBytes;

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

  LiveConnection(LiveHub hub, ServerWebSocket ws, Caller caller) {
    this.hub = hub;
    this.ws = ws;
    this.options = hub.options();
    this.caller = caller;
    long now = hub.now();
    this.lastHeard = now;
    this.nextPing = now + options.pingIntervalMs();
    this.tokens = options.burst();
    this.refilledAt = System.nanoTime();
  }

  Caller caller() {
    return caller;
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
      Object parsed = io.vertx.core.json.Json.decodeValue(text);
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
    return hub.sessions().fromBearer(t).transform(ar -> {
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
      caller = ar.result();
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
    List<Future<Boolean>> checks = new ArrayList<>();
    for (String t : fresh) {
      checks.add(hub.access().canSubscribe(caller, t));
    }
    Long from = since;
    return Future.all(checks).compose(all -> {
      if (closed) {
        return Future.succeededFuture();
      }
      List<String> allowed = new ArrayList<>();
      JsonArray forbidden = new JsonArray();
      for (int i = 0; i < fresh.size(); i++) {
        if (Boolean.TRUE.equals(checks.get(i).result())) {
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
      already.forEach(answered::add);
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

  private void follow(String visible, long lastSent) {
    String stored = Topics.stored(visible, caller.id());
    subs.put(stored, new Subscription(visible, lastSent));
    hub.follow(this, stored);
  }

  /** See the class comment for why this order has no gap and no duplicate. */
  private Future<Void> replay(List<String> topics, JsonArray answered, long since) {
    long registeredAt = hub.position();
    holding = true;
    String[] stored = new String[topics.size()];
    for (int i = 0; i < topics.size(); i++) {
      follow(topics.get(i), since);
      stored[i] = Topics.stored(topics.get(i), caller.id());
    }
    // Read in the same turn of the event loop as the registration above: every event the hub is
    // handed from here on is held for this connection, every earlier one is in the ring.
    List<LiveEvent> recent = hub.recent().after(Set.of(stored), since);
    Future<Long> replayed;
    if (recent != null) {
      // The ring ends at the last event this hub was handed; later ones (even those the listener
      // has published but the bus not yet delivered here) are held, so they are not skipped.
      long upTo = hub.recent().last();
      hub.stats().replaysFromMemory.incrementAndGet();
      replayed = writeReplay(recent.iterator(), since).map(last -> Math.max(last, upTo));
    } else {
      // The database has every committed event, so everything the listener published is in what it reads.
      hub.stats().replaysFromDatabase.incrementAndGet();
      replayed = (stored.length == 0 ? Future.succeededFuture(since) : replayFrom(stored, since))
          .map(last -> Math.max(last, registeredAt));
    }
    return replayed.compose(last -> {
      if (closed) {
        return Future.succeededFuture();
      }
      long position = Math.max(last, since);
      for (String s : stored) {
        Subscription sub = subs.get(s);
        sub.lastSent = Math.max(sub.lastSent, position);
      }
      send(new JsonObject().put("op", "subscribed").put("topics", answered).put("position", position));
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

  private Future<Long> replayFrom(String[] stored, long after) {
    int page = options.replayPage();
    return hub.pool().preparedQuery(REPLAY).execute(Tuple.of(stored, after, page)).compose(rows -> {
      if (closed) {
        return Future.succeededFuture(after);
      }
      Iterator<Row> it = rows.iterator();
      Iterator<LiveEvent> events = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public LiveEvent next() {
          Row row = it.next();
          return LiveEvent.of(row.getLong(0), row.getString(1), row.getString(2), row.getString(3));
        }
      };
      return writeReplay(events, after).compose(last ->
          rows.size() == page && !closed ? replayFrom(stored, last) : Future.succeededFuture(last));
    });
  }

  /** Writes replayed events at the pace the client reads them. */
  private Future<Long> writeReplay(Iterator<LiveEvent> events, long last) {
    long sent = last;
    while (events.hasNext()) {
      if (closed) {
        return Future.succeededFuture(sent);
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

  /** Ends the hold of a replay: held events follow, minus those the replay already sent. */
  private void release() {
    holding = false;
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
    if (holding) {
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

  void heartbeat(long now) {
    if (closed) {
      return;
    }
    if (ws.isClosed()) {
      gone(); // its close handler is still to run; nothing to ping
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
    hub.removed(this, new ArrayList<>(subs.keySet()));
  }
}
