package dev.cocreate.account;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * An invitation code as an admin sees it: when it was made, until when it is good (null: until
 * used), and who used it, if anyone.
 */
public record Invite(String code, OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime usedAt, UsedBy usedBy) {
  /** The member who registered with the code. */
  public record UsedBy(long id, String username) {}

  /** Reads {@code code, created_at, expires_at, used_at, used_by, used_by_username}. */
  static Invite of(Row r) {
    Long usedBy = r.getLong("used_by");
    return new Invite(r.getString("code"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("expires_at"),
        r.getOffsetDateTime("used_at"), usedBy == null ? null : new UsedBy(usedBy, r.getString("used_by_username")));
  }

  /** The API's shape; {@code usedBy} only once the code is used. */
  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("code", code)
        .put("createdAt", Times.iso(createdAt))
        .put("expiresAt", expiresAt == null ? null : Times.iso(expiresAt))
        .put("usedAt", usedAt == null ? null : Times.iso(usedAt));
    if (usedBy != null) {
      j.put("usedBy", new JsonObject().put("id", usedBy.id()).put("username", usedBy.username()));
    }
    return j;
  }
}
