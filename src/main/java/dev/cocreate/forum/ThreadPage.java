package dev.cocreate.forum;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Post;
import dev.cocreate.content.Space;
import dev.cocreate.live.TopicPosition;
import dev.cocreate.moderation.ModerationService;
import dev.cocreate.notify.WatchControl;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.Http;
import dev.cocreate.platform.paging.Page;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /t/:id}: a thread's reply tree, paged, or one branch of it ({@code /t/:id/p/:postId}),
 * with the reply form under every post. A reply posts back here; when it cannot be taken, and when
 * a post's flag cannot (see {@link FlagForm}), the same page comes back with the error beside the
 * form that failed. thread.js adds live updates on top.
 */
final class ThreadPage {
  private final Pages pages;
  private final ForumService forum;
  private final ModerationService moderation;
  private final PostTree tree;
  private final Database db;
  private final TopicPosition positions = new TopicPosition();
  private final CachedThreadReads cached;

  ThreadPage(Pages pages, ForumService forum, ModerationService moderation, PostTree tree, Database db,
      CachedThreadReads cached) {
    this.cached = cached;
    this.pages = pages;
    this.forum = forum;
    this.moderation = moderation;
    this.tree = tree;
    this.db = db;
  }

  /** What thread.hbs reads besides the frame. {@code error} and {@code draft} come back with a refused reply. */
  record View(ForumThread thread, JsonArray posts, String nextCursor, long position, boolean focus, List<Crumb> breadcrumbs,
      String error, String draft, Unread unread) {
    JsonObject into(JsonObject frame) {
      if (unread != null) {
        frame.put("follow", unread.follow()).put("unread", unread.count()).put("unreadHref", unread.href());
      }
      frame.put("thread", thread.toJson())
          .put("spaceName", thread.space().name())
          .put("posts", posts)
          .put("nextCursor", nextCursor)
          .put("nextHref", nextCursor == null ? null : "/t/" + thread.id() + "?after=" + FormValues.encode(nextCursor))
          .put("position", position)
          .put("focus", focus)
          .put("breadcrumbs", Crumb.toJson(breadcrumbs));
      if (error != null) {
        frame.put("error", error);
      }
      if (draft != null) {
        frame.put("draft", draft);
      }
      return frame;
    }
  }

  /**
   * A signed-in reader's header: their follow control and, when posts came after their read
   * position, how many and where the first is ({@code #p<id>} when it is on this page, which then
   * marks it with the "new since your last visit" divider; {@code /t/<id>/unread} otherwise).
   */
  record Unread(JsonObject follow, int count, String href) {}

  private Unread unread(RoutingContext ctx, Caller caller, ForumThread thread, JsonArray nodes, List<Post> shown) {
    ForumThread.Reading reading = thread.reading();
    if (!caller.signedIn() || reading == null) {
      return null;
    }
    JsonObject follow = WatchControl.of(pages, ctx, "thread", thread.id(), reading.level());
    if (reading.readPostId() == null || reading.unread() == 0) {
      return new Unread(follow, 0, null);
    }
    long after = reading.readPostId();
    Long first = shown.stream()
        .filter(p -> p.id() > after && p.author().id() != caller.id() && p.deletedAt() == null && !p.hidden())
        .map(Post::id).min(Long::compare).orElse(null);
    JsonObject node = first == null ? null : PostTree.find(nodes, first);
    if (node != null) {
      node.put("firstUnread", true);
    }
    return new Unread(follow, reading.unread(), node != null ? "#p" + first : "/t/" + thread.id() + "/unread");
  }

  /**
   * {@code GET /t/:id/unread}: the reader's first unread post, shown in its branch; the thread when
   * they have read it all or never opened it.
   */
  void firstUnread(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long threadId = Http.idParam(ctx, "id");
    forum.firstUnread(caller, threadId).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.redirect(ctx, ar.result().map(p -> "/t/" + threadId + "/p/" + (p.parentId() == null ? p.id() : p.parentId())
            + "#p" + p.id()).orElse("/t/" + threadId));
      }
    });
  }

  /**
   * The whole thread (paged), or one branch of it when {@code focusPostId} is set. An idea's thread
   * is read on its idea's page, which shows the idea with it: its address moves there for good.
   */
  void show(RoutingContext ctx, Long focusPostId) {
    Caller caller = AuthHandler.caller(ctx);
    long threadId = Http.idParam(ctx, "id");
    String after = FormValues.blankToNull(ctx.request().getParam("after"));
    // A visitor's page may come from memory; the stamp is taken before anything is read (see ThreadPageCache).
    ThreadPageCache.Key key = cached.pageKey(ctx, threadId);
    if (key != null && cached.servePage(ctx, key)) {
      return;
    }
    long stamp = cached.stamp();
    // The live position is read before the posts: what commits in between is replayed, not lost.
    Future<Long> position = positions.of(db.pool(), "thread:" + threadId);
    position.compose(pos -> forum.thread(caller, threadId).map(thread -> new Loaded(pos, thread))).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().thread().ideaId() != null) {
        ctx.response().setStatusCode(301).putHeader("Location", ideaPath(ar.result().thread(), focusPostId)
            + (after == null ? "" : "?after=" + FormValues.encode(after))).end();
      } else if (key != null) {
        ForumThread thread = ar.result().thread();
        page(ctx, caller, ar.result(), focusPostId, after).onComplete(model -> {
          if (model.failed()) {
            ctx.fail(model.cause());
            return;
          }
          cached.keepAndSendPage(ctx, key, stamp, thread.space().id(),
              CachedThreadReads.authors(thread.author().id(), model.result().getJsonArray("posts")), "thread", model.result());
        });
      } else {
        pages.render(ctx, "thread", page(ctx, caller, ar.result(), focusPostId, after));
      }
    });
  }

  private record Loaded(long position, ForumThread thread) {}

  /** Where a post of an idea's thread is read: its idea's page, or the branch of it around the post. */
  static String ideaPath(ForumThread thread, Long postId) {
    return "/i/" + thread.ideaId() + (postId == null ? "" : "/p/" + postId);
  }

  private Future<JsonObject> page(RoutingContext ctx, Caller caller, Loaded loaded, Long focusPostId, String after) {
    ForumThread thread = loaded.thread();
    Future<Page<Post>> posts = focusPostId == null
        ? forum.posts(caller, thread.id(), ForumService.PostOrder.TREE, after, PostTree.POSTS_PER_PAGE)
        : forum.branch(caller, thread.id(), focusPostId, after, PostTree.POSTS_PER_PAGE);
    return posts.compose(page -> hiddenReasons(caller, page.items()).map(reasons -> {
      JsonArray nodes = tree.nodes(caller, thread, page.items());
      PostTree.withHiddenReasons(nodes, reasons);
      Unread unread = unread(ctx, caller, thread, nodes, page.items());
      return model(ctx, new View(thread, nodes, page.nextCursor(), loaded.position(), focusPostId != null, trail(ctx, thread),
          null, null, unread));
    }));
  }

  /**
   * Why the caller's own hidden posts on the page are hidden, from the notices they were given;
   * asked only when the page shows such a post, so a normal thread costs no extra query.
   */
  private Future<Map<Long, String>> hiddenReasons(Caller caller, List<Post> posts) {
    List<Long> own = tree.ownHidden(caller, posts);
    if (own.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return moderation.hiddenReasons(caller, own).map(notices -> {
      Map<Long, String> out = new HashMap<>();
      notices.forEach((id, n) -> out.put(id, n.reason()));
      return out;
    });
  }

  /** {@code POST /t/:id/reply}: the reply form under the thread or under a post. */
  void reply(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long threadId = Http.idParam(ctx, "id");
    ReplyForm.post(ctx, pages, "/t/" + threadId, reply -> forum.reply(caller, threadId, reply),
        (c, refusal) -> showWithReplyError(c, caller, threadId, refusal));
  }

  /** Shows the thread again with the reply form's error next to the field and the draft kept. */
  private void showWithReplyError(RoutingContext ctx, Caller caller, long threadId, ReplyForm.Refusal refusal) {
    Long parentId = refusal.parentId();
    forum.thread(caller, threadId).compose(thread ->
        (parentId == null
            ? forum.posts(caller, threadId, ForumService.PostOrder.TREE, null, PostTree.POSTS_PER_PAGE)
            : forum.branch(caller, threadId, parentId, null, PostTree.POSTS_PER_PAGE))
            .map(page -> {
              JsonArray nodes = tree.nodes(caller, thread, page.items());
              return model(ctx, new View(thread, nodes, page.nextCursor(), 0, parentId != null, trail(ctx, thread), refusal.error(),
                  refusal.draft(), unread(ctx, caller, thread, nodes, page.items())));
            }))
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else {
            pages.render(ctx, refusal.status(), "thread", ar.result());
          }
        });
  }

  /**
   * Shows the branch around a post again with an error in that post's flag form, opened; for a
   * flag that could not be taken (no reason, already flagged, rate limited).
   */
  void showWithFlagError(RoutingContext ctx, Caller caller, Post post, int status, String error) {
    long anchor = post.parentId() == null ? post.id() : post.parentId();
    forum.thread(caller, post.threadId()).compose(thread ->
        forum.branch(caller, post.threadId(), anchor, null, PostTree.POSTS_PER_PAGE).map(page -> {
          JsonArray nodes = tree.nodes(caller, thread, page.items());
          JsonObject node = PostTree.find(nodes, post.id());
          if (node != null) {
            node.put("flagError", error);
          }
          return model(ctx, new View(thread, nodes, page.nextCursor(), 0, true, trail(ctx, thread),
              node == null ? error : null, null, unread(ctx, caller, thread, nodes, page.items())));
        }))
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else {
            pages.render(ctx, status, "thread", ar.result());
          }
        });
  }

  private JsonObject model(RoutingContext ctx, View view) {
    ForumThread thread = view.thread();
    JsonObject model = view.into(pages.frame(ctx, thread.title()))
        .put("liveControls", tree.liveControls(AuthHandler.caller(ctx)))
        .put("silenced", pages.silenceNotice(ctx));
    // Shared with its opening post's words, when this page shows it (the first page does).
    JsonObject opening = thread.firstPostId() == null ? null : PostTree.find(view.posts(), thread.firstPostId());
    pages.share(ctx, model, "article", opening == null ? null : Pages.plainText(opening.getString("html")), "/t/" + thread.id());
    // Feeds are of public content only (search.FeedRoutes).
    return thread.space().visibility() == Space.Visibility.PUBLIC
        ? pages.feed(model, pages.text(ctx, "feed.named", "name", thread.title()), "/feeds/threads/" + thread.id() + ".atom") : model;
  }

  private List<Crumb> trail(RoutingContext ctx, ForumThread thread) {
    return pages.trail(ctx, new Crumb(thread.space().name(), "/s/" + thread.space().slug()));
  }

}
