package dev.cocreate.search;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.paging.Page;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
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
    return repo.search(db.pool(), q, after, limit + 1).map(rows -> {
      if (rows.size() <= limit) {
        return new Page<>(rows, null);
      }
      List<SearchHit> items = List.copyOf(rows.subList(0, limit));
      SearchHit last = items.get(limit - 1);
      return new Page<>(items, encode(last));
    });
  }

  private static String encode(SearchHit h) {
    String key = "search|" + Float.floatToIntBits(h.rank()) + "|" + h.type() + "|" + h.id();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static SearchRepository.After decode(String cursor) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
      if (parts.length != 4 || !parts[0].equals("search")) {
        throw badCursor();
      }
      return new SearchRepository.After(Float.intBitsToFloat(Integer.parseInt(parts[1])), parts[2], Long.parseLong(parts[3]));
    } catch (IllegalArgumentException e) {
      throw badCursor();
    }
  }

  private static ApiException badCursor() {
    return ApiException.invalid("cursor", "is not a cursor this search gave out");
  }
}
