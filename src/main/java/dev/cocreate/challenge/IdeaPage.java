package dev.cocreate.challenge;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Post;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.PostTree;
import dev.cocreate.forum.ReplyForm;
import dev.cocreate.live.TopicPosition;
import dev.cocreate.notify.WatchControl;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.platform.paging.Page;
import dev.cocreate.stakeholder.StakeholderTexts;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import dev.cocreate.web.RedirectTargets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /i/:id}: the one page of an idea: its pitch, status, support and way to the threshold,
 * the firm's answers to it, and its discussion, a forum thread shown with the forum's reply tree
 * (its thread's own page, {@code /t/:id}, sends here); supporting it ({@code POST /i/:id/support}) comes back here or to the
 * page the button was on. Its reply forms post to {@code POST /i/:id/reply}, so a reply the forum refuses comes back
 * here with the error and the draft rather than to the thread page, which would only send the reader on.
 */
final class IdeaPage {
  private final Pages pages;
  private final ChallengeService challenges;
  private final IdeaService ideas;
  private final ForumService forum;
  private final PostTree tree;
  private final ChallengeCards cards;
  private final ChallengeTexts texts;
  private final Database db;
  private final TopicPosition positions = new TopicPosition();
  private final StagePages stages;
  private final StakeholderTexts stakeholderTexts;
  /** Co-design's part of the page, when the node has it. */
  private IdeaPageBlock block;
  private final RoundsView rounds;

  IdeaPage(Pages pages, ChallengeService challenges, IdeaService ideas, ForumService forum, PostTree tree,
      ChallengeCards cards, ChallengeTexts texts, Database db, StagePages stages) {
    this.stakeholderTexts = new StakeholderTexts(pages);
    this.stages = stages;
    this.pages = pages;
    this.challenges = challenges;
    this.ideas = ideas;
    this.forum = forum;
    this.tree = tree;
    this.cards = cards;
    this.texts = texts;
    this.db = db;
    this.rounds = new RoundsView(pages, challenges);
  }

  /**
   * The discussion under an idea: its thread and the replies to the opening post (which is the
   * idea itself, shown above), paged as the thread's page pages them, or one branch of it; none
   * when the caller may not read the thread.
   */
  record Discussion(JsonObject thread, JsonArray posts, boolean canReply, String nextHref, boolean focus,
      JsonObject follow) {
    static Discussion none() {
      return new Discussion(null, new JsonArray(), false, null, false, null);
    }
  }

  /** A reply the forum would not take, shown again in the page's reply form: why, what was written, and to which post. */

  /**
   * What idea.hbs reads besides the frame; {@code position} is where the live updates take over, {@code refusal}
   * (or null) the reply that comes back.
   */
  record View(JsonObject idea, JsonObject challenge, Discussion discussion, long position, List<Crumb> breadcrumbs,
      ReplyForm.Refusal refusal) {
    JsonObject into(JsonObject frame) {
      frame.put("idea", idea).put("challenge", challenge).put("thread", discussion.thread())
          .put("posts", discussion.posts()).put("canReply", discussion.canReply()).put("follow", discussion.follow())
          .put("nextHref", discussion.nextHref()).put("focus", discussion.focus()).put("position", position)
          .put("breadcrumbs", Crumb.toJson(breadcrumbs));
      if (discussion.thread() != null) {
        String here = "/i/" + idea.getLong("id");
        frame.put("replyAction", here + "/reply").put("composerLanding", here);
      }
      if (refusal != null) {
        frame.put("error", refusal.error()).put("draft", refusal.draft()).put("parentId", refusal.parentId());
      }
      return frame;
    }
  }

  /** The type a challenge requires a share of, named in the page's language; null without a requirement. */
  private String minShareLabel(RoutingContext ctx, JsonObject challenge) {
    JsonObject share = challenge.getJsonObject("minSupportShare");
    return share == null ? null : stakeholderTexts.label(ctx, share.getString("type"));
  }

  void withBlock(IdeaPageBlock block) {
    this.block = block;
  }

  /**
   * {@code /i/:id}, or with {@code focusPostId} one branch of its discussion ({@code /i/:id/p/:postId},
   * where a link to a post of the idea's thread leads).
   */
  void show(RoutingContext ctx, Long focusPostId) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Http.idParam(ctx, "id");
    String after = FormValues.blankToNull(ctx.request().getParam("after"));
    pages.render(ctx, "idea", model(ctx, caller, id, focusPostId, after, null));
  }

  private Future<JsonObject> model(RoutingContext ctx, Caller caller, long id, Long focusPostId, String after,
      ReplyForm.Refusal refusal) {
    // The live position is read before the idea shown (the first read only finds its challenge): a
    // support that commits while the page loads is replayed to it, not lost.
    return ideas.get(caller, id).compose(found -> positions.of(db.pool(), "challenge:" + found.challengeId())
        .compose(pos -> ideas.get(caller, id).compose(idea -> challenges.get(caller, idea.challengeId()).compose(view -> {
          JsonObject ideaJson = cards.idea(ctx, idea, true, view.challenge(), caller);
          JsonArray responses = new JsonArray();
          for (Object o : ideaJson.getJsonArray("responses")) {
            JsonObject r = ((JsonObject) o).copy();
            // The rationale, when the caller may read it (IdeaService decided), as a list the page walks in the brief's order.
            JsonObject rationale = r.getJsonObject("rationale");
            if (rationale != null) {
              JsonArray lines = new JsonArray();
              rationale.forEach(e -> lines.add(new JsonObject().put("criterion", e.getKey()).put("text", e.getValue())));
              r.put("rationaleLines", lines);
            }
            responses.add(r.put("statusLabel", texts.status(ctx, r.getString("status"))));
          }
          ideaJson.put("responses", responses);
          JsonObject c = cards.challenge(ctx, view.toJson());
          // The discussion is shown when the caller may read the thread; an idea whose thread is hidden
          // (or moved out of their reach) is shown alone, as its placeholder or, to its staff, marked hidden.
          Future<Discussion> discussion = idea.threadId() == null ? Future.succeededFuture(Discussion.none())
              : readableThread(caller, idea.threadId()).compose(thread -> thread == null
                  ? Future.succeededFuture(Discussion.none()) : discussion(ctx, caller, id, thread, focusPostId, after));
          Future<JsonObject> extra = block == null ? Future.succeededFuture(null) : block.model(ctx, caller, idea);
          Future<JsonArray> happened = rounds.happened(ctx, id);
          // Supports and participation by stakeholder type: not for an idea whose words are withheld from the caller.
          Future<JsonObject> byType = idea.withheld() ? Future.succeededFuture(null) : ideas.breakdown(idea);
          return discussion.compose(d -> happened.compose(h -> byType.compose(bt -> extra.map(more -> new View(ideaJson, c, d, pos,
              pages.trail(ctx, new Crumb(pages.text(ctx, "nav.challenges"), "/challenges"),
                  new Crumb(c.getString("title"), "/c/" + c.getLong("id"))), refusal)
              .into(pages.share(ctx, pages.frame(ctx, ideaJson.getString("title")), "article", ideaJson.getString("pitch"),
                  "/i/" + idea.id()))
              .put("silenced", pages.silenceNotice(ctx))
              .put("happened", h.isEmpty() ? null : h)
              .put("codesign", more)
              .put("stakeholderRows", bt == null ? null : stakeholderTexts.rows(ctx, bt))
              .put("minShareLabel", minShareLabel(ctx, c))))));
        })))).compose(model -> stages.withBudget(ctx, caller, model));
  }

  /**
   * {@code POST /i/:id/reply}: a reply to the idea's discussion, from the page's form, a post's reply box or the
   * composer without its script. Taken, it is shown in its branch here; refused (empty, rate limited, thread locked),
   * this page comes back with the error and the draft, in the branch of the post it answered.
   */
  void reply(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    ReplyForm.post(ctx, pages, "/i/" + id,
        reply -> ideas.get(caller, id).compose(idea -> idea.threadId() == null
            ? Future.failedFuture(ApiException.notFound("idea")) : forum.reply(caller, idea.threadId(), reply)),
        (c, refusal) -> model(c, caller, id, refusal.parentId(), null, refusal).onComplete(ar -> {
          if (ar.failed()) {
            c.fail(ar.cause());
          } else {
            pages.render(c, refusal.status(), "idea", ar.result());
          }
        }));
  }

  private Future<Discussion> discussion(RoutingContext ctx, Caller caller, long ideaId, ForumThread thread, Long focusPostId,
      String after) {
    Future<Page<Post>> page = focusPostId == null
        ? forum.posts(caller, thread.id(), ForumService.PostOrder.TREE, after, PostTree.POSTS_PER_PAGE)
        : forum.branch(caller, thread.id(), focusPostId, after, PostTree.POSTS_PER_PAGE);
    String here = focusPostId == null ? "/i/" + ideaId : "/i/" + ideaId + "/p/" + focusPostId;
    return page.map(p -> discussion(ctx, caller, ideaId, thread, tree.nodes(caller, thread, p.items()),
        p.nextCursor() == null ? null : here + "?after=" + FormValues.encode(p.nextCursor()), focusPostId != null));
  }

  /** The thread's opening post is the idea itself, shown above: the discussion is what answers it. */
  private Discussion discussion(RoutingContext ctx, Caller caller, long ideaId, ForumThread thread, JsonArray roots,
      String nextHref, boolean focus) {
    JsonArray posts = new JsonArray();
    for (Object o : roots) {
      JsonObject p = (JsonObject) o;
      if (thread.firstPostId() != null && p.getLong("id").equals(thread.firstPostId())) {
        posts.addAll(p.getJsonArray("children"));
      } else {
        posts.add(p);
      }
    }
    // Following an idea is following its discussion: the thread brought the reader's level with it.
    JsonObject follow = thread.reading() == null ? null : WatchControl.of(pages, ctx, "idea", ideaId, thread.reading().level());
    return new Discussion(thread.toJson(), posts, tree.canReply(caller, thread), nextHref, focus, follow);
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
    SupportChange change = SupportChange.from(FormFields.of(ctx));
    String back = RedirectTargets.sameSitePath(ctx.request().getFormAttribute("back"), "/i/" + id);
    change.by(caller, id, ideas).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      if (ar.result().reachedThreshold()) {
        // The moment is theirs: their support is the one that carried the idea to the firm's review.
        ideas.get(caller, id).onComplete(idea -> {
          if (idea.succeeded()) {
            pages.flashNotice(ctx, pages.text(ctx, "idea.youReachedThreshold", "title", idea.result().title()));
          }
          pages.redirect(ctx, back);
        });
      } else {
        pages.flashNotice(ctx, pages.text(ctx, change == SupportChange.WITHDRAW ? "flash.supportWithdrawn" : "flash.supported"));
        pages.redirect(ctx, back);
      }
    });
  }
}
