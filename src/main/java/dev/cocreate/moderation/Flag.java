package dev.cocreate.moderation;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Set;

/** A member's report on a post (ideas later). {@code flaggerId} is null for a flag the system raised. */
public record Flag(long id, String targetType, long targetId, Long targetAuthorId, Long flaggerId, String flaggerUsername,
    String flaggerDisplayName, String reason, String note, String state, OffsetDateTime createdAt) {

  /** Reasons a member may give; {@code other} needs a note. */
  public static final Set<String> REASONS = Set.of("spam", "abuse", "off_topic", "other");
  /** The reason of the flag the system raises on a new member's post held for review. */
  public static final String NEW_MEMBER = "new_member";
  /** The reason of a dispute over an idea's credit or reward split, raised from the idea (codesign). */
  public static final String CREDIT = "credit";

  static final String COLUMNS = "f.id, f.target_type, f.target_id, f.target_author_id, f.flagger_id, "
      + "fu.username as flagger_username, fu.display_name as flagger_display_name, f.reason, f.note, f.state, f.created_at";

  static Flag of(Row r) {
    return new Flag(r.getLong("id"), r.getString("target_type"), r.getLong("target_id"), r.getLong("target_author_id"),
        r.getLong("flagger_id"), r.getString("flagger_username"), r.getString("flagger_display_name"), r.getString("reason"),
        r.getString("note"), r.getString("state"), r.getOffsetDateTime("created_at"));
  }

  /** What the flagger sees of their flag. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("targetType", targetType)
        .put("targetId", targetId)
        .put("reason", reason)
        .put("note", note)
        .put("state", state)
        .put("createdAt", Times.iso(createdAt));
  }

  /** What moderators see in the queue: who flagged as well. */
  public JsonObject toQueueJson() {
    JsonObject by = flaggerId == null ? null
        : new JsonObject().put("id", flaggerId).put("username", flaggerUsername).put("displayName", flaggerDisplayName);
    return toJson().put("by", by);
  }
}
