package dev.cocreate.upload;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * A file a member uploaded, as the API describes it (the bytes are served at {@link #url()}): an
 * image, with its size in pixels, or a PDF, which has none ({@code width} and {@code height} null).
 * {@code name} is the file's name as the browser sent it, or null when it sent none.
 */
public record Upload(String sha256, String ext, String mediaType, Integer width, Integer height, int size, String name,
    OffsetDateTime createdAt) {
  public String url() {
    return new UploadPaths.Name(sha256, ext).path();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("url", url())
        .put("mediaType", mediaType)
        .put("name", name)
        .put("width", width)
        .put("height", height)
        .put("size", size)
        .put("createdAt", Times.iso(createdAt));
  }
}
