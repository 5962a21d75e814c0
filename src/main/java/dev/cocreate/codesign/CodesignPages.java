package dev.cocreate.codesign;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.challenge.IdeaPageBlock;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.upload.UploadPaths;
import dev.cocreate.upload.UploadRoutes;
import dev.cocreate.upload.UploadService;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Co-design's pages, mounted: an idea's iterations and diffs, its amendments, and the forms of its
 * block on the idea page (invite a co-author, answer an invitation, mark a reply incorporated), each
 * a form that posts back and redirects, so all of it works without JavaScript; the files its
 * iterations attach; the credit ledger as CSV; and the reward's split ({@link SplitPage}).
 */
public final class CodesignPages {
  private final Pages pages;
  private final CodesignService codesign;
  private final CreditLedger ledger;
  private final IterationsPage iterations;
  private final AmendmentsPage amendments;
  private final CodesignBlock block;

  private final SplitPage split;

  public CodesignPages(Pages pages, CodesignService codesign, CreditLedger ledger, RewardSplits splits, UploadRoutes files,
      UploadService uploads) {
    CodesignTexts texts = new CodesignTexts(pages);
    this.pages = pages;
    this.codesign = codesign;
    this.ledger = ledger;
    this.iterations = new IterationsPage(pages, codesign, texts, files, uploads);
    this.amendments = new AmendmentsPage(pages, codesign, texts);
    this.block = new CodesignBlock(codesign, ledger, splits, texts);
    this.split = new SplitPage(pages, splits);
  }

  /** The idea page's co-design block. */
  public IdeaPageBlock ideaBlock() {
    return block;
  }

  public void mount(Router router) {
    router.get("/i/:id/iterations").handler(iterations::history);
    router.post("/i/:id/iterations").handler(iterations::publish);
    router.get("/i/:id/iterations/:n").handler(iterations::one);
    router.get("/i/:id/attachments/:file").handler(this::attachment);
    router.get("/i/:id/amendments").handler(amendments::list);
    router.post("/i/:id/amendments").handler(amendments::propose);
    router.get("/i/:id/amendments/:aid").handler(amendments::one);
    router.post("/i/:id/amendments/:aid/accept").handler(amendments::accept);
    router.post("/i/:id/amendments/:aid/decline").handler(amendments::decline);
    router.post("/i/:id/coauthors").handler(this::invite);
    router.post("/i/:id/coauthors/accept").handler(ctx -> answer(ctx, true));
    router.post("/i/:id/coauthors/decline").handler(ctx -> answer(ctx, false));
    router.post("/i/:id/incorporated").handler(this::incorporated);
    router.get("/i/:id/credits.csv").handler(this::csv);
    split.mount(router);
  }

  /**
   * After one of the block's small forms: back to the idea's co-design block, told what was done or
   * why not (a one-field form: the refusal names what was typed).
   */
  private <T> void back(RoutingContext ctx, long id, Future<T> action, String done) {
    pages.afterSubmit(ctx, action.map(x -> {
      pages.flashNotice(ctx, done);
      return x;
    }), x -> "/i/" + id + "#codesign", status -> status == 400 || status == 403 || status == 409, e -> {
      pages.flashError(ctx, pages.problem(ctx, e));
      pages.redirect(ctx, "/i/" + id + "#codesign");
    });
  }

  private void invite(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    CoauthorInvite invite;
    try {
      invite = CoauthorInvite.from(FormFields.of(ctx));
    } catch (ApiException e) {
      back(ctx, id, Future.failedFuture(e), "");
      return;
    }
    back(ctx, id, codesign.invite(caller, id, invite), pages.text(ctx, "codesign.invitedFlash", "name", invite.username()));
  }

  private void answer(RoutingContext ctx, boolean accept) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    back(ctx, id, codesign.answerInvite(caller, id, accept),
        pages.text(ctx, accept ? "codesign.inviteAccepted" : "codesign.inviteDeclined"));
  }

  private void incorporated(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    Long postId;
    try {
      var f = FormFields.of(ctx);
      postId = f.requiredLong("postId");
      f.validate();
    } catch (ApiException e) {
      back(ctx, id, Future.failedFuture(e), "");
      return;
    }
    back(ctx, id, ledger.incorporated(caller, postId, id), pages.text(ctx, "codesign.incorporatedFlash"));
  }

  /**
   * {@code /i/:id/attachments/<sha256>.<ext>}: a file one of the idea's iterations attaches, for those
   * who read the idea (404 for everyone else, as the idea itself is); kept by no shared cache.
   */
  private void attachment(RoutingContext ctx) {
    long id = Http.idParam(ctx, "id");
    Optional<UploadPaths.Name> file = UploadPaths.parseFileName(ctx.pathParam("file"));
    if (file.isEmpty()) {
      ctx.fail(ApiException.notFound("attachment"));
      return;
    }
    codesign.attachment(AuthHandler.caller(ctx), id, file.get()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        ctx.fail(ApiException.notFound("attachment"));
      } else {
        UploadRoutes.send(ctx, file.get(), ar.result().get(), "private, no-cache");
      }
    });
  }

  private void csv(RoutingContext ctx) {
    long id = Http.idParam(ctx, "id");
    ledger.creditsCsv(AuthHandler.caller(ctx), id).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response()
          .putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"idea-" + id + "-credits.csv\"")
          .putHeader("Cache-Control", "no-store")
          .end(ar.result());
    });
  }
}
