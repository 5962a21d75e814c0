package dev.cocreate.upload;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/** An image a member uploaded, as the API describes it (the bytes are served at {@link #url()}). */
public record Upload(String sha256, String ext, String mediaType, int width, int height, int size, OffsetDateTime createdAt) {
  public String url() {
    return new UploadPaths.Name(sha256, ext).path();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("url", url())
        .put("mediaType", mediaType)
        .put("width", width)
        .put("height", height)
        .put("size", size)
        .put("createdAt", Times.iso(createdAt));
  }
}
