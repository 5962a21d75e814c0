package dev.cocreate.platform.paging;

import dev.cocreate.platform.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keyset cursors: the sort key values of the last item of a page, base64url-encoded so clients
 * treat them as opaque. The list kind is part of the cursor, so a cursor of one list or order is
 * refused by another instead of silently skipping items.
 */
public final class Cursor {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,8192}");
  private static final int MAX_PATH = 100_000;

  private final String[] parts;

  private Cursor(String[] parts) {
    this.parts = parts;
  }

  public static String encode(String kind, Object... values) {
    StringBuilder s = new StringBuilder(kind);
    for (Object v : values) {
      s.append('|').append(v);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** As {@link #decode}, and null when the client gave no cursor (the first page). */
  public static Cursor decodeOrFirst(String cursor, String kind, int values) {
    return cursor == null || cursor.isEmpty() ? null : decode(cursor, kind, values);
  }

  /** The cursor's values, or 400 when it is not one this kind of list gave out. */
  public static Cursor decode(String cursor, String kind, int values) {
    if (cursor == null || !SAFE.matcher(cursor).matches()) {
      throw invalid();
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    String[] parts = text.split("\\|", -1);
    if (parts.length != values + 1 || !parts[0].equals(kind)) {
      throw invalid();
    }
    return new Cursor(parts);
  }

  public long longAt(int i) {
    try {
      return Long.parseLong(parts[i + 1]);
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  /** A word of the key as written (a kind of item, say): the caller checks it against what it knows. */
  public String textAt(int i) {
    return parts[i + 1];
  }

  public int intAt(int i) {
    long v = longAt(i);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw invalid();
    }
    return (int) v;
  }

  public boolean boolAt(int i) {
    return switch (parts[i + 1]) {
      case "1" -> true;
      case "0" -> false;
      default -> throw invalid();
    };
  }

  public OffsetDateTime timeAt(int i) {
    long micros = longAt(i);
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
        .atOffset(ZoneOffset.UTC);
  }

  /** A tree path written as ids joined by dots. */
  public Long[] pathAt(int i) {
    String[] ids = parts[i + 1].split("\\.", -1);
    if (ids.length == 0 || ids.length > MAX_PATH) {
      throw invalid();
    }
    Long[] path = new Long[ids.length];
    for (int k = 0; k < ids.length; k++) {
      try {
        path[k] = Long.parseLong(ids[k]);
      } catch (NumberFormatException e) {
        throw invalid();
      }
      if (path[k] <= 0) {
        throw invalid();
      }
    }
    return path;
  }

  public static long micros(OffsetDateTime t) {
    Instant i = t.toInstant();
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  public static String path(List<Long> path) {
    StringBuilder s = new StringBuilder();
    for (Long id : path) {
      if (s.length() > 0) {
        s.append('.');
      }
      s.append(id);
    }
    return s.toString();
  }

  public static ApiException invalid() {
    return ApiException.invalid("cursor", "is not a cursor this list gave out");
  }
}
