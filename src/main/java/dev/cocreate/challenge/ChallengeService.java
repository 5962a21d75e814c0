package dev.cocreate.challenge;

import dev.cocreate.access.Permissions;
import dev.cocreate.access.ReadScope;
import dev.cocreate.account.Caller;
import dev.cocreate.account.OrgRepository;
import dev.cocreate.challenge.webhook.WebhookEvents;
import dev.cocreate.challenge.webhook.WebhookOutbox;
import dev.cocreate.forum.markdown.RenderedMarkdown;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.json.Times;
import dev.cocreate.platform.paging.Cursor;
import dev.cocreate.platform.paging.Page;
import dev.cocreate.reputation.ReputationLedger;
import dev.cocreate.stakeholder.Breakdowns;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Challenges: a firm's team drafts a brief, opens it, reviews, decides and closes it. Only the
 * org's members manage its challenges; drafts are invisible to everyone else. Once open, every
 * edit is kept as a revision and announced. It is one class because its brief, its phase and
 * its place among the rounds (the previous round, checked when it opens) are decided under the
 * same row lock, in the same transactions.
 */
public final class ChallengeService {
  private final Database db;
  private final ChallengeRepository repo;
  private final OrgRepository orgs;
  private final Permissions permissions;
  private final Function<String, Future<RenderedMarkdown>> render;
  private final EventLog events;
  private final WebhookOutbox webhooks;
  private final OrgStatsRepository stats = new OrgStatsRepository();
  private final Rounds rounds;
  private final ReputationLedger reputation = new ReputationLedger();
  /** When deadlines fall: the system's time, or a test's that it moves instead of waiting for one. */
  private final InstantSource clock;

  /** {@code render} turns Markdown into safe HTML off the event loop (the forum's renderer). */
  public ChallengeService(Database db, OrgRepository orgs, Permissions permissions,
      Function<String, Future<RenderedMarkdown>> render, EventLog events, WebhookOutbox webhooks) {
    this(db, orgs, permissions, render, events, webhooks, () -> DEFAULT_THRESHOLD, InstantSource.system(), RoundOutcomes.NONE);
  }

  /**
   * @param defaultThreshold the support threshold of a challenge that sets none, as the site
   *     settings say when it is created
   * @param clock the time a challenge's closesAt is compared with, when it is set or opened and
   *     when it moves to review by itself
   * @param outcomes what a previous round reported, which decides whether its next round may open
   */
  public ChallengeService(Database db, OrgRepository orgs, Permissions permissions,
      Function<String, Future<RenderedMarkdown>> render, EventLog events, WebhookOutbox webhooks,
      IntSupplier defaultThreshold, InstantSource clock, RoundOutcomes outcomes) {
    this.rounds = new Rounds(outcomes);
    this.defaultThreshold = defaultThreshold;
    this.clock = clock;
    this.db = db;
    this.repo = new ChallengeRepository();
    this.orgs = orgs;
    this.permissions = permissions;
    this.render = render;
    this.events = events;
    this.webhooks = webhooks;
  }

  /**
   * A brief as a client sends it. On create every required field is set; on edit a null field
   * stays as it was.
   */
  public record Brief(
      String title,
      String summary,
      String problem,
      String desiredOutcomes,
      String constraints,
      JsonArray criteria,
      String reward,
      String ipTerms,
      OffsetDateTime closesAt,
      Integer supportThreshold,
      String space,
      Long previousRound,
      JsonArray supportStages,
      Integer supportBudget,
      Boolean publicRationale,
      SupportShare minSupportShare) {
    /** A brief that says nothing of a required share (the demos'): none on create, unchanged on edit. */
    public Brief(String title, String summary, String problem, String desiredOutcomes, String constraints,
        JsonArray criteria, String reward, String ipTerms, OffsetDateTime closesAt, Integer supportThreshold,
        String space, Long previousRound, JsonArray supportStages, Integer supportBudget, Boolean publicRationale) {
      this(title, summary, problem, desiredOutcomes, constraints, criteria, reward, ipTerms, closesAt, supportThreshold,
          space, previousRound, supportStages, supportBudget, publicRationale, null);
    }
  }

  /** A challenge as one caller sees it. */
  public record View(Challenge challenge, boolean canManage) {
    public JsonObject toJson() {
      return challenge.toJson().put("canManage", canManage);
    }
  }

  public static final int DEFAULT_THRESHOLD = 10_000;
  private final IntSupplier defaultThreshold;

  public Future<View> create(Caller caller, String orgSlug, Brief brief) {
    return orgs.bySlug(db.pool(), orgSlug)
        .map(o -> o.orElseThrow(() -> ApiException.invalid("org", "no such org")))
        .compose(org -> requireTeam(db.pool(), caller, org.id()).map(org))
        .compose(org -> spaceId(brief.space()).compose(spaceId -> render(brief, spaceId))
            .compose(content -> db.tx(tx -> repo.insert(tx, org.id(), content, caller.id())
                .compose(id -> brief.previousRound() == null ? Future.succeededFuture(id)
                    : rounds.link(tx, id, org.id(), brief.previousRound()).map(id)))))
        .compose(id -> repo.byIdWithStats(db.pool(), id))
        .map(c -> new View(c.orElseThrow(), true));
  }

  public Future<View> edit(Caller caller, long id, Brief patch) {
    // The patch's Markdown is rendered before the transaction: the row lock below is held only for
    // the checks and the writes, and fields the patch leaves alone keep the HTML stored with them.
    Future<RenderedPatch> rendered = RenderedPatch.of(patch, render);
    return manageable(caller, id).compose(current -> spaceId(patch.space())).compose(spaceId -> rendered.compose(html -> db.tx(tx ->
        repo.lock(tx, id).compose(locked -> {
          Challenge c = locked.orElseThrow(() -> ApiException.notFound("challenge"));
          if (c.phase() == ChallengePhase.CLOSED) {
            return Future.failedFuture(ApiException.conflict("A closed challenge can no longer be edited."));
          }
          if (patch.supportThreshold() != null && patch.supportThreshold() != c.supportThreshold()
              && c.phase() != ChallengePhase.DRAFT) {
            return Future.failedFuture(ApiException.conflict(
                "The support threshold is fixed once the challenge is open: members supported ideas against it."));
          }
          if (!SupportRules.editable(c, patch)) {
            return Future.failedFuture(ApiException.conflict(
                "Support stages, budgets and the required share are fixed once the challenge is open: members supported ideas under them."));
          }
          if (patch.closesAt() != null && (c.phase() == ChallengePhase.DRAFT || c.phase() == ChallengePhase.OPEN)
              && !patch.closesAt().toInstant().isAfter(clock.instant())) {
            return Future.failedFuture(ApiException.invalid("closesAt", "must be in the future"));
          }
          Brief next = SupportRules.stagesEndAtThreshold(BriefDraft.merged(c, patch));
          if (patch.previousRound() != null && !patch.previousRound().equals(c.previousRoundId())) {
            if (c.phase() != ChallengePhase.DRAFT) {
              return Future.failedFuture(ApiException.conflict("The previous round is fixed once the challenge is open."));
            }
            return rounds.link(tx, c.id(), c.orgId(), patch.previousRound()).compose(v ->
                store(tx, caller, c, html.onto(c, next, patch.space() == null ? c.spaceId() : spaceId)));
          }
          return store(tx, caller, c, html.onto(c, next, patch.space() == null ? c.spaceId() : spaceId));
        }))))
        .compose(cid -> repo.byIdWithStats(db.pool(), cid))
        .map(c -> new View(c.orElseThrow(), true));
  }

  /** Stores an edit; once the challenge is public, keeps the replaced version and announces the change. */
  private Future<Long> store(SqlConnection tx, Caller caller, Challenge c,
      ChallengeRepository.Content next) {
    List<String> changed = BriefChanges.between(c, next);
    if (changed.isEmpty()) {
      return Future.succeededFuture(c.id());
    }
    Future<Void> revision = c.phase() == ChallengePhase.DRAFT ? Future.succeededFuture()
        : repo.insertRevision(tx, c.id(), c.revision(), c.briefJson(), changed, caller.id());
    return revision
        .compose(v -> repo.update(tx, c.id(), next))
        .compose(v -> c.phase() == ChallengePhase.DRAFT ? Future.succeededFuture()
            : repo.byId(tx, c.id()).compose(updated -> new Announcements(events, webhooks)
                .live(c.id(), "challenge.updated", new JsonObject()
                    .put("challenge", updated.orElseThrow().toJson())
                    .put("changed", new JsonArray(changed))
                    .put("by", caller.user().toAuthorJson()))
                .flush(tx)))
        .map(c.id());
  }

  public Future<View> transition(Caller caller, long id, ChallengePhase to) {
    return transition(caller, id, new PhaseChange(to, null));
  }

  /** Moves the challenge on; opening a next round whose previous round reported nothing takes the change's reason. */
  public Future<View> transition(Caller caller, long id, PhaseChange change) {
    ChallengePhase to = change.to();
    return manageable(caller, id).compose(ignored -> db.tx(tx -> repo.lock(tx, id).compose(locked -> {
          Challenge c = locked.orElseThrow(() -> ApiException.notFound("challenge"));
          if (!c.phase().canMoveTo(to)) {
            return Future.failedFuture(ApiException.conflict(
                "A challenge cannot move from " + c.phase().wire() + " to " + to.wire() + "."));
          }
          if (to == ChallengePhase.OPEN && !c.closesAt().toInstant().isAfter(clock.instant())) {
            return Future.failedFuture(ApiException.conflict("closesAt has passed; move it into the future first."));
          }
          Future<Void> allowed = to == ChallengePhase.OPEN ? rounds.beforeOpening(tx, c, caller, change.reason())
              : Future.succeededFuture();
          return allowed.compose(ok -> repo.movePhase(tx, id, c.phase(), to))
              .compose(v -> to == ChallengePhase.DECIDED ? reputation.judgingCompleted(tx, id) : Future.<Void>succeededFuture())
              .compose(v -> transitionNews(c.id(), c.orgId(), c.phase(), to, caller).flush(tx));
        })))
        .compose(v -> repo.byIdWithStats(db.pool(), id))
        .map(c -> new View(c.orElseThrow(), true));
  }

  private Announcements transitionNews(long challengeId, long orgId, ChallengePhase from, ChallengePhase to,
      Caller by) {
    JsonObject data = new JsonObject()
        .put("challengeId", challengeId)
        .put("from", from.wire())
        .put("to", to.wire())
        .put("automatic", by == null)
        .put("by", by == null ? null : by.user().toAuthorJson())
        .put("at", Times.iso(OffsetDateTime.now()));
    return new Announcements(events, webhooks).both(challengeId, orgId, WebhookEvents.CHALLENGE_TRANSITION, data);
  }

  /**
   * Moves every open challenge whose deadline has passed to review, announcing each. Every node
   * runs this on a timer; the single conditional update decides, so each challenge moves once.
   * "Passed" is by this service's clock, the one closesAt was checked against when it was set,
   * rather than the database's now(): so a test moves its clock past a deadline instead of waiting.
   */
  public Future<List<Long>> closeDue() {
    return db.tx(tx -> repo.closeDue(tx, clock.instant()).compose(closed -> {
      Future<Void> chain = Future.succeededFuture();
      for (ChallengeRepository.Closed c : closed) {
        chain = chain.compose(v -> transitionNews(c.id(), c.orgId(), ChallengePhase.OPEN, ChallengePhase.REVIEW, null)
            .flush(tx));
      }
      return chain.map(v -> closed.stream().map(ChallengeRepository.Closed::id).toList());
    }));
  }

  /** The challenge with its stats; 404 for a draft the caller may not see. */
  public Future<View> get(Caller caller, long id) {
    return repo.byIdWithStats(db.pool(), id)
        .map(c -> c.orElseThrow(() -> ApiException.notFound("challenge")))
        .compose(c -> isMember(db.pool(), caller, c.orgId()).compose(member ->
            permissions.canSeeChallenge(caller, c.phase() == ChallengePhase.DRAFT, member)
                ? Future.succeededFuture(new View(c, permissions.canManageChallenge(caller, member)))
                : Future.failedFuture(ApiException.notFound("challenge"))));
  }

  /** Whether the caller may read the challenge (and so follow its live topic). */
  public Future<Boolean> canRead(Caller caller, long id) {
    return get(caller, id).map(true).otherwise(e -> {
      if (e instanceof ApiException api && api.status() == 404) {
        return false;
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    });
  }

  /**
   * Whether the caller may follow a live topic of this feature ({@code challenge:<id>}): exactly
   * when they may read the challenge. False for any other topic and for what they cannot see.
   */
  public Future<Boolean> canReadTopic(Caller caller, String topic) {
    if (!topic.startsWith("challenge:")) {
      return Future.succeededFuture(false);
    }
    try {
      return canRead(caller, Long.parseLong(topic.substring("challenge:".length())));
    } catch (NumberFormatException e) {
      return Future.succeededFuture(false);
    }
  }

  /** The rounds' log of a challenge the caller may read (see {@link Rounds}), newest first. */
  public Future<JsonArray> roundLog(Caller caller, long id) {
    return get(caller, id).compose(v -> rounds.log(db.pool(), id));
  }

  /** What the challenge's rounds reported, as the results feature answers it. */
  public RoundOutcomes outcomes() {
    return rounds.outcomes();
  }

  /** Now, by the clock deadlines fall by: what "days left" on a page counts from. */
  Instant now() {
    return clock.instant();
  }

  /** Challenges newest first; drafts only for their org's members. */
  public Future<Page<Challenge>> list(Caller caller, String phase, String orgSlug, String cursor, int limit) {
    Cursor key = Cursor.decodeOrFirst(cursor, "challenges", 1);
    long before = key == null ? Long.MAX_VALUE : key.longAt(0);
    return repo.list(db.pool(), visibleChallenges(caller), phase, orgSlug, before, limit + 1)
        .map(rows -> Page.of(rows, limit, c -> Cursor.encode("challenges", c.id())));
  }

  /** Every kept version of the brief, newest first. */
  public Future<JsonObject> revisions(Caller caller, long id) {
    return get(caller, id).compose(v -> repo.revisions(db.pool(), id))
        .map(items -> new JsonObject().put("items", items).put("nextCursor", null));
  }

  /** The org's challenges for its page; drafts only when the viewer is on its team. */
  public Future<JsonArray> ofOrg(OrgRepository.Org org, Caller viewer) {
    return repo.list(db.pool(), visibleChallenges(viewer), null, org.slug(), Long.MAX_VALUE, 100).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(c -> out.add(c.toSummaryJson()));
      return out;
    });
  }

  /**
   * Participation figures for the org's team: totals, ideas and supports per day over the last
   * {@code days} days, the status funnel, top contributors and each challenge's figures.
   */
  public Future<JsonObject> orgStats(Caller caller, String orgSlug, int days) {
    return orgs.bySlug(db.pool(), orgSlug)
        .map(o -> o.orElseThrow(() -> ApiException.notFound("org")))
        .compose(org -> isMember(db.pool(), caller, org.id()).compose(member ->
            permissions.canManageChallenge(caller, member) ? Future.succeededFuture(org)
                : Future.failedFuture(ApiException.forbidden("Only the org's members can read its statistics."))))
        .compose(org -> {
          Future<JsonObject> totals = stats.totals(db.pool(), org.id());
          Future<JsonArray> perDay = stats.perDay(db.pool(), org.id(), days);
          Future<JsonObject> funnel = stats.funnel(db.pool(), org.id());
          Future<JsonArray> top = stats.topContributors(db.pool(), org.id(), 10);
          Future<JsonArray> perChallenge = stats.perChallenge(db.pool(), org.id());
          Future<JsonObject> byType = new Breakdowns().ofOrg(db.pool(), org.id());
          return Future.all(List.of(totals, perDay, funnel, top, perChallenge, byType)).map(all -> totals.result().copy()
              .put("org", org.slug())
              .put("days", days)
              .put("perDay", perDay.result())
              .put("funnel", funnel.result())
              .put("topContributors", top.result())
              .put("perChallenge", perChallenge.result())
              .put("stakeholders", byType.result()));
        });
  }

  /** The challenge if the caller is on its org's team: 404 for hidden drafts, 403 for outsiders. */
  Future<Challenge> manageable(Caller caller, long id) {
    return get(caller, id).compose(v -> v.canManage() ? Future.succeededFuture(v.challenge())
        : Future.failedFuture(ApiException.forbidden("Only members of " + v.challenge().orgName()
            + " can manage this challenge.")));
  }

  /** The challenges the caller may see, for ChallengeRepository's lists (challenge {@code c}). */
  private ReadScope visibleChallenges(Caller caller) {
    return first -> permissions.readableChallenges(caller, "c", first);
  }

  Future<Boolean> isMember(SqlClient client, Caller caller, long orgId) {
    if (!caller.signedIn()) {
      return Future.succeededFuture(false);
    }
    return orgs.roleOf(client, orgId, caller.id()).map(Optional::isPresent);
  }

  private Future<Void> requireTeam(SqlClient client, Caller caller, long orgId) {
    return isMember(client, caller, orgId).compose(member -> permissions.canManageChallenge(caller, member)
        ? Future.succeededFuture()
        : Future.failedFuture(ApiException.forbidden("Only the org's members can post its challenges.")));
  }

  private Future<Long> spaceId(String slug) {
    if (slug == null) {
      return Future.succeededFuture(null);
    }
    return repo.spaceIdReadableBy(db.pool(), slug, first -> permissions.readableSpaces(Caller.ANONYMOUS, "s", first))
        .map(s -> s.orElseThrow(() -> ApiException.invalid("space", "must be a public space")));
  }

  /** The brief with its Markdown fields rendered (off the event loop). */
  private Future<ChallengeRepository.Content> render(Brief b, Long spaceId) {
    String constraints = b.constraints() == null ? "" : b.constraints();
    Future<RenderedMarkdown> problem = render.apply(b.problem());
    Future<RenderedMarkdown> outcomes = render.apply(b.desiredOutcomes());
    Future<RenderedMarkdown> limits = render.apply(constraints);
    Future<RenderedMarkdown> terms = render.apply(b.ipTerms());
    return Future.all(problem, outcomes, limits, terms).map(all -> new ChallengeRepository.Content(
        b.title(), b.summary(),
        b.problem(), problem.result().html(),
        b.desiredOutcomes(), outcomes.result().html(),
        constraints, limits.result().html(),
        b.criteria(),
        b.reward() == null ? "" : b.reward(),
        b.ipTerms(), terms.result().html(),
        b.closesAt(),
        b.supportThreshold() == null ? defaultThreshold.getAsInt() : b.supportThreshold(),
        spaceId, b.supportStages(), b.supportBudget(), Boolean.TRUE.equals(b.publicRationale()),
        b.minSupportShare() == null ? SupportShare.NONE : b.minSupportShare()));
  }
}
