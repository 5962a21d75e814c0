package dev.cocreate.results;

import dev.cocreate.privacy.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * A member's ratings of results: exported, and erased with their account (a comment is theirs to
 * take away; the result's mean and count follow, as they are computed from the rows). The updates
 * a firm's member posted stay, as posts do, under the account's anonymized name.
 */
public final class ResultData implements PersonalData {
  @Override
  public Future<ExportPart> export(SqlConnection conn, long userId) {
    return conn.preparedQuery("""
            select result_id, stars, comment, created_at, updated_at from result_ratings where user_id = $1 order by result_id""")
        .execute(Tuple.of(userId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("resultId", r.getLong("result_id")).put("stars", r.getInteger("stars"))
              .put("comment", r.getString("comment")).put("createdAt", String.valueOf(r.getOffsetDateTime("created_at")))
              .put("updatedAt", String.valueOf(r.getOffsetDateTime("updated_at")))));
          return ExportPart.of("resultRatings", out);
        });
  }

  @Override
  public Future<List<PendingEvent>> erase(SqlConnection tx, long userId) {
    return tx.preparedQuery("delete from result_ratings where user_id = $1").execute(Tuple.of(userId)).map(List.of());
  }
}
