package dev.cocreate.live;

import dev.cocreate.account.Caller;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * The default {@link TopicAccess}, from space visibility: a public space is open to anyone, a
 * members space to anyone signed in, a group space to its members, moderators and admins. A thread
 * is readable when its space is (a hidden thread only by moderators). Challenges do not exist yet,
 * so {@code challenge:<id>} is refused.
 */
public final class SpaceVisibilityAccess implements TopicAccess {
  private static final String THREAD = """
      select s.visibility, t.hidden,
             exists (select 1 from space_members m where m.space_id = s.id and m.user_id = $2) as member
      from threads t join spaces s on s.id = t.space_id
      where t.id = $1""";
  private static final String SPACE = """
      select s.visibility, false as hidden,
             exists (select 1 from space_members m where m.space_id = s.id and m.user_id = $2) as member
      from spaces s
      where lower(s.slug) = lower($1)""";

  private final Pool pool;

  public SpaceVisibilityAccess(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Boolean> canSubscribe(Caller caller, String topic) {
    if (topic.equals(Topics.ME)) {
      return Future.succeededFuture(caller.signedIn());
    }
    if (topic.startsWith("thread:")) {
      long id = Long.parseLong(topic.substring("thread:".length()));
      return pool.preparedQuery(THREAD).execute(Tuple.of(id, caller.id())).map(rows -> readable(caller, rows));
    }
    if (topic.startsWith("space:")) {
      String slug = topic.substring("space:".length());
      return pool.preparedQuery(SPACE).execute(Tuple.of(slug, caller.id())).map(rows -> readable(caller, rows));
    }
    return Future.succeededFuture(false);
  }

  private static boolean readable(Caller caller, RowSet<Row> rows) {
    if (rows.size() == 0) {
      return false;
    }
    Row row = rows.iterator().next();
    if (row.getBoolean("hidden") && !caller.isModerator()) {
      return false;
    }
    return switch (row.getString("visibility")) {
      case "public" -> true;
      case "members" -> caller.signedIn();
      case "group" -> caller.isModerator() || (caller.signedIn() && row.getBoolean("member"));
      default -> false;
    };
  }
}
