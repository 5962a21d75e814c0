package dev.cocreate.codesign;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code /i/:id/split}: the split of an idea's reward, who is named and who consented, and the
 * forms of whoever may act on it: the authors' proposal (a whole percent per person in the credit
 * ledger), the named person's consent or decline, and a dispute for the moderators. Every form
 * posts back and redirects here, so all of it works without JavaScript.
 */
final class SplitPage {
  private final Pages pages;
  private final RewardSplits splits;

  SplitPage(Pages pages, RewardSplits splits) {
    this.pages = pages;
    this.splits = splits;
  }

  void mount(Router router) {
    router.get("/i/:id/split").handler(this::show);
    router.post("/i/:id/split").handler(this::propose);
    router.post("/i/:id/split/consent").handler(ctx -> answer(ctx, true));
    router.post("/i/:id/split/decline").handler(ctx -> answer(ctx, false));
    router.post("/i/:id/split/dispute").handler(this::dispute);
  }

  private void show(RoutingContext ctx) {
    pages.render(ctx, "split", model(ctx, AuthHandler.caller(ctx), Http.idParam(ctx, "id"), null, null));
  }

  /** The page; {@code typed} is a refused proposal's percentages (by username), {@code note} a refused dispute's. */
  private Future<JsonObject> model(RoutingContext ctx, Caller caller, long id, Map<String, String> typed, String note) {
    return splits.view(caller, id).map(view -> {
      CodesignService.Involved inv = view.involved();
      RewardSplit split = view.split().orElse(null);
      long me = caller.signedIn() ? caller.id() : 0;
      JsonObject model = pages.frame(ctx, pages.text(ctx, "split.title", "title", inv.idea().title()))
          .put("idea", new JsonObject().put("id", id).put("title", inv.idea().title()))
          .put("hasReward", view.hasReward())
          .put("reward", view.reward())
          .put("signedIn", caller.signedIn())
          .put("breadcrumbs", Crumb.toJson(pages.trail(ctx, new Crumb(inv.idea().title(), "/i/" + id))));
      boolean changeable = view.hasReward() && (split == null || split.frozenAt() == null) && !settled(inv);
      if (split != null) {
        model.put("split", shown(ctx, split));
        RewardSplit.Share mine = split.shareOf(me);
        if (mine != null && changeable && !"declined".equals(split.status())) {
          model.put("mine", new JsonObject().put("percent", mine.percent()).put("consented", mine.consented())
              .put("round", split.round()));
        }
      }
      if (changeable && inv.author()) {
        JsonArray rows = new JsonArray();
        for (SplitRepository.Person p : view.eligible()) {
          RewardSplit.Share current = split == null ? null : split.shareOf(p.id());
          String value = typed != null ? typed.getOrDefault(p.username(), "")
              : current != null && current.basisPoints() % 100 == 0 ? current.percent() : "";
          rows.add(new JsonObject().put("username", p.username()).put("displayName", p.displayName()).put("value", value));
        }
        model.put("proposal", new JsonObject().put("people", rows));
      }
      boolean inLedger = view.eligible().stream().anyMatch(p -> p.id() == me);
      boolean named = split != null && split.shareOf(me) != null;
      model.put("canDispute", caller.signedIn() && (inLedger || named)).put("form", new JsonObject()
          .put("note", note == null ? "" : note));
      return model;
    });
  }

  private static boolean settled(CodesignService.Involved inv) {
    return switch (inv.idea().status()) {
      case ACCEPTED, IMPLEMENTED, DECLINED, MERGED -> true;
      default -> false;
    };
  }

  private JsonObject shown(RoutingContext ctx, RewardSplit split) {
    JsonArray shares = new JsonArray();
    long consented = split.shares().stream().filter(RewardSplit.Share::consented).count();
    split.shares().forEach(s -> shares.add(s.toJson().put("consentLabel", pages.text(ctx, "split.consent." + s.consent()))));
    return split.toJson().put("shares", shares).put("statusLabel", pages.text(ctx, "split.status." + split.status()))
        .put("consentedCount", consented).put("namedCount", split.shares().size());
  }

  private void propose(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    // One field per person, share-<username>: gathered into the API's {shares: {username: percent}}.
    JsonObject shares = new JsonObject();
    Map<String, String> typed = new java.util.LinkedHashMap<>();
    ctx.request().formAttributes().forEach(e -> {
      if (e.getKey().startsWith("share-")) {
        String name = e.getKey().substring("share-".length());
        shares.put(name, e.getValue());
        typed.put(name, e.getValue().strip());
      }
    });
    SplitProposal proposal;
    try {
      proposal = SplitProposal.from(FormFields.of(ctx).with("shares", shares));
    } catch (ApiException e) {
      again(ctx, caller, id, typed, null, e);
      return;
    }
    pages.afterSubmit(ctx, splits.propose(caller, id, proposal).map(done -> {
      pages.flashNotice(ctx, pages.text(ctx, "split.proposed"));
      return done;
    }), done -> "/i/" + id + "/split", status -> status == 400 || status == 403 || status == 409 || status == 422,
        e -> again(ctx, caller, id, typed, null, e));
  }

  private void answer(RoutingContext ctx, boolean consent) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    SplitAnswer a;
    try {
      a = SplitAnswer.from(FormFields.of(ctx));
    } catch (ApiException e) {
      again(ctx, caller, id, null, null, e);
      return;
    }
    Future<RewardSplit> done = consent ? splits.consent(caller, id, a.round()) : splits.decline(caller, id, a.round());
    pages.afterSubmit(ctx, done.map(s -> {
      pages.flashNotice(ctx, pages.text(ctx, consent ? "split.consentedFlash" : "split.declinedFlash"));
      return s;
    }), s -> "/i/" + id + "/split", status -> status == 403 || status == 409, e -> {
      pages.flashError(ctx, pages.problem(ctx, e));
      pages.redirect(ctx, "/i/" + id + "/split");
    });
  }

  private void dispute(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    String note = FormValues.orEmpty(ctx.request().getFormAttribute("note"));
    CreditDispute d;
    try {
      d = CreditDispute.from(FormFields.of(ctx));
    } catch (ApiException e) {
      again(ctx, caller, id, null, note, e);
      return;
    }
    pages.afterSubmit(ctx, splits.dispute(caller, id, d).map(flag -> {
      pages.flashNotice(ctx, pages.text(ctx, "split.disputedFlash"));
      return flag;
    }), flag -> "/i/" + id + "/split", status -> status == 403 || status == 409 || status == 429,
        e -> again(ctx, caller, id, null, note, e));
  }

  private void again(RoutingContext ctx, Caller caller, long id, Map<String, String> typed, String note, ApiException e) {
    model(ctx, caller, id, typed, note).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        JsonObject model = pages.withErrors(ctx, ar.result(), e);
        // Each person's row shows its own error (shares.<username>), the form the sum's (shares).
        JsonObject errors = model.getJsonObject("errors");
        JsonObject proposal = model.getJsonObject("proposal");
        if (proposal != null) {
          proposal.put("error", errors.getString("shares"));
          proposal.getJsonArray("people").forEach(o -> ((JsonObject) o)
              .put("error", errors.getString("shares." + ((JsonObject) o).getString("username"))));
        }
        pages.render(ctx, e.status(), "split", model);
      }
    });
  }
}
