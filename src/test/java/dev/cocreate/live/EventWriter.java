package dev.cocreate.live;

import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.events.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * Commits events the way services do (EventLog inside a transaction), from a pool of its own: a
 * client that is not the server under test.
 */
final class EventWriter implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Pool pool;
  private final EventLog log = new EventLog();

  EventWriter(String dbUrl, int connections) {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(connections).setMaxWaitQueueSize(-1))
        .connectingTo(DbTarget.parse(dbUrl).connectOptions()).using(vertx).build();
  }

  Pool pool() {
    return pool;
  }

  /** Commits one event; returns its id. */
  Future<Long> append(String topic, String type, JsonObject data) {
    return pool.withTransaction(tx -> log.append(tx, topic, type, data));
  }

  /**
   * Commits one event from a transaction that first idles {@code beforeMs} (other writers overtake
   * it) and then holds the event's lock {@code afterMs} before committing (other writers queue).
   */
  Future<Long> appendSlowly(String topic, String type, JsonObject data, int beforeMs, int afterMs) {
    return pool.withTransaction(tx -> tx.query("select pg_sleep(" + beforeMs / 1000.0 + ")").execute()
        .compose(v -> log.append(tx, topic, type, data))
        .compose(id -> tx.query("select pg_sleep(" + afterMs / 1000.0 + ")").execute().map(id)));
  }

  long appendNow(String topic, String type, JsonObject data) {
    return await(append(topic, type, data));
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // best effort
    }
    // From this thread: closing Vert.x from one of its own event loops cannot complete.
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
