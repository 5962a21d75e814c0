package dev.cocreate.platform.paging;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset-paginated list; {@code nextCursor} is null on the last page. Every list of
 * the site pages this way, with its cursor from {@link Cursor}.
 */
public record Page<T>(List<T> items, String nextCursor) {
  /**
   * A page of at most {@code limit} items from the {@code limit + 1} rows fetched: the extra row
   * only says that there is more, and the cursor is that of the last item handed out.
   */
  public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, null);
    }
    List<T> items = List.copyOf(fetched.subList(0, limit));
    return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
  }

  /** {@code {items, nextCursor}}, each item as {@code view} shows it. */
  public JsonObject toJson(Function<T, ?> view) {
    JsonArray arr = new JsonArray();
    items.forEach(i -> arr.add(view.apply(i)));
    return new JsonObject().put("items", arr).put("nextCursor", nextCursor);
  }
}
