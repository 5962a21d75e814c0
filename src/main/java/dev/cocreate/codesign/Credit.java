package dev.cocreate.codesign;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * One entry of an idea's credit ledger: who is credited, for what ({@code amendment}: an accepted
 * amendment, {@code coauthor}: co-authorship, {@code reply}: a reply the authors incorporated) and
 * where it is ({@code sourceId}: the amendment, the co-author, the post).
 */
public record Credit(long id, long ideaId, Long userId, String username, String displayName, String kind, long sourceId,
    OffsetDateTime createdAt) {

  static final String COLUMNS = """
      select cr.id, cr.idea_id, cr.user_id, cr.kind, cr.source_id, cr.created_at, u.username, u.display_name
        from idea_credits cr left join users u on u.id = cr.user_id
      """;

  static Credit of(Row r) {
    return new Credit(r.getLong("id"), r.getLong("idea_id"), r.getLong("user_id"), r.getString("username"),
        r.getString("display_name"), r.getString("kind"), r.getLong("source_id"), r.getOffsetDateTime("created_at"));
  }

  /** Where the credited contribution is read. */
  public String url() {
    return switch (kind) {
      case "amendment" -> "/i/" + ideaId + "/amendments/" + sourceId;
      case "reply" -> "/posts/" + sourceId;
      default -> "/u/" + username;
    };
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("ideaId", ideaId)
        .put("user", userId == null ? null
            : new JsonObject().put("id", userId).put("username", username).put("displayName", displayName))
        .put("kind", kind)
        .put("sourceId", sourceId)
        .put("url", url())
        .put("createdAt", Times.iso(createdAt));
  }
}
