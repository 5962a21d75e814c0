package dev.cocreate.challenge;

import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * A challenge's support budget: how many of its ideas each member may support at once. What counts
 * is their supports of ideas still in play; a declined, merged or expired idea gives its supports
 * back. Counted in the database under a per-member lock, so concurrent supports never overspend.
 */
final class SupportBudget {
  /** The statuses whose supports no longer count against a budget. */
  private static final String GIVEN_BACK = "('declined', 'merged', 'expired')";
  private static final String SPENT = """
      select count(*) filter (where i.status not in %s)::int as spent,
             coalesce(bool_or(i.id = $3), false) as already
        from idea_supports sp join ideas i on i.id = sp.idea_id
       where i.challenge_id = $1 and sp.user_id = $2""".formatted(GIVEN_BACK);

  /** 409 with {@code remaining} (0) and {@code budget}, as problem+json extension members. */
  static final class Exhausted extends ApiException {
    private final int budget;

    Exhausted(int budget) {
      super(409, "support-budget", "Support budget spent",
          "You have used all " + budget + " supports this challenge allows; withdraw one to support this idea.");
      this.budget = budget;
    }

    @Override
    public JsonObject extensions() {
      return new JsonObject().put("remaining", 0).put("budget", budget);
    }
  }

  /**
   * Before the member's support of the locked idea is added: fails with {@link Exhausted} when
   * their budget for its challenge is spent. Locks the member's row for the challenge first, so
   * the count read next includes every support of theirs committed before, and none can slip in
   * until this transaction ends. Supporting an idea already supported is never refused.
   */
  Future<Void> spend(SqlClient tx, IdeaRepository.Locked idea, long userId) {
    Integer budget = idea.supportBudget();
    if (budget == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("insert into support_budget_spenders (challenge_id, user_id) values ($1, $2) "
            + "on conflict (challenge_id, user_id) do update set user_id = excluded.user_id")
        .execute(Tuple.of(idea.challengeId(), userId))
        .compose(v -> tx.preparedQuery(SPENT).execute(Tuple.of(idea.challengeId(), userId, idea.id())))
        .compose(rows -> {
          var r = rows.iterator().next();
          return r.getBoolean("already") || r.getInteger("spent") < budget ? Future.<Void>succeededFuture()
              : Future.failedFuture(new Exhausted(budget));
        });
  }

  /** How many supports the member has spent on the challenge: what "N of M supports left" subtracts. */
  static Future<Integer> spent(SqlClient db, long challengeId, long userId) {
    return db.preparedQuery(SPENT).execute(Tuple.of(challengeId, userId, 0L))
        .map(rows -> rows.iterator().next().getInteger("spent"));
  }
}
