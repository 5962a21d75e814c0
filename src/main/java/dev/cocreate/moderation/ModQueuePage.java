package dev.cocreate.moderation;

import dev.cocreate.account.Caller;
import dev.cocreate.moderation.ModeratedContent.SpaceChoice;
import dev.cocreate.moderation.ModeratedContent.ThreadSummary;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /mod}: the moderation queue, flagged posts oldest first, each with its action forms. A
 * form that cannot be taken (see {@link QueueActions}) shows this page again with the error next
 * to that form.
 */
final class ModQueuePage {
  static final int QUEUE_PAGE = 20;

  private final Pages pages;
  private final ModerationService moderation;
  private final ModeratedContent content;
  private final ModeratorsOnly door;
  private final QueueItemView items;

  ModQueuePage(Pages pages, ModerationService moderation, ModeratedContent content, ModeratorsOnly door,
      ModerationTexts texts) {
    this.pages = pages;
    this.moderation = moderation;
    this.content = content;
    this.door = door;
    this.items = new QueueItemView(pages, texts);
  }

  /** What mod-queue.hbs reads besides the frame; {@code cursor} is the page shown, kept by every form on it. */
  record View(JsonArray items, String cursor, String nextCursor) {
    JsonObject into(JsonObject frame) {
      return frame
          .put("items", items)
          .put("cursor", cursor)
          .put("nextCursor", nextCursor)
          .put("nextHref", nextCursor == null ? null : "/mod?cursor=" + FormValues.encode(nextCursor))
          .put("onQueue", true);
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = door.queueWorker(ctx);
    if (caller == null) {
      return;
    }
    String cursor = FormValues.blankToNull(ctx.request().getParam("cursor"));
    model(ctx, caller, cursor).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      pages.render(ctx, "mod-queue", ar.result());
    });
  }

  private Future<JsonObject> model(RoutingContext ctx, Caller caller, String cursor) {
    return moderation.queue(caller, cursor, QUEUE_PAGE).compose(page -> {
      Set<Long> threadIds = new LinkedHashSet<>();
      page.items().forEach(i -> {
        if (i.content() != null) {
          threadIds.add(i.content().getLong("threadId"));
        }
      });
      Future<Map<Long, ThreadSummary>> threads = content.readableThreads(caller, threadIds);
      // A facilitator moves threads between their own spaces only: the others are not offered.
      Future<List<SpaceChoice>> spaces = content.readableSpaces(caller)
          .map(all -> all.stream().filter(s -> moderation.mayModerateIn(caller, s.id())).toList());
      return Future.all(threads, spaces).map(x -> {
        JsonArray views = new JsonArray();
        page.items().forEach(i -> views.add(items.of(ctx, caller, i,
            i.content() == null ? null : threads.result().get(i.content().getLong("threadId")), spaces.result(), cursor)));
        // A facilitator's queue: the site's log is not theirs (their spaces' logs are on each space's tools).
        return new View(views, cursor, page.nextCursor()).into(pages.frame(ctx, pages.text(ctx, "modQueue.title")))
            .put("facilitatorOnly", !moderation.isModerator(caller));
      });
    });
  }

  /**
   * The queue again, with an error on one item: next to the form that failed ({@code errorKey}),
   * or at the top of the item when the error is about the item itself (a claim).
   */
  void showWithError(RoutingContext ctx, Caller caller, String cursor, int status, String item, String errorKey,
      String error, String reason) {
    model(ctx, caller, cursor).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonObject model = ar.result();
      JsonObject target = null;
      for (Object o : model.getJsonArray("items")) {
        if (((JsonObject) o).getString("key").equals(item)) {
          target = (JsonObject) o;
        }
      }
      JsonObject form = target == null || errorKey == null ? null : findForm(target, errorKey);
      if (form != null) {
        form.put("error", error).put("reason", reason);
        if (form.getString("targetType").equals("thread")) {
          target.put("threadActionsOpen", true);
        }
      } else if (target != null) {
        target.put("error", error);
      } else {
        model.put("error", error);
      }
      pages.render(ctx, status, "mod-queue", model);
    });
  }

  private static JsonObject findForm(JsonObject item, String errorKey) {
    for (String group : new String[] {"postActions", "threadActions"}) {
      JsonArray forms = item.getJsonArray(group);
      if (forms == null) {
        continue;
      }
      for (Object o : forms) {
        if (((JsonObject) o).getString("errorKey").equals(errorKey)) {
          return (JsonObject) o;
        }
      }
    }
    return null;
  }
}
