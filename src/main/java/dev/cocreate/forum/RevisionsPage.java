package dev.cocreate.forum;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.content.Post;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@code /posts/:id/revisions}: what a post said before each edit, oldest first. */
final class RevisionsPage {
  /** A post edited more often than this shows its latest edits. */
  static final int REVISIONS_SHOWN = 100;

  private final Pages pages;
  private final ForumService forum;

  RevisionsPage(Pages pages, ForumService forum) {
    this.pages = pages;
    this.forum = forum;
  }

  /** What revisions.hbs reads besides the frame. */
  record View(Post post, List<PostRevision> oldestFirst) {
    JsonObject into(JsonObject frame) {
      JsonArray revs = new JsonArray();
      oldestFirst.forEach(r -> revs.add(r.toJson()));
      return frame.put("post", post.toJson()).put("revisions", revs);
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long postId = Http.idParam(ctx, "id");
    pages.render(ctx, "revisions", forum.post(caller, postId).compose(p ->
        forum.revisions(caller, postId, null, REVISIONS_SHOWN).map(page -> {
          // The service lists the newest first, as the API does.
          List<PostRevision> items = new ArrayList<>(page.items());
          Collections.reverse(items);
          return new View(p, items).into(pages.frame(ctx, pages.text(ctx, "revisions.title")));
        })));
  }
}
