package dev.cocreate.challenge;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Where an idea stands on its challenge's support stages: stages reached and the running deadline. */
public record IdeaStage(StagePlan plan, int reached, OffsetDateTime deadline) {
  static final IdeaStage NONE = new IdeaStage(StagePlan.NONE, 0, null);

  /** From a row carrying {@code support_stages}, {@code stage_reached} and {@code stage_deadline}. */
  static IdeaStage of(Row r) {
    if (r.getColumnIndex("support_stages") < 0) {
      return NONE;
    }
    return new IdeaStage(StagePlan.of(r.getValue("support_stages")), r.getInteger("stage_reached"),
        r.getOffsetDateTime("stage_deadline"));
  }

  public boolean on() {
    return plan.on();
  }

  /** The idea JSON's {@code stage}: {index, of, reached, supporters, deadline}; null without stages. */
  JsonObject toJson() {
    return plan.ideaJson(reached, deadline);
  }

  /** The stage it works on, 1-based. */
  public int index() {
    return plan.current(reached);
  }

  public int of() {
    return plan.size();
  }

  /** The supporters its current stage asks for. */
  public int target() {
    return plan.target(reached);
  }

  /** Whole days left before its deadline at {@code now}, rounded up (0 once it passed); null without a deadline. */
  public Long daysLeft(Instant now) {
    if (deadline == null) {
      return null;
    }
    Duration left = Duration.between(now, deadline.toInstant());
    if (left.isNegative() || left.isZero()) {
      return 0L;
    }
    return (left.toSeconds() + 86_399) / 86_400;
  }

  /** Whether its deadline passed at {@code now}: its support is over, and the clock expires it. */
  boolean missed(Instant now) {
    return deadline != null && !deadline.toInstant().isAfter(now);
  }
}
