package dev.cocreate.challenge;

import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves open challenges to review at their deadline, then expires the ideas that missed a support
 * stage's. Runs on every node each second; the database decides which node moves a challenge (see
 * {@link ChallengeService#closeDue()}) or expires an idea (see {@link SupportStages#expireDue()}).
 */
public final class ChallengeClock {
  private static final Logger log = LoggerFactory.getLogger(ChallengeClock.class);
  static final long PERIOD_MS = 1000;

  private final Vertx vertx;
  private final ChallengeService challenges;
  private final SupportStages stages;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean stopped;
  private long timer = -1;

  public ChallengeClock(Vertx vertx, ChallengeService challenges, SupportStages stages) {
    this.vertx = vertx;
    this.challenges = challenges;
    this.stages = stages;
  }

  public void start() {
    timer = vertx.setPeriodic(PERIOD_MS, id -> tick());
  }

  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void tick() {
    if (stopped || !running.compareAndSet(false, true)) {
      return;
    }
    challenges.closeDue().onComplete(ar -> {
      if (ar.failed() && !stopped) {
        log.warn("closing due challenges failed: {}", ar.cause().toString());
      } else if (ar.succeeded() && !ar.result().isEmpty()) {
        log.info("Challenges {} reached their deadline and moved to review", ar.result());
      }
    }).transform(ar -> stages.expireDue()).onComplete(ar -> {
      running.set(false);
      if (ar.failed() && !stopped) {
        log.warn("expiring ideas past their stage deadline failed: {}", ar.cause().toString());
      } else if (ar.succeeded() && !ar.result().isEmpty()) {
        log.info("Ideas {} missed their support stage's deadline and expired", ar.result());
      }
    });
  }
}
