package dev.cocreate.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;

/** An HTTP response as a test sees it. */
public record Resp(int status, HttpHeaders headers, String body) {
  public JsonObject json() {
    return new JsonObject(body);
  }

  public JsonArray items() {
    return json().getJsonArray("items");
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  @Override
  public String toString() {
    return status + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
  }
}
