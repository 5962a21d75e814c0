package dev.cocreate.platform.http;

import dev.cocreate.platform.db.StatementCounter;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per request with its status, time and request id; the id is echoed in a header. */
public final class RequestLog implements Handler<RoutingContext> {
  public static final String REQUEST_ID = "requestId";
  private static final Logger log = LoggerFactory.getLogger("http");
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
  private final SecureRandom random = new SecureRandom();

  @Override
  public void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader("X-Request-Id");
    String id;
    if (incoming != null && SAFE_ID.matcher(incoming).matches()) {
      id = incoming;
    } else {
      byte[] b = new byte[8];
      random.nextBytes(b);
      id = HexFormat.of().formatHex(b);
    }
    ctx.put(REQUEST_ID, id);
    ctx.response().putHeader("X-Request-Id", id);
    long start = System.nanoTime();
    StatementCounter.begin();
    ctx.addBodyEndHandler(
        v -> {
          if (log.isInfoEnabled()) {
            long micros = (System.nanoTime() - start) / 1000;
            // queries= is how many SQL statements the request sent: a page whose count grows with
            // its length has an N+1 to fix.
            // A HEAD is routed as a GET (HeadRequests); the log says what the client sent.
            log.info("{} {} {} {}ms rid={} queries={}", HeadRequests.wasHead(ctx) ? "HEAD" : ctx.request().method(),
                ctx.request().path(),
                ctx.response().getStatusCode(), String.format("%.1f", micros / 1000.0), id, StatementCounter.current());
          }
        });
    ctx.next();
  }
}
