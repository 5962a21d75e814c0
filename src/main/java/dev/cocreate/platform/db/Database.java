package dev.cocreate.platform.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shared connection pool and the one way services open a transaction. */
public final class Database {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  /**
   * What each open {@link #tx} runs once it has committed, by its connection. Static because the
   * code that registers (the outbox, which is handed only the connection) does not hold this
   * object; connections are distinct objects, so nodes in one JVM never see each other's.
   */
  private static final Map<SqlConnection, List<Runnable>> AFTER_COMMIT = new ConcurrentHashMap<>();

  private final Pool pool;
  private final DbTarget target;

  public Database(Vertx vertx, DbTarget target, int poolSize) {
    // Long enough for a burst on one hot row (500 supports of one idea queue behind its lock, each
    // holding a connection) to be served on a busy two-core machine, where 3 s refused some of them;
    // an outage still answers fast, as connecting to a stopped database fails at once.
    this(vertx, target, poolSize, 10);
  }

  /**
   * @param connectionTimeoutSeconds how long a caller waits for a connection: short for the server
   *     (a request fails fast with 503 in an outage), longer for one-off commands such as create-admin
   */
  public Database(Vertx vertx, DbTarget target, int poolSize, int connectionTimeoutSeconds) {
    this.target = target;
    this.pool =
        PgBuilder.pool()
            .with(
                new PoolOptions()
                    .setMaxSize(poolSize)
                    .setName("cocreate")
                    .setShared(false)
                    // Requests wait at most this long for a connection; during an outage they fail
                    // fast with 503 instead of piling up.
                    .setConnectionTimeout(connectionTimeoutSeconds)
                    .setMaxWaitQueueSize(2000)
                    .setIdleTimeout(60))
            .with(new NetClientOptions().setConnectTimeout(3000))
            .connectingTo(target.connectOptions())
            .using(vertx)
            .build();
  }

  public Pool pool() {
    return pool;
  }

  public DbTarget target() {
    return target;
  }

  /** Runs the function in one transaction: committed when its future succeeds, rolled back otherwise. */
  public <T> Future<T> tx(Function<SqlConnection, Future<T>> work) {
    List<Runnable> afterCommit = new ArrayList<>(0);
    SqlConnection[] used = new SqlConnection[1];
    return pool.withTransaction(conn -> {
      used[0] = conn;
      AFTER_COMMIT.put(conn, afterCommit);
      return work.apply(conn);
    }).andThen(ar -> {
      if (used[0] != null) {
        AFTER_COMMIT.remove(used[0], afterCommit);
      }
      // Before the caller's next step (its response): whatever reads this node next sees the commit's effects.
      if (ar.succeeded()) {
        for (Runnable action : afterCommit) {
          try {
            action.run();
          } catch (RuntimeException e) {
            // The commit stands; what the action would have done arrives with the listener.
            log.warn("after-commit action failed: {}", e.toString());
          }
        }
      }
    });
  }

  /**
   * Runs {@code action} on this node right after the transaction on {@code tx} commits, before
   * {@link #tx}'s future completes; never when it rolls back. A connection not in a {@link #tx}
   * (a test's or a benchmark's own) runs nothing: what must reach every node goes through the
   * outbox's listener anyway, and this is only the writer's own node learning it sooner.
   */
  public static void afterCommit(SqlConnection tx, Runnable action) {
    List<Runnable> actions = AFTER_COMMIT.get(tx);
    if (actions != null) {
      actions.add(action);
    }
  }

  public Future<Void> close() {
    return pool.close();
  }
}
