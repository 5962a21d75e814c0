package dev.cocreate.upload;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one shape of an uploaded image's address, {@code /uploads/<sha256>.<ext>}: the hash of the
 * stored bytes, so the address never serves two contents and may be cached for good. Markdown
 * allows images from these addresses only.
 */
public final class UploadPaths {
  public static final String PREFIX = "/uploads/";
  private static final Pattern PATH = Pattern.compile("/uploads/([0-9a-f]{64})\\.(png|jpg)");

  /** A stored file's hash and extension. */
  public record Name(String sha256, String ext) {
    public String path() {
      return PREFIX + sha256 + "." + ext;
    }
  }

  private UploadPaths() {}

  /** True when {@code url} is exactly the path of an upload on this site (no host, query or fragment). */
  public static boolean isOwn(String url) {
    return url != null && PATH.matcher(url).matches();
  }

  /** The upload a path names, if it has the shape. */
  public static Optional<Name> parse(String url) {
    if (url == null) {
      return Optional.empty();
    }
    Matcher m = PATH.matcher(url);
    return m.matches() ? Optional.of(new Name(m.group(1), m.group(2))) : Optional.empty();
  }

  /** The upload a file name ({@code <sha256>.<ext>}) names, if it has the shape. */
  public static Optional<Name> parseFileName(String fileName) {
    return parse(PREFIX + fileName);
  }
}
