package dev.cocreate.moderation;

import dev.cocreate.platform.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps members' trust levels in step with their activity: records visit days and posts read,
 * recomputes one member when their own activity moves, and every member periodically (votes
 * received and flags upheld move without the member doing anything). Every node runs the
 * periodic job; an update writes only rows whose level changes, so the nodes never disagree.
 */
public final class TrustService {
  private static final Logger log = LoggerFactory.getLogger(TrustService.class);
  private static final int PAGE = 500;

  private final Database db;
  private final TrustRepository repo = new TrustRepository();
  private final TrustLevels levels;
  /** The last day each member's visit was recorded from this node, so it is written once a day at most. */
  private final Map<Long, LocalDate> visitedToday = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();

  public TrustService(Database db, TrustLevels levels) {
    this.db = db;
    this.levels = levels;
  }

  public TrustLevels levels() {
    return levels;
  }

  /** Recomputes one member's level; returns the stored level. */
  public Future<Integer> recompute(long userId) {
    return repo.activityOf(db.pool(), userId).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(0);
      }
      TrustLevels.Activity a = found.get(0);
      int next = levels.next(a.trustLevel(), a);
      return next == a.trustLevel() ? Future.succeededFuture(next)
          : repo.setLevels(db.pool(), new long[] {userId}, new int[] {next}).map(n -> next);
    });
  }

  /** Recomputes every member, a page at a time; returns how many levels changed. */
  public Future<Integer> recomputeAll() {
    return recomputeFrom(0L, 0);
  }

  private Future<Integer> recomputeFrom(long afterId, int changedSoFar) {
    return repo.activityPage(db.pool(), afterId, PAGE).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture(changedSoFar);
      }
      List<TrustLevels.Activity> moved = page.stream().filter(a -> levels.next(a.trustLevel(), a) != a.trustLevel()).toList();
      long[] ids = moved.stream().mapToLong(TrustLevels.Activity::userId).toArray();
      int[] next = moved.stream().mapToInt(a -> levels.next(a.trustLevel(), a)).toArray();
      Future<Integer> written = moved.isEmpty() ? Future.succeededFuture(0) : repo.setLevels(db.pool(), ids, next);
      long last = page.get(page.size() - 1).userId();
      return written.compose(n -> page.size() < PAGE ? Future.succeededFuture(changedSoFar + n)
          : recomputeFrom(last, changedSoFar + n));
    });
  }

  /** Starts the periodic recomputation on this node; returns the timer id. */
  public long schedule(Vertx vertx, int everySeconds) {
    return vertx.setPeriodic(everySeconds * 1000L, everySeconds * 1000L, id -> {
      if (!running.compareAndSet(false, true)) {
        return;
      }
      recomputeAll()
          .onSuccess(n -> {
            if (n > 0) {
              log.info("Trust levels recomputed: {} changed", n);
            }
          })
          .onFailure(e -> log.warn("Trust level recomputation failed: {}", e.toString()))
          .onComplete(ar -> running.set(false));
    });
  }

  /** Notes that the member visited today; writes at most once per member and day on this node. */
  public Future<Void> recordVisit(long userId) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (today.equals(visitedToday.put(userId, today))) {
      return Future.succeededFuture();
    }
    if (visitedToday.size() > 100_000) {
      visitedToday.values().removeIf(day -> !day.equals(today));
    }
    return repo.recordVisit(db.pool(), userId, today)
        .compose(first -> first ? recompute(userId).mapEmpty() : Future.succeededFuture())
        .onFailure(e -> visitedToday.remove(userId, today))
        .mapEmpty();
  }

  /**
   * Notes that the member has read a thread up to post {@code lastPostId} (their read position,
   * which only moves forward): call it when a signed-in member is shown a thread's posts, or their
   * page reports posts scrolled into view. Recomputes their trust level when it moved.
   */
  public Future<Void> recordThreadRead(long userId, long threadId, long lastPostId) {
    return repo.recordThreadRead(db.pool(), userId, threadId, lastPostId)
        .compose(moved -> moved ? recompute(userId).mapEmpty() : Future.succeededFuture())
        .mapEmpty();
  }

  /** {@link #recordThreadRead} on the side of a read: a failure is logged, never shown to the reader. */
  public void noteThreadRead(long userId, long threadId, long lastPostId) {
    recordThreadRead(userId, threadId, lastPostId)
        .onFailure(e -> log.debug("thread read of user {} not recorded: {}", userId, e.toString()));
  }
}
