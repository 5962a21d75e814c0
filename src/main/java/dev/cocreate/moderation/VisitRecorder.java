package dev.cocreate.moderation;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the days a signed-in member visits, for trust levels. Runs after the caller is known and
 * never delays the request: the write (at most one per member and day) happens on the side.
 */
public final class VisitRecorder implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(VisitRecorder.class);
  private final TrustService trust;

  public VisitRecorder(TrustService trust) {
    this.trust = trust;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (caller.signedIn()) {
      trust.recordVisit(caller.id()).onFailure(e -> log.debug("visit not recorded: {}", e.toString()));
    }
    ctx.next();
  }
}
