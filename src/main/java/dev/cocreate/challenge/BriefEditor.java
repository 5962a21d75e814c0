package dev.cocreate.challenge;

import dev.cocreate.account.Caller;
import dev.cocreate.account.OrgService;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.stakeholder.StakeholderTexts;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.PageLocale;
import dev.cocreate.web.Pages;
import dev.cocreate.web.ProblemText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The brief editor: a firm's team posts a challenge ({@code /c/new?org=}) and edits its brief
 * ({@code /c/:id/edit}) with one form, checked by the API's own rules; a refused form comes back as
 * typed, each error beside its field.
 */
final class BriefEditor {
  private final Pages pages;
  private final ChallengeService challenges;
  private final OrgService orgs;
  private final ChallengeTeam team;

  BriefEditor(Pages pages, ChallengeService challenges, OrgService orgs, ChallengeTeam team) {
    this.pages = pages;
    this.challenges = challenges;
    this.orgs = orgs;
    this.team = team;
  }

  /**
   * What challenge-form.hbs reads besides the frame: the firm, the challenge being edited (null for
   * a new one) and the form.
   */
  record View(JsonObject org, JsonObject challenge, BriefForm form, JsonArray stakeholderTypes, List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      return frame.put("org", org).put("challenge", challenge).put("form", form.shown()).put("criteriaRows", form.criteriaRows())
          .put("stageRows", form.stageRows()).put("stakeholderTypes", stakeholderTypes)
          .put("action", challenge == null ? "/c/new" : "/c/" + challenge.getLong("id") + "/edit")
          .put("breadcrumbs", Crumb.toJson(breadcrumbs));
    }
  }

  void newForm(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    String slug = FormValues.orEmpty(ctx.request().getParam("org"));
    pages.render(ctx, "challenge-form", orgs.view(slug, caller).map(org -> {
      if (!team.onTeam(org, caller)) {
        throw ApiException.forbidden("Only the org's members can post its challenges.");
      }
      return model(ctx, pages.text(ctx, "org.postChallenge"), org, null, BriefForm.blank());
    }));
  }

  void create(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    String slug = FormValues.orEmpty(ctx.request().getFormAttribute("org"));
    BriefForm input = BriefForm.posted(ctx.request().formAttributes());
    orgs.bySlug(slug).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      JsonObject model = model(ctx, pages.text(ctx, "org.postChallenge"), found.result().toJson(), null, input);
      ChallengeService.Brief brief;
      try {
        brief = brief(input);
      } catch (ApiException e) {
        pages.render(ctx, 400, "challenge-form", withErrors(ctx, model, e));
        return;
      }
      pages.afterSubmit(ctx, challenges.create(caller, slug, brief).map(created -> {
        pages.flashNotice(ctx, pages.text(ctx, "flash.briefCreated"));
        return created;
      }), created -> "/c/" + created.challenge().id(),
          status -> status == 400, e -> pages.render(ctx, 400, "challenge-form", withErrors(ctx, model, e)));
    });
  }

  void editForm(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    pages.render(ctx, "challenge-form", team.manageable(caller, id).map(view -> {
      JsonObject c = view.toJson();
      return model(ctx, pages.text(ctx, "challenge.editBrief"), c.getJsonObject("org"), c, BriefForm.of(view));
    }));
  }

  void edit(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    BriefForm input = BriefForm.posted(ctx.request().formAttributes());
    team.manageable(caller, id).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      JsonObject c = found.result().toJson();
      JsonObject model = model(ctx, pages.text(ctx, "challenge.editBrief"), c.getJsonObject("org"), c, input);
      ChallengeService.Brief brief;
      try {
        brief = brief(input);
      } catch (ApiException e) {
        pages.render(ctx, 400, "challenge-form", withErrors(ctx, model, e));
        return;
      }
      pages.afterSubmit(ctx, challenges.edit(caller, id, brief).map(edited -> {
        pages.flashNotice(ctx, pages.text(ctx, "flash.briefSaved"));
        return edited;
      }), edited -> "/c/" + id, ChallengeTeam::formExplains,
          e -> pages.render(ctx, e.status(), "challenge-form", withErrors(ctx, model, e)));
    });
  }

  /** The posted brief, by the API's rules; an edit posts the whole brief too, so it is checked as a new one. */
  private static ChallengeService.Brief brief(BriefForm input) {
    JsonBody b = new JsonBody(input.api());
    ChallengeService.Brief brief = BriefDraft.from(b, true);
    b.validate();
    return brief;
  }

  private JsonObject model(RoutingContext ctx, String title, JsonObject org, JsonObject challenge, BriefForm form) {
    List<Crumb> crumbs = challenge == null
        ? pages.trail(ctx, new Crumb(org.getString("name"), "/orgs/" + org.getString("slug")))
        : pages.trail(ctx, new Crumb(org.getString("name"), "/orgs/" + org.getString("slug")),
            new Crumb(challenge.getString("title"), "/c/" + challenge.getLong("id")));
    JsonArray types = new StakeholderTexts(pages).options(ctx, form.shown().getString("minShareType"));
    return new View(org, challenge, form, types, crumbs).into(pages.frame(ctx, title));
  }

  /** Field errors next to their inputs; every criteria row's error is shown under the criteria table. */
  private JsonObject withErrors(RoutingContext ctx, JsonObject model, ApiException e) {
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
      if (fe.field().startsWith("minSupportShare")) {
        errors.put(fe.field().endsWith(".type") ? "minShareType" : "minSharePercent",
            ProblemText.field(pages.messages(), PageLocale.of(ctx), fe.message()));
      }
      if (fe.field().startsWith("supportStages")) {
        String row = fe.field().replaceAll("^supportStages\\[(\\d+)\\].*", "$1");
        String prefix = row.equals(fe.field()) ? ""
            : pages.text(ctx, "challengeForm.stageN", "n", String.valueOf(Integer.parseInt(row) + 1)) + ": ";
        errors.put("supportStages", prefix + ProblemText.field(pages.messages(), PageLocale.of(ctx), fe.message()));
      }
    }
    return model;
  }
}
