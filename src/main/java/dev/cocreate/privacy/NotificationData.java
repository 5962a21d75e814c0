package dev.cocreate.privacy;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;

/**
 * What the member was told and what they follow. The export lists their notifications by kind and
 * target (not the titles and names inside them, which are others' words); deletion removes their
 * notifications, watches and digest choice. Notifications others got about the member's actions keep
 * only the member's id, which now names a deleted member.
 */
final class NotificationData implements PersonalData {

  @Override
  public Future<ExportPart> export(SqlConnection c, long userId) {
    Tuple id = Tuple.of(userId);
    Future<Object> notifications = c.preparedQuery("""
            select kind, target_type, target_id, count, created_at, updated_at, read_at
            from notifications where user_id = $1 order by id""")
        .execute(id).map(Rows::array);
    Future<Object> watches = c.preparedQuery("""
            select target_type, target_id, level, created_at from watches where user_id = $1 order by created_at""")
        .execute(id).map(Rows::array);
    Future<Object> digest = c.preparedQuery("select digest_frequency as frequency, digest_sent_at as last_sent_at from users where id = $1")
        .execute(id).map(rows -> Rows.object(rows.iterator().next()));
    return Future.all(notifications, watches, digest).map(all -> new ExportPart(Map.of(
        "notifications", notifications.result(),
        "watches", watches.result(),
        "digest", digest.result())));
  }

  @Override
  public Future<List<PendingEvent>> erase(SqlConnection tx, long userId) {
    Tuple id = Tuple.of(userId);
    return tx.preparedQuery("delete from notifications where user_id = $1").execute(id)
        .compose(v -> tx.preparedQuery("delete from watches where user_id = $1").execute(id))
        .compose(v -> tx.preparedQuery("update users set digest_frequency = 'off', digest_sent_at = null where id = $1")
            .execute(id))
        .map(v -> List.of());
  }
}
