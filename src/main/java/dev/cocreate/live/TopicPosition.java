package dev.cocreate.live;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The newest event id of a topic. A page reads it before it reads the content it shows, and
 * its live client subscribes with that as {@code since}: whatever commits in between is replayed,
 * so nothing falls into the gap between rendering and connecting.
 */
public final class TopicPosition {
  public Future<Long> of(SqlClient db, String topic) {
    return db.preparedQuery("select coalesce(max(id), 0) from events where topic = $1").execute(Tuple.of(topic))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
