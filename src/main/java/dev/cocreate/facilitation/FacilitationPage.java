package dev.cocreate.facilitation;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.content.Space;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.moderation.ModerationLog;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.PageLocale;
import dev.cocreate.web.Pages;
import dev.cocreate.web.ProblemText;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /s/:slug/facilitation}: a group space's facilitator tools, for whoever reads it. Its
 * facilitators and their terms (the org's owners name and remove them), its members (its managers
 * add and remove them), the nominations on their way (members nominate and second, owners confirm)
 * and, for those who may read it, the space's own moderation log. Plain forms that post back and
 * redirect here, with a notice or the refusal's reason: no script needed.
 */
public final class FacilitationPage {
  private static final int LOG_SHOWN = 20;

  private final Pages pages;
  private final FacilitationService facilitation;
  private final SpaceService spaces;
  private final Permissions permissions;
  private final Database db;

  public FacilitationPage(Pages pages, FacilitationService facilitation, SpaceService spaces, Permissions permissions,
      Database db) {
    this.pages = pages;
    this.facilitation = facilitation;
    this.spaces = spaces;
    this.permissions = permissions;
    this.db = db;
  }

  public void mount(Router router) {
    router.get("/s/:slug/facilitation").handler(this::show);
    router.post("/s/:slug/facilitation/members").handler(ctx -> submit(ctx, "facilitation.flash.memberAdded",
        () -> spaces.putMember(caller(ctx), slug(ctx), form(ctx, "username"))));
    router.post("/s/:slug/facilitation/members/:username/remove").handler(ctx -> submit(ctx, "facilitation.flash.memberRemoved",
        () -> spaces.removeMember(caller(ctx), slug(ctx), ctx.pathParam("username"))));
    router.post("/s/:slug/facilitation/facilitators").handler(ctx -> submit(ctx, "facilitation.flash.named",
        () -> facilitation.name(caller(ctx), slug(ctx), form(ctx, "username"), termEnd(ctx))));
    router.post("/s/:slug/facilitation/facilitators/:username/remove").handler(ctx -> submit(ctx, "facilitation.flash.removed",
        () -> facilitation.remove(caller(ctx), slug(ctx), ctx.pathParam("username"))));
    router.post("/s/:slug/facilitation/nominations").handler(ctx -> submit(ctx, "facilitation.flash.nominated",
        () -> facilitation.nominate(caller(ctx), slug(ctx), Nominee.from(FormFields.of(ctx)))));
    router.post("/s/:slug/facilitation/nominations/:id/second").handler(ctx -> submit(ctx, "facilitation.flash.seconded",
        () -> facilitation.second(caller(ctx), slug(ctx), Http.idParam(ctx, "id"))));
    router.post("/s/:slug/facilitation/nominations/:id/confirm").handler(ctx -> submit(ctx, "facilitation.flash.confirmed",
        () -> facilitation.confirm(caller(ctx), slug(ctx), Http.idParam(ctx, "id"), termEnd(ctx))));
  }

  void show(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    pages.render(ctx, "facilitation", model(ctx, caller, slug(ctx)));
  }

  private Future<JsonObject> model(RoutingContext ctx, Caller caller, String slug) {
    Instant now = facilitation.now().toInstant();
    return spaces.space(caller, slug).compose(space -> {
      boolean manages = permissions.canManageSpaceMembers(caller, space, now);
      boolean names = permissions.canNameFacilitators(caller, space);
      boolean readsLog = permissions.canReadSpaceLog(caller, space, now);
      Future<List<Term>> terms = facilitation.facilitators(caller, slug);
      Future<List<Nomination>> nominations = facilitation.nominations(caller, slug);
      Future<List<User>> members = space.visibility() == Space.Visibility.GROUP ? spaces.memberUsers(db.pool(), space.id())
          : Future.succeededFuture(List.of());
      Future<List<ModerationLog.Entry>> log = readsLog
          ? facilitation.log(caller, slug, null, LOG_SHOWN).map(p -> p.items()) : Future.succeededFuture(List.of());
      return Future.all(terms, nominations, members, log).map(all -> {
        JsonArray facilitators = new JsonArray();
        terms.result().forEach(t -> facilitators.add(t.toJson(now).put("removable", names)));
        JsonArray noms = new JsonArray();
        for (Nomination n : nominations.result()) {
          noms.add(n.toJson()
              .put("stateLabel", pages.text(ctx, "facilitation.state." + n.state()))
              .put("secondable", n.open() && permissions.canNominate(caller, space, n.nomineeId(), n.nominatorId()))
              .put("confirmable", n.seconded() && names));
        }
        JsonArray people = new JsonArray();
        members.result().forEach(u -> people.add(new JsonObject().put("username", u.username())
            .put("displayName", u.displayName()).put("trustLevel", u.trustLevel())));
        JsonArray entries = new JsonArray();
        log.result().forEach(e -> entries.add(e.toJson().put("actionLabel", pages.text(ctx, "facilitation.action." + e.action()))));
        return pages.frame(ctx, pages.text(ctx, "facilitation.pageTitle", "space", space.name()))
            .put("space", space.toJson())
            .put("facilitators", facilitators)
            .put("nominations", noms)
            .put("members", people)
            .put("log", entries)
            .put("manages", manages)
            .put("names", names)
            .put("readsLog", readsLog)
            .put("mayNominate", permissions.canNominate(caller, space, 0, 0))
            .put("breadcrumbs", Crumb.toJson(pages.trail(ctx, new Crumb(space.name(), "/s/" + space.slug()))));
      });
    });
  }

  /** A form's action: back to the tools with a notice, or with the refusal's reason in the page's language. */
  private void submit(RoutingContext ctx, String doneKey, Supplier<Future<?>> action) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    String back = "/s/" + slug(ctx) + "/facilitation";
    Future<?> done;
    try {
      done = action.get();
    } catch (ApiException e) {
      refused(ctx, e, back);
      return;
    }
    pages.afterSubmit(ctx, done.map(x -> {
      pages.flashNotice(ctx, pages.text(ctx, doneKey));
      return back;
    }), where -> where, status -> status == 400 || status == 403 || status == 404 || status == 409, e -> refused(ctx, e, back));
  }

  private void refused(RoutingContext ctx, ApiException e, String back) {
    StringBuilder text = new StringBuilder(e.errors().isEmpty() ? pages.problem(ctx, e) : "");
    e.errors().forEach(fe -> text.append(text.length() == 0 ? "" : " ")
        .append(ProblemText.field(pages.messages(), PageLocale.of(ctx), fe.message())));
    pages.flashError(ctx, text.toString());
    pages.redirect(ctx, back);
  }

  private TermEnd termEnd(RoutingContext ctx) {
    ZoneId zone = zoneOf(caller(ctx));
    return TermEnd.from(FormFields.of(ctx), facilitation.now(), zone);
  }

  private static ZoneId zoneOf(Caller caller) {
    try {
      return caller.user() == null || caller.user().timeZone() == null ? ZoneId.of("UTC") : ZoneId.of(caller.user().timeZone());
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }

  private static Caller caller(RoutingContext ctx) {
    return dev.cocreate.account.AuthHandler.caller(ctx);
  }

  private static String slug(RoutingContext ctx) {
    return ctx.pathParam("slug");
  }

  private static String form(RoutingContext ctx, String name) {
    return FormValues.orEmpty(ctx.request().getFormAttribute(name)).trim();
  }
}
