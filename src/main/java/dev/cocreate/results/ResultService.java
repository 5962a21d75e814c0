package dev.cocreate.results;

import dev.cocreate.access.Permissions;
import dev.cocreate.access.SqlReader;
import dev.cocreate.account.Caller;
import dev.cocreate.challenge.ChallengePhase;
import dev.cocreate.challenge.ChallengeService;
import dev.cocreate.challenge.webhook.WebhookEvents;
import dev.cocreate.challenge.webhook.WebhookOutbox;
import dev.cocreate.notify.Notifier;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.json.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Results of a decided challenge: the firm records what it carries out and posts its progress;
 * each update is told to everyone the result's ideas concern (notification, live, webhook, feed);
 * once delivered, the ideas' supporters rate it. Results are read by whoever may read their
 * challenge.
 */
public final class ResultService {
  public static final String RESULT_UPDATED = "result.updated";

  private final Database db;
  private final ChallengeService challenges;
  private final Permissions permissions;
  private final EventLog events;
  private final WebhookOutbox webhooks;
  private final Notifier notifier;
  private final ResultRepository repo;

  public ResultService(Database db, ChallengeService challenges, Permissions permissions, EventLog events,
      WebhookOutbox webhooks, Notifier notifier) {
    this.db = db;
    this.challenges = challenges;
    this.permissions = permissions;
    this.events = events;
    this.webhooks = webhooks;
    this.notifier = notifier;
    this.repo = repository(permissions);
  }

  /** The repository with the challenge's read rule for each recipient of an update. */
  static ResultRepository repository(Permissions permissions) {
    return new ResultRepository(permissions.readableChallenges(SqlReader.eachUser("u"), "c"));
  }

  /** A result as one caller sees it: may they update it, rate it, and their own rating. */
  public record View(Result result, boolean canUpdate, boolean canRate, JsonObject myRating) {
    public JsonObject toJson() {
      return result.toJson().put("canUpdate", canUpdate).put("canRate", canRate).put("myRating", myRating);
    }
  }

  /** A challenge's results as the caller sees them, oldest first; whether they may record one. */
  public record Board(ChallengeService.View challenge, List<View> results, boolean canRecord) {}

  public Future<Board> ofChallenge(Caller caller, long challengeId) {
    return challenges.get(caller, challengeId).compose(view -> repo.idsOfChallenge(db.pool(), challengeId)
        .compose(ids -> views(caller, view, ids))
        .map(views -> new Board(view, views, permissions.canReportResults(caller, view.canManage(), decided(view)))));
  }

  public Future<View> get(Caller caller, long resultId) {
    return repo.head(db.pool(), resultId)
        .map(h -> h.orElseThrow(() -> ApiException.notFound("result")))
        .compose(h -> challenges.get(caller, h.challengeId()).recover(e -> Future.failedFuture(notFoundAsResult(e)))
            .compose(view -> views(caller, view, List.of(resultId))))
        .map(list -> list.get(0));
  }

  /** Records a result of a decided (or closed) challenge, carrying out some of its ideas. */
  public Future<View> record(Caller caller, long challengeId, NewResult req) {
    return challenges.get(caller, challengeId).compose(view -> {
      if (!view.canManage()) {
        return Future.failedFuture(ApiException.forbidden("Only members of " + view.challenge().orgName()
            + " can record this challenge's results."));
      }
      if (!permissions.canReportResults(caller, true, decided(view))) {
        return Future.failedFuture(ApiException.conflict("Results are recorded once the challenge is decided."));
      }
      return db.tx(tx -> repo.insert(tx, challengeId, req.title(), req.owner(), caller.id())
          .compose(id -> repo.linkIdeas(tx, id, challengeId, req.ideaIds()).compose(linked -> linked == req.ideaIds().size()
              ? repo.insertMilestones(tx, id, req.milestones()).map(id)
              : Future.failedFuture(ApiException.invalid("ideaIds", "must be ideas of this challenge")))))
          .compose(id -> get(caller, id));
    });
  }

  /**
   * A progress update: the timeline's next step, and where the result stands. In the same
   * transaction: each author, supporter and follower of its ideas is notified once, the org's
   * webhooks get {@code result.updated}, and the challenge's and ideas' live topics announce it.
   */
  public Future<View> update(Caller caller, long resultId, ResultUpdate req) {
    return manageable(caller, resultId).compose(head -> db.tx(tx -> repo.lock(tx, resultId)
        .compose(locked -> repo.addUpdate(tx, resultId, req.progress(), req.status(), req.note(), caller.id()))
        .compose(v -> announce(tx, caller, head, req))))
        .compose(v -> get(caller, resultId));
  }

  private Future<Void> announce(SqlConnection tx, Caller caller, ResultRepository.Head head, ResultUpdate req) {
    String url = "/c/" + head.challengeId() + "/results#result-" + head.id();
    JsonObject data = new JsonObject()
        .put("resultId", head.id())
        .put("challengeId", head.challengeId())
        .put("title", head.title())
        .put("progress", req.progress())
        .put("status", req.status())
        .put("note", req.note())
        .put("by", caller.user().toAuthorJson())
        .put("at", Times.iso(OffsetDateTime.now()))
        .put("url", url);
    JsonObject notice = new JsonObject().put("title", head.title()).put("challengeId", head.challengeId())
        .put("status", req.status()).put("progress", req.progress()).put("url", url);
    // Webhooks first and live events last: the event log's ordering lock is held only for the commit.
    return webhooks.enqueue(tx, head.orgId(), WebhookEvents.RESULT_UPDATED, data)
        .compose(n -> repo.recipients(tx, head.id()))
        .compose(who -> notifier.resultUpdated(tx, who, head.id(), caller.id(), notice))
        .compose(v -> repo.ideaThreads(tx, head.id()))
        .compose(threads -> {
          Future<?> chain = events.append(tx, "challenge:" + head.challengeId(), RESULT_UPDATED, data);
          for (long thread : threads) {
            chain = chain.compose(x -> events.append(tx, "thread:" + thread, RESULT_UPDATED, data));
          }
          return chain.mapEmpty();
        });
  }

  /** A supporter's rating of a delivered result, added or changed: one each. */
  public Future<View> rate(Caller caller, long resultId, ResultRating req) {
    return get(caller, resultId).compose(view -> repo.supportsLinkedIdea(db.pool(), resultId, caller.id()).compose(supports -> {
      if (!permissions.canRateResult(caller, supports)) {
        return Future.failedFuture(ApiException.forbidden("Only supporters of this result's ideas can rate it."));
      }
      if (!view.result().delivered()) {
        return Future.failedFuture(ApiException.conflict("A result is rated once it is delivered."));
      }
      return db.tx(tx -> repo.rate(tx, resultId, caller.id(), req.stars(), req.comment()));
    })).compose(v -> get(caller, resultId));
  }

  /** The newest steps of the challenge's timelines, for its feed; anonymous readers' view. */
  Future<FeedData> feed(long challengeId) {
    return challenges.get(Caller.ANONYMOUS, challengeId)
        .compose(view -> repo.feed(db.pool(), challengeId, 50).map(entries -> new FeedData(view, entries)));
  }

  record FeedData(ChallengeService.View challenge, List<ResultRepository.FeedEntry> entries) {}

  /** The result, if the caller may update it: 404 when they cannot read it, 403 when not on the firm's team. */
  private Future<ResultRepository.Head> manageable(Caller caller, long resultId) {
    return repo.head(db.pool(), resultId)
        .map(h -> h.orElseThrow(() -> ApiException.notFound("result")))
        .compose(h -> challenges.get(caller, h.challengeId()).recover(e -> Future.failedFuture(notFoundAsResult(e)))
            .compose(view -> view.canManage() ? Future.succeededFuture(h)
                : Future.failedFuture(ApiException.forbidden("Only members of " + view.challenge().orgName()
                    + " can update this result."))));
  }

  private Future<List<View>> views(Caller caller, ChallengeService.View challenge, List<Long> ids) {
    Future<List<Result>> results = repo.load(db.pool(), ids);
    if (!caller.signedIn() || ids.isEmpty()) {
      return results.map(list -> list.stream().map(r -> new View(r, challenge.canManage(), false, null)).toList());
    }
    Future<Map<Long, JsonObject>> mine = repo.ratingsBy(db.pool(), ids, caller.id());
    Future<List<Long>> supported = repo.supportedAmong(db.pool(), ids, caller.id());
    return Future.all(results, mine, supported).map(all -> results.result().stream()
        .map(r -> new View(r, challenge.canManage(),
            r.delivered() && permissions.canRateResult(caller, supported.result().contains(r.id())),
            mine.result().get(r.id())))
        .toList());
  }

  private static boolean decided(ChallengeService.View view) {
    ChallengePhase phase = view.challenge().phase();
    return phase == ChallengePhase.DECIDED || phase == ChallengePhase.CLOSED;
  }

  private static Throwable notFoundAsResult(Throwable e) {
    return e instanceof ApiException api && api.status() == 404 ? ApiException.notFound("result") : e;
  }

  /** What results.RoundRecord and the pages read without a caller: the repository. */
  ResultRepository repo() {
    return repo;
  }

  Database db() {
    return db;
  }
}
