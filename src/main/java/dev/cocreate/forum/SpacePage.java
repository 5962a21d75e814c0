package dev.cocreate.forum;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Space;
import dev.cocreate.platform.paging.Page;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/** {@code /s/:slug}: a space's threads, latest, top or new first, thirty at a time. */
final class SpacePage {
  static final int THREADS_PER_PAGE = 30;

  private final Pages pages;
  private final SpaceService spaces;
  private final ForumService forum;

  SpacePage(Pages pages, SpaceService spaces, ForumService forum) {
    this.pages = pages;
    this.spaces = spaces;
    this.forum = forum;
  }

  /** What space.hbs reads besides the frame. */
  record View(Space space, String visibilityLabel, Page<ForumThread> threads, ThreadRepository.Sort sort, List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      JsonArray items = new JsonArray();
      threads.items().forEach(t -> items.add(t.toViewerJson()));
      String sortName = sort.name().toLowerCase(Locale.ROOT);
      String next = threads.nextCursor();
      return frame
          .put("space", space.toJson())
          .put("visibilityLabel", visibilityLabel)
          .put("threads", items)
          .put("nextCursor", next)
          // The pager partial takes a whole address; Handlebars cannot join one.
          .put("nextHref", next == null ? null : "/s/" + space.slug() + "?sort=" + sortName + "&cursor=" + FormValues.encode(next))
          .put("sort", sortName)
          // One flag per sort, for the sort links' aria-current: a template cannot compare strings.
          .put("sort" + Character.toUpperCase(sortName.charAt(0)) + sortName.substring(1), true)
          .put("breadcrumbs", Crumb.toJson(breadcrumbs));
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    ThreadRepository.Sort sort = switch (ctx.request().getParam("sort", "latest")) {
      case "top" -> ThreadRepository.Sort.TOP;
      case "new" -> ThreadRepository.Sort.NEW;
      default -> ThreadRepository.Sort.LATEST;
    };
    String cursor = FormValues.blankToNull(ctx.request().getParam("cursor"));
    pages.render(ctx, "space", spaces.space(caller, ctx.pathParam("slug")).compose(space ->
        forum.threads(caller, space.slug(), sort, cursor, THREADS_PER_PAGE).map(page ->
            new View(space, pages.text(ctx, SpaceVisibility.labelKey(space)), page, sort, pages.trail(ctx))
                .into(pages.frame(ctx, space.name())))));
  }
}
