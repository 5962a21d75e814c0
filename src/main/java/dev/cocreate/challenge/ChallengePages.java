package dev.cocreate.challenge;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.OrgService;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.PostTree;
import dev.cocreate.notify.NotificationService;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.Http;
import dev.cocreate.stakeholder.StakeholderBlock;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.Router;

/**
 * The open-innovation pages, mounted: challenges, a challenge's brief and idea leaderboard, the
 * brief editor, submitting and reading an idea, the firm's review board and the firm's page. Every
 * action is a form that posts back and redirects (303), so all of it works without JavaScript;
 * challenge.js and idea-form.js add the countdown, live leaderboard and similar-idea hints.
 */
public final class ChallengePages {
  private final ChallengeListPage list;
  private final ChallengePage challenge;
  private final BriefEditor briefs;
  private final IdeaForm ideaForm;
  private final IdeaPage idea;
  private final ReviewBoard review;
  private final OrgPage org;
  private final StagePages stages;

  public ChallengePages(Pages pages, ChallengeService challenges, IdeaService ideas, OrgService orgs, ForumService forum,
      Database db, Permissions permissions, NotificationService notifications, JuryVerdicts jury,
      StakeholderBlock stakeholders) {
    ChallengeTexts texts = new ChallengeTexts(pages);
    ChallengeCards cards = new ChallengeCards(challenges, texts);
    ChallengeTeam team = new ChallengeTeam(challenges, permissions);
    this.stages = new StagePages(pages, ideas, db);
    this.list = new ChallengeListPage(pages, challenges, cards, texts);
    this.challenge = new ChallengePage(pages, challenges, ideas, cards, texts, db, notifications, stages);
    this.briefs = new BriefEditor(pages, challenges, orgs, team);
    this.ideaForm = new IdeaForm(pages, challenges, ideas, cards);
    this.idea = new IdeaPage(pages, challenges, ideas, forum, new PostTree(permissions), cards, texts, db, stages);
    this.review = new ReviewBoard(pages, ideas, cards, texts, team, jury, db);
    this.org = new OrgPage(pages, challenges, orgs, cards, texts, team, stakeholders);
  }

  /** Adds a feature's block to the idea page (co-design's, wired by NodeRouter). */
  public ChallengePages withIdeaBlock(IdeaPageBlock block) {
    idea.withBlock(block);
    return this;
  }

  public void mount(Router router) {
    router.get("/challenges").handler(list::show);
    // Before /c/:id, which would take "new" for an id.
    router.get("/c/new").handler(briefs::newForm);
    router.post("/c/new").handler(briefs::create);
    router.get("/c/:id").handler(challenge::show);
    router.get("/c/:id/edit").handler(briefs::editForm);
    router.post("/c/:id/edit").handler(briefs::edit);
    router.post("/c/:id/transition").handler(challenge::transition);
    router.get("/c/:id/new").handler(ideaForm::show);
    router.post("/c/:id/new").handler(ideaForm::submit);
    router.get("/c/:id/review").handler(review::show);
    router.get("/i/:id").handler(ctx -> idea.show(ctx, null));
    router.get("/i/:id/p/:postId").handler(ctx -> idea.show(ctx, Http.idParam(ctx, "postId")));
    router.post("/i/:id/support").handler(idea::support);
    router.post("/i/:id/resubmit").handler(stages::resubmit);
    router.post("/i/:id/reply").handler(idea::reply);
    router.post("/i/:id/status").handler(review::answer);
    router.post("/i/:id/merge").handler(review::merge);
    router.get("/orgs/:slug").handler(org::show);
  }
}
