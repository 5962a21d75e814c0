package dev.cocreate.platform.jobs;

import dev.cocreate.platform.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic jobs that must run once per period across all nodes (digests, clean-ups), not once per
 * node. Every node ticks every job; a tick opens a transaction, tries a transaction-scoped advisory
 * lock named after the job (a node that is busy with it elsewhere is skipped, not waited for), then
 * claims the job's {@code job_runs} row only if its last run is at least a period old. The job then
 * runs inside that same transaction: if it fails, the claim rolls back with it and the next tick on
 * any node tries again. Time is the database's, so nodes' clocks do not matter.
 *
 * <p>Jobs that are safe to run on every node (a single idempotent UPDATE, like closing challenges
 * at their deadline) do not need this.
 */
public final class ClusterJobs {
  private static final Logger log = LoggerFactory.getLogger(ClusterJobs.class);

  /** Namespace of the advisory lock keys, so they cannot collide with other advisory locks. */
  private static final String LOCK_PREFIX = "cocreate.job:";

  private static final String CLAIM = """
      insert into job_runs as j (name, last_run_at, last_node) values ($1, now(), $3)
      on conflict (name) do update set last_run_at = now(), last_node = $3, runs = j.runs + 1
        where j.last_run_at <= now() - make_interval(secs => $2::double precision / 1000)
      returning runs""";

  /** A registered job. */
  public record Job(String name, Duration period, Function<SqlConnection, Future<?>> work) {}

  private final Vertx vertx;
  private final Database db;
  private final String node;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, Boolean> busy = new ConcurrentHashMap<>();
  private final List<Long> timers = new ArrayList<>();
  private boolean started;
  private volatile boolean stopped;

  /**
   * @param node a name for this node, recorded with each run (for operators)
   */
  public ClusterJobs(Vertx vertx, Database db, String node) {
    this.vertx = vertx;
    this.db = db;
    this.node = node;
  }

  /**
   * Registers a job: at most one run per {@code period} across the cluster. {@code work} runs in
   * the claiming transaction on whichever node claims it first; it should be idempotent with
   * respect to its own effects. Jobs registered after {@link #start()} start ticking at once.
   */
  public synchronized void register(String name, Duration period, Function<SqlConnection, Future<?>> work) {
    if (period.toMillis() < 10) {
      throw new IllegalArgumentException("a job period must be at least 10 ms: " + name);
    }
    Job job = new Job(name, period, work);
    if (jobs.putIfAbsent(name, job) != null) {
      throw new IllegalArgumentException("job '" + name + "' is already registered");
    }
    if (started && !stopped) {
      schedule(job);
    }
  }

  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    jobs.values().forEach(this::schedule);
  }

  public synchronized void stop() {
    stopped = true;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  /**
   * Ticks often enough that a run is late by at most a fifth of the period (at most 30 s); every
   * tick that finds the job not due costs one indexed upsert that changes nothing.
   */
  static long tickMillis(Duration period) {
    return Math.max(5, Math.min(30_000, period.toMillis() / 5));
  }

  private void schedule(Job job) {
    timers.add(vertx.setPeriodic(tickMillis(job.period()), id -> tick(job)));
  }

  /**
   * Tries to run {@code job} now; answers true when this node ran it. Public for tests and for an
   * operator-triggered run; the periodic timer calls it too.
   */
  public Future<Boolean> tick(Job job) {
    if (stopped || busy.putIfAbsent(job.name(), Boolean.TRUE) != null) {
      return Future.succeededFuture(false);
    }
    return db.tx(tx -> tx.preparedQuery("select pg_try_advisory_xact_lock(hashtextextended($1, 0))")
            .execute(Tuple.of(LOCK_PREFIX + job.name()))
            .compose(locked -> {
              if (!locked.iterator().next().getBoolean(0)) {
                return Future.succeededFuture(false);
              }
              return tx.preparedQuery(CLAIM).execute(Tuple.of(job.name(), job.period().toMillis(), node))
                  .compose(claimed -> claimed.size() == 0
                      ? Future.succeededFuture(false)
                      : job.work().apply(tx).map(true));
            }))
        .onComplete(ar -> {
          busy.remove(job.name());
          if (ar.failed() && !stopped) {
            log.warn("Job '{}' failed on node {}: {}", job.name(), node, ar.cause().toString());
          }
        });
  }

  /** The registered job of that name, or null. */
  public Job job(String name) {
    return jobs.get(name);
  }
}
