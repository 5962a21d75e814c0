package dev.cocreate.notify;

import dev.cocreate.platform.i18n.Messages;
import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * One notification as its member reads it. {@code count} says how many events it stands for:
 * while it is unread, later events of the same kind about the same target raise it instead of
 * adding rows. {@code data} carries what the summary needs (title, link, status) as of the latest.
 */
public record Notification(
    long id,
    long userId,
    NotificationKind kind,
    String targetType,
    long targetId,
    Long actorId,
    String actorUsername,
    String actorDisplayName,
    int count,
    JsonObject data,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    OffsetDateTime readAt) {

  static final String COLUMNS = "n.id, n.user_id, n.kind, n.target_type, n.target_id, n.actor_id, n.count, n.data, "
      + "n.created_at, n.updated_at, n.read_at, a.username as actor_username, a.display_name as actor_display_name";

  static Notification of(Row r) {
    Object data = r.getValue("data");
    return new Notification(
        r.getLong("id"),
        r.getLong("user_id"),
        NotificationKind.of(r.getString("kind")),
        r.getString("target_type"),
        r.getLong("target_id"),
        r.getLong("actor_id"),
        r.getString("actor_username"),
        r.getString("actor_display_name"),
        r.getInteger("count"),
        data instanceof JsonObject o ? o : new JsonObject(),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"),
        r.getOffsetDateTime("read_at"));
  }

  public String title() {
    return data.getString("title", "");
  }

  /** The page this notification leads to, relative to the site's root. */
  public String url() {
    return data.getString("url", "/notifications");
  }

  /**
   * Where opening it lands: the first post it announces (for "6 new replies", the earliest of them),
   * else its page.
   */
  public String firstUrl() {
    return data.getString("firstUrl", url());
  }

  /** One line for the list, the live toast and the digest: "3 new replies to you in Roadmap". */
  public String summary() {
    String who = actorDisplayName != null ? actorDisplayName : "Someone";
    String title = title();
    return switch (kind) {
      case REPLY -> count == 1 ? who + " replied to you in " + title : count + " new replies to you in " + title;
      case MENTION -> count == 1 ? who + " mentioned you in " + title : count + " mentions of you in " + title;
      case POST -> count == 1 ? who + " posted in " + title : count + " new posts in " + title;
      case IDEA -> count == 1 ? who + " submitted an idea to " + title : count + " new ideas in " + title;
      case IDEA_STATUS -> count == 1
          ? title + " is now " + data.getString("status", "updated").replace('_', ' ')
          : count + " updates on " + title + ", now " + data.getString("status", "updated").replace('_', ' ');
      case IDEA_THRESHOLD -> title + " reached its support threshold";
      case IDEA_STAGE -> title + " reached support stage " + data.getInteger("stage", 0) + " of " + data.getInteger("of", 0);
      case IDEA_ITERATED -> count == 1 ? title + " has a new iteration" : count + " new iterations of " + title;
      case COAUTHOR_INVITED -> who + " invited you to co-author " + title;
      case SPLIT_PROPOSED -> who + " proposed a split of the reward for " + title + ": your consent is asked";
      case JURY -> who + " named you a judge of " + title;
      case RESULT_UPDATE -> count == 1
          ? title + " is now " + data.getString("status", "updated").replace('_', ' ') + " (" + data.getInteger("progress", 0) + "%)"
          : count + " updates on " + title + ", now " + data.getString("status", "updated").replace('_', ' ');
      case MODERATION -> count == 1
          ? "A moderator acted on your " + targetType + ": " + data.getString("action", "") + moderationReason()
          : count + " moderation notices about your " + targetType + moderationReason();
    };
  }

  /**
   * The summary in a member's language, for their notifications page and e-mail digest. The API's
   * {@link #summary()} stays English (a machine contract); for English the two read the same.
   */
  public String summary(Messages messages, Locale locale) {
    String who = actorDisplayName != null ? actorDisplayName : messages.text(locale, "notification.someone");
    String title = title();
    // The count is passed as text: "3 new replies" reads the same as before whatever the language groups digits by.
    String n = Integer.toString(count);
    return switch (kind) {
      case REPLY -> count == 1 ? messages.text(locale, "notification.reply.one", "who", who, "title", title)
          : messages.text(locale, "notification.reply.many", "count", n, "title", title);
      case MENTION -> count == 1 ? messages.text(locale, "notification.mention.one", "who", who, "title", title)
          : messages.text(locale, "notification.mention.many", "count", n, "title", title);
      case POST -> count == 1 ? messages.text(locale, "notification.post.one", "who", who, "title", title)
          : messages.text(locale, "notification.post.many", "count", n, "title", title);
      case IDEA -> count == 1 ? messages.text(locale, "notification.idea.one", "who", who, "title", title)
          : messages.text(locale, "notification.idea.many", "count", n, "title", title);
      case IDEA_STATUS -> {
        String status = statusWord(messages, locale, data.getString("status"));
        yield count == 1 ? messages.text(locale, "notification.status.one", "title", title, "status", status)
            : messages.text(locale, "notification.status.many", "count", n, "title", title, "status", status);
      }
      case IDEA_THRESHOLD -> messages.text(locale, "notification.threshold", "title", title);
      case IDEA_STAGE -> messages.text(locale, "notification.stage", "title", title,
          "stage", Integer.toString(data.getInteger("stage", 0)), "of", Integer.toString(data.getInteger("of", 0)));
      case IDEA_ITERATED -> count == 1 ? messages.text(locale, "notification.iterated.one", "title", title)
          : messages.text(locale, "notification.iterated.many", "count", n, "title", title);
      case COAUTHOR_INVITED -> messages.text(locale, "notification.coauthorInvited", "who", who, "title", title);
      case SPLIT_PROPOSED -> messages.text(locale, "notification.splitProposed", "who", who, "title", title);
      case JURY -> messages.text(locale, "notification.jury", "who", who, "title", title);
      case RESULT_UPDATE -> {
        String key = "results.status." + data.getString("status", "planned");
        String status = messages.has(locale, key) ? messages.text(locale, key) : data.getString("status", "");
        String progress = Integer.toString(data.getInteger("progress", 0));
        yield count == 1 ? messages.text(locale, "notification.result.one", "title", title, "status", status, "progress", progress)
            : messages.text(locale, "notification.result.many", "count", n, "title", title, "status", status);
      }
      case MODERATION -> {
        String target = switch (targetType) {
          case "post" -> messages.text(locale, "notification.target.post");
          case "thread" -> messages.text(locale, "notification.target.thread");
          case "user" -> messages.text(locale, "notification.target.user");
          default -> targetType;
        };
        String reason = data.getString("reason");
        String because = reason == null || reason.isBlank() ? "" : messages.text(locale, "notification.reason", "reason", reason);
        yield count == 1
            ? messages.text(locale, "notification.moderation.one", "target", target,
                "action", actionWord(messages, locale, data.getString("action", "")), "reason", because)
            : messages.text(locale, "notification.moderation.many", "count", n, "target", target, "reason", because);
      }
    };
  }

  private static String statusWord(Messages messages, Locale locale, String status) {
    String key = "notification.ideaStatus." + (status == null ? "updated" : status);
    return messages.has(locale, key) ? messages.text(locale, key) : String.valueOf(status).replace('_', ' ');
  }

  private static String actionWord(Messages messages, Locale locale, String action) {
    String key = "notification.action." + action;
    return messages.has(locale, key) ? messages.text(locale, key) : action;
  }

  private String moderationReason() {
    String reason = data.getString("reason");
    return reason == null || reason.isBlank() ? "" : " (" + reason + ")";
  }

  public JsonObject toJson() {
    JsonObject actor = actorId == null ? null
        : new JsonObject().put("id", actorId).put("username", actorUsername).put("displayName", actorDisplayName);
    return new JsonObject()
        .put("id", id)
        .put("kind", kind.wire())
        .put("targetType", targetType)
        .put("targetId", targetId)
        .put("count", count)
        .put("actor", actor)
        .put("title", title())
        .put("summary", summary())
        .put("url", url())
        .put("firstUrl", firstUrl())
        .put("data", data)
        .put("createdAt", Times.iso(createdAt))
        .put("updatedAt", Times.iso(updatedAt))
        .put("read", readAt != null);
  }
}
