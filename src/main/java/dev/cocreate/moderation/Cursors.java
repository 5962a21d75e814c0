package dev.cocreate.moderation;

import dev.cocreate.platform.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.regex.Pattern;

/** Opaque keyset cursors for moderation lists: the last item's sort key, tagged with the list it came from. */
final class Cursors {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,512}");

  private Cursors() {}

  static String encode(String kind, Object... values) {
    StringBuilder s = new StringBuilder(kind);
    for (Object v : values) {
      s.append('|').append(v);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor's values (without the kind), or 400 when it is not one this list gave out. */
  static String[] decode(String cursor, String kind, int values) {
    if (!SAFE.matcher(cursor).matches()) {
      throw invalid();
    }
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (parts.length != values + 1 || !parts[0].equals(kind)) {
      throw invalid();
    }
    return java.util.Arrays.copyOfRange(parts, 1, parts.length);
  }

  static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  static long micros(OffsetDateTime t) {
    Instant i = t.toInstant();
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  static OffsetDateTime fromMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
        .atOffset(ZoneOffset.UTC);
  }

  static ApiException invalid() {
    return ApiException.invalid("cursor", "is not a cursor this list gave out");
  }
}
