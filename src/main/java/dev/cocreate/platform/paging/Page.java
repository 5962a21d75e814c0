package dev.cocreate.platform.paging;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/** One page of a keyset-paginated list; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
  public JsonObject toJson(Function<T, JsonObject> view) {
    JsonArray arr = new JsonArray();
    items.forEach(i -> arr.add(view.apply(i)));
    return new JsonObject().put("items", arr).put("nextCursor", nextCursor);
  }
}
