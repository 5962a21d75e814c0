package dev.cocreate.jury;

import dev.cocreate.privacy.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A judge's part of their data: the juries they sat on, the conflicts they declared and the scores
 * and notes they gave, exported. Deleting the account erases the notes (their own words) but keeps
 * the numbers: a firm decided with them, and its rationale rests on them, as a deleted member's
 * posts stay under the account's anonymized name.
 */
public final class JuryData implements PersonalData {
  @Override
  public Future<ExportPart> export(SqlConnection conn, long userId) {
    Future<JsonArray> seats = rows(conn, "select challenge_id, created_at from jury_members where user_id = $1 order by challenge_id",
        userId, r -> new JsonObject().put("challengeId", r.getLong("challenge_id"))
            .put("namedAt", String.valueOf(r.getOffsetDateTime("created_at"))));
    Future<JsonArray> conflicts = rows(conn, "select idea_id, created_at from jury_conflicts where judge_id = $1 order by idea_id",
        userId, r -> new JsonObject().put("ideaId", r.getLong("idea_id"))
            .put("declaredAt", String.valueOf(r.getOffsetDateTime("created_at"))));
    Future<JsonArray> scores = rows(conn,
        "select idea_id, scores, note, created_at, updated_at from jury_scores where judge_id = $1 order by idea_id",
        userId, r -> {
          Object raw = r.getValue("scores");
          return new JsonObject().put("ideaId", r.getLong("idea_id"))
              .put("scores", raw instanceof JsonObject o ? o : new JsonObject(String.valueOf(raw)))
              .put("note", r.getString("note")).put("createdAt", String.valueOf(r.getOffsetDateTime("created_at")))
              .put("updatedAt", String.valueOf(r.getOffsetDateTime("updated_at")));
        });
    // One connection runs one statement at a time: the three reads take turns on it.
    return seats.compose(s -> conflicts.compose(c -> scores.map(sc ->
        new ExportPart(Map.of("jurySeats", s, "juryConflicts", c, "juryScores", sc)))));
  }

  /** The member's rows of one query, each as the export shows it. */
  private static Future<JsonArray> rows(SqlConnection conn, String sql, long userId, Function<Row, JsonObject> shown) {
    return conn.preparedQuery(sql).execute(Tuple.of(userId)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(shown.apply(r)));
      return out;
    });
  }

  @Override
  public Future<List<PendingEvent>> erase(SqlConnection tx, long userId) {
    return tx.preparedQuery("update jury_scores set note = '' where judge_id = $1").execute(Tuple.of(userId)).map(List.of());
  }
}
