package dev.cocreate.platform.db;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Counts the SQL statements each HTTP request sends to PostgreSQL, so a page whose cost grows with
 * its length (one query per post, per idea) shows in the request log and fails a test.
 *
 * <p>It is Vert.x's tracer: the PostgreSQL client reports every statement it sends to the tracer
 * with the Vert.x context of the code that sent it, and every HTTP request runs on a context of its
 * own, so a counter kept in that context's local data belongs to exactly one request, whatever
 * pool connection served each statement. Statements sent outside a request (jobs, the live
 * listener) find no counter and cost nothing.
 */
public final class StatementCounter implements VertxTracer<Object, Object> {
  public static final VertxTracerFactory FACTORY = options -> new StatementCounter();
  private static final Object KEY = StatementCounter.class;

  /** Starts counting for the request running on the current context. */
  public static void begin() {
    if (Context.isOnVertxThread() && Vertx.currentContext() instanceof ContextInternal ctx && ctx.isDuplicate()) {
      ctx.localContextData().put(KEY, new AtomicInteger());
    }
  }

  /** The statements the current request has sent so far, or -1 when none is being counted. */
  public static int current() {
    if (Vertx.currentContext() instanceof ContextInternal ctx
        && ctx.localContextData().get(KEY) instanceof AtomicInteger n) {
      return n.get();
    }
    return -1;
  }

  @Override
  public <R> Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
      BiConsumer<String, String> headers, TagExtractor<R> tags) {
    if (context instanceof ContextInternal ctx && ctx.isDuplicate()
        && ctx.localContextData().get(KEY) instanceof AtomicInteger n && isDatabase(request, tags)) {
      n.incrementAndGet();
    }
    return null;
  }

  /** The HTTP client (webhooks) reports here too; only statements carry a {@code db.system} tag. */
  private static <R> boolean isDatabase(R request, TagExtractor<R> tags) {
    for (int i = 0, n = tags.len(request); i < n; i++) {
      if ("db.system".equals(tags.name(request, i))) {
        return true;
      }
    }
    return false;
  }
}
