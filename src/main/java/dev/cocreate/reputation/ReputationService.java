package dev.cocreate.reputation;

import dev.cocreate.account.User;
import dev.cocreate.platform.db.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Reading a member's reputation and rebuilding the ledger. The earning itself is written by the
 * features whose acts earn it ({@link ReputationLedger}), each in its own transaction.
 */
public final class ReputationService {
  private final Database db;
  private final ReputationLedger ledger = new ReputationLedger();

  public ReputationService(Database db) {
    this.db = db;
  }

  /** A member's points per category, each category present. */
  public Future<Map<ReputationKind.Category, Integer>> breakdown(long userId) {
    return ledger.breakdown(db.pool(), userId);
  }

  /** The breakdown as the API writes it: {ideation, building, evaluation}. */
  public static JsonObject toJson(Map<ReputationKind.Category, Integer> breakdown) {
    JsonObject out = new JsonObject();
    breakdown.forEach((c, points) -> out.put(c.wire(), points));
    return out;
  }

  /** {@code GET /api/users/{u}}: the member's public JSON with their reputation's breakdown. */
  public Future<JsonObject> profileJson(User user) {
    return breakdown(user.id()).map(b -> user.toJson().put("reputationBreakdown", toJson(b)));
  }

  /**
   * Rebuilds every ledger row and total from the events' own tables, in one transaction; returns
   * how many members' totals it corrected (0 when the running sums were right).
   */
  public Future<Integer> recompute() {
    return db.tx(ledger::rebuild);
  }
}
