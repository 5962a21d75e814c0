package dev.cocreate.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a request's JSON object field by field, collecting every field error so the client
 * gets them all at once. Call {@link #validate()} after reading.
 */
public final class JsonBody implements Fields {
  private final JsonObject json;
  private final List<ApiException.FieldError> errors = new ArrayList<>();

  public JsonBody(JsonObject json) {
    this.json = json == null ? new JsonObject() : json;
  }

  public JsonObject raw() {
    return json;
  }

  @Override
  public boolean blank(String field) {
    Object v = json.getValue(field);
    return v == null || v instanceof String s && s.isBlank();
  }

  @Override
  public boolean has(String field) {
    return json.containsKey(field) && json.getValue(field) != null;
  }

  @Override
  public void error(String field, String message) {
    errors.add(new ApiException.FieldError(field, message));
  }

  /** A required string, trimmed, with length limits counted in code points. */
  @Override
  public String string(String field, int min, int max) {
    String s = optionalString(field, max);
    if (s == null) {
      if (errors.stream().noneMatch(e -> e.field().equals(field))) {
        error(field, "is required");
      }
      return null;
    }
    if (s.codePointCount(0, s.length()) < min) {
      error(field, min <= 1 ? "must not be blank" : "must be at least " + min + " characters");
      return null;
    }
    return s;
  }

  @Override
  public String optionalString(String field, int max) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      error(field, "must be a string");
      return null;
    }
    String t = s.strip();
    if (t.indexOf('\u0000') >= 0) {
      error(field, "must not contain NUL characters");
      return null;
    }
    if (t.codePointCount(0, t.length()) > max) {
      error(field, "must be at most " + max + " characters");
      return null;
    }
    return t;
  }

  @Override
  public String exact(String field) {
    Object v = json.getValue(field);
    if (v instanceof String s) {
      return s;
    }
    error(field, v == null ? "is required" : "must be a string");
    return null;
  }

  @Override
  public String matching(String field, Pattern pattern, String message, int min, int max) {
    String s = string(field, min, max);
    if (s != null && !pattern.matcher(s).matches()) {
      error(field, message);
      return null;
    }
    return s;
  }

  @Override
  public String oneOf(String field, Set<String> allowed, boolean required) {
    Object v = json.getValue(field);
    if (v == null) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!(v instanceof String s) || !allowed.contains(s)) {
      error(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
      return null;
    }
    return s;
  }

  /**
   * A whole number that fits in 64 bits. Anything else is an error, never rounded or wrapped:
   * 18446744073709551617 is not 1, and 1e19 is not Long.MAX_VALUE.
   */
  @Override
  public Long optionalLong(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    if ((v instanceof Double || v instanceof Float) && isWholeLong(((Number) v).doubleValue())) {
      return (long) ((Number) v).doubleValue();
    }
    if (v instanceof BigDecimal dec) {
      try {
        return dec.longValueExact();
      } catch (ArithmeticException notWhole) {
        // falls through
      }
    }
    error(field, "must be a whole number");
    return null;
  }

  private static boolean isWholeLong(double d) {
    return d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63;
  }

  @Override
  public Long requiredLong(String field) {
    if (!has(field)) {
      error(field, "is required");
      return null;
    }
    return optionalLong(field);
  }

  @Override
  public Integer integer(String field, int min, int max, boolean required) {
    if (!has(field)) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    Long v = optionalLong(field);
    if (v == null) {
      return null;
    }
    if (v < min || v > max) {
      error(field, "must be between " + min + " and " + max);
      return null;
    }
    return v.intValue();
  }

  @Override
  public Boolean bool(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    error(field, "must be true or false");
    return null;
  }

  /** A list of strings, each trimmed and limited. */
  @Override
  public List<String> strings(String field, int maxItems, int maxLength) {
    Object v = json.getValue(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray arr)) {
      error(field, "must be an array of strings");
      return List.of();
    }
    if (arr.size() > maxItems) {
      error(field, "must have at most " + maxItems + " items");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : arr) {
      if (!(o instanceof String s) || s.isBlank() || s.strip().length() > maxLength) {
        error(field, "must contain non-empty strings of at most " + maxLength + " characters");
        return List.of();
      }
      out.add(s.strip());
    }
    return out;
  }

  @Override
  public Map<String, String> texts(String field, int maxEntries, int maxLength) {
    Object v = json.getValue(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof JsonObject obj) || obj.size() > maxEntries) {
      error(field, "must be an object of at most " + maxEntries + " texts");
      return out;
    }
    for (String key : obj.fieldNames()) {
      Object t = obj.getValue(key);
      if (t != null && !(t instanceof String)) {
        error(field + "." + key, "must be a text");
      } else if (t != null && ((String) t).strip().codePointCount(0, ((String) t).strip().length()) > maxLength) {
        error(field + "." + key, "must be at most " + maxLength + " characters");
      } else if (t != null && !((String) t).isBlank()) {
        out.put(key, ((String) t).strip());
      }
    }
    return out;
  }

  @Override
  public Map<String, Integer> integers(String field, int maxEntries, int min, int max) {
    Object v = json.getValue(field);
    Map<String, Integer> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof JsonObject obj) || obj.size() > maxEntries) {
      error(field, "must be an object of at most " + maxEntries + " whole numbers");
      return out;
    }
    for (String key : obj.fieldNames()) {
      Object n = obj.getValue(key);
      if (n instanceof Number num && isWholeLong(num.doubleValue()) && num.doubleValue() >= min && num.doubleValue() <= max) {
        out.put(key, num.intValue());
      } else {
        error(field + "." + key, "must be a whole number between " + min + " and " + max);
      }
    }
    return out;
  }

  /** Throws one 400 with every field error collected so far. */
  @Override
  public void validate() {
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }
}
