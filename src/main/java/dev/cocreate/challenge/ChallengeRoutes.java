package dev.cocreate.challenge;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.limitParam;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.JsonBody;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** /api/challenges, a challenge's revisions, export and similar ideas, and /api/orgs/{slug}/stats. */
public final class ChallengeRoutes {
  public static final int MAX_TEXT = 20_000;
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}", Pattern.CASE_INSENSITIVE);

  private final ChallengeService challenges;
  private final IdeaService ideas;

  public ChallengeRoutes(ChallengeService challenges, IdeaService ideas) {
    this.challenges = challenges;
    this.ideas = ideas;
  }

  public void mount(Router api) {
    api.post("/challenges").handler(this::create);
    api.get("/challenges").handler(this::list);
    api.get("/challenges/:id").handler(this::get);
    api.patch("/challenges/:id").handler(this::edit);
    api.post("/challenges/:id/transition").handler(this::transition);
    api.get("/challenges/:id/revisions").handler(this::revisions);
    api.get("/challenges/:id/export.csv").handler(this::export);
    api.get("/challenges/:id/similar").handler(this::similar);
    api.get("/orgs/:slug/stats").handler(this::orgStats);
  }

  private void create(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String org = b.string("org", 1, 64);
    ChallengeService.Brief brief = readBrief(b, true);
    b.validate();
    respond(ctx, 201, challenges.create(c, org, brief), ChallengeService.View::toJson);
  }

  private void edit(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    JsonBody b = body(ctx);
    ChallengeService.Brief patch = readBrief(b, false);
    b.validate();
    if (patch.equals(new ChallengeService.Brief(null, null, null, null, null, null, null, null, null, null, null))) {
      throw ApiException.badRequest("Send at least one field of the brief to change.");
    }
    respond(ctx, challenges.edit(c, id, patch), ChallengeService.View::toJson);
  }

  private void transition(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    JsonBody b = body(ctx);
    String to = b.oneOf("to", ChallengePhase.wireNames(), true);
    b.validate();
    respond(ctx, challenges.transition(c, id, ChallengePhase.of(to)), ChallengeService.View::toJson);
  }

  private void list(RoutingContext ctx) {
    String phase = ctx.request().getParam("status");
    if (phase != null && phase.isEmpty()) {
      phase = null;
    }
    if (phase != null && ChallengePhase.parse(phase).isEmpty()) {
      throw ApiException.invalid("status", "must be one of draft, open, review, decided, closed");
    }
    String org = ctx.request().getParam("org");
    respond(ctx, challenges.list(AuthHandler.caller(ctx), phase, org == null || org.isEmpty() ? null : org,
        ctx.request().getParam("cursor"), limitParam(ctx)), j -> j);
  }

  private void get(RoutingContext ctx) {
    respond(ctx, challenges.get(AuthHandler.caller(ctx), idParam(ctx, "id")), ChallengeService.View::toJson);
  }

  private void revisions(RoutingContext ctx) {
    respond(ctx, challenges.revisions(AuthHandler.caller(ctx), idParam(ctx, "id")), j -> j);
  }

  private void export(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    ideas.exportCsv(c, id).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response()
          .putHeader("Content-Type", "text/csv; charset=utf-8; header=present")
          .putHeader("Content-Disposition", "attachment; filename=\"challenge-" + id + "-ideas.csv\"")
          .putHeader("Cache-Control", "no-store")
          .end(ar.result());
    });
  }

  private void similar(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    String text = ctx.request().getParam("text");
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.codePointCount(0, trimmed.length()) < 3 || trimmed.length() > 500 || trimmed.indexOf('\u0000') >= 0) {
      throw ApiException.invalid("text", "must be 3 to 500 characters");
    }
    respond(ctx, ideas.similar(c, id, trimmed), j -> j);
  }

  private void orgStats(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    String raw = ctx.request().getParam("days");
    int days = 30;
    if (raw != null && !raw.isEmpty()) {
      try {
        days = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        days = -1;
      }
      if (days < 1 || days > 365) {
        throw ApiException.invalid("days", "must be a whole number from 1 to 365");
      }
    }
    respond(ctx, challenges.orgStats(c, ctx.pathParam("slug"), days), j -> j);
  }

  /** Reads a brief; on create the required fields must be there, on edit every field is optional. */
  public static ChallengeService.Brief readBrief(JsonBody b, boolean create) {
    String title = create ? b.string("title", 1, 200) : nonBlank(b, "title", 200);
    String summary = create ? b.string("summary", 1, 500) : nonBlank(b, "summary", 500);
    String problem = create ? b.string("problem", 1, MAX_TEXT) : nonBlank(b, "problem", MAX_TEXT);
    String outcomes = create ? b.string("desiredOutcomes", 1, MAX_TEXT) : nonBlank(b, "desiredOutcomes", MAX_TEXT);
    String constraints = b.optionalString("constraints", MAX_TEXT);
    String reward = b.optionalString("reward", 2000);
    String ipTerms = create ? b.string("ipTerms", 1, MAX_TEXT) : nonBlank(b, "ipTerms", MAX_TEXT);
    JsonArray criteria = criteria(b, create);
    OffsetDateTime closesAt = closesAt(b, create);
    Integer threshold = b.integer("supportThreshold", 1, 1_000_000, false);
    String space = b.optionalString("space", 64);
    if (space != null && !SLUG.matcher(space).matches()) {
      b.error("space", "must be a space slug");
    }
    return new ChallengeService.Brief(title, summary, problem, outcomes, constraints, criteria, reward, ipTerms, closesAt,
        threshold, space == null ? null : space.toLowerCase(Locale.ROOT));
  }

  private static String nonBlank(JsonBody b, String field, int max) {
    return b.has(field) ? b.string(field, 1, max) : null;
  }

  private static OffsetDateTime closesAt(JsonBody b, boolean create) {
    String raw = create ? b.string("closesAt", 1, 64) : b.optionalString("closesAt", 64);
    if (raw == null) {
      return null;
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(raw);
      if (create && !t.isAfter(OffsetDateTime.now())) {
        b.error("closesAt", "must be in the future");
        return null;
      }
      return t;
    } catch (DateTimeParseException e) {
      b.error("closesAt", "must be an ISO-8601 time such as 2026-12-01T00:00:00Z");
      return null;
    }
  }

  /** 1 to 20 criteria {name, weight}: names distinct, weights positive numbers up to 1000. */
  private static JsonArray criteria(JsonBody b, boolean create) {
    Object raw = b.raw().getValue("criteria");
    if (raw == null) {
      if (create) {
        b.error("criteria", "is required");
      }
      return null;
    }
    if (!(raw instanceof JsonArray arr) || arr.isEmpty() || arr.size() > 20) {
      b.error("criteria", "must be an array of 1 to 20 {name, weight} objects");
      return null;
    }
    JsonArray out = new JsonArray();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < arr.size(); i++) {
      String field = "criteria[" + i + "]";
      if (!(arr.getValue(i) instanceof JsonObject o)) {
        b.error(field, "must be an object {name, weight}");
        return null;
      }
      Object name = o.getValue("name");
      Object weight = o.getValue("weight");
      if (!(name instanceof String n) || n.isBlank() || n.strip().length() > 100 || n.indexOf('\u0000') >= 0) {
        b.error(field + ".name", "must be 1 to 100 characters");
        return null;
      }
      if (!names.add(n.strip().toLowerCase(Locale.ROOT))) {
        b.error(field + ".name", "must differ from the other criteria's names");
        return null;
      }
      if (!(weight instanceof Number w) || !(w.doubleValue() > 0) || w.doubleValue() > 1000
          || Double.isInfinite(w.doubleValue())) {
        b.error(field + ".weight", "must be a positive number up to 1000");
        return null;
      }
      out.add(new JsonObject().put("name", n.strip()).put("weight", w));
    }
    return out;
  }
}
