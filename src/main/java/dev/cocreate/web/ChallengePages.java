package dev.cocreate.web;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.OrgService;
import dev.cocreate.challenge.ChallengePhase;
import dev.cocreate.challenge.ChallengeRoutes;
import dev.cocreate.challenge.ChallengeService;
import dev.cocreate.challenge.IdeaRoutes;
import dev.cocreate.challenge.IdeaService;
import dev.cocreate.challenge.IdeaSort;
import dev.cocreate.challenge.IdeaStatus;
import dev.cocreate.forum.ForumService;
import dev.cocreate.live.TopicPosition;
import dev.cocreate.access.Permissions;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.platform.http.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open-innovation pages: challenges, a challenge's brief and idea leaderboard, submitting and
 * reading an idea, the firm's review board, the brief editor and the firm's page. Every action is a
 * form that posts back here and redirects (303), so all of it works without JavaScript;
 * challenge.js and idea-form.js add the countdown, live leaderboard and similar-idea hints.
 */
public final class ChallengePages {
  /** Rows of the brief form's criteria table; empty rows are ignored. */
  static final int CRITERIA_ROWS = 5;
  static final int LEADERBOARD_SIZE = 50;
  static final int REVIEW_SIZE = 100;

  private final Pages pages;
  private final ChallengeService challenges;
  private final IdeaService ideas;
  private final OrgService orgs;
  private final ForumService forum;
  private final ForumPages forumPages;
  private final Database db;
  private final RateLimiter limiter;
  private final TopicPosition positions = new TopicPosition();
  private final Permissions permissions;

  public ChallengePages(Pages pages, ChallengeService challenges, IdeaService ideas, OrgService orgs, ForumService forum,
      ForumPages forumPages, Database db, RateLimiter limiter, Permissions permissions) {
    this.permissions = permissions;
    this.pages = pages;
    this.challenges = challenges;
    this.ideas = ideas;
    this.orgs = orgs;
    this.forum = forum;
    this.forumPages = forumPages;
    this.db = db;
    this.limiter = limiter;
  }

  /** Runs before the home page's own handler: leaves the open challenges where it finds them. */
  public void mountHomeData(Router router) {
    router.get("/").handler(ctx -> challenges.list(AuthHandler.caller(ctx), "open", null, null, 6).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.put(HOME_CHALLENGES, cards(ctx, ar.result().getJsonArray("items")));
      }
      ctx.next();
    }));
  }

  /** The key under which {@link #mountHomeData} leaves the open challenges for the home page. */
  public static final String HOME_CHALLENGES = "openChallenges";

  public void mount(Router router) {
    router.get("/challenges").handler(this::list);
    router.get("/c/new").handler(this::newForm);
    router.post("/c/new").handler(this::create);
    router.get("/c/:id").handler(this::challenge);
    router.get("/c/:id/edit").handler(this::editForm);
    router.post("/c/:id/edit").handler(this::edit);
    router.post("/c/:id/transition").handler(this::transition);
    router.get("/c/:id/new").handler(this::ideaForm);
    router.post("/c/:id/new").handler(this::submitIdea);
    router.get("/c/:id/review").handler(this::review);
    router.get("/i/:id").handler(this::idea);
    router.post("/i/:id/support").handler(this::support);
    router.post("/i/:id/status").handler(this::answer);
    router.post("/i/:id/merge").handler(this::merge);
    router.get("/orgs/:slug").handler(this::org);
  }

  // ----- challenges -----------------------------------------------------------------------------

  private void list(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String raw = ctx.request().getParam("phase", "open");
    String phase = raw.equals("all") ? null : ChallengePhase.parse(raw).map(ChallengePhase::wire).orElse("open");
    JsonArray filters = new JsonArray();
    for (String p : List.of("open", "review", "decided", "closed", "all")) {
      filters.add(new JsonObject().put("value", p).put("label", p.equals("all") ? pages.text(ctx, "challenges.filterAll") : phaseLabel(ctx, p))
          .put("current", p.equals(phase == null ? "all" : phase)));
    }
    pages.render(ctx, "challenges", challenges.list(caller, phase, null, null, 100).map(page ->
        pages.frame(ctx, pages.text(ctx, "nav.challenges")).put("challenges", cards(ctx, page.getJsonArray("items"))).put("filters", filters)
            .put("phaseLabel", phase == null ? "" : phaseInSentence(ctx, phase))
            .put("breadcrumbs", crumbs(ctx))));
  }

  private void challenge(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Http.idParam(ctx, "id");
    // The live position is read first: what commits while the page loads is replayed, not lost.
    Future<Long> position = positions.of(db.pool(), "challenge:" + id);
    pages.render(ctx, "challenge", position.compose(pos -> challenges.get(caller, id).compose(view ->
        ideas.list(caller, id, IdeaSort.SUPPORT, null, null, LEADERBOARD_SIZE).map(page -> {
          JsonObject c = challengeView(ctx, view.toJson());
          boolean open = view.challenge().phase() == ChallengePhase.OPEN;
          JsonArray board = new JsonArray();
          int rank = 0;
          for (Object o : page.getJsonArray("items")) {
            JsonObject idea = (JsonObject) o;
            if (!idea.getString("status").equals("merged")) {
              board.add(ideaView(ctx, idea, open, caller.signedIn()).put("rank", ++rank));
            }
          }
          JsonArray transitions = new JsonArray();
          if (view.canManage()) {
            for (ChallengePhase to : ChallengePhase.values()) {
              if (view.challenge().phase().canMoveTo(to)) {
                transitions.add(new JsonObject().put("to", to.wire()).put("label", transitionLabel(ctx, view.challenge().phase(), to))
                    .put("danger", to == ChallengePhase.CLOSED && view.challenge().phase() == ChallengePhase.OPEN));
              }
            }
          }
          return pages.frame(ctx, view.challenge().title())
              .put("challenge", c)
              .put("ideas", board)
              .put("transitions", transitions)
              .put("position", pos)
              .put("breadcrumbs", crumbs(ctx).add(crumb(pages.text(ctx, "nav.challenges"), "/challenges")));
        }))));
  }

  private void transition(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    ChallengePhase to = ChallengePhase.parse(nz(ctx.request().getFormAttribute("to")))
        .orElseThrow(() -> ApiException.invalid("to", "must be a phase"));
    challenges.transition(caller, id, to).onComplete(ar -> {
      if (ar.succeeded()) {
        pages.redirect(ctx, "/c/" + id);
      } else if (ar.cause() instanceof ApiException e && e.status() == 409) {
        // Why it was refused goes to the challenge page in a flash, never in its URL (which anyone could write).
        pages.flashError(ctx, pages.problem(ctx, e));
        pages.redirect(ctx, "/c/" + id);
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  // ----- the brief editor -----------------------------------------------------------------------

  private void newForm(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    String slug = nz(ctx.request().getParam("org"));
    pages.render(ctx, "challenge-form", orgs.view(slug, caller).map(org -> {
      if (!onTeam(org, caller)) {
        throw ApiException.forbidden("Only the org's members can post its challenges.");
      }
      return org;
    }).map(org -> briefModel(ctx, pages.text(ctx, "org.postChallenge"), org, null,
        new JsonObject().put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).withSecond(0).withNano(0)
            .toLocalDateTime().toString()), emptyCriteria())));
  }

  private void create(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    String slug = nz(ctx.request().getFormAttribute("org"));
    JsonObject input = briefInput(ctx);
    orgs.bySlug(slug).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      JsonObject model = briefModel(ctx, pages.text(ctx, "org.postChallenge"), found.result().toJson(), null, input.getJsonObject("form"),
          input.getJsonArray("rows"));
      ChallengeService.Brief brief;
      try {
        JsonBody b = new JsonBody(input.getJsonObject("api"));
        brief = ChallengeRoutes.readBrief(b, true);
        b.validate();
      } catch (ApiException e) {
        pages.render(ctx, 400, "challenge-form", briefErrors(ctx, model, e));
        return;
      }
      pages.afterSubmit(ctx, challenges.create(caller, slug, brief), created -> "/c/" + created.challenge().id(),
          status -> status == 400, e -> pages.render(ctx, 400, "challenge-form", briefErrors(ctx, model, e)));
    });
  }

  private void editForm(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    pages.render(ctx, "challenge-form", manageable(caller, id).map(view -> {
      JsonObject c = view.toJson();
      JsonObject form = c.copy();
      form.put("closesAt", view.challenge().closesAt().withOffsetSameInstant(ZoneOffset.UTC).withSecond(0).withNano(0)
          .toLocalDateTime().toString());
      JsonArray rows = new JsonArray();
      for (Object o : c.getJsonArray("criteria")) {
        JsonObject k = (JsonObject) o;
        rows.add(new JsonObject().put("name", k.getValue("name")).put("weight", String.valueOf(k.getValue("weight"))));
      }
      while (rows.size() < CRITERIA_ROWS) {
        rows.add(new JsonObject().put("name", "").put("weight", ""));
      }
      numberRows(rows);
      return briefModel(ctx, pages.text(ctx, "challenge.editBrief"), c.getJsonObject("org"), c, form, rows);
    }));
  }

  private void edit(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    JsonObject input = briefInput(ctx);
    manageable(caller, id).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      JsonObject c = found.result().toJson();
      JsonObject model = briefModel(ctx, pages.text(ctx, "challenge.editBrief"), c.getJsonObject("org"), c, input.getJsonObject("form"),
          input.getJsonArray("rows"));
      ChallengeService.Brief brief;
      try {
        JsonBody b = new JsonBody(input.getJsonObject("api"));
        brief = ChallengeRoutes.readBrief(b, true);
        b.validate();
      } catch (ApiException e) {
        pages.render(ctx, 400, "challenge-form", briefErrors(ctx, model, e));
        return;
      }
      pages.afterSubmit(ctx, challenges.edit(caller, id, brief), edited -> "/c/" + id, ChallengePages::formExplains,
          e -> pages.render(ctx, e.status(), "challenge-form", briefErrors(ctx, model, e)));
    });
  }

  private Future<ChallengeService.View> manageable(Caller caller, long id) {
    return challenges.get(caller, id).map(view -> {
      if (!view.canManage()) {
        throw ApiException.forbidden("Only members of " + view.challenge().orgName() + " can manage this challenge.");
      }
      return view;
    });
  }

  private JsonObject briefModel(RoutingContext ctx, String title, JsonObject org, JsonObject challenge, JsonObject form,
      JsonArray rows) {
    JsonArray crumbs = crumbs(ctx).add(crumb(org.getString("name"), "/orgs/" + org.getString("slug")));
    if (challenge != null) {
      crumbs.add(crumb(challenge.getString("title"), "/c/" + challenge.getLong("id")));
    }
    return pages.frame(ctx, title).put("org", org).put("challenge", challenge).put("form", form).put("criteriaRows", rows)
        .put("action", challenge == null ? "/c/new" : "/c/" + challenge.getLong("id") + "/edit")
        .put("breadcrumbs", crumbs);
  }

  /** The form as typed (to show again) and as the API's JSON (to validate with the API's own rules). */
  private static JsonObject briefInput(RoutingContext ctx) {
    var f = ctx.request().formAttributes();
    JsonObject form = new JsonObject();
    JsonObject api = new JsonObject();
    for (String field : List.of("title", "summary", "problem", "desiredOutcomes", "constraints", "reward", "ipTerms",
        "closesAt", "supportThreshold")) {
      String v = nz(f.get(field));
      form.put(field, v);
      if (!v.isBlank()) {
        api.put(field, v);
      }
    }
    String closes = form.getString("closesAt").strip();
    if (!closes.isEmpty()) {
      // datetime-local has no zone; the form says UTC.
      try {
        api.put("closesAt", LocalDateTime.parse(closes).atOffset(ZoneOffset.UTC).toString());
      } catch (DateTimeParseException e) {
        api.put("closesAt", closes);
      }
    }
    String threshold = form.getString("supportThreshold").strip();
    if (!threshold.isEmpty()) {
      try {
        api.put("supportThreshold", Integer.parseInt(threshold));
      } catch (NumberFormatException e) {
        api.put("supportThreshold", threshold);
      }
    }
    JsonArray rows = new JsonArray();
    JsonArray criteria = new JsonArray();
    for (int i = 0; i < CRITERIA_ROWS; i++) {
      String name = nz(f.get("criterionName" + i)).strip();
      String weight = nz(f.get("criterionWeight" + i)).strip();
      rows.add(new JsonObject().put("name", name).put("weight", weight));
      if (name.isEmpty() && weight.isEmpty()) {
        continue;
      }
      Object w;
      try {
        double d = Double.parseDouble(weight);
        w = d == Math.rint(d) && Math.abs(d) < 1e9 ? (Object) (long) d : (Object) d;
      } catch (NumberFormatException e) {
        w = weight;
      }
      criteria.add(new JsonObject().put("name", name).put("weight", w));
    }
    numberRows(rows);
    if (!criteria.isEmpty()) {
      api.put("criteria", criteria);
    }
    return new JsonObject().put("form", form).put("api", api).put("rows", rows);
  }

  /** Field errors next to their inputs; every criteria row's error is shown under the criteria table. */
  private JsonObject briefErrors(RoutingContext ctx, JsonObject model, ApiException e) {
    pages.withErrors(ctx, model, e);
    JsonObject errors = model.getJsonObject("errors");
    for (ApiException.FieldError fe : e.errors()) {
      if (fe.field().startsWith("criteria")) {
        String row = fe.field().replaceAll("^criteria\\[(\\d+)\\].*", "$1");
        String which = fe.field().endsWith(".weight") ? pages.text(ctx, "challengeForm.weightWord") + " "
            : fe.field().endsWith(".name") ? pages.text(ctx, "challengeForm.nameWord") + " " : "";
        String prefix = row.equals(fe.field()) ? ""
            : pages.text(ctx, "challengeForm.criterionN", "n", String.valueOf(Integer.parseInt(row) + 1)) + ": ";
        errors.put("criteria", prefix + which + ProblemText.field(pages.messages(), PageLocale.of(ctx), fe.message()));
      }
    }
    return model;
  }

  private static JsonArray emptyCriteria() {
    JsonArray rows = new JsonArray();
    for (int i = 0; i < CRITERIA_ROWS; i++) {
      rows.add(new JsonObject().put("name", "").put("weight", ""));
    }
    numberRows(rows);
    return rows;
  }

  private static void numberRows(JsonArray rows) {
    for (int i = 0; i < rows.size(); i++) {
      rows.getJsonObject(i).put("index", i).put("number", i + 1);
    }
  }

  // ----- ideas ----------------------------------------------------------------------------------

  private void ideaForm(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    pages.render(ctx, "idea-form", challenges.get(caller, id).map(view ->
        ideaFormModel(ctx, view).put("form", new JsonObject())));
  }

  private JsonObject ideaFormModel(RoutingContext ctx, ChallengeService.View view) {
    JsonObject c = challengeView(ctx, view.toJson());
    return pages.frame(ctx, pages.text(ctx, "challenge.submitIdea")).put("challenge", c)
        .put("closed", view.challenge().phase() != ChallengePhase.OPEN)
        .put("breadcrumbs", crumbs(ctx).add(crumb(pages.text(ctx, "nav.challenges"), "/challenges")).add(crumb(c.getString("title"), "/c/" + c.getLong("id"))));
  }

  private void submitIdea(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    var f = ctx.request().formAttributes();
    JsonObject input = new JsonObject().put("title", nz(f.get("title"))).put("pitch", nz(f.get("pitch")))
        .put("body", nz(f.get("body"))).put("acceptTerms", f.get("acceptTerms") != null);
    challenges.get(caller, id).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      JsonObject model = ideaFormModel(ctx, found.result()).put("form", input);
      IdeaService.Submission s;
      try {
        JsonBody b = new JsonBody(input);
        String title = b.string("title", 1, 200);
        String pitch = b.string("pitch", 1, 1000);
        String body = b.string("body", 1, ChallengeRoutes.MAX_TEXT);
        if (!input.getBoolean("acceptTerms")) {
          // English like every field error: the page translates it with the services' own (ProblemText).
          b.error("acceptTerms", "Accept the challenge's IP terms to submit your idea.");
        }
        b.validate();
        limiter.check(IdeaRoutes.SUBMIT_PER_USER, Long.toString(caller.id()));
        s = new IdeaService.Submission(title, pitch, body);
      } catch (ApiException e) {
        pages.render(ctx, e.status(), "idea-form", pages.withErrors(ctx, model, e));
        return;
      }
      pages.afterSubmit(ctx, ideas.submit(caller, id, s), idea -> "/i/" + idea.id(), ChallengePages::formExplains,
          e -> pages.render(ctx, e.status(), "idea-form", pages.withErrors(ctx, model, e)));
    });
  }

  private void idea(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Http.idParam(ctx, "id");
    pages.render(ctx, "idea", ideas.get(caller, id).compose(idea -> challenges.get(caller, idea.challengeId()).compose(view -> {
      boolean open = view.challenge().phase() == ChallengePhase.OPEN;
      JsonObject ideaJson = ideaView(ctx, idea.toJson(true), open, caller.signedIn());
      JsonArray responses = new JsonArray();
      for (Object o : ideaJson.getJsonArray("responses")) {
        JsonObject r = ((JsonObject) o).copy();
        responses.add(r.put("statusLabel", statusLabel(ctx, r.getString("status"))));
      }
      ideaJson.put("responses", responses);
      JsonObject c = challengeView(ctx, view.toJson());
      // The discussion is shown when the caller may read the thread; an idea whose thread is hidden
      // (or moved out of their reach) is shown alone, as its placeholder or, to its staff, marked hidden.
      Future<JsonObject> discussion = idea.threadId() == null ? Future.succeededFuture(new JsonObject())
          : readableThread(caller, idea.threadId()).compose(thread -> thread == null ? Future.succeededFuture(new JsonObject()) :
              forum.posts(caller, thread.id(), ForumService.PostOrder.TREE, null, ForumPages.POSTS_PER_PAGE).map(page -> {
                JsonObject m = forumPages.threadModel(ctx, caller, thread, thread.space(), page, 0, false);
                // The thread's opening post is the idea itself, shown above: the discussion is what answers it.
                JsonArray posts = new JsonArray();
                for (Object o : m.getJsonArray("posts")) {
                  JsonObject p = (JsonObject) o;
                  if (thread.firstPostId() != null && p.getLong("id").equals(thread.firstPostId())) {
                    posts.addAll(p.getJsonArray("children"));
                    m.put("canReply", p.getBoolean("canReply"));
                  } else {
                    posts.add(p);
                  }
                }
                return m.put("posts", posts).put("replyCount", thread.replyCount());
              }));
      return discussion.map(d -> pages.frame(ctx, idea.title())
          .put("idea", ideaJson)
          .put("challenge", c)
          .put("thread", d.getJsonObject("thread"))
          .put("posts", d.getJsonArray("posts", new JsonArray()))
          .put("canReply", d.getBoolean("canReply", false))
          .put("breadcrumbs", crumbs(ctx).add(crumb(pages.text(ctx, "nav.challenges"), "/challenges")).add(crumb(c.getString("title"), "/c/" + c.getLong("id")))));
    })));
  }

  /** The thread, or null when the caller may not read it (404 from the forum, which decides). */
  private Future<dev.cocreate.content.ForumThread> readableThread(Caller caller, long threadId) {
    return forum.thread(caller, threadId).recover(e -> e instanceof ApiException api && api.status() == 404
        ? Future.succeededFuture(null) : Future.failedFuture(e));
  }

  private void support(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    boolean withdraw = "withdraw".equals(ctx.request().getFormAttribute("action"));
    String back = RedirectTargets.sameSitePath(ctx.request().getFormAttribute("back"), "/i/" + id);
    (withdraw ? ideas.withdraw(caller, id) : ideas.support(caller, id)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.redirect(ctx, back);
      }
    });
  }

  // ----- the review board -----------------------------------------------------------------------

  private void review(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    pages.render(ctx, "review", reviewModel(ctx, caller, id, null, null));
  }

  /** The board; {@code failedIdea}'s forms show {@code error} and what was typed. */
  private Future<JsonObject> reviewModel(RoutingContext ctx, Caller caller, long challengeId, Long failedIdea,
      JsonObject failure) {
    return manageable(caller, challengeId).compose(view ->
        ideas.list(caller, challengeId, IdeaSort.SUPPORT, null, null, REVIEW_SIZE).map(page -> {
          JsonArray items = page.getJsonArray("items");
          Map<String, JsonArray> groups = new LinkedHashMap<>();
          for (IdeaStatus s : IdeaStatus.values()) {
            groups.put(s.wire(), new JsonArray());
          }
          for (Object o : items) {
            JsonObject idea = ideaView(ctx, ((JsonObject) o).copy(), false, true);
            IdeaStatus status = IdeaStatus.of(idea.getString("status"));
            JsonArray options = new JsonArray();
            for (IdeaStatus to : IdeaStatus.values()) {
              if (status.canAnswerWith(to)) {
                options.add(new JsonObject().put("value", to.wire()).put("label", statusLabel(ctx, to.wire())));
              }
            }
            JsonArray targets = new JsonArray();
            for (Object t : items) {
              JsonObject other = (JsonObject) t;
              if (!other.getLong("id").equals(idea.getLong("id")) && !other.getString("status").equals("merged")) {
                targets.add(new JsonObject().put("id", other.getLong("id")).put("title", other.getString("title")));
              }
            }
            idea.put("answerOptions", options).put("mergeTargets", targets)
                .put("canMerge", status != IdeaStatus.MERGED && !targets.isEmpty());
            if (failure != null && idea.getLong("id").equals(failedIdea)) {
              idea.put("failure", failure);
            }
            groups.get(status.wire()).add(idea);
          }
          JsonArray grouped = new JsonArray();
          groups.forEach((status, list) -> {
            if (!list.isEmpty()) {
              grouped.add(new JsonObject().put("status", status).put("label", statusLabel(ctx, status)).put("ideas", list)
                  .put("count", list.size()));
            }
          });
          JsonObject c = challengeView(ctx, view.toJson());
          return pages.frame(ctx, pages.text(ctx, "review.pageTitle", "title", c.getString("title")))
              .put("challenge", c)
              .put("groups", grouped)
              .put("breadcrumbs", crumbs(ctx).add(crumb(pages.text(ctx, "nav.challenges"), "/challenges")).add(crumb(c.getString("title"), "/c/" + c.getLong("id"))));
        }));
  }

  private void answer(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    String status = nz(ctx.request().getFormAttribute("status"));
    String note = nz(ctx.request().getFormAttribute("note"));
    ideas.get(caller, id).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      long challengeId = found.result().challengeId();
      JsonObject failure = new JsonObject().put("status", status).put("note", note);
      JsonBody b = new JsonBody(new JsonObject().put("status", status).put("note", note));
      String to = b.oneOf("status", IdeaStatus.OFFICIAL, true);
      String said = b.string("note", 1, 5000);
      try {
        b.validate();
      } catch (ApiException e) {
        reviewAgain(ctx, caller, challengeId, id, failure, e);
        return;
      }
      pages.afterSubmit(ctx, ideas.answer(caller, id, IdeaStatus.of(to), said),
          answered -> "/c/" + challengeId + "/review#idea-" + id, ChallengePages::formExplains,
          e -> reviewAgain(ctx, caller, challengeId, id, failure, e));
    });
  }

  private void merge(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    String intoRaw = nz(ctx.request().getFormAttribute("into")).strip();
    String note = nz(ctx.request().getFormAttribute("mergeNote")).strip();
    ideas.get(caller, id).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      long challengeId = found.result().challengeId();
      JsonObject failure = new JsonObject().put("into", intoRaw).put("mergeNote", note);
      long into;
      try {
        into = Long.parseLong(intoRaw);
      } catch (NumberFormatException e) {
        reviewAgain(ctx, caller, challengeId, id, failure, ApiException.invalid("into", "choose the idea that survives"));
        return;
      }
      pages.afterSubmit(ctx, ideas.merge(caller, id, into, note.isEmpty() ? null : note),
          merged -> "/c/" + challengeId + "/review#idea-" + into, ChallengePages::formExplains,
          e -> reviewAgain(ctx, caller, challengeId, id, failure, e));
    });
  }

  private void reviewAgain(RoutingContext ctx, Caller caller, long challengeId, long ideaId, JsonObject failure,
      ApiException e) {
    JsonObject errors = new JsonObject();
    e.errors().forEach(fe -> errors.put(fe.field(), ProblemText.field(pages.messages(), PageLocale.of(ctx), fe.message())));
    failure.put("errors", errors).put("error", e.errors().isEmpty() ? pages.problem(ctx, e) : null);
    reviewModel(ctx, caller, challengeId, ideaId, failure).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.render(ctx, e.status(), "review", ar.result());
      }
    });
  }

  // ----- the firm's page ------------------------------------------------------------------------

  private void org(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String slug = ctx.pathParam("slug");
    pages.render(ctx, "org", orgs.view(slug, caller).compose(org -> {
      boolean team = onTeam(org, caller);
      org.getJsonArray("members", new JsonArray()).forEach(m -> {
        JsonObject member = (JsonObject) m;
        member.put("roleLabel", orgRoleLabel(ctx, member.getString("role", "")));
      });
      JsonObject model = pages.frame(ctx, org.getString("name")).put("org", org).put("team", team)
          .put("challenges", cards(ctx, org.getJsonArray("challenges", new JsonArray()), org))
          .put("breadcrumbs", crumbs(ctx));
      if (!team) {
        return Future.succeededFuture(model);
      }
      return challenges.orgStats(caller, org.getString("slug"), 30).map(stats -> model.put("stats", statsView(ctx, stats)));
    }));
  }

  /** Whether the caller is the firm's team, which posts its challenges and reads its statistics. */
  private boolean onTeam(JsonObject orgView, Caller caller) {
    boolean listed = caller.signedIn() && orgView.getJsonArray("members", new JsonArray()).stream()
        .anyMatch(m -> ((JsonObject) m).getLong("id") == caller.id());
    return permissions.canManageChallenge(caller, listed);
  }

  /** The statistics with the bar chart's geometry worked out here: the page's CSP allows no inline style. */
  JsonObject statsView(RoutingContext ctx, JsonObject stats) {
    JsonArray perDay = stats.getJsonArray("perDay");
    long max = 1;
    for (Object o : perDay) {
      JsonObject d = (JsonObject) o;
      max = Math.max(max, Math.max(d.getLong("ideas"), d.getLong("supports")));
    }
    int height = 120;
    int slot = 20;
    JsonArray bars = new JsonArray();
    for (int i = 0; i < perDay.size(); i++) {
      JsonObject d = perDay.getJsonObject(i);
      long ideasN = d.getLong("ideas");
      long supportsN = d.getLong("supports");
      int hi = (int) Math.round(ideasN * (double) height / max);
      int hs = (int) Math.round(supportsN * (double) height / max);
      bars.add(new JsonObject()
          .put("date", day(ctx, d.getString("date")))
          .put("ideas", ideasN).put("supports", supportsN)
          .put("x1", i * slot + 2).put("x2", i * slot + 10)
          .put("y1", height - hi).put("h1", hi)
          .put("y2", height - hs).put("h2", hs));
    }
    JsonArray funnel = new JsonArray();
    JsonObject f = stats.getJsonObject("funnel");
    long top = 1;
    for (String k : f.fieldNames()) {
      top = Math.max(top, f.getLong(k));
    }
    for (IdeaStatus s : IdeaStatus.values()) {
      long n = f.getLong(s.wire(), 0L);
      funnel.add(new JsonObject().put("status", s.wire()).put("label", statusLabel(ctx, s.wire())).put("count", n)
          .put("width", Math.max(n > 0 ? 2 : 0, Math.round(n * 200.0 / top))));
    }
    return stats.copy().put("bars", bars).put("chartWidth", Math.max(1, perDay.size()) * slot).put("chartHeight", height)
        .put("max", max).put("funnelRows", funnel)
        .put("from", perDay.isEmpty() ? "" : day(ctx, perDay.getJsonObject(0).getString("date")))
        .put("to", perDay.isEmpty() ? "" : day(ctx, perDay.getJsonObject(perDay.size() - 1).getString("date")));
  }

  /** A day of the statistics ("2026-11-22") as the page's language writes it. */
  private String day(RoutingContext ctx, String isoDay) {
    try {
      java.util.Locale locale = PageLocale.of(ctx);
      return java.time.LocalDate.parse(isoDay)
          .format(java.time.format.DateTimeFormatter.ofPattern(pages.text(ctx, "format.day"), locale));
    } catch (RuntimeException e) {
      return isoDay;
    }
  }

  // ----- views ----------------------------------------------------------------------------------

  private JsonArray cards(RoutingContext ctx, JsonArray items) {
    return cards(ctx, items, null);
  }

  private JsonArray cards(RoutingContext ctx, JsonArray items, JsonObject org) {
    JsonArray out = new JsonArray();
    for (Object o : items) {
      JsonObject c = ((JsonObject) o).copy();
      if (org != null && !c.containsKey("org")) {
        c.put("org", new JsonObject().put("slug", org.getString("slug")).put("name", org.getString("name")));
      }
      out.add(challengeView(ctx, c));
    }
    return out;
  }

  JsonObject challengeView(RoutingContext ctx, JsonObject c) {
    String phase = c.getString("phase");
    c.put("phaseLabel", phaseLabel(ctx, phase)).put("isOpen", "open".equals(phase)).put("isDraft", "draft".equals(phase));
    JsonObject stats = c.getJsonObject("stats");
    if (stats != null) {
      stats.put("oneIdea", stats.getLong("ideas", 0L) == 1);
    }
    return c;
  }

  JsonObject ideaView(RoutingContext ctx, JsonObject idea, boolean open, boolean signedIn) {
    String status = idea.getString("status");
    return idea.put("statusLabel", statusLabel(ctx, status))
        .put("canSupport", open && signedIn && !"merged".equals(status))
        .put("oneSupport", idea.getInteger("supportCount", 0) == 1);
  }

  String phaseLabel(RoutingContext ctx, String phase) {
    return switch (phase) {
      case "draft" -> pages.text(ctx, "phase.draft");
      case "open" -> pages.text(ctx, "phase.open");
      case "review" -> pages.text(ctx, "phase.review");
      case "decided" -> pages.text(ctx, "phase.decided");
      case "closed" -> pages.text(ctx, "phase.closed");
      default -> phase;
    };
  }

  /** How the challenges page names a phase inside a sentence ("No open challenges right now"). */
  private String phaseInSentence(RoutingContext ctx, String phase) {
    return switch (phase) {
      case "draft" -> pages.text(ctx, "phase.inSentence.draft");
      case "open" -> pages.text(ctx, "phase.inSentence.open");
      case "review" -> pages.text(ctx, "phase.inSentence.review");
      case "decided" -> pages.text(ctx, "phase.inSentence.decided");
      case "closed" -> pages.text(ctx, "phase.inSentence.closed");
      default -> phase;
    };
  }

  String statusLabel(RoutingContext ctx, String status) {
    return switch (status) {
      case "submitted" -> pages.text(ctx, "ideaStatus.submitted");
      case "in_review" -> pages.text(ctx, "ideaStatus.in_review");
      case "shortlisted" -> pages.text(ctx, "ideaStatus.shortlisted");
      case "accepted" -> pages.text(ctx, "ideaStatus.accepted");
      case "implemented" -> pages.text(ctx, "ideaStatus.implemented");
      case "declined" -> pages.text(ctx, "ideaStatus.declined");
      case "merged" -> pages.text(ctx, "ideaStatus.merged");
      default -> status;
    };
  }

  private String transitionLabel(RoutingContext ctx, ChallengePhase from, ChallengePhase to) {
    return pages.text(ctx, switch (to) {
      case OPEN -> "transition.open";
      case REVIEW -> "transition.review";
      case DECIDED -> "transition.decided";
      case CLOSED -> from == ChallengePhase.OPEN ? "transition.cancel" : "transition.close";
      case DRAFT -> "transition.draft";
    });
  }

  /** A team member's role in the firm, as the firm's page shows it. */
  private String orgRoleLabel(RoutingContext ctx, String role) {
    return switch (role) {
      case "owner" -> pages.text(ctx, "org.role.owner");
      case "member" -> pages.text(ctx, "org.role.member");
      default -> role;
    };
  }

  /** The signed-in caller, or null after redirecting a browser to sign in. */
  private Caller requireSignedIn(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      String back = ctx.request().method().name().equals("GET") ? ctx.request().uri() : "/";
      pages.redirect(ctx, "/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
      return null;
    }
    return caller;
  }

  private JsonArray crumbs(RoutingContext ctx) {
    return new JsonArray().add(crumb(pages.text(ctx, "nav.home"), "/"));
  }

  private static JsonObject crumb(String label, String href) {
    return new JsonObject().put("label", label).put("href", href);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** Refusals a challenge or idea form shows beside its fields: bad input, or a phase that no longer allows it. */
  private static boolean formExplains(int status) {
    return status == 400 || status == 409;
  }
}
