package dev.cocreate.jury;

import dev.cocreate.account.Caller;
import dev.cocreate.challenge.Challenge;
import dev.cocreate.challenge.Idea;
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
import java.util.HashMap;
import java.util.Map;

/**
 * {@code /c/:id/jury}: the jury's screen. The firm names the judges there ({@code POST /c/:id/jury});
 * a judge finds the ideas they may score (those they declared a conflict on left out), each with a
 * form: a labelled 0–10 field per criterion of the brief and a note ({@code POST /i/:id/score}), and
 * a button to declare a conflict ({@code POST /i/:id/conflict}); once they scored an idea, the other
 * judges' tally of it. Plain forms that post back and redirect: no script needed.
 */
public final class JuryPage {
  private final Pages pages;
  private final JuryService jury;

  public JuryPage(Pages pages, JuryService jury) {
    this.pages = pages;
    this.jury = jury;
  }

  public void mount(Router router) {
    router.get("/c/:id/jury").handler(this::show);
    router.post("/c/:id/jury").handler(this::name);
    router.post("/i/:id/score").handler(this::score);
    router.post("/i/:id/conflict").handler(this::conflict);
  }

  /** A form refused, shown again: which one ({@code ideaId}, or null for the jury's), what was typed, the errors. */
  record Failure(Long ideaId, JsonObject typed, JsonObject errors, String error) {}

  void show(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    pages.render(ctx, "jury", model(ctx, caller, Http.idParam(ctx, "id"), null));
  }

  private Future<JsonObject> model(RoutingContext ctx, Caller caller, long challengeId, Failure failure) {
    return jury.board(caller, challengeId).compose(board -> jury.jury(caller, challengeId).compose(judges ->
        jury.ideasOf(caller, challengeId).map(ideas -> {
          JsonObject scores = jury.scoresJson(caller, board);
          Map<Long, JsonObject> byIdea = new HashMap<>();
          scores.getJsonArray("items").forEach(o -> byIdea.put(((JsonObject) o).getLong("ideaId"), (JsonObject) o));
          JsonArray criteria = board.challenge().criteria();
          JsonArray cards = new JsonArray();
          int conflicted = 0;
          for (Idea idea : ideas) {
            JsonObject item = byIdea.get(idea.id());
            if (item == null) {
              continue;
            }
            if (item.getBoolean("conflict", false)) {
              conflicted++;
              continue;
            }
            cards.add(card(ctx, caller, idea, item, criteria, failure));
          }
          String title = board.challenge().title();
          JsonArray names = new JsonArray();
          judges.getJsonArray("judges").forEach(j -> names.add(((JsonObject) j).getString("username")));
          JsonObject naming = new JsonObject().put("judges", String.join(", ", names.getList()));
          if (failure != null && failure.ideaId() == null) {
            naming.put("judges", failure.typed().getString("judges")).put("errors", failure.errors()).put("error", failure.error());
          }
          return pages.frame(ctx, pages.text(ctx, "jury.pageTitle", "title", title))
              .put("challenge", new JsonObject().put("id", challengeId).put("title", title)
                  .put("phase", board.challenge().phase().wire()))
              .put("firm", board.firm()).put("judge", board.judge())
              .put("inReview", "review".equals(board.challenge().phase().wire()))
              .put("judges", judges.getJsonArray("judges")).put("naming", naming)
              .put("ideas", cards).put("conflicted", conflicted).put("spreadMeasure", pages.text(ctx, "jury.spreadMeasure"))
              .put("breadcrumbs", Crumb.toJson(pages.trail(ctx, new Crumb(pages.text(ctx, "nav.challenges"), "/challenges"),
                  new Crumb(title, "/c/" + challengeId))));
        })));
  }

  /** One idea on the screen: its scoring form (the judge's scores or what they typed), and the tally they may see. */
  private JsonObject card(RoutingContext ctx, Caller caller, Idea idea, JsonObject item, JsonArray criteria, Failure failure) {
    boolean failed = failure != null && failure.ideaId() != null && failure.ideaId() == idea.id();
    JsonObject mine = null;
    for (Object s : item.getJsonArray("sheets", new JsonArray())) {
      JsonObject sheet = (JsonObject) s;
      if (sheet.getJsonObject("judge").getLong("id") == caller.id()) {
        mine = sheet;
      }
    }
    JsonArray fields = new JsonArray();
    for (int i = 0; i < criteria.size(); i++) {
      JsonObject criterion = criteria.getJsonObject(i);
      String name = criterion.getString("name");
      Object value = failed ? failure.typed().getString("score-" + i)
          : mine == null ? "" : mine.getJsonObject("scores").getValue(name);
      Double mean = item.getJsonObject("criterionMeans") == null ? null : item.getJsonObject("criterionMeans").getDouble(name);
      fields.add(new JsonObject().put("id", "score-" + idea.id() + "-" + i).put("name", "score-" + i)
          .put("label", pages.text(ctx, "jury.criterionLabel", "name", name, "weight", criterion.getValue("weight").toString()))
          .put("value", value == null ? "" : value.toString()).put("mean", mean)
          .put("fieldError", failed ? failure.errors().getString("scores." + name) : null));
    }
    JsonObject card = new JsonObject().put("id", idea.id()).put("title", idea.title()).put("pitch", idea.pitch())
        .put("supportCount", idea.supportCount()).put("supportRank", item.getInteger("supportRank"))
        .put("scored", item.getBoolean("scoredByYou", false)).put("blind", item.getBoolean("blind"))
        .put("judges", item.getInteger("judges")).put("weightedMean", item.getValue("weightedMean"))
        .put("spread", item.getValue("spread")).put("fields", fields)
        .put("note", failed ? failure.typed().getString("note") : mine == null ? "" : mine.getString("note"));
    if (failed) {
      card.put("noteError", failure.errors().getString("note")).put("error", failure.error());
    }
    return card;
  }

  /** {@code POST /c/:id/jury}: the firm names the judges, usernames separated by commas. */
  void name(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    String typed = FormValues.orEmpty(ctx.request().getFormAttribute("judges"));
    JsonObject kept = new JsonObject().put("judges", typed);
    Future<JsonObject> named;
    try {
      named = jury.name(caller, id, JuryNaming.from(FormFields.of(ctx)));
    } catch (ApiException e) {
      showAgain(ctx, caller, id, null, kept, e);
      return;
    }
    pages.afterSubmit(ctx, named.map(j -> {
      pages.flashNotice(ctx, pages.text(ctx, "jury.flash.named"));
      return j;
    }), j -> "/c/" + id + "/jury", status -> status == 400 || status == 409, e -> showAgain(ctx, caller, id, null, kept, e));
  }

  /** {@code POST /i/:id/score}: a judge's scores of one idea, back to its form on the screen. */
  void score(RoutingContext ctx) {
    onIdeaOfChallenge(ctx, (caller, ideaId, challenge) -> {
      long challengeId = challenge.id();
      JsonArray criteria = challenge.criteria();
      JsonObject typed = new JsonObject().put("note", FormValues.orEmpty(ctx.request().getFormAttribute("note")));
      JsonObject scores = new JsonObject();
      for (int i = 0; i < criteria.size(); i++) {
        String v = FormValues.orEmpty(ctx.request().getFormAttribute("score-" + i));
        typed.put("score-" + i, v);
        scores.put(criteria.getJsonObject(i).getString("name"), v);
      }
      Future<JsonObject> saved;
      try {
        saved = jury.score(caller, ideaId, ScoreSheet.from(FormFields.of(ctx).with("scores", scores)));
      } catch (ApiException e) {
        showAgain(ctx, caller, challengeId, ideaId, typed, e);
        return;
      }
      pages.afterSubmit(ctx, saved.map(j -> {
        pages.flashNotice(ctx, pages.text(ctx, "jury.flash.scored"));
        return j;
      }), j -> "/c/" + challengeId + "/jury#idea-" + ideaId, status -> status == 400 || status == 409,
          e -> showAgain(ctx, caller, challengeId, ideaId, typed, e));
    });
  }

  /** {@code POST /i/:id/conflict}: the judge steps aside from one idea; it leaves their screen. */
  void conflict(RoutingContext ctx) {
    onIdeaOfChallenge(ctx, (caller, ideaId, challenge) -> {
      long challengeId = challenge.id();
      String back = "/c/" + challengeId + "/jury";
      // Stepping aside cannot be taken back here: asked about first.
      if (!pages.confirmed(ctx, new Pages.Confirm(pages.text(ctx, "jury.confirmConflict.question"),
          pages.text(ctx, "jury.confirmConflict.consequence"), pages.text(ctx, "jury.confirmConflict.button"), back))) {
        return;
      }
      pages.afterSubmit(ctx, jury.conflict(caller, ideaId).map(j -> {
        pages.flashNotice(ctx, pages.text(ctx, "jury.flash.conflict"));
        return j;
      }), j -> back, status -> status == 409, e -> showAgain(ctx, caller, challengeId, ideaId, new JsonObject(), e));
    });
  }

  /** What a judge's form about one idea does with it, once the idea's challenge is known. */
  private interface IdeaAction {
    void on(Caller caller, long ideaId, Challenge challenge);
  }

  /**
   * Runs {@code action} for a signed-in caller on the idea in the path and its challenge, as the
   * caller may see them: both of the scoring screen's per-idea forms lead back to that challenge.
   */
  private void onIdeaOfChallenge(RoutingContext ctx, IdeaAction action) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long ideaId = Http.idParam(ctx, "id");
    jury.challengeOf(caller, ideaId).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
      } else {
        action.on(caller, ideaId, found.result());
      }
    });
  }

  private void showAgain(RoutingContext ctx, Caller caller, long challengeId, Long ideaId, JsonObject typed, ApiException e) {
    JsonObject errors = new JsonObject();
    e.errors().forEach(fe -> errors.put(fe.field(), ProblemText.field(pages.messages(), PageLocale.of(ctx), fe.message())));
    String error = e.errors().isEmpty() ? pages.problem(ctx, e) : pages.text(ctx, "jury.formErrors");
    model(ctx, caller, challengeId, new Failure(ideaId, typed, errors, error)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.render(ctx, e.status(), "jury", ar.result());
      }
    });
  }
}
