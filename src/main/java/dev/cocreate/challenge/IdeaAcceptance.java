package dev.cocreate.challenge;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

/**
 * What accepting an idea needs of the co-design that builds on ideas: when its challenge has a
 * reward, the reward's split among the idea's contributors must be agreed first, and is frozen by
 * the acceptance. {@code dev.cocreate.codesign} builds on this package, so it implements this and
 * {@code App} hands it over, as the jury answers {@link JuryVerdicts}.
 */
public interface IdeaAcceptance {
  /**
   * Called in the transaction that moves the idea to {@code accepted}, the idea's row locked (every
   * change to a split locks it too, so none slips in between): fails with 409 to refuse; otherwise
   * freezes what was agreed and answers the {@code idea.split_agreed} webhook's data, or null when
   * the challenge has no reward.
   */
  Future<JsonObject> accepting(SqlConnection tx, long ideaId, Challenge challenge);
}
