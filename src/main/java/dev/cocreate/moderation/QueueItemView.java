package dev.cocreate.moderation;

import dev.cocreate.account.Caller;
import dev.cocreate.moderation.ModeratedContent.SpaceChoice;
import dev.cocreate.moderation.ModeratedContent.ThreadSummary;
import dev.cocreate.platform.json.Times;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One item of the moderation queue as mod-queue.hbs reads it: the flagged post, why it was flagged
 * and by whom, its author's history, who has claimed it, and a small form per action, each with its
 * own labelled reason field so an error can be shown next to the form that failed.
 */
final class QueueItemView {
  private final Pages pages;
  private final ModerationTexts texts;

  QueueItemView(Pages pages, ModerationTexts texts) {
    this.pages = pages;
    this.texts = texts;
  }

  /**
   * @param thread the post's thread when the moderator may read it (for its title and the thread's forms)
   * @param spaces the spaces a thread can be moved to, its own among them
   */
  JsonObject of(RoutingContext ctx, Caller caller, ModerationService.QueueItem item, ThreadSummary thread,
      List<SpaceChoice> spaces, String cursor) {
    String key = item.targetType() + "-" + item.targetId();
    JsonObject view = new JsonObject()
        .put("key", key)
        .put("targetType", item.targetType())
        .put("targetId", item.targetId())
        .put("firstFlaggedAt", Times.iso(item.firstFlaggedAt()))
        .put("flagCount", item.flags().size())
        .put("oneFlag", item.flags().size() == 1)
        .put("logHref", "/mod/log?targetType=" + item.targetType() + "&targetId=" + item.targetId());

    Map<String, Integer> counts = new LinkedHashMap<>();
    JsonArray flags = new JsonArray();
    for (Flag f : item.flags()) {
      counts.merge(f.reason(), 1, Integer::sum);
      flags.add(new JsonObject()
          .put("by", f.flaggerId() == null ? null
              : new JsonObject().put("username", f.flaggerUsername()).put("displayName", f.flaggerDisplayName()))
          .put("reasonLabel", texts.flagReason(ctx, f.reason()))
          .put("note", f.note())
          .put("at", Times.iso(f.createdAt())));
    }
    JsonArray reasons = new JsonArray();
    counts.forEach((reason, n) -> reasons.add(new JsonObject().put("reason", reason)
        .put("label", texts.flagReason(ctx, reason)).put("count", n)));
    view.put("reasons", reasons).put("flags", flags);

    JsonObject post = item.content();
    if (post != null) {
      long postId = post.getLong("id");
      long anchor = post.getLong("parentId") == null ? postId : post.getLong("parentId");
      view.put("content", post).put("postHref", "/t/" + post.getLong("threadId") + "/p/" + anchor + "#p" + postId);
    }
    if (item.author() != null) {
      ModerationService.AuthorHistory a = item.author();
      JsonArray history = new JsonArray();
      a.previousActions().forEach(e -> history.add(texts.entry(ctx, e, Map.of(), Map.of())));
      view.put("author", new JsonObject().put("username", a.username()).put("displayName", a.displayName())
          .put("trustLevel", a.trustLevel()).put("postCount", a.postCount()).put("flagsUpheld", a.flagsUpheld())
          .put("previousActions", history));
    }
    JsonArray previous = new JsonArray();
    item.previousActions().forEach(e -> previous.add(texts.entry(ctx, e, Map.of(), Map.of())));
    view.put("previousActions", previous);

    if (item.claim() != null) {
      ModerationService.Claim c = item.claim();
      view.put("claim", new JsonObject().put("username", c.moderatorUsername()).put("until", Times.iso(c.until()))
          .put("mine", c.moderatorId() == caller.id()));
    }
    String claimBase = "/mod/queue/" + item.targetType() + "/" + item.targetId();
    view.put("claimAction", claimBase + "/claim").put("releaseAction", claimBase + "/release");

    JsonArray postActions = new JsonArray();
    if (post != null && !post.getBoolean("deleted", false)) {
      postActions.add(asksFirst(ctx, actionForm(ctx, key, "hide", "post", item.targetId(), "modQueue.hide", "modQueue.hideReason")));
    }
    postActions.add(actionForm(ctx, key, "dismiss_flags", "post", item.targetId(), "modQueue.dismiss", "modQueue.dismissReason"));
    view.put("postActions", postActions);

    if (thread != null) {
      view.put("thread", threadView(thread, item.targetId())).put("threadActions", threadActions(ctx, key, thread, spaces));
    }
    view.put("cursor", cursor);
    return view;
  }

  private static JsonObject threadView(ThreadSummary thread, long postId) {
    boolean opening = thread.firstPostId() != null && thread.firstPostId() == postId;
    return new JsonObject().put("id", thread.id()).put("title", thread.title())
        .put("spaceName", thread.spaceName()).put("spaceSlug", thread.spaceSlug())
        .put("locked", thread.locked()).put("pinned", thread.pinned()).put("opening", opening);
  }

  private JsonArray threadActions(RoutingContext ctx, String key, ThreadSummary thread, List<SpaceChoice> spaces) {
    JsonObject lock = actionForm(ctx, key, thread.locked() ? "unlock" : "lock", "thread", thread.id(),
        thread.locked() ? "modQueue.unlock" : "modQueue.lock",
        thread.locked() ? "modQueue.unlockReason" : "modQueue.lockReason");
    JsonArray threadActions = new JsonArray()
        .add(thread.locked() ? lock : asksFirst(ctx, lock))
        .add(actionForm(ctx, key, thread.pinned() ? "unpin" : "pin", "thread", thread.id(),
            thread.pinned() ? "modQueue.unpin" : "modQueue.pin",
            thread.pinned() ? "modQueue.unpinReason" : "modQueue.pinReason"));
    JsonArray destinations = new JsonArray();
    spaces.stream().filter(s -> s.id() != thread.spaceId())
        .forEach(s -> destinations.add(new JsonObject().put("slug", s.slug()).put("name", s.name())));
    if (!destinations.isEmpty()) {
      threadActions.add(actionForm(ctx, key, "move", "thread", thread.id(), "modQueue.move", "modQueue.moveReason")
          .put("spaces", destinations));
    }
    return threadActions;
  }

  /**
   * A destructive action (hide, lock): styled as danger, and asked about first, in js/confirm.js's
   * dialog or, without it, on the confirmation page {@link QueueActions} answers.
   */
  private JsonObject asksFirst(RoutingContext ctx, JsonObject form) {
    String action = form.getString("action");
    return form.put("danger", true)
        .put("confirmQuestion", pages.text(ctx, "confirm." + action + ".question"))
        .put("confirmDetail", pages.text(ctx, "confirm." + action + ".consequence"));
  }

  /** One small form of the queue: an action on a target, with its own labelled reason field. */
  private JsonObject actionForm(RoutingContext ctx, String itemKey, String action, String targetType, long targetId,
      String buttonKey, String labelKey) {
    String fieldId = "reason-" + itemKey + "-" + action;
    return new JsonObject()
        .put("item", itemKey)
        .put("action", action)
        .put("errorKey", errorKey(action))
        .put("targetType", targetType)
        .put("targetId", targetId)
        .put("button", pages.text(ctx, buttonKey))
        .put("label", pages.text(ctx, labelKey))
        .put("fieldId", fieldId)
        .put("spaceFieldId", "space-" + itemKey);
  }

  /** Lock and unlock (pin and unpin) share one form slot, so an error lands where the form is. */
  static String errorKey(String action) {
    return switch (action) {
      case "unlock" -> "lock";
      case "unpin" -> "pin";
      default -> action;
    };
  }
}
