package dev.cocreate.content;

import dev.cocreate.account.User;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** The compact author shape embedded in threads, posts and revisions. */
public record Author(long id, String username, String displayName) {
  /** Reads the columns {@code <prefix>_id, <prefix>_username, <prefix>_display_name}. */
  public static Author of(Row r, String prefix) {
    return new Author(r.getLong(prefix + "_id"), r.getString(prefix + "_username"), r.getString(prefix + "_display_name"));
  }

  public static Author of(User u) {
    return new Author(u.id(), u.username(), u.displayName());
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("username", username).put("displayName", displayName);
  }
}
