package dev.cocreate.challenge;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlClient;

/**
 * What a round delivered, as the challenge feature needs it: whether a challenge has reported a
 * result (its next round opens only then, or with a reason), what it delivered (shown on the next
 * round's page) and what became of an idea (its page's "What happened"). The results feature
 * answers it (results.RoundRecord, wired in App): results build on challenges, so challenges ask
 * through this rather than importing them.
 */
public interface RoundOutcomes {
  /** Whether the challenge has at least one result recorded, read in the caller's transaction. */
  Future<Boolean> reported(SqlClient tx, long challengeId);

  /**
   * The challenge's results, oldest first: {@code [{id, title, owner, status, progress, updatedAt}]};
   * the caller has checked that its reader may read the challenge.
   */
  Future<JsonArray> ofChallenge(long challengeId);

  /** The results that carry out the idea, in the shape of {@link #ofChallenge}, each with its latest {@code note}. */
  Future<JsonArray> ofIdea(long ideaId);

  /** Without a results feature (a service built for one test): no round has reported anything. */
  RoundOutcomes NONE = new RoundOutcomes() {
    @Override
    public Future<Boolean> reported(SqlClient tx, long challengeId) {
      return Future.succeededFuture(false);
    }

    @Override
    public Future<JsonArray> ofChallenge(long challengeId) {
      return Future.succeededFuture(new JsonArray());
    }

    @Override
    public Future<JsonArray> ofIdea(long ideaId) {
      return Future.succeededFuture(new JsonArray());
    }
  };
}
