package dev.cocreate.results;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A result of a decided challenge as stored: the ideas it carries out, its owner, its milestones,
 * where it stands (status and progress, those of its latest update) and its timeline of updates,
 * with its supporters' ratings once it is delivered.
 */
record Result(
    long id,
    long challengeId,
    long orgId,
    String title,
    String owner,
    String status,
    int progress,
    List<LinkedIdea> ideas,
    List<Milestone> milestones,
    List<Update> updates,
    Rating rating,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  static final List<String> STATUSES = List.of("planned", "in_progress", "delivered", "abandoned");

  record LinkedIdea(long id, String title) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("title", title);
    }
  }

  record Milestone(String title, LocalDate due) {
    JsonObject toJson() {
      return new JsonObject().put("title", title).put("due", due.toString());
    }
  }

  /** One step of the timeline; {@code by} is null once its author's account is gone. */
  record Update(long id, int progress, String status, String note, JsonObject by, OffsetDateTime at) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("progress", progress).put("status", status).put("note", note)
          .put("by", by).put("at", Times.iso(at));
    }
  }

  /** The supporters' ratings: their mean (null while there are none) and how many. */
  record Rating(Double mean, int count) {
    JsonObject toJson() {
      return new JsonObject().put("mean", mean == null ? null : Math.round(mean * 100) / 100.0).put("count", count);
    }
  }

  boolean delivered() {
    return "delivered".equals(status);
  }

  JsonObject toJson() {
    JsonArray linked = new JsonArray();
    ideas.forEach(i -> linked.add(i.toJson()));
    JsonArray steps = new JsonArray();
    milestones.forEach(m -> steps.add(m.toJson()));
    JsonArray timeline = new JsonArray();
    updates.forEach(u -> timeline.add(u.toJson()));
    return new JsonObject()
        .put("id", id)
        .put("challengeId", challengeId)
        .put("title", title)
        .put("owner", owner)
        .put("status", status)
        .put("progress", progress)
        .put("ideas", linked)
        .put("milestones", steps)
        .put("updates", timeline)
        .put("rating", rating.toJson())
        .put("createdAt", Times.iso(createdAt))
        .put("updatedAt", Times.iso(updatedAt));
  }
}
