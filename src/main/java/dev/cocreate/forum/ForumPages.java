package dev.cocreate.forum;

import dev.cocreate.access.Permissions;
import dev.cocreate.moderation.ModerationService;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.Router;

/**
 * The forum's pages, mounted: a space's threads, a thread's reply tree, and the forms to start,
 * reply, vote, edit, delete and flag. Every form posts back (CSRF-checked by AuthHandler) and
 * redirects, so the pages work without JavaScript; thread.js adds live updates on top.
 */
public final class ForumPages {
  private final SpacePage space;
  private final NewThreadPage newThread;
  private final ThreadPage thread;
  private final EditPostPage editPost;
  private final RevisionsPage revisions;
  private final PostActions posts;
  private final FlagForm flag;

  public ForumPages(Pages pages, SpaceService spaces, ForumService forum, Permissions permissions, Database db,
      ModerationService moderation, CachedThreadReads cached) {
    this.space = new SpacePage(pages, spaces, forum);
    this.newThread = new NewThreadPage(pages, spaces, forum);
    this.thread = new ThreadPage(pages, forum, moderation, new PostTree(permissions), db, cached);
    this.editPost = new EditPostPage(pages, forum, permissions);
    this.revisions = new RevisionsPage(pages, forum);
    this.posts = new PostActions(pages, forum);
    this.flag = new FlagForm(pages, forum, moderation, thread);
  }

  public void mount(Router router) {
    router.get("/s/:slug").handler(space::show);
    router.get("/s/:slug/new").handler(newThread::show);
    router.post("/s/:slug/new").handler(newThread::submit);
    router.get("/t/:id").handler(ctx -> thread.show(ctx, null));
    router.get("/t/:id/unread").handler(thread::firstUnread);
    router.get("/t/:id/p/:postId").handler(ctx -> thread.show(ctx, Http.idParam(ctx, "postId")));
    router.post("/t/:id/reply").handler(thread::reply);
    router.post("/posts/:id/vote").handler(posts::vote);
    router.get("/posts/:id/edit").handler(editPost::show);
    router.post("/posts/:id/edit").handler(editPost::submit);
    router.post("/posts/:id/delete").handler(posts::delete);
    router.post("/posts/:id/restore").handler(posts::restore);
    router.post("/posts/:id/flag").handler(flag::submit);
    router.get("/posts/:id/revisions").handler(revisions::show);
    router.get("/posts/:id").handler(posts::permalink);
  }
}
