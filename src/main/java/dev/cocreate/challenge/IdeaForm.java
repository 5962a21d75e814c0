package dev.cocreate.challenge;

import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /c/:id/new}: submitting an idea to an open challenge, with the challenge's IP terms to
 * accept. idea-form.js adds hints of similar ideas already submitted.
 */
final class IdeaForm {
  private final Pages pages;
  private final ChallengeService challenges;
  private final IdeaService ideas;
  private final ChallengeCards cards;

  IdeaForm(Pages pages, ChallengeService challenges, IdeaService ideas, ChallengeCards cards) {
    this.pages = pages;
    this.challenges = challenges;
    this.ideas = ideas;
    this.cards = cards;
  }

  /** The idea as typed, shown again when it is refused. */
  record Draft(String title, String pitch, String body, boolean acceptTerms) {
    JsonObject toJson() {
      return new JsonObject().put("title", title).put("pitch", pitch).put("body", body).put("acceptTerms", acceptTerms);
    }
  }

  /** What idea-form.hbs reads besides the frame; {@code closed} when the challenge no longer takes ideas. */
  record View(JsonObject challenge, boolean closed, Draft form, List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      return frame.put("challenge", challenge).put("closed", closed).put("breadcrumbs", Crumb.toJson(breadcrumbs))
          .put("form", form == null ? new JsonObject() : form.toJson());
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    pages.render(ctx, "idea-form", challenges.get(caller, id).map(view -> model(ctx, view, null)));
  }

  void submit(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    var f = ctx.request().formAttributes();
    Draft draft = new Draft(FormValues.orEmpty(f.get("title")), FormValues.orEmpty(f.get("pitch")),
        FormValues.orEmpty(f.get("body")), f.get("acceptTerms") != null);
    challenges.get(caller, id).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      JsonObject model = model(ctx, found.result(), draft);
      NewIdea idea;
      try {
        idea = NewIdea.from(FormFields.of(ctx));
      } catch (ApiException e) {
        pages.render(ctx, e.status(), "idea-form", pages.withErrors(ctx, model, e));
        return;
      }
      pages.afterSubmit(ctx, ideas.submit(caller, id, idea).map(created -> {
        pages.flashNotice(ctx, pages.text(ctx, "flash.ideaSubmitted"));
        return created;
      }), created -> "/i/" + created.id(),
          // Over the submission limit too: the form comes back with the draft kept, as before the service spent it.
          status -> ChallengeTeam.formExplains(status) || status == 429,
          e -> pages.render(ctx, e.status(), "idea-form", pages.withErrors(ctx, model, e)));
    });
  }

  private JsonObject model(RoutingContext ctx, ChallengeService.View view, Draft draft) {
    JsonObject c = cards.challenge(ctx, view.toJson());
    return new View(c, view.challenge().phase() != ChallengePhase.OPEN, draft,
        pages.trail(ctx, new Crumb(pages.text(ctx, "nav.challenges"), "/challenges"),
            new Crumb(c.getString("title"), "/c/" + c.getLong("id"))))
        .into(pages.frame(ctx, pages.text(ctx, "challenge.submitIdea")));
  }
}
