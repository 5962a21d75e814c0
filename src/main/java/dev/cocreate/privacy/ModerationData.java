package dev.cocreate.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;

/**
 * Flags the member raised, what moderators told them, and the activity trust levels are computed
 * from (visit days, threads read). On deletion the notices and the activity go; flags stay with the
 * moderation record (they name no one but by id).
 */
final class ModerationData implements PersonalData {

  @Override
  public Future<ExportPart> export(SqlConnection c, long userId) {
    Tuple id = Tuple.of(userId);
    Future<Object> flags = c.preparedQuery("""
            select target_type, target_id, reason, note, state, created_at from flags where flagger_id = $1 order by id""")
        .execute(id).map(Rows::array);
    Future<Object> notices = c.preparedQuery("""
            select action, target_type, target_id, reason, created_at, read_at
            from moderation_notices where user_id = $1 order by id""")
        .execute(id).map(Rows::array);
    Future<Object> visits = c.preparedQuery("select day from user_visits where user_id = $1 order by day")
        .execute(id).map(rows -> {
          JsonArray days = new JsonArray();
          rows.forEach(r -> days.add(r.getLocalDate(0).toString()));
          return days;
        });
    Future<Object> reads = c.preparedQuery("select thread_id, posts_read, read_at from thread_reads where user_id = $1 order by thread_id")
        .execute(id).map(Rows::array);
    return Future.all(flags, notices, visits, reads).map(all -> new ExportPart(Map.of(
        "flags", flags.result(),
        "moderationNotices", notices.result(),
        "visitDays", visits.result(),
        "threadReads", reads.result())));
  }

  @Override
  public Future<List<PendingEvent>> erase(SqlConnection tx, long userId) {
    Tuple id = Tuple.of(userId);
    return tx.preparedQuery("delete from moderation_notices where user_id = $1").execute(id)
        .compose(v -> tx.preparedQuery("delete from user_visits where user_id = $1").execute(id))
        .compose(v -> tx.preparedQuery("delete from thread_reads where user_id = $1").execute(id))
        .compose(v -> tx.preparedQuery("delete from moderation_claims where moderator_id = $1").execute(id))
        .map(v -> List.of());
  }
}
