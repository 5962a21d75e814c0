package dev.cocreate.moderation;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.platform.json.Times;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** /api/users/{username}/role and /suspension: staff acting on a member's account. */
public final class MemberModerationRoutes {
  private final MemberModeration members;

  public MemberModerationRoutes(MemberModeration members) {
    this.members = members;
  }

  public void mount(Router api) {
    api.put("/users/:username/role").handler(this::setRole);
    api.post("/users/:username/suspension").handler(this::suspend);
    api.delete("/users/:username/suspension").handler(this::unsuspend);
  }

  private void setRole(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String role = b.oneOf("role", Set.of("member", "moderator", "admin"), true);
    b.validate();
    respond(ctx, members.setRole(c, ctx.pathParam("username"), role), User::toJson);
  }

  private void suspend(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String untilRaw = b.string("until", 1, 64);
    String reason = b.string("reason", 1, 1000);
    OffsetDateTime until = null;
    if (untilRaw != null) {
      try {
        until = OffsetDateTime.parse(untilRaw);
        if (!until.isAfter(OffsetDateTime.now())) {
          b.error("until", "must be in the future");
        }
      } catch (DateTimeParseException e) {
        b.error("until", "must be an ISO-8601 time such as 2026-12-01T00:00:00Z");
      }
    }
    b.validate();
    respond(ctx, members.suspend(c, ctx.pathParam("username"), until, reason), u -> u.toJson()
        .put("suspendedUntil", Times.iso(u.suspendedUntil())));
  }

  private void unsuspend(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, members.unsuspend(c, ctx.pathParam("username")), User::toJson);
  }
}
