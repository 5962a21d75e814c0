package dev.cocreate.challenge;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AccountRules;
import dev.cocreate.account.Caller;
import dev.cocreate.challenge.webhook.WebhookEvents;
import dev.cocreate.challenge.webhook.WebhookOutbox;
import dev.cocreate.notify.Notifier;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.json.Times;
import dev.cocreate.reputation.ReputationLedger;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Ideas on their challenge's support stages: reaching a stage (decided by the support that carries
 * the idea there, under the idea's row lock, so once), missing a deadline (decided by the cluster
 * clock's update, so once, whichever node runs it), and resubmitting an expired idea. Deadlines
 * fall by the injected clock, the one that closes challenges.
 */
public final class SupportStages {
  /** How many due ideas one clock tick expires; the next tick takes the rest. */
  static final int BATCH = 100;

  private final Database db;
  private final EventLog events;
  private final WebhookOutbox webhooks;
  private final Notifier notifier;
  private final Permissions permissions;
  private final InstantSource clock;
  /** Reaching a stage earns the idea's author, in the transaction that records it. */
  private final ReputationLedger reputation = new ReputationLedger();

  SupportStages(Database db, EventLog events, WebhookOutbox webhooks, Notifier notifier, Permissions permissions,
      InstantSource clock) {
    this.db = db;
    this.events = events;
    this.webhooks = webhooks;
    this.notifier = notifier;
    this.permissions = permissions;
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * Whether the locked idea may gain a support: not once expired, nor once its deadline passed
   * (the clock is about to expire it; a late support must not save it on one node and not another).
   */
  Future<Void> mayGainSupport(IdeaRepository.Locked l) {
    if (l.status() == IdeaStatus.EXPIRED) {
      return Future.failedFuture(ApiException.conflict(
          "This idea expired: it missed a support stage. Its author may resubmit it."));
    }
    if (l.status() == IdeaStatus.SUBMITTED && l.stage().missed(now())) {
      return Future.failedFuture(ApiException.conflict("This idea's support stage ended before it was reached."));
    }
    return Future.succeededFuture();
  }

  /**
   * After the locked idea's support count became {@code count}: the stages it now reaches are
   * stored with its extended deadline, announced live on the challenge's and the idea's topics,
   * sent to the org's webhooks and notified to its author and supporters. The row lock makes the
   * supports of one idea take turns, so exactly one sees a given stage reached.
   */
  Future<Void> advance(SqlConnection tx, IdeaRepository.Locked l, int count, Announcements news, long actorId) {
    IdeaStage stage = l.stage();
    if (!stage.on() || l.status() == IdeaStatus.EXPIRED || l.status() == IdeaStatus.MERGED) {
      return Future.succeededFuture();
    }
    StagePlan.Standing next = stage.plan().after(stage.reached(), stage.deadline(), count, now());
    if (next.reached() == stage.reached()) {
      return Future.succeededFuture();
    }
    JsonObject data = new JsonObject()
        .put("ideaId", l.id())
        .put("challengeId", l.challengeId())
        .put("stage", next.reached())
        .put("of", stage.plan().size())
        .put("supportCount", count)
        .put("supporters", stage.plan().stages().get(next.reached() - 1).supporters())
        .put("next", next.reached() < stage.plan().size() ? stage.plan().stages().get(next.reached()).supporters() : null)
        .put("deadline", Times.iso(next.deadline()))
        .put("at", Times.iso(OffsetDateTime.ofInstant(now(), ZoneOffset.UTC)));
    news.both(l.challengeId(), l.orgId(), WebhookEvents.IDEA_STAGE_REACHED, data);
    if (l.threadId() != null) {
      news.liveOn("thread:" + l.threadId(), WebhookEvents.IDEA_STAGE_REACHED, data);
    }
    return tx.preparedQuery("update ideas set stage_reached = $2, stage_deadline = $3 where id = $1")
        .execute(Tuple.of(l.id(), next.reached(), next.deadline()))
        .compose(v -> recordReached(tx, l.id(), stage.reached() + 1, next.reached()))
        .compose(v -> reputation.stagesReached(tx, l.id()))
        .compose(v -> notifier.stageReached(tx, l.id(), next.reached(), stage.plan().size(), actorId));
  }

  /**
   * Keeps which stages the idea ever reached, {@code from} to {@code to}, and when: the author earns
   * for each once, and a resubmitted idea reaching a stage again finds it there (its stage count
   * starts over, this does not).
   */
  private Future<Void> recordReached(SqlConnection tx, long ideaId, int from, int to) {
    return tx.preparedQuery("""
            insert into idea_stages_reached (idea_id, stage, reached_at)
            select $1, g, $4 from generate_series($2::int, $3::int) g
            on conflict (idea_id, stage) do nothing""")
        .execute(Tuple.of(ideaId, from, to, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC)))
        .mapEmpty();
  }

  /**
   * Expires the submitted ideas of open challenges whose stage deadline passed by the clock: their
   * supports are released (so they count against no budget), their author and supporters told, the
   * change announced. Every node runs it each tick; the rows it locks (skipping those a support
   * holds, which the next tick sees again) decide which node expires an idea, so each expires once.
   */
  public Future<List<Long>> expireDue() {
    OffsetDateTime now = OffsetDateTime.ofInstant(now(), ZoneOffset.UTC);
    return db.tx(tx -> tx.preparedQuery("""
            select i.id, i.challenge_id, i.support_count, c.org_id, i.stage_deadline,
                   (select t.id from threads t where t.idea_id = i.id) as thread_id
              from ideas i join challenges c on c.id = i.challenge_id
             where i.status = 'submitted' and i.stage_deadline <= $1 and c.phase = 'open'
             order by i.stage_deadline, i.id limit $2
               for update of i skip locked""")
        .execute(Tuple.of(now, BATCH))
        .compose(rows -> {
          List<Long> expired = new ArrayList<>();
          Future<Void> chain = Future.succeededFuture();
          for (Row r : rows) {
            long id = r.getLong("id");
            expired.add(id);
            chain = chain.compose(v -> expire(tx, r, now));
          }
          return chain.map(expired);
        }));
  }

  private Future<Void> expire(SqlConnection tx, Row r, OffsetDateTime now) {
    long id = r.getLong("id");
    long challengeId = r.getLong("challenge_id");
    JsonObject data = new JsonObject()
        .put("ideaId", id)
        .put("challengeId", challengeId)
        .put("from", IdeaStatus.SUBMITTED.wire())
        .put("status", IdeaStatus.EXPIRED.wire())
        .put("note", null)
        .put("by", null)
        .put("releasedSupports", r.getInteger("support_count"))
        .put("at", Times.iso(now));
    Announcements news = new Announcements(events, webhooks)
        .both(challengeId, r.getLong("org_id"), WebhookEvents.IDEA_STATUS, data)
        .live(challengeId, "idea.supported", new JsonObject().put("ideaId", id).put("supportCount", 0));
    Long threadId = r.getLong("thread_id");
    if (threadId != null) {
      news.liveOn("thread:" + threadId, WebhookEvents.IDEA_STATUS, data);
    }
    // Supporters are told before their supports are released, so they hear why theirs went back to them.
    return notifier.ideaStatus(tx, id, IdeaStatus.EXPIRED.wire(), null, 0)
        .compose(v -> tx.preparedQuery("delete from idea_supports where idea_id = $1").execute(Tuple.of(id)))
        .compose(v -> tx.preparedQuery("""
                update ideas set status = 'expired', support_count = 0, stage_deadline = null, status_changed_at = $2
                 where id = $1""").execute(Tuple.of(id, now)))
        .compose(v -> news.flush(tx));
  }

  /**
   * Its author puts an expired idea back on the stages, from the start: submitted, no supports,
   * the first stage's deadline counted from now. Only while the challenge is open.
   */
  public Future<Void> resubmit(Caller caller, long ideaId, IdeaRepository ideas) {
    return AccountRules.mayWrite(caller).compose(w -> db.tx(tx -> ideas.lock(tx, ideaId).compose(found -> {
      IdeaRepository.Locked l = found.filter(i -> permissions.canSeeChallenge(caller, i.phase() == ChallengePhase.DRAFT, false))
          .orElseThrow(() -> ApiException.notFound("idea"));
      if (!permissions.canResubmitIdea(caller, l.authorId())) {
        return Future.failedFuture(ApiException.forbidden("Only its author can resubmit an idea."));
      }
      if (l.status() != IdeaStatus.EXPIRED) {
        return Future.failedFuture(ApiException.conflict("Only an expired idea can be resubmitted; this one is "
            + l.status().wire() + "."));
      }
      if (l.phase() != ChallengePhase.OPEN) {
        return Future.failedFuture(ApiException.conflict(
            "Ideas can be resubmitted only while the challenge is open; it is " + l.phase().wire() + "."));
      }
      OffsetDateTime now = OffsetDateTime.ofInstant(now(), ZoneOffset.UTC);
      OffsetDateTime deadline = l.stage().plan().firstDeadline(now());
      JsonObject data = new JsonObject()
          .put("ideaId", l.id())
          .put("challengeId", l.challengeId())
          .put("from", IdeaStatus.EXPIRED.wire())
          .put("status", IdeaStatus.SUBMITTED.wire())
          .put("note", null)
          .put("by", caller.user().toAuthorJson())
          .put("stageDeadline", Times.iso(deadline))
          .put("at", Times.iso(now));
      return tx.preparedQuery("""
              update ideas set status = 'submitted', support_count = 0, stage_reached = 0, stage_deadline = $2,
                     status_changed_at = $3
               where id = $1""")
          .execute(Tuple.of(l.id(), deadline, now))
          .compose(v -> new Announcements(events, webhooks)
              .both(l.challengeId(), l.orgId(), WebhookEvents.IDEA_STATUS, data).flush(tx));
    })));
  }
}
