package dev.cocreate.moderation;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for queue claims. A claim past its expiry is as good as none. */
final class ClaimRepository {

  record Claim(String targetType, long targetId, long moderatorId, String moderatorUsername, OffsetDateTime expiresAt) {}

  /**
   * Claims the target for the moderator for {@code minutes}, or renews their own claim; empty when
   * another moderator holds a live claim. One statement, so two moderators racing cannot both win.
   */
  Future<Optional<Claim>> claim(SqlClient db, String targetType, long targetId, long moderatorId, int minutes) {
    return db.preparedQuery("""
            with c as (
              insert into moderation_claims as mc (target_type, target_id, moderator_id, expires_at)
              values ($1, $2, $3, now() + make_interval(mins => $4))
              on conflict (target_type, target_id) do update
                 set moderator_id = excluded.moderator_id, expires_at = excluded.expires_at
               where mc.moderator_id = excluded.moderator_id or mc.expires_at <= now()
              returning *)
            select c.target_type, c.target_id, c.moderator_id, u.username, c.expires_at from c join users u on u.id = c.moderator_id
            """)
        .execute(Tuple.of(targetType, targetId, moderatorId, minutes))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(claim(rows.iterator().next())));
  }

  /** The live claim on a target by someone other than the moderator, if any. */
  Future<Optional<Claim>> heldByOther(SqlClient db, String targetType, long targetId, long moderatorId) {
    return db.preparedQuery("""
            select c.target_type, c.target_id, c.moderator_id, u.username, c.expires_at
              from moderation_claims c join users u on u.id = c.moderator_id
             where c.target_type = $1 and c.target_id = $2 and c.moderator_id <> $3 and c.expires_at > now()
            """)
        .execute(Tuple.of(targetType, targetId, moderatorId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(claim(rows.iterator().next())));
  }

  /** Live claims on the given targets. */
  Future<List<Claim>> liveOn(SqlClient db, String[] types, Long[] ids) {
    return db.preparedQuery("""
            select c.target_type, c.target_id, c.moderator_id, u.username, c.expires_at
              from moderation_claims c join users u on u.id = c.moderator_id
              join unnest($1::text[], $2::bigint[]) as t(type, id) on c.target_type = t.type and c.target_id = t.id
             where c.expires_at > now()
            """)
        .execute(Tuple.tuple().addArrayOfString(types).addArrayOfLong(ids))
        .map(rows -> {
          List<Claim> out = new ArrayList<>();
          rows.forEach(r -> out.add(claim(r)));
          return out;
        });
  }

  /** Releases the moderator's claim (or, with {@code moderatorId} null, anyone's); true when there was one. */
  Future<Boolean> release(SqlClient db, String targetType, long targetId, Long moderatorId) {
    return db.preparedQuery("""
            delete from moderation_claims where target_type = $1 and target_id = $2
               and ($3::bigint is null or moderator_id = $3)
            """)
        .execute(Tuple.of(targetType, targetId, moderatorId))
        .map(rows -> rows.rowCount() > 0);
  }

  private static Claim claim(Row r) {
    return new Claim(r.getString("target_type"), r.getLong("target_id"), r.getLong("moderator_id"), r.getString("username"),
        r.getOffsetDateTime("expires_at"));
  }
}
