package dev.cocreate.moderation;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL for trust: the activity counts levels are computed from, and the two small activity tables
 * (days visited, posts read). The counts only read the forum's tables.
 */
final class TrustRepository {
  private static final String ACTIVITY = """
      select u.id, u.trust_level,
        (select count(*) from user_visits v where v.user_id = u.id) as days_visited,
        (select coalesce(sum(r.posts_read), 0) from thread_reads r where r.user_id = u.id) as posts_read,
        (select count(*) from posts p where p.author_id = u.id and p.parent_id is not null and p.deleted_at is null) as replies,
        (select count(*) from post_votes v where v.user_id = u.id) as votes_given,
        (select count(*) from post_votes v join posts p on p.id = v.post_id
          where p.author_id = u.id and v.value = 1 and v.user_id <> u.id) as votes_received,
        (select count(distinct (f.target_type, f.target_id)) from flags f
          where f.target_author_id = u.id and f.state = 'resolved') as flags_upheld
      from users u
      """;

  Future<List<TrustLevels.Activity>> activityOf(SqlClient db, long userId) {
    return db.preparedQuery(ACTIVITY + "where u.id = $1 and u.deleted_at is null")
        .execute(Tuple.of(userId))
        .map(TrustRepository::activities);
  }

  /** A page of members in id order, after {@code afterId}. */
  Future<List<TrustLevels.Activity>> activityPage(SqlClient db, long afterId, int limit) {
    return db.preparedQuery(ACTIVITY + "where u.id > $1 and u.deleted_at is null order by u.id limit $2")
        .execute(Tuple.of(afterId, limit))
        .map(TrustRepository::activities);
  }

  /** Stores new levels; a row whose level is already right is not written, so concurrent runs agree. */
  Future<Integer> setLevels(SqlClient db, long[] userIds, int[] levels) {
    Long[] ids = new Long[userIds.length];
    Integer[] ls = new Integer[levels.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = userIds[i];
      ls[i] = levels[i];
    }
    return db.preparedQuery("""
            update users u set trust_level = v.level
            from unnest($1::bigint[], $2::int[]) as v(id, level)
            where u.id = v.id and u.trust_level <> v.level and u.trust_level < 4
            """)
        .execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfInteger(ls))
        .map(rows -> rows.rowCount());
  }

  /** Records a visit day; true when it is the first of that day. */
  Future<Boolean> recordVisit(SqlClient db, long userId, LocalDate day) {
    return db.preparedQuery("insert into user_visits (user_id, day) values ($1, $2) on conflict do nothing")
        .execute(Tuple.of(userId, day))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Records that the member has read a thread up to post {@code lastPostId}: their read position
   * (never moved back: a position older than the stored one changes nothing) and, with it, how many
   * of the thread's posts that covers. True when the position moved.
   */
  Future<Boolean> recordThreadRead(SqlClient db, long userId, long threadId, long lastPostId) {
    return db.preparedQuery("""
            insert into thread_reads (user_id, thread_id, posts_read, last_post_id)
            select $1, $2, count(*)::int, $3 from posts p where p.thread_id = $2 and p.id <= $3
            on conflict (user_id, thread_id) do update
              set last_post_id = excluded.last_post_id, posts_read = greatest(thread_reads.posts_read, excluded.posts_read),
                  read_at = now()
            where thread_reads.last_post_id < excluded.last_post_id
            """)
        .execute(Tuple.of(userId, threadId, lastPostId))
        .map(rows -> rows.rowCount() > 0);
  }

  private static List<TrustLevels.Activity> activities(Iterable<Row> rows) {
    List<TrustLevels.Activity> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new TrustLevels.Activity(r.getLong("id"), r.getInteger("trust_level"), r.getLong("days_visited"),
          r.getLong("posts_read"), r.getLong("replies"), r.getLong("votes_given"), r.getLong("votes_received"),
          r.getLong("flags_upheld")));
    }
    return out;
  }
}
