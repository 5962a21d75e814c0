package dev.cocreate.results;

import dev.cocreate.access.Permissions;
import dev.cocreate.challenge.RoundOutcomes;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.json.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

/**
 * What a round delivered, as the challenge feature asks it ({@link RoundOutcomes}): built before the
 * challenge feature, from the database alone, since the challenge service needs it and the results
 * service needs the challenge service. Its callers have checked that the reader may read the challenge.
 */
public final class RoundRecord implements RoundOutcomes {
  private final Database db;
  private final ResultRepository repo;

  public RoundRecord(Database db, Permissions permissions) {
    this.db = db;
    this.repo = ResultService.repository(permissions);
  }

  @Override
  public Future<Boolean> reported(SqlClient tx, long challengeId) {
    return repo.anyOf(tx, challengeId);
  }

  @Override
  public Future<JsonArray> ofChallenge(long challengeId) {
    return repo.idsOfChallenge(db.pool(), challengeId).compose(ids -> repo.load(db.pool(), ids)).map(RoundRecord::summaries);
  }

  @Override
  public Future<JsonArray> ofIdea(long ideaId) {
    return repo.idsOfIdea(db.pool(), ideaId).compose(ids -> repo.load(db.pool(), ids)).map(RoundRecord::summaries);
  }

  private static JsonArray summaries(List<Result> results) {
    JsonArray out = new JsonArray();
    for (Result r : results) {
      JsonObject j = new JsonObject().put("id", r.id()).put("challengeId", r.challengeId()).put("title", r.title())
          .put("owner", r.owner()).put("status", r.status()).put("progress", r.progress())
          .put("updatedAt", Times.iso(r.updatedAt())).put("rating", r.rating().toJson());
      if (!r.updates().isEmpty()) {
        j.put("note", r.updates().get(r.updates().size() - 1).note());
      }
      out.add(j);
    }
    return out;
  }
}
