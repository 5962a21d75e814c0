package dev.cocreate.moderation;

import dev.cocreate.access.SqlScope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL for flags. */
final class FlagRepository {
  private static final String SELECT = "select " + Flag.COLUMNS + " from flags f left join users fu on fu.id = f.flagger_id ";

  /** One group of the queue: a target with open flags, and when the oldest was raised. */
  record OpenTarget(String targetType, long targetId, OffsetDateTime firstFlaggedAt, int flagCount) {}

  Future<Flag> insert(SqlClient db, String targetType, long targetId, Long targetAuthorId, Long flaggerId, String reason,
      String note) {
    return db.preparedQuery("""
            with f as (insert into flags (target_type, target_id, target_author_id, flagger_id, reason, note)
                       values ($1, $2, $3, $4, $5, $6) returning *)
            select f.id, f.target_type, f.target_id, f.target_author_id, f.flagger_id,
                   fu.username as flagger_username, fu.display_name as flagger_display_name,
                   f.reason, f.note, f.state, f.created_at
              from f left join users fu on fu.id = f.flagger_id
            """)
        .execute(Tuple.of(targetType, targetId, targetAuthorId, flaggerId, reason, note))
        .map(rows -> Flag.of(rows.iterator().next()));
  }

  /**
   * Distinct members with an open flag on the target whose flags count towards auto-hiding (a
   * dispute over credit never does):
   * those {@code counted} (a condition over the flagger {@code u}, {@code
   * Permissions.notNewMembers}) lets through. New accounts cannot hide content by ganging up.
   */
  Future<Integer> trustedOpenFlaggers(SqlClient db, String targetType, long targetId, String counted) {
    return db.preparedQuery("""
            select count(distinct f.flagger_id) from flags f join users u on u.id = f.flagger_id
             where f.target_type = $1 and f.target_id = $2 and f.state = 'open' and f.reason <> 'credit' and\s""" + counted)
        .execute(Tuple.of(targetType, targetId))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Closes every open flag on the target as {@code state} (resolved or rejected); returns how many. */
  Future<Integer> close(SqlClient db, String targetType, long targetId, String state, Long moderatorId) {
    return db.preparedQuery("""
            update flags set state = $3, handled_by = $4, handled_at = now()
             where target_type = $1 and target_id = $2 and state = 'open'
            """)
        .execute(Tuple.of(targetType, targetId, state, moderatorId))
        .map(rows -> rows.rowCount());
  }

  Future<Integer> openCount(SqlClient db, String targetType, long targetId) {
    return db.preparedQuery("select count(*) from flags where target_type = $1 and target_id = $2 and state = 'open'")
        .execute(Tuple.of(targetType, targetId))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /**
   * Targets with open flags, oldest first flag first, after the cursor (first flag time, type, id),
   * among those {@code scope} (a condition on the flag {@code f}, from $5) lets the caller moderate.
   */
  Future<List<OpenTarget>> openTargets(SqlClient db, OffsetDateTime afterTime, String afterType, Long afterId, int limit,
      SqlScope scope) {
    return db.preparedQuery("""
            select target_type, target_id, min(created_at) as first_at, count(*) as flag_count
              from flags f where state = 'open' and\s""" + scope.sql() + """

             group by target_type, target_id
            having $1::timestamptz is null or (min(created_at), target_type, target_id) > ($1::timestamptz, $2::text, $3::bigint)
             order by first_at, target_type, target_id
             limit $4
            """)
        .execute(scope.addTo(Tuple.of(afterTime, afterType, afterId, limit)))
        .map(rows -> {
          List<OpenTarget> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new OpenTarget(r.getString("target_type"), r.getLong("target_id"), r.getOffsetDateTime("first_at"),
                r.getInteger("flag_count")));
          }
          return out;
        });
  }

  /** The open flags on the given targets, oldest first. */
  Future<List<Flag>> openOn(SqlClient db, String[] types, Long[] ids) {
    return db.preparedQuery(SELECT + """
            join unnest($1::text[], $2::bigint[]) as t(type, id) on f.target_type = t.type and f.target_id = t.id
            where f.state = 'open' order by f.created_at, f.id
            """)
        .execute(Tuple.tuple().addArrayOfString(types).addArrayOfLong(ids))
        .map(rows -> {
          List<Flag> out = new ArrayList<>();
          rows.forEach(r -> out.add(Flag.of(r)));
          return out;
        });
  }

  /** For each member, how many of their posts (or ideas) had flags upheld. */
  Future<Map<Long, Integer>> upheldAgainst(SqlClient db, Long[] userIds) {
    return db.preparedQuery("""
            select target_author_id, count(distinct (target_type, target_id)) from flags
             where target_author_id = any($1) and state = 'resolved' group by target_author_id
            """)
        .execute(Tuple.of(userIds))
        .map(rows -> {
          Map<Long, Integer> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getLong(0), r.getInteger(1)));
          return out;
        });
  }
}
