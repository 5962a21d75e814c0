package dev.cocreate.challenge;

import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A challenge's support stages, LEGO Ideas' way: an idea must gather {@code supporters} within
 * {@code withinDays}, and each stage it reaches gives it the next stage's days more, until the last
 * stage, the challenge's threshold. An idea that misses a deadline expires. No stages: no deadlines.
 *
 * <p>An idea's place on the plan is how many stages it reached and its current deadline, both stored
 * on the idea; this class is the arithmetic over them, the same for the writes and the pages.
 */
public record StagePlan(List<Stage> stages) {
  public static final StagePlan NONE = new StagePlan(List.of());
  static final int MAX_STAGES = 10;
  static final int MAX_DAYS = 3650;

  public record Stage(int supporters, int withinDays) {
    JsonObject toJson() {
      return new JsonObject().put("supporters", supporters).put("withinDays", withinDays);
    }
  }

  /** Where an idea stands after a support count: stages reached, and the deadline of the next one (null after the last). */
  public record Standing(int reached, OffsetDateTime deadline) {}

  /** The plan as stored ({@code challenges.support_stages}, null for none). */
  static StagePlan of(Object stored) {
    if (stored == null) {
      return NONE;
    }
    JsonArray arr = stored instanceof JsonArray a ? a : new JsonArray(String.valueOf(stored));
    List<Stage> out = new ArrayList<>();
    for (Object o : arr) {
      JsonObject s = (JsonObject) o;
      out.add(new Stage(s.getInteger("supporters"), s.getInteger("withinDays")));
    }
    return new StagePlan(List.copyOf(out));
  }

  public boolean on() {
    return !stages.isEmpty();
  }

  public int size() {
    return stages.size();
  }

  /** As the brief and the database hold it; null when there are no stages. */
  JsonArray stored() {
    if (!on()) {
      return null;
    }
    JsonArray out = new JsonArray();
    stages.forEach(s -> out.add(s.toJson()));
    return out;
  }

  /** As the API shows it: an empty array when there are no stages. */
  public JsonArray toJson() {
    return on() ? stored() : new JsonArray();
  }

  /** The first stage's deadline for an idea submitted (or resubmitted) at {@code now}; null without stages. */
  OffsetDateTime firstDeadline(Instant now) {
    return on() ? OffsetDateTime.ofInstant(now.plus(Duration.ofDays(stages.get(0).withinDays())), ZoneOffset.UTC) : null;
  }

  /**
   * Where an idea that had reached {@code reached} stages stands once it has {@code count}
   * supporters: each stage reached extends its deadline by the next stage's days; past the last
   * stage there is no deadline. A merge can carry an idea over several stages at once.
   */
  Standing after(int reached, OffsetDateTime deadline, int count, Instant now) {
    int r = reached;
    OffsetDateTime d = deadline;
    while (r < stages.size() && count >= stages.get(r).supporters()) {
      r++;
      if (r == stages.size()) {
        d = null;
      } else {
        OffsetDateTime from = d != null ? d : OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        d = from.plusDays(stages.get(r).withinDays());
      }
    }
    return new Standing(r, d);
  }

  /** The stage an idea works on, 1-based (the last once all are reached). */
  int current(int reached) {
    return Math.min(reached + 1, stages.size());
  }

  /** The supporters the current stage asks for. */
  int target(int reached) {
    return stages.get(current(reached) - 1).supporters();
  }

  /** An idea's {@code stage}: {index, of, supporters, deadline}; null without stages. */
  JsonObject ideaJson(int reached, OffsetDateTime deadline) {
    if (!on()) {
      return null;
    }
    return new JsonObject().put("index", current(reached)).put("of", stages.size()).put("reached", reached)
        .put("supporters", target(reached)).put("deadline", Times.iso(deadline));
  }

  /**
   * Reads {@code supportStages} from a brief: up to {@link #MAX_STAGES} {supporters, withinDays},
   * supporters strictly increasing and the last equal to the threshold. An empty array turns stages
   * off; absent leaves them as they are (null). {@code threshold} is the brief's, or null when it
   * sets none, in which case the service compares with the stored one.
   */
  static JsonArray read(JsonBody b, Integer threshold, boolean create) {
    Object raw = b.raw().getValue("supportStages");
    if (raw == null) {
      return create ? new JsonArray() : null;
    }
    if (!(raw instanceof JsonArray arr) || arr.size() > MAX_STAGES) {
      b.error("supportStages", "must be an array of up to " + MAX_STAGES + " {supporters, withinDays} objects");
      return null;
    }
    JsonArray out = new JsonArray();
    int previous = 0;
    for (int i = 0; i < arr.size(); i++) {
      String field = "supportStages[" + i + "]";
      if (!(arr.getValue(i) instanceof JsonObject o)) {
        b.error(field, "must be an object {supporters, withinDays}");
        return null;
      }
      Integer supporters = whole(o.getValue("supporters"), 1, 1_000_000);
      Integer days = whole(o.getValue("withinDays"), 1, MAX_DAYS);
      if (supporters == null) {
        b.error(field + ".supporters", "must be a whole number between 1 and 1000000");
        return null;
      }
      if (days == null) {
        b.error(field + ".withinDays", "must be a whole number of days between 1 and " + MAX_DAYS);
        return null;
      }
      if (supporters <= previous) {
        b.error(field + ".supporters", "must be more than the stage before's");
        return null;
      }
      previous = supporters;
      out.add(new Stage(supporters, days).toJson());
    }
    if (!out.isEmpty()) {
      if (threshold != null && previous != threshold) {
        b.error("supportStages[" + (out.size() - 1) + "].supporters", "must equal supportThreshold (" + threshold + ")");
        return null;
      }
      if (threshold == null && create) {
        b.error("supportThreshold", "is required with supportStages: the last stage is the threshold");
        return null;
      }
    }
    return out;
  }

  private static Integer whole(Object v, int min, int max) {
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      return null;
    }
    long l = n.longValue();
    return l < min || l > max ? null : (int) l;
  }
}
