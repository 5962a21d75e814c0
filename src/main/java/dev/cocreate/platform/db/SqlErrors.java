package dev.cocreate.platform.db;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/** Names the SQLSTATEs the services react to. */
public final class SqlErrors {
  private SqlErrors() {}

  public static boolean isUniqueViolation(Throwable t) {
    return t instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  public static boolean isUniqueViolation(Throwable t, String constraint) {
    return t instanceof PgException pg
        && "23505".equals(pg.getSqlState())
        && pg.getConstraint() != null
        && pg.getConstraint().equals(constraint);
  }

  /** Errors that mean the database is not reachable now, as opposed to a bad query. */
  public static boolean isUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PgException pg) {
        String state = pg.getSqlState();
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
      }
      // A connection reset or closed under a query (PostgreSQL stopping, a network cut) is an
      // outage, like a refused connect; it reached clients as a 500 before.
      if (c instanceof IOException
          || c instanceof ClosedConnectionException
          || c instanceof ConnectException
          || c instanceof VertxException && String.valueOf(c.getMessage()).contains("onnection")
          || c instanceof TimeoutException
          || c instanceof ConnectTimeoutException
          || c instanceof ClosedChannelException
          // The pool's own wait for a free connection ran out: every connection is busy, so this
          // request is refused for now (503, try again), not failed by a bug.
          || c.getClass().getName().equals("io.vertx.core.impl.NoStackTraceThrowable") && "Timeout".equals(c.getMessage())
          || String.valueOf(c.getMessage()).contains("Timeout while waiting for a connection")
          || String.valueOf(c.getMessage()).contains("Connection refused")
          || String.valueOf(c.getMessage()).contains("closed")) {
        return true;
      }
    }
    return false;
  }
}
