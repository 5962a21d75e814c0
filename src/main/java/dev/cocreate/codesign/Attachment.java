package dev.cocreate.codesign;

import dev.cocreate.upload.Upload;
import dev.cocreate.upload.UploadPaths;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * A file attached to an iteration: one of its author's uploads (an image or a PDF), kept with the
 * iteration as it was when attached ({@code upload}, its {@code /uploads/…} address; its name, size
 * and type). Readers reach it at {@code /i/<idea>/attachments/<sha256>.<ext>}, which answers only
 * those who read the idea: an attachment is as private as the idea it belongs to.
 */
record Attachment(String upload, String name, Integer size, String mediaType) {

  static Attachment of(Upload u) {
    return new Attachment(u.url(), u.name(), u.size(), u.mediaType());
  }

  /** As stored in the iteration's row (iterations published before names and sizes were kept carry the address only). */
  static Attachment stored(JsonObject j) {
    String upload = j.getString("upload", j.getString("url"));
    return new Attachment(upload, j.getString("name"), j.getInteger("size"), j.getString("mediaType"));
  }

  JsonObject toStored() {
    return new JsonObject().put("upload", upload).put("name", name).put("size", size).put("mediaType", mediaType);
  }

  Optional<UploadPaths.Name> file() {
    return UploadPaths.parseFile(upload);
  }

  /** The address readers of the idea fetch it at. */
  String url(long ideaId) {
    return "/i/" + ideaId + "/attachments/" + file().map(UploadPaths.Name::fileName).orElse("");
  }

  boolean image() {
    return file().map(f -> !f.document()).orElse(false);
  }

  /** As the API and the pages describe it; a file sent without a name is named by its address. */
  JsonObject toJson(long ideaId) {
    return new JsonObject()
        .put("url", url(ideaId))
        .put("name", name != null ? name : file().map(UploadPaths.Name::fileName).orElse(""))
        .put("size", size)
        .put("mediaType", mediaType != null ? mediaType : file().map(f -> f.document() ? "application/pdf"
            : "jpg".equals(f.ext()) ? "image/jpeg" : "image/png").orElse(null))
        .put("image", image());
  }
}
