package dev.cocreate.upload;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one shape of an uploaded file's address, {@code /uploads/<sha256>.<ext>}: the hash of the
 * stored bytes, so the address never serves two contents and may be cached for good. Markdown
 * allows images from these addresses only ({@link #isOwn}); a PDF ({@code .pdf}) is an upload too,
 * but only ever a download ({@link #parseFile}).
 */
public final class UploadPaths {
  public static final String PREFIX = "/uploads/";
  private static final Pattern IMAGE = Pattern.compile("/uploads/([0-9a-f]{64})\\.(png|jpg)");
  private static final Pattern FILE = Pattern.compile("/uploads/([0-9a-f]{64})\\.(png|jpg|pdf)");

  /** A stored file's hash and extension. */
  public record Name(String sha256, String ext) {
    public String path() {
      return PREFIX + sha256 + "." + ext;
    }

    /** The file's name without the directory: {@code <sha256>.<ext>}. */
    public String fileName() {
      return sha256 + "." + ext;
    }

    /** A PDF, not an image: served as a download, and never shown in a post. */
    public boolean document() {
      return "pdf".equals(ext);
    }
  }

  private UploadPaths() {}

  /** True when {@code url} is exactly the path of an uploaded image on this site (no host, query or fragment). */
  public static boolean isOwn(String url) {
    return url != null && IMAGE.matcher(url).matches();
  }

  /** The image a path names, if it has the shape. */
  public static Optional<Name> parse(String url) {
    return match(IMAGE, url);
  }

  /** The upload of any kind (an image or a PDF) a path names, if it has the shape. */
  public static Optional<Name> parseFile(String url) {
    return match(FILE, url);
  }

  /** The upload of any kind a file name ({@code <sha256>.<ext>}) names, if it has the shape. */
  public static Optional<Name> parseFileName(String fileName) {
    return parseFile(PREFIX + fileName);
  }

  private static Optional<Name> match(Pattern p, String url) {
    if (url == null) {
      return Optional.empty();
    }
    Matcher m = p.matcher(url);
    return m.matches() ? Optional.of(new Name(m.group(1), m.group(2))) : Optional.empty();
  }
}
