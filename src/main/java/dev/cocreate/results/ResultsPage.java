package dev.cocreate.results;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.challenge.Idea;
import dev.cocreate.challenge.IdeaService;
import dev.cocreate.challenge.IdeaSort;
import dev.cocreate.challenge.IdeaStatus;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.PageLocale;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.text.NumberFormat;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /c/:id/results}: what a decided challenge delivers. Each result with its labelled progress
 * bar, status, milestones, timeline and ratings; the firm's forms to record a result and post an
 * update; a supporter's rating form once it is delivered. Every form posts back here and redirects
 * (303); a refused one comes back with its errors and what was typed.
 */
final class ResultsPage {
  private final Pages pages;
  private final ResultService results;
  private final IdeaService ideas;

  ResultsPage(Pages pages, ResultService results, IdeaService ideas) {
    this.pages = pages;
    this.results = results;
    this.ideas = ideas;
  }

  /** A refused form: which one ({@code record}, or the result's id for its update or rating form), its error and input. */
  record Refusal(String form, Long resultId, ApiException error, JsonObject typed) {}

  void show(RoutingContext ctx) {
    pages.render(ctx, "results", model(ctx, Http.idParam(ctx, "id"), null));
  }

  void record(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    JsonObject typed = NewResult.formAsJson(ctx.request().formAttributes());
    submit(ctx, id, () -> results.record(caller, id, NewResult.from(new JsonBody(typed.copy()))),
        "record", null, typed, "flash.resultRecorded");
  }

  void update(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    long resultId = Http.idParam(ctx, "resultId");
    JsonObject typed = typed(ctx, "progress", "status", "note");
    submit(ctx, id, () -> results.update(caller, resultId, ResultUpdate.from(FormFields.of(ctx))), "update", resultId, typed,
        "flash.resultUpdated");
  }

  void rate(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    long resultId = Http.idParam(ctx, "resultId");
    JsonObject typed = typed(ctx, "stars", "comment");
    submit(ctx, id, () -> results.rate(caller, resultId, ResultRating.from(FormFields.of(ctx))), "rate", resultId, typed,
        "flash.resultRated");
  }

  private static JsonObject typed(RoutingContext ctx, String... fields) {
    JsonObject out = new JsonObject();
    for (String f : fields) {
      out.put(f, ctx.request().getFormAttribute(f));
    }
    return out;
  }

  /** Runs the action (its command read inside, so a malformed form is refused like the service's refusals). */
  private void submit(RoutingContext ctx, long challengeId, Supplier<Future<ResultService.View>> action, String form,
      Long resultId, JsonObject typed, String notice) {
    Future<ResultService.View> done;
    try {
      done = action.get();
    } catch (ApiException e) {
      done = Future.failedFuture(e);
    }
    pages.afterSubmit(ctx, done.map(v -> {
      pages.flashNotice(ctx, pages.text(ctx, notice));
      return v;
    }), v -> "/c/" + challengeId + "/results#result-" + v.result().id(),
        status -> status == 400 || status == 403 || status == 409,
        e -> model(ctx, challengeId, new Refusal(form, resultId, e, typed)).onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else {
            pages.render(ctx, e.status(), "results", ar.result());
          }
        }));
  }

  private Future<JsonObject> model(RoutingContext ctx, long challengeId, Refusal refusal) {
    Caller caller = AuthHandler.caller(ctx);
    return results.ofChallenge(caller, challengeId).compose(board -> {
      Future<JsonArray> ideaOptions = board.canRecord()
          ? ideas.list(caller, challengeId, IdeaSort.SUPPORT, null, null, 100).map(page -> {
            JsonArray out = new JsonArray();
            Set<Long> ticked = new HashSet<>();
            if (refusal != null && "record".equals(refusal.form())) {
              refusal.typed().getJsonArray("ideaIds").forEach(o -> {
                if (o instanceof Number n) {
                  ticked.add(n.longValue());
                }
              });
            }
            for (Idea i : page.items()) {
              if (i.status() != IdeaStatus.MERGED) {
                out.add(new JsonObject().put("id", i.id()).put("title", i.title()).put("checked", ticked.contains(i.id())));
              }
            }
            return out;
          })
          : Future.succeededFuture(new JsonArray());
      return ideaOptions.map(options -> {
        JsonObject c = board.challenge().toJson();
        JsonArray list = new JsonArray();
        for (ResultService.View v : board.results()) {
          list.add(resultModel(ctx, v, refusal));
        }
        JsonObject model = pages.frame(ctx, pages.text(ctx, "results.pageTitle", "title", c.getString("title")))
            .put("challenge", c)
            .put("results", list)
            .put("canRecord", board.canRecord())
            .put("recordForm", recordForm(refusal, options))
            .put("breadcrumbs", Crumb.toJson(pages.trail(ctx, new Crumb(pages.text(ctx, "nav.challenges"), "/challenges"),
                new Crumb(c.getString("title"), "/c/" + challengeId))));
        pages.feed(model, pages.text(ctx, "results.feed", "title", c.getString("title")), "/c/" + challengeId + "/results.atom");
        if (refusal != null && "record".equals(refusal.form())) {
          pages.withErrors(ctx, model, refusal.error());
        }
        return model;
      });
    });
  }

  private JsonObject recordForm(Refusal refusal, JsonArray ideaOptions) {
    JsonObject typed = refusal != null && "record".equals(refusal.form()) ? refusal.typed() : new JsonObject();
    JsonArray rows = new JsonArray();
    JsonArray milestones = typed.getJsonArray("milestones", new JsonArray());
    for (int i = 1; i <= NewResult.FORM_MILESTONES; i++) {
      JsonObject m = i <= milestones.size() ? milestones.getJsonObject(i - 1) : new JsonObject();
      rows.add(new JsonObject().put("n", i).put("title", m.getString("title", "")).put("due", m.getString("due", ""))
          .put("titleName", "milestoneTitle-" + i).put("dueName", "milestoneDue-" + i));
    }
    return new JsonObject().put("title", typed.getString("title", "")).put("owner", typed.getString("owner", ""))
        .put("ideas", ideaOptions).put("milestones", rows);
  }

  private JsonObject resultModel(RoutingContext ctx, ResultService.View v, Refusal refusal) {
    JsonObject r = v.toJson();
    r.put("statusLabel", statusLabel(ctx, r.getString("status")))
        .put("progressLabel", pages.text(ctx, "results.progressLabel", "progress", r.getInteger("progress")));
    JsonArray timeline = new JsonArray();
    for (Object o : r.getJsonArray("updates")) {
      JsonObject u = ((JsonObject) o).copy();
      timeline.add(u.put("statusLabel", statusLabel(ctx, u.getString("status")))
          .put("progressLabel", pages.text(ctx, "results.progressLabel", "progress", u.getInteger("progress"))));
    }
    r.put("updates", timeline);
    JsonObject rating = r.getJsonObject("rating");
    int count = rating.getInteger("count");
    // The mean with one decimal, in the page's way of writing numbers (4.5, 4,5).
    NumberFormat mean = NumberFormat.getNumberInstance(PageLocale.of(ctx));
    mean.setMinimumFractionDigits(1);
    mean.setMaximumFractionDigits(1);
    r.put("ratingText", count == 0 ? pages.text(ctx, "results.noRatings")
        : pages.text(ctx, count == 1 ? "results.ratingSummary.one" : "results.ratingSummary.many", "mean",
            mean.format(rating.getDouble("mean")), "count", String.valueOf(count)));
    boolean here = refusal != null && refusal.resultId() != null && v.result().id() == refusal.resultId();
    JsonObject update = here && "update".equals(refusal.form()) ? refusal.typed()
        : new JsonObject().put("progress", String.valueOf(v.result().progress())).put("status", v.result().status());
    JsonArray statuses = new JsonArray();
    for (String s : Result.STATUSES) {
      statuses.add(new JsonObject().put("value", s).put("label", statusLabel(ctx, s)).put("selected", s.equals(update.getString("status"))));
    }
    r.put("updateForm", update.put("statuses", statuses));
    JsonObject mine = v.myRating();
    JsonObject rate = here && "rate".equals(refusal.form()) ? refusal.typed()
        : new JsonObject().put("stars", mine == null ? null : String.valueOf(mine.getInteger("stars")))
            .put("comment", mine == null ? "" : mine.getString("comment"));
    JsonArray stars = new JsonArray();
    for (int s = 1; s <= 5; s++) {
      stars.add(new JsonObject().put("value", s).put("label", pages.text(ctx, "results.stars", "count", s))
          .put("checked", String.valueOf(s).equals(rate.getString("stars"))));
    }
    r.put("rateForm", rate.put("options", stars));
    if (here) {
      JsonObject errors = new JsonObject();
      pages.withErrors(ctx, errors, refusal.error());
      r.put("formErrors", errors.getJsonObject("errors")).put("formError", errors.getString("error"))
          .put("refused" + capitalized(refusal.form()), true);
    }
    return r;
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private String statusLabel(RoutingContext ctx, String status) {
    return pages.text(ctx, "results.status." + status);
  }
}
