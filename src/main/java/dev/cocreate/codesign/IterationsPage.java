package dev.cocreate.codesign;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.upload.Received;
import dev.cocreate.upload.Upload;
import dev.cocreate.upload.UploadRoutes;
import dev.cocreate.upload.UploadService;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code /i/:id/iterations}: an idea's versions, newest first, the diff between any two
 * ({@code ?from=&to=}) and, for its authors, the form that publishes the next one;
 * {@code /i/:id/iterations/:n}: one version with what the next one changed.
 */
final class IterationsPage {
  private final Pages pages;
  private final CodesignService codesign;
  private final CodesignTexts texts;

  private final UploadRoutes files;
  private final UploadService uploads;

  IterationsPage(Pages pages, CodesignService codesign, CodesignTexts texts, UploadRoutes files, UploadService uploads) {
    this.pages = pages;
    this.codesign = codesign;
    this.texts = texts;
    this.files = files;
    this.uploads = uploads;
  }

  /** What the author typed, shown again with what was wrong with it. */
  record Draft(String summary, String body, String attachments) {
    JsonObject toJson() {
      return new JsonObject().put("summary", summary).put("body", body).put("attachments", attachments);
    }
  }

  void history(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Http.idParam(ctx, "id");
    boolean compare = ctx.request().getParam("from") != null || ctx.request().getParam("to") != null;
    Integer from = compare ? CodesignRoutes.number(ctx, "from") : null;
    Integer to = compare ? CodesignRoutes.number(ctx, "to") : null;
    pages.render(ctx, "iterations", model(ctx, caller, id, from, to, null));
  }

  private Future<JsonObject> model(RoutingContext ctx, Caller caller, long id, Integer from, Integer to, Draft draft) {
    return codesign.involved(caller, id).compose(inv -> codesign.iterations(caller, id).map(its -> {
      JsonObject idea = new JsonObject().put("id", id).put("title", inv.idea().title());
      JsonArray newestFirst = new JsonArray();
      List<Iteration> items = its.items();
      for (int i = items.size() - 1; i >= 0; i--) {
        newestFirst.add(texts.iteration(ctx, items.get(i)));
      }
      JsonObject model = pages.frame(ctx, pages.text(ctx, "codesign.iterationsOf", "title", inv.idea().title()))
          .put("idea", idea).put("iterations", newestFirst).put("isAuthor", inv.author())
          .put("latestN", its.latest().n())
          .put("form", draft == null ? new JsonObject() : draft.toJson())
          .put("breadcrumbs", Crumb.toJson(pages.trail(ctx, new Crumb(inv.idea().title(), "/i/" + id))));
      if (from != null) {
        Iteration a = CodesignService.numbered(items, from);
        Iteration b = CodesignService.numbered(items, to);
        model.put("diff", new JsonObject().put("from", a.n()).put("to", b.n())
            .put("html", TextDiff.html(TextDiff.between(a.body(), b.body()))));
      }
      model.put("fromN", from == null ? Math.max(1, its.latest().n() - 1) : from)
          .put("toN", to == null ? its.latest().n() : to);
      return model;
    }));
  }

  void one(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Http.idParam(ctx, "id");
    int n = (int) Math.min(Integer.MAX_VALUE, Http.idParam(ctx, "n"));
    pages.render(ctx, "iteration", codesign.involved(caller, id).compose(inv -> codesign.iterations(caller, id).map(its -> {
      Iteration it = CodesignService.numbered(its.items(), n);
      JsonObject model = pages.frame(ctx, pages.text(ctx, "codesign.iterationN", "n", Integer.toString(n)) + " · "
              + inv.idea().title())
          .put("idea", new JsonObject().put("id", id).put("title", inv.idea().title()))
          .put("iteration", texts.iteration(ctx, it))
          .put("isLatest", n == its.latest().n())
          .put("breadcrumbs", Crumb.toJson(pages.trail(ctx, new Crumb(inv.idea().title(), "/i/" + id),
              new Crumb(pages.text(ctx, "codesign.history"), "/i/" + id + "/iterations"))));
      its.items().stream().filter(i -> i.n() == n + 1).findFirst().ifPresent(next -> model.put("next", new JsonObject()
          .put("n", next.n()).put("label", texts.iteration(ctx, next).getString("label"))
          .put("html", TextDiff.html(TextDiff.between(it.body(), next.body())))));
      if (n > 1) {
        model.put("previousN", n - 1);
      }
      return model;
    })));
  }

  /**
   * {@code POST /i/:id/iterations}: an author's form, sent as {@code multipart/form-data} with an
   * optional file (an image or a PDF, uploaded as {@code POST /api/uploads} would, then attached
   * with the addresses typed in its attachments field); a plain form without a file is taken too.
   * Refused, it comes back with what they typed, and the address of a file it uploaded already.
   */
  void publish(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    Future<Optional<Received>> received = ctx.get(UploadRoutes.UNREAD_BODY) != null ? files.readForm(ctx, caller)
        : Future.succeededFuture(Optional.empty());
    received.compose(file -> file.isEmpty() ? Future.succeededFuture(Optional.<Upload>empty())
            : uploads.storeFromForm(caller, file.get()).map(Optional::of))
        .onComplete(ar -> {
          var f = ctx.request().formAttributes();
          List<String> attached = new ArrayList<>();
          Arrays.stream(FormValues.orEmpty(f.get("attachments")).split(",")).map(String::strip).filter(a -> !a.isEmpty())
              .forEach(attached::add);
          if (ar.succeeded()) {
            ar.result().ifPresent(upload -> attached.add(upload.url()));
          }
          Draft draft = new Draft(FormValues.orEmpty(f.get("summary")), FormValues.orEmpty(f.get("body")),
              String.join(", ", attached));
          if (ar.failed()) {
            // A file too large (413) or of a kind not taken (415), or too many uploads (429): said on the form.
            if (ar.cause() instanceof ApiException e && e.status() != 403 && e.status() < 500) {
              again(ctx, caller, id, draft, e);
            } else {
              ctx.fail(ar.cause());
            }
            return;
          }
          publish(ctx, caller, id, draft, attached);
        });
  }

  private void publish(RoutingContext ctx, Caller caller, long id, Draft draft, List<String> attached) {
    NewIteration it;
    try {
      it = NewIteration.from(FormFields.of(ctx).with("attachments", attached.isEmpty() ? null : attached));
    } catch (ApiException e) {
      again(ctx, caller, id, draft, e);
      return;
    }
    pages.afterSubmit(ctx, codesign.publish(caller, id, it).map(published -> {
      pages.flashNotice(ctx, pages.text(ctx, "codesign.published", "n", Integer.toString(published.n())));
      return published;
    }), published -> "/i/" + id, status -> status == 400 || status == 409 || status == 422,
        e -> again(ctx, caller, id, draft, e));
  }

  private void again(RoutingContext ctx, Caller caller, long id, Draft draft, ApiException e) {
    model(ctx, caller, id, null, null, draft).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.render(ctx, e.status(), "iterations", pages.withErrors(ctx, ar.result(), e));
      }
    });
  }
}
