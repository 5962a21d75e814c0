package dev.cocreate.facilitation;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.limitParam;
import static dev.cocreate.platform.http.Http.respond;
import static dev.cocreate.platform.http.Http.respondNoContent;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.content.Space;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.moderation.ModerationLog;
import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.platform.paging.Page;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;

/**
 * /api/orgs/{slug}/spaces (an org's group spaces) and a space's facilitators, nominations and log
 * under /api/spaces/{slug}: parse, authenticate, call {@link FacilitationService}, respond.
 */
public final class FacilitationRoutes {
  private static final Pattern SPACE_SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

  private final FacilitationService facilitation;

  public FacilitationRoutes(FacilitationService facilitation) {
    this.facilitation = facilitation;
  }

  public void mount(Router api) {
    api.post("/orgs/:slug/spaces").handler(this::createSpace);
    api.get("/spaces/:slug/facilitators").handler(this::facilitators);
    api.put("/spaces/:slug/facilitators/:username").handler(this::name);
    api.delete("/spaces/:slug/facilitators/:username").handler(this::remove);
    api.get("/spaces/:slug/nominations").handler(this::nominations);
    api.post("/spaces/:slug/nominations").handler(this::nominate);
    api.post("/spaces/:slug/nominations/:id/second").handler(this::second);
    api.post("/spaces/:slug/nominations/:id/confirm").handler(this::confirm);
    api.get("/spaces/:slug/log").handler(this::log);
  }

  private void createSpace(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String slug = b.matching("slug", SPACE_SLUG, "must be 1 to 40 characters of a-z, 0-9 and -, not starting or ending with -", 1, 40);
    String name = b.string("name", 1, 80);
    String description = b.optionalString("description", 2000);
    List<String> members = b.strings("groupMembers", 1000, 32);
    b.validate();
    respond(ctx, 201, facilitation.createOrgSpace(c, ctx.pathParam("slug"), new SpaceService.NewSpace(slug, name,
        description == null ? "" : description, Space.Visibility.GROUP, members)), SpaceService.SpaceDetail::toJson);
  }

  private void facilitators(RoutingContext ctx) {
    Instant now = facilitation.now().toInstant();
    respond(ctx, facilitation.facilitators(AuthHandler.caller(ctx), ctx.pathParam("slug")),
        list -> new Page<>(list, null).toJson(t -> t.toJson(now)));
  }

  private void name(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    TermEnd end = TermEnd.from(body(ctx), facilitation.now(), ZoneOffset.UTC);
    Instant now = facilitation.now().toInstant();
    respond(ctx, facilitation.name(c, ctx.pathParam("slug"), ctx.pathParam("username"), end), t -> t.toJson(now));
  }

  private void remove(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respondNoContent(ctx, facilitation.remove(c, ctx.pathParam("slug"), ctx.pathParam("username")));
  }

  private void nominations(RoutingContext ctx) {
    respond(ctx, facilitation.nominations(AuthHandler.caller(ctx), ctx.pathParam("slug")),
        list -> new Page<>(list, null).toJson(Nomination::toJson));
  }

  private void nominate(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    Nominee nominee = Nominee.from(body(ctx));
    respond(ctx, 201, facilitation.nominate(c, ctx.pathParam("slug"), nominee), Nomination::toJson);
  }

  private void second(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, facilitation.second(c, ctx.pathParam("slug"), idParam(ctx, "id")), Nomination::toJson);
  }

  private void confirm(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    TermEnd end = TermEnd.from(body(ctx), facilitation.now(), ZoneOffset.UTC);
    Instant now = facilitation.now().toInstant();
    respond(ctx, facilitation.confirm(c, ctx.pathParam("slug"), id, end), t -> t.toJson(now));
  }

  private void log(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    int limit = limitParam(ctx);
    String cursor = ctx.request().getParam("cursor");
    respond(ctx, facilitation.log(c, ctx.pathParam("slug"), cursor == null || cursor.isEmpty() ? null : cursor, limit),
        page -> page.toJson(ModerationLog.Entry::toJson));
  }
}
