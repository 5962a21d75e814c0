package dev.cocreate.live;

import dev.cocreate.platform.events.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one reader of the events table: a dedicated connection LISTENs on
 * {@link EventLog#CHANNEL}; on each notification the node reads every event after
 * the last one it saw and publishes each, encoded once, on the local bus at
 * {@link LiveAddresses#EVENTS}. The reads go through the pool, so the listening connection only ever
 * runs LISTEN (operators find it by application_name or by its query).
 *
 * <p>Notifications only say "read again": the table is the truth, so a notification that is lost
 * (while disconnected) or coalesced (while a read runs) costs nothing. Everything runs on this
 * verticle's event loop, including the subscriber connection's callbacks, so there are no locks;
 * {@link #lastSeenId()} is read from the HTTP verticles and is volatile.
 */
public final class EventListener extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(EventListener.class);
  static final int BATCH = 1000;
  static final String APPLICATION_NAME = "cocreate-live-listener";
  private static final String READ = "select id, topic, type, data::text from events where id > $1 order by id limit " + BATCH;
  /** A read that takes this long is abandoned (its rows are skipped if it ever returns). */
  private static final long STUCK_READ_MS = 30_000;
  /** Also read on this period: covers anything a notification could have missed. */
  private static final long POLL_MS = 30_000;
  private static final long START_WAIT_MS = 10_000;

  private final PgConnectOptions connectOptions;
  private final Pool pool;
  private final DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(true);

  private volatile long lastSeenId;
  private volatile int subscriptions;
  private volatile int backendPid;
  private volatile long published;

  // Event-loop state.
  private PgSubscriber subscriber;
  /** Other channels heard on the same connection (presence); their messages are not stored anywhere. */
  private final Map<String, Handler<String>> extraChannels = new LinkedHashMap<>();
  private boolean initialized;
  private boolean reading;
  private boolean readAgain;
  private long readStartedAt;
  private long pollTimer = -1;
  private Promise<Void> ready;
  private boolean stopped;

  /**
   * @param connectOptions for the listening connection
   * @param pool for reading events
   */
  public EventListener(Vertx vertx, PgConnectOptions connectOptions, Pool pool) {
    this.pool = pool;
    Map<String, String> props = new HashMap<>(connectOptions.getProperties());
    props.put("application_name", APPLICATION_NAME);
    this.connectOptions = new PgConnectOptions(connectOptions).setProperties(props);
    vertx.eventBus().registerDefaultCodec(LiveEvent.class, new LiveEvent.LocalCodec());
  }

  /** Also listens on {@code channel}; call before the listener is deployed. */
  public EventListener alsoListen(String channel, Handler<String> handler) {
    extraChannels.put(channel, handler);
    return this;
  }

  /** The id of the last event published on this node: a subscriber without {@code since} starts after it. */
  public long lastSeenId() {
    return lastSeenId;
  }

  /** How many times LISTEN has been (re-)established; tests wait on it after killing the connection. */
  public int subscriptions() {
    return subscriptions;
  }

  /** The PostgreSQL backend pid of the listening connection (for operators and tests). */
  public int backendPid() {
    return backendPid;
  }

  public long published() {
    return published;
  }

  @Override
  public Future<?> start() {
    ready = Promise.promise();
    connect(0);
    pollTimer = vertx.setPeriodic(POLL_MS, id -> poll());
    // Start serving even if the database is away right now; positions are real once it is back.
    return ready.future()
        .timeout(START_WAIT_MS, TimeUnit.MILLISECONDS)
        .recover(e -> {
          log.warn("Live listener not connected yet ({}); it keeps trying", e.getMessage());
          return Future.succeededFuture();
        });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(pollTimer);
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  private void connect(int attempt) {
    if (stopped) {
      return;
    }
    PgSubscriber sub = PgSubscriber.subscriber(vertx, connectOptions)
        // Without a policy PgSubscriber gives up on the first lost connection. With one it
        // reconnects and re-LISTENs, but only once it had a connection: see the first-connect retry.
        .reconnectPolicy(this::reconnectDelay);
    sub.channel(EventLog.CHANNEL)
        .subscribeHandler(v -> onListening())
        .handler(this::onNotification);
    extraChannels.forEach((channel, handler) -> sub.channel(channel).handler(handler));
    subscriber = sub;
    sub.connect().onFailure(e -> {
      // A failed first connect is not retried by PgSubscriber, and it leaves the subscriber
      // marked open so connect() would never complete again: start over with a new one.
      sub.close();
      long delay = backoff(attempt);
      log.warn("Live listener cannot connect ({}); retrying in {} ms", e.getMessage(), delay);
      vertx.setTimer(delay, t -> connect(attempt + 1));
    });
  }

  private long reconnectDelay(int attempt) {
    long delay = backoff(attempt);
    if (attempt == 0 || attempt % 20 == 0) {
      log.warn("Live listener lost its connection; reconnecting (attempt {}, in {} ms)", attempt + 1, delay);
    }
    return stopped ? -1 : delay;
  }

  /** 100 ms doubling to 5 s, with jitter so nodes do not reconnect in lockstep after a restart. */
  static long backoff(int attempt) {
    long base = Math.min(5_000, 100L << Math.min(attempt, 6));
    return base + ThreadLocalRandom.current().nextLong(base / 4 + 1);
  }

  /** LISTEN is active (first time or after a reconnect). Notifications sent meanwhile are gone: read the table. */
  private void onListening() {
    PgConnection listening = subscriber.actualConnection();
    backendPid = listening == null ? 0 : listening.processId();
    subscriptions++;
    if (initialized) {
      log.info("Live listener listening again; catching up after event {}", lastSeenId);
      requestRead();
      return;
    }
    pool.query("select coalesce(max(id), 0) from events").execute().onComplete(ar -> {
      if (ar.failed()) {
        log.warn("Live listener cannot read the start position: {}", ar.cause().getMessage());
        if (listening != null) {
          listening.close(); // the reconnect brings us back here
        }
        return;
      }
      lastSeenId = ar.result().iterator().next().getLong(0);
      initialized = true;
      log.info("Live listener started after event {}", lastSeenId);
      ready.tryComplete();
      requestRead();
    });
  }

  private void onNotification(String payload) {
    try {
      if (Long.parseLong(payload) <= lastSeenId) {
        return; // already read with an earlier batch
      }
    } catch (NumberFormatException e) {
      // Not one of ours; reading costs one indexed query.
    }
    requestRead();
  }

  private void poll() {
    checkListening();
    if (reading && System.currentTimeMillis() - readStartedAt > STUCK_READ_MS) {
      log.warn("Live listener read has hung for {} s; reading again", STUCK_READ_MS / 1000);
      reading = false;
    }
    requestRead();
  }

  /**
   * A half-open TCP connection would silence notifications without closing: repeat the LISTEN (a
   * no-op that keeps the connection's query text) and drop the connection if it gets no answer.
   */
  private void checkListening() {
    PgConnection conn = subscriber == null ? null : subscriber.actualConnection();
    if (conn == null) {
      return;
    }
    long timer = vertx.setTimer(STUCK_READ_MS / 3, t -> {
      log.warn("Live listener connection does not answer; reconnecting");
      conn.close();
    });
    conn.query("LISTEN \"" + EventLog.CHANNEL + "\"").execute().onComplete(ar -> vertx.cancelTimer(timer));
  }

  /** Reads until caught up; a request while a read is in flight only marks "read again". */
  private void requestRead() {
    if (!initialized || stopped) {
      return;
    }
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    readAgain = false;
    long started = System.currentTimeMillis();
    readStartedAt = started;
    pool.preparedQuery(READ).execute(Tuple.of(lastSeenId)).onComplete(ar -> {
      if (readStartedAt != started) {
        return; // abandoned by the watchdog
      }
      reading = false;
      if (ar.failed()) {
        log.warn("Live listener read failed: {}", ar.cause().getMessage());
        return; // the next notification, the reconnect or the poll reads again
      }
      int n = publish(ar.result());
      if (n == BATCH || readAgain) {
        requestRead();
      }
    });
  }

  private int publish(RowSet<Row> rows) {
    int n = 0;
    for (Row row : rows) {
      if (row.getLong(0) <= lastSeenId) {
        continue;
      }
      LiveEvent event = LiveEvent.of(row.getLong(0), row.getString(1), row.getString(2), row.getString(3));
      // Advance before publishing: a hub that reads lastSeenId has already been handed (or will be
      // handed) every event up to it, which is what makes a subscription's position exact.
      lastSeenId = event.id();
      vertx.eventBus().publish(LiveAddresses.EVENTS, event, delivery);
      n++;
    }
    published += n;
    return n;
  }
}
