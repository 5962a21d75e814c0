package dev.cocreate.moderation;

import dev.cocreate.account.User;
import dev.cocreate.moderation.ModeratedContent.ThreadSummary;
import dev.cocreate.platform.json.Times;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the moderation pages say things in the page's language: flag reasons, what was done (to a
 * moderator), what happened to one's own content (to the member), and which post, thread or member
 * an entry is about. Shared by the queue, the log and the notices, which must name things alike.
 */
final class ModerationTexts {
  private static final Map<String, String> FLAG_REASONS = keys(
      "spam", "mod.flagReason.spam",
      "abuse", "mod.flagReason.abuse",
      "off_topic", "mod.flagReason.off_topic",
      "other", "mod.flagReason.other",
      Flag.NEW_MEMBER, "mod.flagReason.new_member",
      Flag.CREDIT, "mod.flagReason.credit");
  /** What a moderator reads in the log and the queue's history. */
  private static final Map<String, String> DONE = keys(
      "hide", "mod.done.hide",
      "unhide", "mod.done.unhide",
      "dismiss_flags", "mod.done.dismiss_flags",
      "lock", "mod.done.lock",
      "unlock", "mod.done.unlock",
      "pin", "mod.done.pin",
      "unpin", "mod.done.unpin",
      "move", "mod.done.move",
      "warn", "mod.done.warn",
      "suspend", "mod.done.suspend",
      "unsuspend", "mod.done.unsuspend",
      "silence", "mod.done.silence",
      "unsilence", "mod.done.unsilence",
      "set_role", "mod.done.set_role",
      "auto_hide", "mod.done.auto_hide",
      "hold", "mod.done.hold",
      "delete_post", "mod.done.delete_post",
      "restore_post", "mod.done.restore_post");
  /** What the member reads about their own content or account. */
  private static final Map<String, String> TOLD = keys(
      "hide", "mod.told.hide",
      "unhide", "mod.told.unhide",
      "auto_hide", "mod.told.auto_hide",
      "hold", "mod.told.hold",
      "lock", "mod.told.lock",
      "unlock", "mod.told.unlock",
      "move", "mod.told.move",
      "warn", "mod.told.warn",
      "suspend", "mod.told.suspend",
      "unsuspend", "mod.told.unsuspend",
      "silence", "mod.told.silence",
      "unsilence", "mod.told.unsilence",
      "set_role", "mod.told.set_role");
  /** The page's confirmation after an action form. */
  private static final Map<String, String> CONFIRM = keys(
      "hide", "mod.confirm.hide",
      "dismiss_flags", "mod.confirm.dismiss_flags",
      "lock", "mod.confirm.lock",
      "unlock", "mod.confirm.unlock",
      "pin", "mod.confirm.pin",
      "unpin", "mod.confirm.unpin",
      "move", "mod.confirm.move");

  private final Pages pages;

  ModerationTexts(Pages pages) {
    this.pages = pages;
  }

  String flagReason(RoutingContext ctx, String reason) {
    return label(ctx, FLAG_REASONS, reason);
  }

  /** What the member is told about an action on their content or account; an unknown action is named as it is. */
  String told(RoutingContext ctx, String action) {
    return TOLD.containsKey(action) ? pages.text(ctx, TOLD.get(action)) : pages.text(ctx, "mod.told.other", "action", action);
  }

  /** The confirmation an action form's redirect shows, or null for an action that has none. */
  String confirmation(RoutingContext ctx, String action) {
    return CONFIRM.containsKey(action) ? pages.text(ctx, CONFIRM.get(action)) : null;
  }

  /** One entry of the log, or of the history beside a queue item. */
  JsonObject entry(RoutingContext ctx, ModerationLog.Entry e, Map<Long, ThreadSummary> threads, Map<Long, User> users) {
    return new JsonObject()
        .put("id", e.id())
        .put("at", Times.iso(e.at()))
        .put("actor", e.actorId() == null ? null
            : new JsonObject().put("username", e.actorUsername()).put("displayName", e.actorDisplayName()))
        .put("action", e.action())
        .put("actionLabel", label(ctx, DONE, e.action()))
        .put("targetLabel", target(ctx, e.targetType(), e.targetId(), threads, users))
        .put("targetHref", targetHref(e.targetType(), e.targetId(), users))
        .put("reason", e.reason());
  }

  /** What an entry is about: a post by number, a thread by title when the reader may see it, a member by name. */
  String target(RoutingContext ctx, String type, long id, Map<Long, ThreadSummary> threads, Map<Long, User> users) {
    // Ids are passed as text: they are names, not quantities to group by thousands.
    String number = Long.toString(id);
    return switch (type) {
      case "post" -> pages.text(ctx, "modQueue.postNumber", "id", number);
      case "thread" -> threads.containsKey(id) ? pages.text(ctx, "modLog.threadTitled", "title", threads.get(id).title())
          : pages.text(ctx, "modLog.threadNumber", "id", number);
      case "user" -> users.containsKey(id) ? "@" + users.get(id).username() : pages.text(ctx, "modLog.memberNumber", "id", number);
      default -> type + " #" + id;
    };
  }

  static String targetHref(String type, long id, Map<Long, User> users) {
    return switch (type) {
      case "post" -> "/posts/" + id;
      case "thread" -> "/t/" + id;
      case "user" -> users.containsKey(id) ? "/u/" + users.get(id).username() : null;
      default -> null;
    };
  }

  /** A code's label from one of the maps above, in the page's language; an unknown code shows as itself. */
  private String label(RoutingContext ctx, Map<String, String> keys, String code) {
    String key = keys.get(code);
    return key == null ? code : pages.text(ctx, key);
  }

  private static Map<String, String> keys(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return Map.copyOf(out);
  }
}
