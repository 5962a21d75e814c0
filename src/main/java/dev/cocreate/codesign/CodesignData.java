package dev.cocreate.codesign;

import dev.cocreate.privacy.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A member's part in co-design: the amendments they proposed, the iterations they published, their
 * co-authorships, the credits they earned and their shares in reward splits, exported. On deletion the member's contributions stay
 * on the ideas, as their posts do, under the account's anonymized name (the ledger would lie
 * otherwise); what is only about them goes: when they last looked at an idea, and invitations they
 * never answered.
 */
public final class CodesignData implements PersonalData {
  @Override
  public Future<ExportPart> export(SqlConnection conn, long userId) {
    Tuple me = Tuple.of(userId);
    Future<JsonArray> amendments = rows(conn, """
        select id, idea_id, body, note, status, reason, created_at, answered_at from idea_amendments
        where proposer_id = $1 order by id""", me, r -> new JsonObject().put("id", r.getLong("id"))
        .put("ideaId", r.getLong("idea_id")).put("body", r.getString("body")).put("note", r.getString("note"))
        .put("status", r.getString("status")).put("reason", r.getString("reason")).put("createdAt", time(r, "created_at"))
        .put("answeredAt", time(r, "answered_at")));
    Future<JsonArray> iterations = rows(conn, """
        select idea_id, n, summary, body, attachments, created_at from idea_iterations where author_id = $1 order by idea_id, n""",
        me, r -> new JsonObject().put("ideaId", r.getLong("idea_id")).put("n", r.getInteger("n"))
            .put("summary", r.getString("summary")).put("body", r.getString("body"))
            .put("attachments", attachments(r.getLong("idea_id"), r.getValue("attachments")))
            .put("createdAt", time(r, "created_at")));
    Future<JsonArray> coauthorships = rows(conn, """
        select idea_id, status, created_at, answered_at from idea_coauthors where user_id = $1 order by idea_id""", me,
        r -> new JsonObject().put("ideaId", r.getLong("idea_id")).put("status", r.getString("status"))
            .put("invitedAt", time(r, "created_at")).put("answeredAt", time(r, "answered_at")));
    Future<JsonArray> credits = rows(conn, """
        select idea_id, kind, source_id, created_at from idea_credits where user_id = $1 order by id""", me,
        r -> new JsonObject().put("ideaId", r.getLong("idea_id")).put("kind", r.getString("kind"))
            .put("sourceId", r.getLong("source_id")).put("createdAt", time(r, "created_at")));
    Future<JsonArray> splitShares = rows(conn, """
        select sh.idea_id, sh.basis_points, sh.consent, sh.answered_at, s.round, s.frozen_at
          from idea_split_shares sh join idea_splits s on s.idea_id = sh.idea_id where sh.user_id = $1 order by sh.idea_id""", me,
        r -> new JsonObject().put("ideaId", r.getLong("idea_id")).put("basisPoints", r.getInteger("basis_points"))
            .put("consent", r.getString("consent")).put("answeredAt", time(r, "answered_at")).put("round", r.getInteger("round"))
            .put("frozenAt", time(r, "frozen_at")));
    return Future.all(List.of(amendments, iterations, coauthorships, credits, splitShares)).map(v -> {
      Map<String, Object> out = new HashMap<>();
      out.put("amendments", amendments.result());
      out.put("iterations", iterations.result());
      out.put("coauthorships", coauthorships.result());
      out.put("credits", credits.result());
      out.put("splitShares", splitShares.result());
      return new ExportPart(out);
    });
  }

  @Override
  public Future<List<PendingEvent>> erase(SqlConnection tx, long userId) {
    Tuple me = Tuple.of(userId);
    return tx.preparedQuery("delete from idea_views where user_id = $1").execute(me)
        .compose(v -> tx.preparedQuery("delete from idea_coauthors where user_id = $1 and status = 'invited'").execute(me))
        .map(List.of());
  }

  private static Future<JsonArray> rows(SqlConnection conn, String sql, Tuple params, Function<Row, JsonObject> map) {
    return conn.preparedQuery(sql).execute(params).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(map.apply(r)));
      return out;
    });
  }

  /** An iteration's attachments as the API names them (the files themselves are in the uploads' part of the export). */
  private static JsonArray attachments(long ideaId, Object stored) {
    JsonArray out = new JsonArray();
    JsonArray raw = stored instanceof JsonArray a ? a : new JsonArray(String.valueOf(stored));
    raw.forEach(o -> out.add(Attachment.stored((JsonObject) o).toJson(ideaId).put("upload", ((JsonObject) o)
        .getString("upload", ((JsonObject) o).getString("url")))));
    return out;
  }

  private static String time(Row r, String column) {
    return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toString();
  }
}
