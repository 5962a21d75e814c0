package dev.cocreate.reputation;

import dev.cocreate.account.Caller;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.InstantSource;

/**
 * Leaderboards from the reputation ledger: overall, per challenge and per space, for a week, a
 * month, a year or all time. A challenge's or a space's board is for those who may see it: the
 * challenge and forum features decide ({@link Places}, wired in {@code App}), so this package
 * imports neither.
 */
public final class LeaderboardService {
  /** A challenge or space the caller may see: its id, its name and its page. */
  public record Place(long id, String name, String path) {}

  /** Whether the caller may see a challenge or a space: its place, or a failed future (404) when not. */
  public interface Places {
    Future<Place> challenge(Caller caller, long id);

    Future<Place> space(Caller caller, String slug);
  }

  /** A leaderboard as the API answers it. */
  public record Board(String scope, Place place, String period, JsonArray items) {
    public JsonObject toJson() {
      JsonObject j = new JsonObject().put("scope", scope).put("period", period).put("items", items);
      if (place != null) {
        j.put(scope, new JsonObject().put("id", place.id()).put("name", place.name()));
      }
      return j;
    }
  }

  private final Database db;
  private final Places places;
  private final InstantSource clock;
  private final Leaderboard boards = new Leaderboard();

  public LeaderboardService(Database db, Places places, InstantSource clock) {
    this.db = db;
    this.places = places;
    this.clock = clock;
  }

  /** A period's name as the API takes it (week, month, year, all; absent is week); 400 otherwise. */
  public static String period(String raw) {
    String p = raw == null || raw.isEmpty() ? "week" : raw;
    return Leaderboard.Period.parse(p).map(Leaderboard.Period::wire)
        .orElseThrow(() -> ApiException.invalid("period", "must be one of week, month, year, all"));
  }

  public Future<Board> overall(String period, int limit) {
    return board(Leaderboard.Scope.OVERALL, null, period, limit);
  }

  public Future<Board> challenge(Caller caller, long id, String period, int limit) {
    return places.challenge(caller, id).compose(p -> board(Leaderboard.Scope.CHALLENGE, p, period, limit));
  }

  public Future<Board> space(Caller caller, String slug, String period, int limit) {
    return places.space(caller, slug).compose(p -> board(Leaderboard.Scope.SPACE, p, period, limit));
  }

  private Future<Board> board(Leaderboard.Scope scope, Place place, String period, int limit) {
    Leaderboard.Period p = Leaderboard.Period.parse(period(period)).orElseThrow();
    return boards.top(db.pool(), scope, place == null ? 0 : place.id(), p.since(clock.instant()),
            Math.min(limit, Leaderboard.MAX))
        .map(items -> new Board(scope.wire(), place, p.wire(), items));
  }
}
