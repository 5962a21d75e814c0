package dev.cocreate.reputation;

import dev.cocreate.account.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds which badge, worked out from the reputation ledger when asked ({@link BadgeRule}):
 * a member's badges, and a badge's holders, a page at a time in user id order.
 */
final class Badges {
  /** What a member's ledger adds up to: points per category and events per kind. */
  record Measures(int total, Map<String, Integer> categoryPoints, Map<String, Integer> kindCounts) {
    int of(BadgeRule rule) {
      if (rule.measuresTotal()) {
        return total;
      }
      if (rule.measuresCategory()) {
        return categoryPoints.getOrDefault(rule.of(), 0);
      }
      return kindCounts.getOrDefault(rule.of(), 0);
    }
  }

  Future<Measures> measures(SqlClient db, long userId) {
    return db.preparedQuery("""
            select kind, category, count(*)::int as n, sum(points)::int as points
              from reputation_ledger where user_id = $1 group by kind, category""")
        .execute(Tuple.of(userId))
        .map(rows -> {
          int total = 0;
          Map<String, Integer> categories = new HashMap<>();
          Map<String, Integer> kinds = new HashMap<>();
          for (Row r : rows) {
            int points = r.getInteger("points");
            total += points;
            categories.merge(r.getString("category"), points, Integer::sum);
            kinds.merge(r.getString("kind"), r.getInteger("n"), Integer::sum);
          }
          return new Measures(total, categories, kinds);
        });
  }

  /** The rules the member's ledger reaches, in the settings' order. */
  static List<BadgeRule> held(Measures m, List<BadgeRule> rules) {
    List<BadgeRule> out = new ArrayList<>();
    for (BadgeRule rule : rules) {
      if (m.of(rule) >= rule.min()) {
        out.add(rule);
      }
    }
    return out;
  }

  /**
   * The ids of the members who hold {@code rule}: {@code $1} its minimum, {@code $2} what it measures.
   * Total reputation reads {@code users.reputation}, the ledger's running sum.
   */
  private static String holders(BadgeRule rule) {
    if (rule.measuresTotal()) {
      return "select u.id as user_id from users u where u.reputation >= $1 and $2 = 'reputation'";
    }
    String column = rule.measuresCategory() ? "category" : "kind";
    String measure = rule.measuresCategory() ? "sum(points)" : "count(*)";
    return "select user_id from reputation_ledger where " + column + " = $2 group by user_id having " + measure + " >= $1";
  }

  /** How many members (not deleted) hold the badge. */
  Future<Long> count(SqlClient db, BadgeRule rule) {
    return db.preparedQuery("select count(*) from (" + holders(rule) + ") h join users u on u.id = h.user_id where u.deleted_at is null")
        .execute(Tuple.of(rule.min(), rule.of()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Up to {@code limit} holders after user id {@code afterId}, in id order: {@code {id, user}} each. */
  Future<List<JsonObject>> holders(SqlClient db, BadgeRule rule, long afterId, int limit) {
    return db.preparedQuery("select " + User.COLUMNS + " from (" + holders(rule) + ") h join users u on u.id = h.user_id "
            + "where u.deleted_at is null and u.id > $3 order by u.id limit $4")
        .execute(Tuple.of(rule.min(), rule.of(), afterId, limit))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(r -> {
            User u = User.of(r);
            out.add(new JsonObject().put("id", u.id()).put("user", u.toAuthorJson()).put("reputation", u.reputation()));
          });
          return out;
        });
  }

  static JsonArray toJson(List<BadgeRule> held) {
    JsonArray out = new JsonArray();
    held.forEach(r -> out.add(new JsonObject().put("slug", r.slug()).put("name", r.name())));
    return out;
  }
}
