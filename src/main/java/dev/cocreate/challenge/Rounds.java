package dev.cocreate.challenge;

import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.json.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The next round: a challenge names the one it follows ({@code previousRound}, a challenge of the
 * same org), and opens only once that round has reported a result, or with the firm's reason,
 * which the rounds' log keeps (who, when, what, why: the moderation log's shape) and the
 * challenge's page shows to everyone. "Only when co-created value is delivered can the next round
 * be initiated": the reason is the firm's public answer when it opens one anyway.
 */
final class Rounds {
  static final String OPENED_WITHOUT_RESULT = "opened_without_result";
  static final int REASON_MAX = 1000;

  private final RoundOutcomes outcomes;

  Rounds(RoundOutcomes outcomes) {
    this.outcomes = outcomes;
  }

  RoundOutcomes outcomes() {
    return outcomes;
  }

  /**
   * Makes {@code previousId} the round the challenge follows: 400 unless it is another challenge of
   * the same org, 409 when that round already has a next one.
   */
  Future<Void> link(SqlConnection tx, long challengeId, long orgId, long previousId) {
    if (previousId == challengeId) {
      return Future.failedFuture(ApiException.invalid("previousRound", "must be another challenge of the same org"));
    }
    return tx.preparedQuery("""
            update challenges n set previous_round_id = p.id
              from challenges p
             where n.id = $1 and p.id = $2 and p.org_id = $3""")
        .execute(Tuple.of(challengeId, previousId, orgId))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? ApiException.conflict("That challenge already has a next round.") : e))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(ApiException.invalid("previousRound", "must be another challenge of the same org")));
  }

  /**
   * Whether the challenge may open: yes without a previous round, or when that round reported a
   * result; otherwise 409, unless the firm gives a reason, which is logged in the transaction that
   * opens it (so an opening that fails leaves no entry, and an opening never lacks its reason).
   */
  Future<Void> beforeOpening(SqlConnection tx, Challenge c, Caller by, String reason) {
    if (c.previousRoundId() == null) {
      return Future.succeededFuture();
    }
    long previous = c.previousRoundId();
    return outcomes.reported(tx, previous).compose(reported -> {
      if (reported) {
        return Future.succeededFuture();
      }
      if (reason == null || reason.isBlank()) {
        return Future.failedFuture(ApiException.conflict(
            "The previous round has reported no result yet: report one first, or give a reason to open this round anyway."));
      }
      return tx.preparedQuery("""
              insert into challenge_round_log (challenge_id, actor_id, action, reason, details)
              values ($1, $2, $3, $4, $5)""")
          .execute(Tuple.of(c.id(), by.id(), OPENED_WITHOUT_RESULT, reason.strip(),
              new JsonObject().put("previousRound", previous)))
          .mapEmpty();
    });
  }

  /** The rounds' log of the challenge, newest first: {@code [{actor, action, reason, details, at}]}; public. */
  Future<JsonArray> log(SqlClient db, long challengeId) {
    return db.preparedQuery("""
            select l.action, l.reason, l.details, l.created_at, a.id as actor_id, a.username, a.display_name
              from challenge_round_log l left join users a on a.id = l.actor_id
             where l.challenge_id = $1 order by l.id desc""")
        .execute(Tuple.of(challengeId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            Object details = r.getValue("details");
            out.add(new JsonObject()
                .put("actor", r.getLong("actor_id") == null ? null : new JsonObject().put("id", r.getLong("actor_id"))
                    .put("username", r.getString("username")).put("displayName", r.getString("display_name")))
                .put("action", r.getString("action"))
                .put("reason", r.getString("reason"))
                .put("details", details instanceof JsonObject o ? o : new JsonObject())
                .put("at", Times.iso(r.getOffsetDateTime("created_at"))));
          }
          return out;
        });
  }
}
