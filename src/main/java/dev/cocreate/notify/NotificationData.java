package dev.cocreate.notify;

import dev.cocreate.privacy.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;

/**
 * A member's notifications, what they follow and their digest choice, for the data export; on
 * deletion all of it goes. Notifications others got about the member's actions keep only the
 * actor's id (the account row itself is anonymized), never their name.
 */
public final class NotificationData implements PersonalData {
  private final NotificationRepository repo = new NotificationRepository();

  @Override
  public Future<ExportPart> export(SqlConnection c, long userId) {
    Future<JsonArray> items = repo.list(c, userId, false, null, null, 10_000).map(list -> {
      JsonArray out = new JsonArray();
      // What happened and when, not who did it or what they wrote: that is others' data.
      list.forEach(n -> out.add(new io.vertx.core.json.JsonObject().put("kind", n.kind().wire())
          .put("targetType", n.targetType()).put("targetId", n.targetId()).put("count", n.count())
          .put("createdAt", dev.cocreate.platform.json.Times.iso(n.createdAt()))
          .put("updatedAt", dev.cocreate.platform.json.Times.iso(n.updatedAt())).put("read", n.readAt() != null)));
      return out;
    });
    Future<JsonArray> watches = c.preparedQuery(
            "select target_type, target_id, level, created_at from watches where user_id = $1 order by target_type, target_id")
        .execute(Tuple.of(userId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new io.vertx.core.json.JsonObject().put("targetType", r.getString(0))
              .put("targetId", r.getLong(1)).put("level", r.getString(2))
              .put("createdAt", dev.cocreate.platform.json.Times.iso(r.getOffsetDateTime(3)))));
          return out;
        });
    Future<String> digest = c.preparedQuery("select digest_frequency from users where id = $1").execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? "off" : rows.iterator().next().getString(0));
    return Future.all(items, watches, digest).map(all -> new ExportPart(Map.of(
        "notifications", items.result(),
        "watches", watches.result(),
        "digestFrequency", digest.result())));
  }

  @Override
  public Future<List<PendingEvent>> erase(SqlConnection tx, long userId) {
    Tuple id = Tuple.of(userId);
    return tx.preparedQuery("delete from notifications where user_id = $1").execute(id)
        .compose(v -> tx.preparedQuery("delete from watches where user_id = $1").execute(id))
        .compose(v -> tx.preparedQuery("update users set digest_frequency = 'off', digest_sent_at = null where id = $1").execute(id))
        .map(v -> List.of());
  }
}
