package dev.cocreate.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load generator's live side: many WebSocket subscribers of {@code GET /live} (Cocreate's or the
 * floor server's, which speak the same subset), with what each received. Used by the benchmark suite
 * and by the CI correctness test, so the test also keeps the generator honest.
 *
 * <p>Frames are read as bytes and only the few fields needed are scanned for: decoding 150,000+
 * frames a second into Strings and JSON on the same 2 cores as the server would measure the
 * generator instead of the server.
 */
public final class Fleet implements AutoCloseable {
  private static final byte[] EVENT = "{\"op\":\"event\",\"id\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SUBSCRIBED = "{\"op\":\"subscribed\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] POSITION = "\"position\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR = "{\"op\":\"error\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] T = "\"t\":".getBytes(StandardCharsets.US_ASCII);
  /** Marker a reply body carries ("bench-<seq>") so its delivery is matched to the request that sent it. */
  static final String MARKER = "bench-";
  private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);
  /** Simultaneous handshakes: enough to connect thousands in seconds, few enough not to overflow the accept backlog. */
  private static final int IN_FLIGHT = 256;

  /** When an event was sent (commit sent, request sent or emitted), and when its last copy arrived (epoch µs). */
  static final class Sent {
    final long micros;
    final AtomicLong lastDelivery = new AtomicLong();
    final LongAdder deliveries = new LongAdder();

    Sent(long micros) {
      this.micros = micros;
    }
  }

  /** How the send time of a delivered event is found. */
  enum Timing {
    /** The writer registered it by event id (Cocreate events it committed). */
    BY_ID,
    /** The frame carries {@code "t":<epoch µs>} (the floor server's events). */
    EMBEDDED,
    /** The frame carries {@code bench-<seq>} and the writer registered seq (replies through the API). */
    MARKER
  }

  /** One subscriber. Its fields are written on its connection's event loop only. */
  public static final class Sub {
    final int index;
    final String topic;
    volatile WebSocket ws;
    volatile boolean subscribed;
    volatile long position = -1;
    volatile Short closeCode;
    boolean slow;
    /** Written on the socket's event loop; volatile because a reconnect reads it from another. */
    volatile long lastId;
    private long count;
    private long duplicates;
    private int generation;
    /** Every id received in the current window, in arrival order, when the fleet keeps them (tests). */
    final List<Long> ids = new ArrayList<>();
    /** Subscribed with since: the answer's position must not move lastId (the replay came before it). */
    volatile boolean replaying;
    /** Reconnect bookkeeping (storm): when it started and the newest committed id then. */
    volatile long reconnectAtMicros;
    volatile long reconnectTargetId;
    volatile long caughtUpMicros;

    Sub(int index, String topic) {
      this.index = index;
      this.topic = topic;
    }

    /** Events received in the current window (see {@link Fleet#reset}). */
    public long count(Fleet fleet) {
      return generation == fleet.generation ? count : 0;
    }

    public long duplicates(Fleet fleet) {
      return generation == fleet.generation ? duplicates : 0;
    }

    void roll(int current) {
      if (generation != current) {
        generation = current;
        count = 0;
        duplicates = 0;
        ids.clear();
      }
    }

    public long lastId() {
      return lastId;
    }
  }

  private final Vertx vertx;
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final WebSocketClient slowClient;
  private final String host;
  private final int port;
  private final Timing timing;
  final Map<Long, Sent> sent = new ConcurrentHashMap<>();
  private final List<Sub> subs = new ArrayList<>();
  private final Recorder latency = new Recorder(3);
  final LongAdder received = new LongAdder();
  final LongAdder errors = new LongAdder();
  final AtomicReference<String> firstError = new AtomicReference<>();
  private volatile boolean recording = true;
  private volatile int generation;
  private boolean keepIds;

  /**
   * @param sources how many 127.0.0.x source addresses to spread the sockets over (each has its own
   *     ephemeral port range, about 28,000 ports here)
   */
  public Fleet(Vertx vertx, String host, int port, int sources, Timing timing) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.timing = timing;
    for (int s = 0; s < Math.max(1, sources); s++) {
      clients.add(vertx.createWebSocketClient(options().setLocalAddress(sources > 1 ? "127.0.0." + (1 + s) : null)));
    }
    // Subscribers that never read get a tiny receive buffer, so their backlog shows at the server
    // within seconds instead of after megabytes of kernel buffering.
    slowClient = vertx.createWebSocketClient(options().setReceiveBufferSize(4096));
  }

  private static WebSocketClientOptions options() {
    return new WebSocketClientOptions()
        // The Vert.x client allows 50 connections per endpoint unless raised.
        .setMaxConnections(100_000)
        .setConnectTimeout(60_000)
        .setTryUsePerMessageCompression(false)
        .setMaxFrameSize(128 * 1024)
        .setMaxMessageSize(1024 * 1024);
  }

  /** Keeps each subscriber's received ids (for tests that say which went missing). */
  public Fleet keepIds() {
    keepIds = true;
    return this;
  }

  public List<Sub> subs() {
    return subs;
  }

  public Recorder latency() {
    return latency;
  }

  /** Registers the send time of event {@code id} (or of marker seq {@code id}). */
  public void sent(long id, long micros) {
    sent.put(id, new Sent(micros));
  }

  /** Opens {@code n} more subscribers, subscriber i following {@code topicOf.apply(i)}; completes when all are subscribed. */
  public Future<Void> connect(int n, IntFunction<String> topicOf, int slowEvery) {
    int first = subs.size();
    for (int i = 0; i < n; i++) {
      Sub sub = new Sub(first + i, topicOf.apply(first + i));
      sub.slow = slowEvery > 0 && (first + i) % slowEvery == slowEvery - 1;
      subs.add(sub);
    }
    Promise<Void> all = Promise.promise();
    AtomicLong next = new AtomicLong(first);
    AtomicLong done = new AtomicLong();
    long end = first + n;
    if (n == 0) {
      return Future.succeededFuture();
    }
    // A window of IN_FLIGHT handshakes, each completion starting the next.
    Runnable[] step = new Runnable[1];
    step[0] = () -> {
      long i = next.getAndIncrement();
      if (i >= end) {
        return;
      }
      Sub sub = subs.get((int) i);
      open(sub, null).onComplete(ar -> {
        if (ar.failed()) {
          error("connect: " + ar.cause());
        }
        if (done.incrementAndGet() == n) {
          all.complete();
        } else {
          step[0].run();
        }
      });
    };
    for (int i = 0; i < Math.min(IN_FLIGHT, n); i++) {
      vertx.runOnContext(v -> step[0].run());
    }
    return all.future();
  }

  /** Connects one subscriber and subscribes it (with {@code since} when given); completes once the answer came. */
  Future<Void> open(Sub sub, Long since) {
    Promise<Void> subscribedPromise = Promise.promise();
    WebSocketClient client = sub.slow ? slowClient : clients.get(sub.index % clients.size());
    sub.subscribed = false;
    sub.replaying = since != null;
    return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/live")).compose(ws -> {
      sub.ws = ws;
      sub.closeCode = null;
      JsonObject subscribe = new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add(sub.topic));
      if (since != null) {
        subscribe.put("since", since);
      }
      String text = subscribe.encode();
      ws.closeHandler(v -> {
        if (sub.ws == ws) {
          sub.closeCode = ws.closeStatusCode() == null ? (short) 1006 : ws.closeStatusCode();
        }
        subscribedPromise.tryFail("closed " + sub.closeCode);
      });
      ws.exceptionHandler(e -> {});
      ws.handler(buf -> onFrame(sub, ws, buf, subscribedPromise, text));
      ws.writeTextMessage(text);
      return subscribedPromise.future();
    });
  }

  private void onFrame(Sub sub, WebSocket ws, Buffer buf, Promise<Void> subscribedPromise, String subscribe) {
    if (sub.ws != ws) {
      // A socket being replaced: Vert.x may still hand over frames it had queued after close()
      // completed, on its own event loop. They are not counted (since was read without them and
      // the new socket replays them), and the subscriber's fields stay with one thread.
      return;
    }
    long now = epochMicros();
    sub.roll(generation);
    if (startsWith(buf, EVENT)) {
      long id = number(buf, EVENT.length);
      if (keepIds) {
        sub.ids.add(id);
      }
      if (id <= sub.lastId) {
        sub.duplicates++;
        received.increment();
        return;
      }
      sub.lastId = id;
      sub.count++;
      if (sub.reconnectTargetId > 0 && sub.caughtUpMicros == 0 && id >= sub.reconnectTargetId) {
        sub.caughtUpMicros = now;
      }
      Sent s = switch (timing) {
        case BY_ID -> sent.get(id);
        case EMBEDDED -> sent.computeIfAbsent(id, k -> new Sent(number(buf, indexOf(buf, T, 0) + T.length)));
        case MARKER -> {
          int at = indexOf(buf, MARKER_BYTES, 0);
          yield at < 0 ? null : sent.get(number(buf, at + MARKER_BYTES.length));
        }
      };
      if (s != null && recording) {
        long lat = Math.max(0, now - s.micros);
        latency.recordValue(lat);
        s.deliveries.increment();
        s.lastDelivery.accumulateAndGet(now, Math::max);
      }
      // Last: a reader that sees this count also sees the subscriber's fields written above.
      received.increment();
    } else if (startsWith(buf, SUBSCRIBED)) {
      int p = indexOf(buf, POSITION, 0);
      sub.position = p < 0 ? 0 : number(buf, p + POSITION.length);
      if (sub.lastId < sub.position && !sub.replaying) {
        // Subscribed without since: events up to the position are not this subscriber's to get.
        sub.lastId = sub.position;
      }
      sub.subscribed = true;
      if (sub.slow) {
        ws.pause(); // never reads again: the server must close it (1013) or hold at most its bound for it
      }
      subscribedPromise.tryComplete();
    } else if (startsWith(buf, ERROR)) {
      String text = buf.toString(StandardCharsets.UTF_8);
      if (text.contains("\"unavailable\"") || text.contains("\"too_many\"")) {
        // As a real client does: try again a moment later.
        vertx.setTimer(500, t -> ws.writeTextMessage(subscribe));
      } else {
        error(text);
      }
    }
  }

  private void error(String text) {
    errors.increment();
    firstError.compareAndSet(null, text);
  }

  /**
   * Starts a new measured window: counts and latencies from here on. Each subscriber's counters
   * belong to its socket's event loop, so they are not zeroed from here: a generation number tells
   * the loop to zero them at its next frame, and readers treat an older generation as zero.
   */
  public void reset() {
    sent.clear();
    latency.reset();
    received.reset();
    generation++;
    recording = true;
  }

  /** Reconnects subscriber {@code sub} now with {@code since} = the last id it saw; notes when it caught up to {@code target}. */
  public Future<Void> reconnect(Sub sub, long target) {
    sub.reconnectAtMicros = epochMicros();
    sub.reconnectTargetId = target;
    sub.caughtUpMicros = 0;
    WebSocket old = sub.ws;
    sub.ws = null;
    Promise<Void> closed = Promise.promise();
    if (old == null || old.isClosed()) {
      closed.complete();
    } else {
      old.close().onComplete(ar -> closed.complete());
    }
    // since is read once the old socket is closed: a frame it still delivered while closing would
    // otherwise be replayed and look like a duplicate.
    return closed.future().compose(v -> open(sub, sub.lastId)).onFailure(e -> error("reconnect: " + e));
  }

  /** Lets the subscribers that never read read again (on their own event loops). */
  public void resumeSlow() {
    for (Sub s : subs) {
      WebSocket ws = s.ws;
      if (s.slow && ws != null) {
        vertx.runOnContext(v -> ws.resume());
      }
    }
  }

  public void stopRecording() {
    recording = false;
  }

  /** Subscribers whose socket was closed by the server (or broke), by close code. */
  public Map<Short, Integer> closeCodes() {
    Map<Short, Integer> codes = new TreeMap<>();
    for (Sub s : subs) {
      if (s.closeCode != null) {
        codes.merge(s.closeCode, 1, Integer::sum);
      }
    }
    return codes;
  }

  public int held() {
    int n = 0;
    for (Sub s : subs) {
      WebSocket ws = s.ws;
      if (ws != null && !ws.isClosed() && s.closeCode == null) {
        n++;
      }
    }
    return n;
  }

  public Histogram latencySnapshot() {
    return latency.getIntervalHistogram();
  }

  @Override
  public void close() {
    List<Future<Void>> closing = new ArrayList<>();
    for (Sub s : subs) {
      WebSocket ws = s.ws;
      if (ws != null && !ws.isClosed()) {
        closing.add(ws.close());
      }
    }
    try {
      Future.join(closing).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing is best effort; the Vertx instance goes next
    }
    subs.clear();
  }

  // ---- byte scanning

  static boolean startsWith(Buffer buf, byte[] prefix) {
    if (buf.length() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf.getByte(i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static int indexOf(Buffer buf, byte[] what, int from) {
    int n = buf.length() - what.length;
    outer:
    for (int i = from; i <= n; i++) {
      for (int j = 0; j < what.length; j++) {
        if (buf.getByte(i + j) != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The whole number at {@code at}, spaces skipped (PostgreSQL prints jsonb with them). */
  static long number(Buffer buf, int at) {
    int i = at;
    while (i < buf.length() && buf.getByte(i) == ' ') {
      i++;
    }
    long v = 0;
    while (i < buf.length()) {
      byte b = buf.getByte(i++);
      if (b < '0' || b > '9') {
        break;
      }
      v = v * 10 + (b - '0');
    }
    return v;
  }

  public static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }
}
