package dev.cocreate.platform.http;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where an action's fields come from: the API's JSON body ({@link JsonBody}) or a page's form
 * ({@link FormFields}). An action's command record reads itself from either with one parse, so its
 * limits and messages are the same for both; every field error is collected and {@link #validate()}
 * throws them at once as one 400.
 */
public interface Fields {
  /** Whether the field was sent with a value. */
  boolean has(String field);

  /** Whether the field is absent or only white space, whatever its type. */
  boolean blank(String field);

  void error(String field, String message);

  /** A required string, trimmed, with length limits counted in code points. */
  String string(String field, int min, int max);

  String optionalString(String field, int max);

  /**
   * A required time after {@code now}: ISO-8601 with its offset (the API), or without one (a page's
   * {@code datetime-local}), read in {@code zone}. Null after a field error; {@code example} is the
   * time the error shows as a well-formed one.
   */
  default OffsetDateTime futureTime(String field, OffsetDateTime now, ZoneId zone, String example) {
    String raw = string(field, 1, 64);
    if (raw == null) {
      return null;
    }
    OffsetDateTime at;
    try {
      at = OffsetDateTime.parse(raw);
    } catch (DateTimeParseException withoutOffset) {
      try {
        at = LocalDateTime.parse(raw).atZone(zone).toOffsetDateTime();
      } catch (DateTimeParseException e) {
        error(field, "must be an ISO-8601 time such as " + example);
        return null;
      }
    }
    if (!at.isAfter(now)) {
      error(field, "must be in the future");
      return null;
    }
    return at;
  }

  /**
   * A required string exactly as sent, not trimmed nor limited (a password, whose spaces are its
   * own); null after a field error when it is missing or not a string.
   */
  String exact(String field);

  String matching(String field, Pattern pattern, String message, int min, int max);

  String oneOf(String field, Set<String> allowed, boolean required);

  Long optionalLong(String field);

  Long requiredLong(String field);

  Integer integer(String field, int min, int max, boolean required);

  Boolean bool(String field);

  /** A list of strings, each trimmed and limited. */
  List<String> strings(String field, int maxItems, int maxLength);

  /**
   * An object of texts keyed by name ({@code {"Cost": "Too dear"}}), each trimmed, blank ones
   * dropped, at most {@code maxEntries} of at most {@code maxLength} characters; empty when absent.
   * A key is checked by its reader (it names something the caller knows, a criterion say).
   */
  Map<String, String> texts(String field, int maxEntries, int maxLength);

  /**
   * An object of whole numbers keyed by name ({@code {"Cost": 7}}), each from {@code min} to
   * {@code max}, at most {@code maxEntries}; empty when absent. A blank entry of a form is left out.
   */
  Map<String, Integer> integers(String field, int maxEntries, int min, int max);

  /** Throws one 400 with every field error collected so far. */
  void validate();
}
