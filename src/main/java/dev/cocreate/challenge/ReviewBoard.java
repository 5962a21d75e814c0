package dev.cocreate.challenge;

import dev.cocreate.account.Caller;
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
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /c/:id/review}: the firm's review board, the ideas grouped by status, each with the forms
 * to answer it ({@code POST /i/:id/status}) or merge it into another ({@code POST /i/:id/merge}).
 * A form that cannot be taken shows the board again with the error and what was typed in that form.
 */
final class ReviewBoard {
  static final int REVIEW_SIZE = 100;

  private final Pages pages;
  private final IdeaService ideas;
  private final ChallengeCards cards;
  private final ChallengeTexts texts;
  private final ChallengeTeam team;
  private final JuryVerdicts jury;
  private final Database db;

  ReviewBoard(Pages pages, IdeaService ideas, ChallengeCards cards, ChallengeTexts texts, ChallengeTeam team,
      JuryVerdicts jury, Database db) {
    this.jury = jury;
    this.db = db;
    this.pages = pages;
    this.ideas = ideas;
    this.cards = cards;
    this.texts = texts;
    this.team = team;
  }

  /** The ideas in one status, in support order. */
  record Group(String status, String label, JsonArray ideas) {
    JsonObject toJson() {
      return new JsonObject().put("status", status).put("label", label).put("ideas", ideas).put("count", ideas.size());
    }
  }

  /** What review.hbs reads besides the frame; only the statuses that have ideas are grouped. */
  record View(JsonObject challenge, List<Group> groups, List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      JsonArray grouped = new JsonArray();
      groups.forEach(g -> grouped.add(g.toJson()));
      return frame.put("challenge", challenge).put("groups", grouped).put("breadcrumbs", Crumb.toJson(breadcrumbs));
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    pages.render(ctx, "review", model(ctx, caller, id, null, null));
  }

  /** The board; {@code failedIdea}'s forms show {@code failure}: the error and what was typed. */
  private Future<JsonObject> model(RoutingContext ctx, Caller caller, long challengeId, Long failedIdea, JsonObject failure) {
    return team.manageable(caller, challengeId).compose(view -> jury.tallies(db.pool(), view.challenge()).compose(tallies ->
        ideas.list(caller, challengeId, IdeaSort.SUPPORT, null, null, REVIEW_SIZE).map(page -> {
          JsonArray items = page.toJson(i -> i.toJson(false)).getJsonArray("items");
          // The list is in support order: an idea's rank is one more than the ideas with more support.
          int rank = 0;
          int previous = -1;
          for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            if (item.getInteger("supportCount") != previous) {
              rank = i + 1;
              previous = item.getInteger("supportCount");
            }
            item.put("supportRank", rank);
          }
          Map<String, JsonArray> byStatus = new LinkedHashMap<>();
          for (IdeaStatus s : IdeaStatus.values()) {
            byStatus.put(s.wire(), new JsonArray());
          }
          for (Object o : items) {
            JsonObject idea = card(ctx, ((JsonObject) o).copy(), items, view.challenge().criteria(), tallies, failure);
            if (failure != null && idea.getLong("id").equals(failedIdea)) {
              idea.put("failure", failure);
            }
            byStatus.get(idea.getString("status")).add(idea);
          }
          List<Group> groups = byStatus.entrySet().stream().filter(e -> !e.getValue().isEmpty())
              .map(e -> new Group(e.getKey(), texts.status(ctx, e.getKey()), e.getValue())).toList();
          JsonObject c = cards.challenge(ctx, view.toJson());
          return new View(c, groups, pages.trail(ctx, new Crumb(pages.text(ctx, "nav.challenges"), "/challenges"),
              new Crumb(c.getString("title"), "/c/" + c.getLong("id"))))
              .into(pages.frame(ctx, pages.text(ctx, "review.pageTitle", "title", c.getString("title"))))
              .put("spreadMeasure", pages.text(ctx, "jury.spreadMeasure"));
        })));
  }

  /** An idea on the board with its forms: the answers its status allows, and the ideas it could be merged into. */
  private JsonObject card(RoutingContext ctx, JsonObject item, JsonArray all, JsonArray criteria,
      Map<Long, JuryVerdicts.Tally> tallies, JsonObject failure) {
    int supportRank = item.getInteger("supportRank");
    JsonObject idea = cards.idea(ctx, item).put("supportRank", supportRank);
    JuryVerdicts.Tally tally = tallies.get(idea.getLong("id"));
    if (tally != null) {
      idea.put("tally", new JsonObject().put("weightedMean", IdeaService.decimal(tally.weightedMean()))
          .put("spread", IdeaService.decimal(tally.spread())).put("judges", tally.judges()));
    }
    boolean failed = failure != null && idea.getLong("id").equals(failure.getLong("ideaId"));
    JsonArray rationale = new JsonArray();
    for (int i = 0; i < criteria.size(); i++) {
      String name = criteria.getJsonObject(i).getString("name");
      rationale.add(new JsonObject().put("controlName", "rationale-" + i).put("fieldId", "rationale-" + idea.getLong("id") + "-" + i)
          .put("label", pages.text(ctx, "review.rationaleFor", "name", name))
          .put("value", failed ? failure.getJsonObject("rationale").getString("rationale-" + i, "") : "")
          .put("fieldError", failed ? failure.getJsonObject("errors").getString("rationale." + name) : null));
    }
    idea.put("rationale", rationale).put("rationaleRequired", tally != null);
    IdeaStatus status = IdeaStatus.of(idea.getString("status"));
    JsonArray options = new JsonArray();
    for (IdeaStatus to : IdeaStatus.values()) {
      if (status.canAnswerWith(to)) {
        options.add(new JsonObject().put("value", to.wire()).put("label", texts.status(ctx, to.wire())));
      }
    }
    JsonArray targets = new JsonArray();
    for (Object t : all) {
      JsonObject other = (JsonObject) t;
      if (!other.getLong("id").equals(idea.getLong("id")) && !other.getString("status").equals("merged")) {
        targets.add(new JsonObject().put("id", other.getLong("id")).put("title", other.getString("title")));
      }
    }
    return idea.put("answerOptions", options).put("mergeTargets", targets)
        .put("canMerge", status != IdeaStatus.MERGED && !targets.isEmpty());
  }

  /** {@code POST /i/:id/status}: the firm's official answer, with a note the idea's author reads. */
  void answer(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    String status = FormValues.orEmpty(ctx.request().getFormAttribute("status"));
    String note = FormValues.orEmpty(ctx.request().getFormAttribute("note"));
    FormFields form = FormFields.of(ctx);
    ideas.get(caller, id).compose(idea -> team.manageable(caller, idea.challengeId()).map(v -> Map.entry(idea, v.challenge())))
        .onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      long challengeId = found.result().getKey().challengeId();
      JsonArray criteria = found.result().getValue().criteria();
      // The form names a rationale per criterion by its place in the brief; the answer reads them by name.
      JsonObject typed = new JsonObject();
      JsonObject rationale = new JsonObject();
      for (int i = 0; i < criteria.size(); i++) {
        String text = FormValues.orEmpty(ctx.request().getFormAttribute("rationale-" + i));
        typed.put("rationale-" + i, text);
        rationale.put(criteria.getJsonObject(i).getString("name"), text);
      }
      JsonObject failure = new JsonObject().put("status", status).put("note", note).put("rationale", typed)
          .put("ideaId", id);
      IdeaAnswer answer;
      try {
        answer = IdeaAnswer.from(form.with("rationale", rationale));
      } catch (ApiException e) {
        showAgain(ctx, caller, challengeId, id, failure, e);
        return;
      }
      String back = "/c/" + challengeId + "/review#idea-" + id;
      // Declining tells the author no: asked about first, once the note is there to send with it.
      if ("declined".equals(status) && !pages.confirmed(ctx, new Pages.Confirm(pages.text(ctx, "confirm.decline.question"),
          pages.text(ctx, "confirm.decline.consequence"), pages.text(ctx, "confirm.decline.button"), back))) {
        return;
      }
      pages.afterSubmit(ctx, ideas.answer(caller, id, answer)
              .map(answered -> flash(ctx, "flash.answerPublished", answered)),
          answered -> back, ChallengeTeam::formExplains,
          e -> showAgain(ctx, caller, challengeId, id, failure, e));
    });
  }

  /** {@code POST /i/:id/merge}: the idea merged into the one that survives, its supporters with it. */
  void merge(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    String intoRaw = FormValues.orEmpty(ctx.request().getFormAttribute("into")).strip();
    String note = FormValues.orEmpty(ctx.request().getFormAttribute("mergeNote")).strip();
    ideas.get(caller, id).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      long challengeId = found.result().challengeId();
      JsonObject failure = new JsonObject().put("into", intoRaw).put("mergeNote", note);
      IdeaMerge merge;
      try {
        // The form names its note mergeNote: the board has other notes beside it.
        merge = IdeaMerge.from(FormFields.of(ctx).with("note", note));
      } catch (ApiException e) {
        showAgain(ctx, caller, challengeId, id, failure, e);
        return;
      }
      // A merge moves the idea's supporters for good: asked about first.
      if (!pages.confirmed(ctx, new Pages.Confirm(pages.text(ctx, "confirm.merge.question"),
          pages.text(ctx, "confirm.merge.consequence"), pages.text(ctx, "review.merge"),
          "/c/" + challengeId + "/review#idea-" + id))) {
        return;
      }
      pages.afterSubmit(ctx, ideas.merge(caller, id, merge.into(), merge.note())
              .map(merged -> flash(ctx, "flash.ideasMerged", merged)),
          merged -> "/c/" + challengeId + "/review#idea-" + merge.into(), ChallengeTeam::formExplains,
          e -> showAgain(ctx, caller, challengeId, id, failure, e));
    });
  }

  /** Leaves the notice for the page the redirect shows, passing the result on. */
  private <T> T flash(RoutingContext ctx, String key, T result) {
    pages.flashNotice(ctx, pages.text(ctx, key));
    return result;
  }

  private void showAgain(RoutingContext ctx, Caller caller, long challengeId, long ideaId, JsonObject failure, ApiException e) {
    JsonObject errors = new JsonObject();
    e.errors().forEach(fe -> errors.put(fe.field(), ProblemText.field(pages.messages(), PageLocale.of(ctx), fe.message())));
    failure.put("errors", errors).put("error", e.errors().isEmpty() ? pages.problem(ctx, e) : null);
    model(ctx, caller, challengeId, ideaId, failure).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.render(ctx, e.status(), "review", ar.result());
      }
    });
  }
}
