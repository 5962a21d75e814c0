package dev.cocreate.moderation;

import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.moderation.ModeratedContent.ThreadSummary;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** {@code /mod/log}: the audit log, newest first, or one target's entries ({@code ?targetType=&targetId=}). */
final class ModLogPage {
  static final int LOG_PAGE = 50;

  private final Pages pages;
  private final ModerationService moderation;
  private final ModeratedContent content;
  private final ModeratorsOnly door;
  private final ModerationTexts texts;

  ModLogPage(Pages pages, ModerationService moderation, ModeratedContent content, ModeratorsOnly door, ModerationTexts texts) {
    this.pages = pages;
    this.moderation = moderation;
    this.content = content;
    this.door = door;
    this.texts = texts;
  }

  /** One target the log is narrowed to. */
  record Filter(String targetType, long targetId) {
    String query() {
      return "targetType=" + targetType + "&targetId=" + targetId;
    }
  }

  /** What mod-log.hbs reads besides the frame; {@code filterLabel} names the target when the log is filtered. */
  record View(JsonArray entries, Filter filter, String filterLabel, String nextCursor) {
    JsonObject into(JsonObject frame) {
      frame.put("entries", entries)
          .put("onLog", true)
          .put("filtered", filter != null)
          .put("filterLabel", filterLabel);
      if (nextCursor != null) {
        frame.put("nextHref", "/mod/log?cursor=" + FormValues.encode(nextCursor) + (filter == null ? "" : "&" + filter.query()));
      }
      return frame;
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = door.moderator(ctx);
    if (caller == null) {
      return;
    }
    String cursor = FormValues.blankToNull(ctx.request().getParam("cursor"));
    Filter filter = filter(FormValues.blankToNull(ctx.request().getParam("targetType")),
        FormValues.blankToNull(ctx.request().getParam("targetId")));
    pages.render(ctx, "mod-log", moderation.log(caller, cursor, LOG_PAGE, filter == null ? null : filter.targetType(),
        filter == null ? null : filter.targetId()).compose(page -> {
          Set<Long> threadIds = new LinkedHashSet<>();
          Set<Long> userIds = new LinkedHashSet<>();
          page.items().forEach(e -> {
            if (e.targetType().equals("thread")) {
              threadIds.add(e.targetId());
            } else if (e.targetType().equals("user")) {
              userIds.add(e.targetId());
            }
          });
          Future<Map<Long, ThreadSummary>> threads = content.readableThreads(caller, threadIds);
          Future<Map<Long, User>> users = moderation.members(caller, new ArrayList<>(userIds));
          return Future.all(threads, users).map(x -> {
            JsonArray entries = new JsonArray();
            page.items().forEach(e -> entries.add(texts.entry(ctx, e, threads.result(), users.result())));
            String label = filter == null ? null
                : texts.target(ctx, filter.targetType(), filter.targetId(), threads.result(), users.result());
            return new View(entries, filter, label, page.nextCursor()).into(pages.frame(ctx, pages.text(ctx, "modLog.title")));
          });
        }));
  }

  /** The target asked for, or none; half a target (a type without an id) is a bad request. */
  private static Filter filter(String targetType, String rawId) {
    if (targetType == null && rawId == null) {
      return null;
    }
    if (!Set.of("post", "thread", "user").contains(FormValues.orEmpty(targetType))) {
      throw ApiException.invalid("targetType", "must be post, thread or user, together with targetId");
    }
    return new Filter(targetType, QueueActions.targetId(rawId));
  }
}
