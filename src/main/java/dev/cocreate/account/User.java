package dev.cocreate.account;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** A member as stored; {@link #toJson()} is the API's public `user` shape (no e-mail). */
public record User(
    long id,
    String username,
    String email,
    String displayName,
    String role,
    int trustLevel,
    int reputation,
    String locale,
    String bio,
    OffsetDateTime createdAt,
    OffsetDateTime suspendedUntil,
    String suspensionReason,
    OffsetDateTime deletedAt,
    OffsetDateTime silencedUntil,
    String silenceReason,
    String timeZone,
    String avatarUrl) {

  /** Columns every user query selects, in the order {@link #of(Row)} reads them. */
  public static final String COLUMNS =
      "u.id, u.username, u.email, u.display_name, u.role, u.trust_level, u.reputation, u.locale, u.bio, "
          + "u.created_at, u.suspended_until, u.suspension_reason, u.deleted_at, u.silenced_until, u.silence_reason, u.time_zone, u.avatar_url";

  public static User of(Row r) {
    return new User(
        r.getLong("id"),
        r.getString("username"),
        r.getString("email"),
        r.getString("display_name"),
        r.getString("role"),
        r.getInteger("trust_level"),
        r.getInteger("reputation"),
        r.getString("locale"),
        r.getString("bio"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("suspended_until"),
        r.getString("suspension_reason"),
        r.getOffsetDateTime("deleted_at"),
        r.getOffsetDateTime("silenced_until"),
        r.getString("silence_reason"),
        r.getString("time_zone"),
        r.getString("avatar_url"));
  }

  public boolean isSuspended() {
    return suspendedUntil != null && suspendedUntil.isAfter(OffsetDateTime.now());
  }

  /** Silenced: reads and signs in, but may not write (post, reply, edit, flag, support, submit ideas) until then. */
  public boolean isSilenced() {
    return silencedUntil != null && silencedUntil.isAfter(OffsetDateTime.now());
  }

  /** An erased account: its row stays (as "Deleted member") so its posts keep an author. */
  public boolean isDeleted() {
    return deletedAt != null;
  }

  public boolean isAdmin() {
    return role.equals("admin");
  }

  public boolean isModerator() {
    return role.equals("moderator") || role.equals("admin");
  }

  public JsonObject toJson() {
    JsonObject j =
        new JsonObject()
            .put("id", id)
            .put("username", username)
            .put("displayName", displayName)
            .put("role", role)
            .put("trustLevel", trustLevel)
            .put("reputation", reputation)
            .put("createdAt", Times.iso(createdAt))
            // Null when the member chose none: pages draw a generated default.
            .put("avatarUrl", avatarUrl);
    if (isSuspended()) {
      j.put("suspendedUntil", Times.iso(suspendedUntil));
    }
    if (isSilenced()) {
      j.put("silencedUntil", Times.iso(silencedUntil));
    }
    return j;
  }

  /** The compact author shape embedded in posts, threads and ideas. */
  public JsonObject toAuthorJson() {
    return new JsonObject().put("id", id).put("username", username).put("displayName", displayName);
  }
}
