package dev.cocreate.challenge;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.content.ForumThread;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.PostTree;
import dev.cocreate.notify.WatchControl;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.Pages;
import dev.cocreate.web.RedirectTargets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /i/:id}: an idea, the firm's answers to it, and its discussion, a forum thread shown with
 * the forum's reply tree; supporting it ({@code POST /i/:id/support}) comes back here or to the
 * page the button was on.
 */
final class IdeaPage {
  private final Pages pages;
  private final ChallengeService challenges;
  private final IdeaService ideas;
  private final ForumService forum;
  private final PostTree tree;
  private final ChallengeCards cards;
  private final ChallengeTexts texts;

  IdeaPage(Pages pages, ChallengeService challenges, IdeaService ideas, ForumService forum, PostTree tree,
      ChallengeCards cards, ChallengeTexts texts) {
    this.pages = pages;
    this.challenges = challenges;
    this.ideas = ideas;
    this.forum = forum;
    this.tree = tree;
    this.cards = cards;
    this.texts = texts;
  }

  /**
   * The discussion under an idea: its thread and the replies to the opening post (which is the
   * idea itself, shown above); none when the caller may not read the thread.
   */
  record Discussion(JsonObject thread, JsonArray posts, boolean canReply, JsonObject follow) {
    static Discussion none() {
      return new Discussion(null, new JsonArray(), false, null);
    }
  }

  /** What idea.hbs reads besides the frame. */
  record View(JsonObject idea, JsonObject challenge, Discussion discussion, List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      return frame.put("idea", idea).put("challenge", challenge).put("thread", discussion.thread())
          .put("posts", discussion.posts()).put("canReply", discussion.canReply()).put("follow", discussion.follow())
          .put("breadcrumbs", Crumb.toJson(breadcrumbs));
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Http.idParam(ctx, "id");
    pages.render(ctx, "idea", ideas.get(caller, id).compose(idea -> challenges.get(caller, idea.challengeId()).compose(view -> {
      boolean open = view.challenge().phase() == ChallengePhase.OPEN;
      JsonObject ideaJson = cards.idea(ctx, idea.toJson(true), open, caller.signedIn());
      JsonArray responses = new JsonArray();
      for (Object o : ideaJson.getJsonArray("responses")) {
        JsonObject r = ((JsonObject) o).copy();
        responses.add(r.put("statusLabel", texts.status(ctx, r.getString("status"))));
      }
      ideaJson.put("responses", responses);
      JsonObject c = cards.challenge(ctx, view.toJson());
      // The discussion is shown when the caller may read the thread; an idea whose thread is hidden
      // (or moved out of their reach) is shown alone, as its placeholder or, to its staff, marked hidden.
      Future<Discussion> discussion = idea.threadId() == null ? Future.succeededFuture(Discussion.none())
          : readableThread(caller, idea.threadId()).compose(thread -> thread == null ? Future.succeededFuture(Discussion.none())
              : forum.posts(caller, thread.id(), ForumService.PostOrder.TREE, null, PostTree.POSTS_PER_PAGE)
                  .map(page -> discussion(ctx, idea.id(), thread, tree.nodes(caller, thread, page.items()))));
      return discussion.map(d -> new View(ideaJson, c, d,
          pages.trail(ctx, new Crumb(pages.text(ctx, "nav.challenges"), "/challenges"),
              new Crumb(c.getString("title"), "/c/" + c.getLong("id"))))
          .into(pages.frame(ctx, idea.title())));
    })));
  }

  /** The thread's opening post is the idea itself, shown above: the discussion is what answers it. */
  private Discussion discussion(RoutingContext ctx, long ideaId, ForumThread thread, JsonArray roots) {
    JsonArray posts = new JsonArray();
    boolean canReply = false;
    for (Object o : roots) {
      JsonObject p = (JsonObject) o;
      if (thread.firstPostId() != null && p.getLong("id").equals(thread.firstPostId())) {
        posts.addAll(p.getJsonArray("children"));
        canReply = p.getBoolean("canReply");
      } else {
        posts.add(p);
      }
    }
    // Following an idea is following its discussion: the thread brought the reader's level with it.
    JsonObject follow = thread.reading() == null ? null : WatchControl.of(pages, ctx, "idea", ideaId, thread.reading().level());
    return new Discussion(thread.toJson(), posts, canReply, follow);
  }

  /** The thread, or null when the caller may not read it (404 from the forum, which decides). */
  private Future<ForumThread> readableThread(Caller caller, long threadId) {
    return forum.thread(caller, threadId).recover(e -> e instanceof ApiException api && api.status() == 404
        ? Future.succeededFuture(null) : Future.failedFuture(e));
  }

  /** {@code POST /i/:id/support}: support, or withdraw it; back to the page the button was on (on this site). */
  void support(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    boolean withdraw = "withdraw".equals(ctx.request().getFormAttribute("action"));
    String back = RedirectTargets.sameSitePath(ctx.request().getFormAttribute("back"), "/i/" + id);
    (withdraw ? ideas.withdraw(caller, id) : ideas.support(caller, id)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.redirect(ctx, back);
      }
    });
  }
}
