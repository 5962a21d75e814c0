package dev.cocreate.reputation;

import dev.cocreate.account.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * Who earned the most reputation over a period, overall, in a challenge or in a space: the sums of
 * the ledger's rows earned since the period's start, each row placed in its challenge and space when
 * it was written (migration V77). Only members with more than 0 points over the period are ranked;
 * ties go to the lower user id. Each scope's query runs on its own index of the ledger.
 */
final class Leaderboard {
  static final int MAX = 100;

  /** The periods a leaderboard covers, each ending now. */
  enum Period {
    WEEK(Duration.ofDays(7)), MONTH(Duration.ofDays(30)), YEAR(Duration.ofDays(365)), ALL(null);

    private final Duration length;

    Period(Duration length) {
      this.length = length;
    }

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Period> parse(String wire) {
      for (Period p : values()) {
        if (p.wire().equals(wire)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }

    /** When the period starts at {@code now}: the epoch for all time. */
    OffsetDateTime since(Instant now) {
      return OffsetDateTime.ofInstant(length == null ? Instant.EPOCH : now.minus(length), ZoneOffset.UTC);
    }
  }

  /** Where the points were earned: everywhere, a challenge's rows, or a space's. */
  enum Scope {
    OVERALL(""), CHALLENGE(" and l.challenge_id = $3"), SPACE(" and l.space_id = $3");

    private final String condition;

    Scope(String condition) {
      this.condition = condition;
    }

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The top {@code limit} members of the scope ({@code scopeId} its challenge's or space's id) since {@code since}. */
  Future<JsonArray> top(SqlClient db, Scope scope, long scopeId, OffsetDateTime since, int limit) {
    String sql = """
        with sums as (
          select l.user_id, sum(l.points)::int as points
            from reputation_ledger l
           where l.created_at >= $1%s
           group by l.user_id
          having sum(l.points) > 0
        )
        select s.points, %s from sums s join users u on u.id = s.user_id
         where u.deleted_at is null
         order by s.points desc, s.user_id
         limit $2""".formatted(scope.condition, User.COLUMNS);
    Tuple params = scope == Scope.OVERALL ? Tuple.of(since, limit) : Tuple.of(since, limit, scopeId);
    return db.preparedQuery(sql).execute(params).map(rows -> {
      JsonArray out = new JsonArray();
      int rank = 0;
      for (var r : rows) {
        rank++;
        out.add(new JsonObject().put("rank", rank).put("user", User.of(r).toAuthorJson()).put("points", r.getInteger("points")));
      }
      return out;
    });
  }
}
