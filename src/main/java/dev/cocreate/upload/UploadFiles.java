package dev.cocreate.upload;

import dev.cocreate.platform.http.ApiException;

/**
 * What the upload API takes: an image (re-encoded, {@link ImageFile}) or a PDF ({@link PdfFile}),
 * told apart by their first bytes; and the file's name as the browser sent it, made safe to keep.
 */
final class UploadFiles {
  /** The longest name kept, in characters; a longer one keeps its end (its extension). */
  static final int NAME_MAX = 200;

  private UploadFiles() {}

  static ApiException unsupported() {
    return new ApiException(415, "unsupported-media-type", "Unsupported media type",
        "Only PNG, JPEG and WebP images and PDF documents are accepted.");
  }

  /** The file as stored; with {@code documents} false (an avatar) only an image is taken. */
  static StoredFile read(byte[] file, boolean documents) {
    if (PdfFile.claims(file)) {
      if (!documents) {
        throw ImageFile.unsupported();
      }
      return PdfFile.check(file);
    }
    try {
      return ImageFile.reencode(file);
    } catch (ApiException e) {
      throw documents && e.status() == 415 ? unsupported() : e;
    }
  }

  /**
   * The name without the path some browsers send ({@code C:\fakepath\plan.pdf}), control and
   * direction-overriding characters, or surrounding spaces; null when nothing is left.
   */
  static String cleanName(String sent) {
    if (sent == null) {
      return null;
    }
    String base = sent.substring(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1);
    StringBuilder out = new StringBuilder();
    base.codePoints().filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
        .forEach(out::appendCodePoint);
    String name = out.toString().strip();
    int length = name.codePointCount(0, name.length());
    if (length > NAME_MAX) {
      name = name.substring(name.offsetByCodePoints(0, length - NAME_MAX));
    }
    return name.isEmpty() ? null : name;
  }
}
