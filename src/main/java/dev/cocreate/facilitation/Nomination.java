package dev.cocreate.facilitation;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** A nomination of a space's member as its facilitator, on its way: open, seconded, then confirmed by the org's owner. */
public record Nomination(long id, long spaceId, long nomineeId, String nomineeUsername, String nomineeDisplayName,
    long nominatorId, String nominatorUsername, Long seconderId, String seconderUsername, String state,
    OffsetDateTime createdAt, OffsetDateTime secondedAt, OffsetDateTime confirmedAt) {

  static final String COLUMNS = """
      n.id, n.space_id, n.nominee_id, ne.username as nominee_username, ne.display_name as nominee_display_name,
      n.nominator_id, nr.username as nominator_username, n.seconder_id, sc.username as seconder_username,
      n.state, n.created_at, n.seconded_at, n.confirmed_at
      from facilitator_nominations n join users ne on ne.id = n.nominee_id join users nr on nr.id = n.nominator_id
      left join users sc on sc.id = n.seconder_id""";

  static Nomination of(Row r) {
    return new Nomination(r.getLong("id"), r.getLong("space_id"), r.getLong("nominee_id"), r.getString("nominee_username"),
        r.getString("nominee_display_name"), r.getLong("nominator_id"), r.getString("nominator_username"),
        r.getLong("seconder_id"), r.getString("seconder_username"), r.getString("state"), r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("seconded_at"), r.getOffsetDateTime("confirmed_at"));
  }

  public boolean open() {
    return state.equals("open");
  }

  public boolean seconded() {
    return state.equals("seconded");
  }

  /** {@code {id, nominee, nominator, seconder, state, createdAt, secondedAt, confirmedAt}}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("nominee", new JsonObject().put("id", nomineeId).put("username", nomineeUsername).put("displayName", nomineeDisplayName))
        .put("nominator", nominatorUsername)
        .put("seconder", seconderUsername)
        .put("state", state)
        .put("createdAt", Times.iso(createdAt))
        .put("secondedAt", Times.iso(secondedAt))
        .put("confirmedAt", Times.iso(confirmedAt));
  }
}
