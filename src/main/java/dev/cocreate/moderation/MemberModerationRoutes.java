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
import java.time.ZoneOffset;
import java.util.Set;

/** /api/users/{username}/role, /suspension and /silence: staff acting on a member's account. */
public final class MemberModerationRoutes {
  private final MemberModeration members;

  public MemberModerationRoutes(MemberModeration members) {
    this.members = members;
  }

  public void mount(Router api) {
    api.put("/users/:username/role").handler(this::setRole);
    api.post("/users/:username/suspension").handler(this::suspend);
    api.delete("/users/:username/suspension").handler(this::unsuspend);
    api.post("/users/:username/silence").handler(this::silence);
    api.delete("/users/:username/silence").handler(this::unsilence);
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
    MemberRestriction r = MemberRestriction.from(body(ctx), OffsetDateTime.now(), ZoneOffset.UTC);
    respond(ctx, members.suspend(c, ctx.pathParam("username"), r.until(), r.reason()), u -> u.toJson()
        .put("suspendedUntil", Times.iso(u.suspendedUntil())));
  }

  private void silence(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    MemberRestriction r = MemberRestriction.from(body(ctx), OffsetDateTime.now(), ZoneOffset.UTC);
    respond(ctx, members.silence(c, ctx.pathParam("username"), r), u -> u.toJson()
        .put("silencedUntil", Times.iso(u.silencedUntil())));
  }

  private void unsilence(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, members.unsilence(c, ctx.pathParam("username")), User::toJson);
  }

  private void unsuspend(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, members.unsuspend(c, ctx.pathParam("username")), User::toJson);
  }
}
