package dev.cocreate.upload;

import java.nio.charset.StandardCharsets;

/**
 * A PDF document, kept as it was sent (unlike an image, it is not rewritten). It is one only when its
 * bytes say so: {@code %PDF-} and a version first, and the {@code %%EOF} marker within its last
 * kilobyte, as the format requires; a page renamed {@code .pdf} or sent as {@code application/pdf}
 * is neither. Whatever a file carries, it is served as {@code application/pdf}, as a download, under
 * a sandboxing policy (UploadRoutes), so no browser runs it as a page.
 */
final class PdfFile {
  private static final byte[] MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "%%EOF".getBytes(StandardCharsets.US_ASCII);
  /** How far from the end the format lets the end marker be (ISO 32000 readers look within 1024 bytes). */
  private static final int END_WINDOW = 1024;

  private PdfFile() {}

  /** Whether the file begins as a PDF does: the caller then takes it for one or refuses it, never for an image. */
  static boolean claims(byte[] b) {
    return startsWith(b, MAGIC);
  }

  /** The document as stored, or 413 over the limit, or 415 when it is not a whole PDF. */
  static StoredFile check(byte[] original) {
    if (original.length > ImageFile.MAX_BYTES) {
      throw ImageFile.tooLarge();
    }
    // "%PDF-1.7", "%PDF-2.0": a digit, a dot and a digit after the magic.
    if (!claims(original) || original.length < MAGIC.length + 3 || !Character.isDigit(original[5])
        || original[6] != '.' || !Character.isDigit(original[7]) || !endsWithMarker(original)) {
      throw UploadFiles.unsupported();
    }
    return new StoredFile(original, "application/pdf", "pdf", null, null, ImageFile.sha256(original));
  }

  private static boolean endsWithMarker(byte[] b) {
    for (int at = b.length - END.length; at >= Math.max(0, b.length - END_WINDOW); at--) {
      if (regionEquals(b, at, END)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    return b.length >= prefix.length && regionEquals(b, 0, prefix);
  }

  private static boolean regionEquals(byte[] b, int at, byte[] expected) {
    for (int i = 0; i < expected.length; i++) {
      if (b[at + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
