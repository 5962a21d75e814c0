package dev.cocreate.search;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.paging.Cursor;
import dev.cocreate.platform.paging.Page;
import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Full text search over what the caller can read, ranked (titles above bodies), with highlighted
 * snippets. The query uses web search syntax: {@code "exact phrase"}, {@code -excluded}, {@code or}.
 */
public final class SearchService {
  public static final List<String> TYPES = List.of("thread", "post", "idea", "challenge");

  private final Database db;
  private final Permissions permissions;
  private final SearchRepository repo;

  public SearchService(Database db, Permissions permissions) {
    this.db = db;
    this.permissions = permissions;
    this.repo = new SearchRepository(permissions);
  }

  /** What to search for; filters are null for "any". {@code to} is exclusive. */
  /** The types a search can be limited to. */
  public List<String> types() {
    return TYPES;
  }

  public record Request(String q, String type, String space, String author, OffsetDateTime from, OffsetDateTime to) {}

  public Future<Page<SearchHit>> search(Caller caller, Request req, String cursor, int limit) {
    SearchRepository.After after = cursor == null ? null : decode(cursor);
    SearchRepository.Query q = new SearchRepository.Query(req.q(), permissions.readerParams(caller), req.type(),
        req.space(), req.author(), req.from(), req.to());
    return repo.search(db.pool(), q, after, limit + 1).map(rows -> Page.of(rows, limit, SearchService::encode));
  }

  /** The rank as its float bits, so the next page starts exactly after the last hit's score. */
  private static String encode(SearchHit h) {
    return Cursor.encode("search", Float.floatToIntBits(h.rank()), h.type(), h.id());
  }

  private static SearchRepository.After decode(String cursor) {
    Cursor c = Cursor.decode(cursor, "search", 3);
    return new SearchRepository.After(Float.intBitsToFloat(c.intAt(0)), c.textAt(1), c.longAt(2));
  }
}
