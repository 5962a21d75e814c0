package dev.cocreate.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** One step of a page's breadcrumb trail, as the breadcrumbs partial reads it. */
public record Crumb(String label, String href) {
  public JsonObject toJson() {
    return new JsonObject().put("label", label).put("href", href);
  }

  /** A trail in the partial's shape: the {@code breadcrumbs} every page's model carries. */
  public static JsonArray toJson(List<Crumb> trail) {
    JsonArray out = new JsonArray();
    trail.forEach(c -> out.add(c.toJson()));
    return out;
  }
}
