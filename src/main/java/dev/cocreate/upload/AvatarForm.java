package dev.cocreate.upload;

import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The avatar section of {@code /settings} (partials/settings-avatar.hbs): a plain multipart form
 * that uploads a picture and makes it the avatar, and one that goes back to the generated default.
 * Both answer with a redirect to the settings page and a flash saying what happened or why not.
 */
public final class AvatarForm {
  private static final String SETTINGS = "/settings";
  private final Pages pages;
  private final UploadRoutes routes;
  private final UploadService uploads;

  public AvatarForm(Pages pages, UploadRoutes routes, UploadService uploads) {
    this.pages = pages;
    this.routes = routes;
    this.uploads = uploads;
  }

  /** The page routes; {@code POST /settings/avatar} must also pass {@link UploadRoutes#gate} ahead of the body handler. */
  public void mount(Router router) {
    router.post("/settings/avatar").handler(this::upload);
    router.post("/settings/avatar/remove").handler(this::remove);
  }

  private void upload(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    Future<?> done;
    try {
      uploads.admit(caller);
      if (ctx.get(UploadRoutes.UNREAD_BODY) == null) {
        throw ImageFile.unsupported();
      }
      done = routes.readFile(ctx, caller)
          .compose(file -> uploads.store(caller, file, false))
          .compose(upload -> uploads.setAvatar(caller, upload.url()));
    } catch (ApiException e) {
      done = Future.failedFuture(e);
    }
    finish(ctx, done, "settings.avatarSaved");
  }

  private void remove(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller != null) {
      finish(ctx, uploads.clearAvatar(caller), "settings.avatarRemoved");
    }
  }

  /** Back to the settings page, saying what was done, or why not (a file too large or not an image). */
  private void finish(RoutingContext ctx, Future<?> done, String doneKey) {
    done.onComplete(ar -> {
      if (ar.succeeded()) {
        pages.flashNotice(ctx, pages.text(ctx, doneKey));
        pages.redirect(ctx, SETTINGS);
      } else if (ar.cause() instanceof ApiException e && e.status() != 403 && e.status() < 500) {
        pages.flashError(ctx, switch (e.status()) {
          case 413 -> pages.text(ctx, "settings.avatarTooLarge");
          case 415 -> pages.text(ctx, "settings.avatarNotImage");
          case 400 -> pages.text(ctx, "settings.avatarNoFile");
          default -> pages.problem(ctx, e);
        });
        pages.redirect(ctx, SETTINGS);
      } else {
        ctx.fail(ar.cause());
      }
    });
  }
}
