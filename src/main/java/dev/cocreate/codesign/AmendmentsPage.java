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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /i/:id/amendments}: an idea's amendments, newest first, and the form that proposes one
 * (the idea's current text to start from); {@code /i/:id/amendments/:aid}: one amendment, what it
 * would change, its answer and reason, its discussion's link and, for the idea's authors while it is
 * open, accept and decline.
 */
final class AmendmentsPage {
  private final Pages pages;
  private final CodesignService codesign;
  private final CodesignTexts texts;

  AmendmentsPage(Pages pages, CodesignService codesign, CodesignTexts texts) {
    this.pages = pages;
    this.codesign = codesign;
    this.texts = texts;
  }

  void list(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Http.idParam(ctx, "id");
    pages.render(ctx, "amendments", model(ctx, caller, id, null));
  }

  private Future<JsonObject> model(RoutingContext ctx, Caller caller, long id, JsonObject draft) {
    return codesign.involved(caller, id).compose(inv -> codesign.amendmentsOf(inv).map(list -> pages
        .frame(ctx, pages.text(ctx, "codesign.amendmentsOf", "title", inv.idea().title()))
        .put("idea", new JsonObject().put("id", id).put("title", inv.idea().title()))
        .put("amendments", texts.amendments(ctx, list))
        .put("signedIn", caller.signedIn())
        .put("form", draft != null ? draft : new JsonObject().put("body", inv.idea().body()))
        .put("breadcrumbs", Crumb.toJson(pages.trail(ctx, new Crumb(inv.idea().title(), "/i/" + id))))));
  }

  void propose(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    var f = ctx.request().formAttributes();
    JsonObject draft = new JsonObject().put("body", FormValues.orEmpty(f.get("body"))).put("note", FormValues.orEmpty(f.get("note")));
    NewAmendment a;
    try {
      a = NewAmendment.from(FormFields.of(ctx));
    } catch (ApiException e) {
      again(ctx, caller, id, draft, e);
      return;
    }
    pages.afterSubmit(ctx, codesign.propose(caller, id, a).map(made -> {
      pages.flashNotice(ctx, pages.text(ctx, "codesign.proposed"));
      return made;
    }), made -> "/i/" + id + "/amendments/" + made.id(), status -> status == 400 || status == 429,
        e -> again(ctx, caller, id, draft, e));
  }

  private void again(RoutingContext ctx, Caller caller, long id, JsonObject draft, ApiException e) {
    model(ctx, caller, id, draft).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.render(ctx, e.status(), "amendments", pages.withErrors(ctx, ar.result(), e));
      }
    });
  }

  void one(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    pages.render(ctx, "amendment", one(ctx, caller, null, null));
  }

  private Future<JsonObject> one(RoutingContext ctx, Caller caller, String reasonDraft, ApiException refused) {
    long id = Http.idParam(ctx, "id");
    long aid = Http.idParam(ctx, "aid");
    return codesign.amendment(caller, aid).compose(a -> {
      if (a.ideaId() != id) {
        return Future.failedFuture(ApiException.notFound("amendment"));
      }
      return codesign.involved(caller, id).map(inv -> {
        JsonObject model = pages.frame(ctx, pages.text(ctx, "codesign.amendmentN", "n", Long.toString(aid)) + " · "
                + inv.idea().title())
            .put("idea", new JsonObject().put("id", id).put("title", inv.idea().title()))
            .put("amendment", texts.amendment(ctx, a))
            .put("canAnswer", inv.author() && a.open())
            // Against the text the idea has now: what accepting it would change.
            .put("diffHtml", TextDiff.html(TextDiff.between(inv.idea().body(), a.body())))
            .put("form", new JsonObject().put("reason", reasonDraft == null ? "" : reasonDraft))
            .put("breadcrumbs", Crumb.toJson(pages.trail(ctx, new Crumb(inv.idea().title(), "/i/" + id),
                new Crumb(pages.text(ctx, "codesign.amendments"), "/i/" + id + "/amendments"))));
        return refused == null ? model : pages.withErrors(ctx, model, refused);
      });
    });
  }

  void accept(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    long aid = Http.idParam(ctx, "aid");
    pages.afterSubmit(ctx, codesign.accept(caller, aid).map(done -> {
      pages.flashNotice(ctx, pages.text(ctx, "codesign.accepted", "n", Integer.toString(done.iteration().n())));
      return done;
    }), done -> "/i/" + id, status -> status == 409, e -> {
      pages.flashError(ctx, pages.problem(ctx, e));
      pages.redirect(ctx, "/i/" + id + "/amendments/" + aid);
    });
  }

  void decline(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    long aid = Http.idParam(ctx, "aid");
    String reason = FormValues.orEmpty(ctx.request().getFormAttribute("reason"));
    AmendmentDecline d;
    try {
      d = AmendmentDecline.from(FormFields.of(ctx));
    } catch (ApiException e) {
      render(ctx, one(ctx, caller, reason, e), e.status());
      return;
    }
    pages.afterSubmit(ctx, codesign.decline(caller, aid, d).map(done -> {
      pages.flashNotice(ctx, pages.text(ctx, "codesign.declined"));
      return done;
    }), done -> "/i/" + id + "/amendments/" + aid, status -> status == 409, e -> {
      pages.flashError(ctx, pages.problem(ctx, e));
      pages.redirect(ctx, "/i/" + id + "/amendments/" + aid);
    });
  }

  private void render(RoutingContext ctx, Future<JsonObject> model, int status) {
    model.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.render(ctx, status, "amendment", ar.result());
      }
    });
  }
}
