package dev.cocreate.reputation;

import dev.cocreate.account.User;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.paging.Cursor;
import dev.cocreate.platform.paging.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reading a member's reputation and rebuilding the ledger. The earning itself is written by the
 * features whose acts earn it ({@link ReputationLedger}), each in its own transaction.
 */
public final class ReputationService {
  private final Database db;
  private final ReputationLedger ledger = new ReputationLedger();
  private final Badges badges = new Badges();
  /** The badges as the site settings define them now. */
  private final Supplier<List<BadgeRule>> rules;

  public ReputationService(Database db) {
    this(db, () -> BadgeRule.DEFAULTS);
  }

  public ReputationService(Database db, Supplier<List<BadgeRule>> rules) {
    this.db = db;
    this.rules = rules;
  }

  /** The badges the site defines now, in their order. */
  public List<BadgeRule> rules() {
    return rules.get();
  }

  /** The badges a member holds now, in the settings' order. */
  public Future<List<BadgeRule>> badges(long userId) {
    List<BadgeRule> now = rules.get();
    return badges.measures(db.pool(), userId).map(m -> Badges.held(m, now));
  }

  /** Every badge with how many members hold it: {@code [{slug, name, of, min, holders}]}. */
  public Future<JsonArray> catalogue() {
    List<BadgeRule> now = rules.get();
    List<Future<Long>> counts = now.stream().map(r -> badges.count(db.pool(), r)).toList();
    return Future.all(counts).map(all -> {
      JsonArray out = new JsonArray();
      for (int i = 0; i < now.size(); i++) {
        out.add(now.get(i).toJson().put("holders", counts.get(i).result()));
      }
      return out;
    });
  }

  /** The badge and a page of its holders, in user id order; 404 for a slug the settings do not define. */
  public Future<BadgeHolders> holders(String slug, String cursor, int limit) {
    BadgeRule rule = rules.get().stream().filter(r -> r.slug().equals(slug)).findFirst()
        .orElseThrow(() -> ApiException.notFound("badge"));
    Cursor key = Cursor.decodeOrFirst(cursor, "badge-" + slug, 1);
    long after = key == null ? 0 : key.longAt(0);
    return badges.count(db.pool(), rule).compose(count -> badges.holders(db.pool(), rule, after, limit + 1)
        .map(rows -> new BadgeHolders(rule, count,
            Page.of(rows, limit, r -> Cursor.encode("badge-" + slug, r.getLong("id"))))));
  }

  /** A badge, how many hold it, and one page of them. */
  public record BadgeHolders(BadgeRule rule, long count, Page<JsonObject> page) {
    public JsonObject toJson() {
      return rule.toJson().put("holders", count).put("members", page.toJson(j -> j.copy()));
    }
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

  /** {@code GET /api/users/{u}}: the member's public JSON with their reputation's breakdown and badges. */
  public Future<JsonObject> profileJson(User user) {
    return breakdown(user.id()).compose(b -> badges(user.id())
        .map(held -> user.toJson().put("reputationBreakdown", toJson(b)).put("badges", Badges.toJson(held))));
  }

  /**
   * Rebuilds every ledger row and total from the events' own tables, in one transaction; returns
   * how many members' totals it corrected (0 when the running sums were right).
   */
  public Future<Integer> recompute() {
    return db.tx(ledger::rebuild);
  }
}
