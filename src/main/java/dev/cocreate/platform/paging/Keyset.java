package dev.cocreate.platform.paging;

import dev.cocreate.platform.http.ApiException;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Opaque list cursors: the sort key of the last item handed out, as base64url JSON. The next page
 * starts strictly after it, so rows inserted meanwhile neither repeat nor shift a page.
 */
public final class Keyset {
  private Keyset() {}

  public static String encode(Object... key) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(new JsonArray(List.of(key)).encode().getBytes(StandardCharsets.UTF_8));
  }

  /** The key a client passed back, checked to have {@code size} entries; 400 for anything else. */
  public static JsonArray decode(String cursor, int size) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      JsonArray key = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      if (key.size() == size) {
        return key;
      }
    } catch (RuntimeException ignored) {
      // falls through to 400
    }
    throw ApiException.invalid("cursor", "is not a cursor this list handed out");
  }

  /** A number from a decoded key, or 400 when the client tampered with it. */
  public static long longAt(JsonArray key, int i) {
    Object v = key.getValue(i);
    if (v instanceof Number n) {
      return n.longValue();
    }
    throw ApiException.invalid("cursor", "is not a cursor this list handed out");
  }

  /** A page of at most {@code limit} items from {@code limit + 1} fetched rows, with the cursor for the next. */
  public record Page<T>(List<T> items, String nextCursor) {
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
      if (fetched.size() <= limit) {
        return new Page<>(fetched, null);
      }
      List<T> items = fetched.subList(0, limit);
      return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
    }

    public io.vertx.core.json.JsonObject toJson(Function<T, Object> view) {
      JsonArray arr = new JsonArray();
      items.forEach(i -> arr.add(view.apply(i)));
      return new io.vertx.core.json.JsonObject().put("items", arr).put("nextCursor", nextCursor);
    }
  }
}
