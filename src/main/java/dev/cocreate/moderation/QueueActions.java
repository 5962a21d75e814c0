package dev.cocreate.moderation;

import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * The queue's forms: an action on a post or its thread ({@code POST /mod/actions}) and taking or
 * giving back a claim on an item. Each goes back to the queue page it came from; one that cannot be
 * taken shows that page again with the error where the form is.
 */
final class QueueActions {
  private final Pages pages;
  private final ModerationService moderation;
  private final ModeratorsOnly door;
  private final ModerationTexts texts;
  private final ModQueuePage queue;

  QueueActions(Pages pages, ModerationService moderation, ModeratorsOnly door, ModerationTexts texts, ModQueuePage queue) {
    this.pages = pages;
    this.moderation = moderation;
    this.door = door;
    this.texts = texts;
    this.queue = queue;
  }

  void act(RoutingContext ctx) {
    Caller caller = door.queueWorker(ctx);
    if (caller == null) {
      return;
    }
    var form = ctx.request().formAttributes();
    ModerationAction action = ModerationAction.of(FormValues.orEmpty(form.get("action")));
    String targetType = FormValues.orEmpty(form.get("targetType"));
    if (action == null || !action.targetType().equals(targetType) || action == ModerationAction.WARN) {
      throw ApiException.badRequest("That is not an action the queue offers.");
    }
    long targetId = targetId(form.get("targetId"));
    String item = safeItemKey(form.get("item"));
    String cursor = FormValues.blankToNull(form.get("cursor"));
    String reason = FormValues.orEmpty(form.get("reason")).strip();
    String toSpace = FormValues.blankToNull(form.get("toSpace"));
    String errorKey = QueueItemView.errorKey(action.wire());
    ActionRequest request;
    try {
      // The action, its target and its id are the queue's own, checked above; the reason and the
      // space are what the moderator typed, checked as the API checks them.
      request = ActionRequest.from(new FormFields(form).with("targetId", targetId)
          .with("toSpace", action == ModerationAction.MOVE ? toSpace : null));
    } catch (ApiException e) {
      queue.showWithError(ctx, caller, cursor, 400, item, errorKey, invalid(ctx, e), reason);
      return;
    }
    boolean destructive = action == ModerationAction.HIDE || action == ModerationAction.LOCK;
    if (destructive && !pages.confirmed(ctx, new Pages.Confirm(pages.text(ctx, "confirm." + action.wire() + ".question"),
        pages.text(ctx, "confirm." + action.wire() + ".consequence"),
        pages.text(ctx, action == ModerationAction.HIDE ? "modQueue.hide" : "modQueue.lock"),
        queueAt(cursor) + (item == null ? "" : "#item-" + item)))) {
      return;
    }
    moderation.act(caller, request).onComplete(ar -> {
          if (ar.succeeded()) {
            // A hidden or cleared item leaves the queue: there is no item to come back to.
            String anchor = action == ModerationAction.HIDE || action == ModerationAction.DISMISS_FLAGS || item == null
                ? "" : "#item-" + item;
            String confirmation = texts.confirmation(ctx, action.wire());
            if (confirmation != null) {
              pages.flashNotice(ctx, confirmation);
            }
            pages.redirect(ctx, queueAt(cursor) + anchor);
          } else if (ar.cause() instanceof ApiException e && e.status() < 500 && e.status() != 401 && e.status() != 403) {
            queue.showWithError(ctx, caller, cursor, e.status(), item, errorKey, pages.problem(ctx, e), reason);
          } else {
            ctx.fail(ar.cause());
          }
        });
  }

  /** {@code POST /mod/queue/post/:targetId/claim} ({@code take}) or {@code .../release}. */
  void claim(RoutingContext ctx, boolean take) {
    Caller caller = door.queueWorker(ctx);
    if (caller == null) {
      return;
    }
    String targetType = ctx.pathParam("targetType");
    if (!"post".equals(targetType)) {
      throw ApiException.notFound("queue item");
    }
    long targetId = Http.idParam(ctx, "targetId");
    String item = targetType + "-" + targetId;
    String cursor = FormValues.blankToNull(ctx.request().getFormAttribute("cursor"));
    Future<?> done = take ? moderation.claim(caller, targetType, targetId) : moderation.release(caller, targetType, targetId);
    done.onComplete(ar -> {
      if (ar.succeeded()) {
        pages.flashNotice(ctx, pages.text(ctx, take ? "flash.claimed" : "flash.released"));
        pages.redirect(ctx, queueAt(cursor) + "#item-" + item);
      } else if (ar.cause() instanceof ApiException e && (e.status() == 404 || e.status() == 409)) {
        queue.showWithError(ctx, caller, cursor, e.status(), item, null, pages.problem(ctx, e), null);
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  /** The form's words for the first thing wrong: no reason, too long a reason, no space to move to. */
  private String invalid(RoutingContext ctx, ApiException e) {
    ApiException.FieldError first = e.errors().get(0);
    if (first.field().equals("reason") && first.message().equals("must not be blank")) {
      return pages.text(ctx, "modQueue.reasonRequired");
    }
    if (first.field().equals("reason") && first.message().startsWith("must be at most")) {
      return pages.text(ctx, "modQueue.reasonTooLong", "max", ActionRequest.REASON_MAX);
    }
    if (first.field().equals("toSpace") && first.message().equals("must not be blank")) {
      return pages.text(ctx, "modQueue.chooseSpace");
    }
    return pages.problem(ctx, e);
  }

  private static String queueAt(String cursor) {
    return "/mod" + (cursor == null ? "" : "?cursor=" + FormValues.encode(cursor));
  }

  /** The queue item a form came from, as the page named it; anything else is ignored. */
  private static String safeItemKey(String raw) {
    return raw != null && raw.matches("(post|thread|user)-[0-9]{1,19}") ? raw : null;
  }

  static long targetId(String raw) {
    try {
      long id = Long.parseLong(FormValues.orEmpty(raw).strip());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // falls through
    }
    throw ApiException.invalid("targetId", "must be an id");
  }
}
