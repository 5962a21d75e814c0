package dev.cocreate.platform.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/** The shared connection pool and the one way services open a transaction. */
public final class Database {
  private final Pool pool;
  private final DbTarget target;

  public Database(Vertx vertx, DbTarget target, int poolSize) {
    this(vertx, target, poolSize, 3);
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
    return pool.withTransaction(work);
  }

  public Future<Void> close() {
    return pool.close();
  }
}
