package dev.cocreate.platform.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A page's form as an action's {@link Fields}: the same checks and messages as the API's JSON body,
 * over what a browser sends. A form sends every field it shows, so a text field left out reads as
 * empty; a number is typed as text; a checkbox is there or not; a list is one comma-separated line.
 * A page that shapes a field its own way (a hidden id it has already read) puts the value with
 * {@link #with}.
 */
public final class FormFields implements Fields {
  private final JsonObject values = new JsonObject();
  private final JsonBody checks = new JsonBody(values);

  public FormFields(MultiMap form) {
    for (String name : form.names()) {
      values.put(name, form.get(name));
    }
  }

  /** The request's form attributes. */
  public static FormFields of(RoutingContext ctx) {
    return new FormFields(ctx.request().formAttributes());
  }

  /** A field as the page has already read it (a Long, a String, a list), or none when null. */
  public FormFields with(String field, Object value) {
    if (value == null) {
      values.remove(field);
    } else {
      values.put(field, value instanceof List<?> list ? new JsonArray(List.copyOf(list)) : value);
    }
    return this;
  }

  @Override
  public boolean has(String field) {
    Object v = values.getValue(field);
    return v != null && !(v instanceof String s && s.isEmpty());
  }

  @Override
  public boolean blank(String field) {
    return checks.blank(field);
  }

  @Override
  public void error(String field, String message) {
    checks.error(field, message);
  }

  @Override
  public String string(String field, int min, int max) {
    return checks.string(typed(field), min, max);
  }

  @Override
  public String optionalString(String field, int max) {
    return checks.optionalString(typed(field), max);
  }

  @Override
  public String exact(String field) {
    return checks.exact(typed(field));
  }

  @Override
  public String matching(String field, Pattern pattern, String message, int min, int max) {
    return checks.matching(typed(field), pattern, message, min, max);
  }

  @Override
  public String oneOf(String field, Set<String> allowed, boolean required) {
    return checks.oneOf(typed(field), allowed, required);
  }

  @Override
  public Long optionalLong(String field) {
    if (values.getValue(field) instanceof String s) {
      if (s.isBlank()) {
        return null;
      }
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        checks.error(field, "must be a whole number");
        return null;
      }
    }
    return checks.optionalLong(field);
  }

  @Override
  public Long requiredLong(String field) {
    if (!has(field)) {
      checks.error(field, "is required");
      return null;
    }
    return optionalLong(field);
  }

  @Override
  public Integer integer(String field, int min, int max, boolean required) {
    if (!has(field)) {
      if (required) {
        checks.error(field, "is required");
      }
      return null;
    }
    Long v = optionalLong(field);
    if (v == null) {
      return null;
    }
    if (v < min || v > max) {
      checks.error(field, "must be between " + min + " and " + max);
      return null;
    }
    return v.intValue();
  }

  /** A checkbox: checked when the form sent it at all. */
  @Override
  public Boolean bool(String field) {
    Object v = values.getValue(field);
    return v instanceof Boolean b ? b : v != null;
  }

  /** One line, split on commas, each item trimmed, empty ones dropped. */
  @Override
  public List<String> strings(String field, int maxItems, int maxLength) {
    if (values.getValue(field) instanceof String line) {
      JsonArray items = new JsonArray();
      Arrays.stream(line.split(",")).map(String::strip).filter(t -> !t.isEmpty()).forEach(items::add);
      values.put(field, items);
    }
    return checks.strings(field, maxItems, maxLength);
  }

  /** The page gathers the form's fields into one object first ({@link #with}). */
  @Override
  public Map<String, String> texts(String field, int maxEntries, int maxLength) {
    return checks.texts(field, maxEntries, maxLength);
  }

  /** The page gathers the form's fields into one object of their texts first ({@link #with}). */
  @Override
  public Map<String, Integer> integers(String field, int maxEntries, int min, int max) {
    if (values.getValue(field) instanceof JsonObject typed) {
      JsonObject numbers = new JsonObject();
      for (String key : typed.fieldNames()) {
        Object v = typed.getValue(key);
        String s = v == null ? "" : v.toString().strip();
        if (s.isEmpty()) {
          continue;
        }
        try {
          numbers.put(key, Long.parseLong(s));
        } catch (NumberFormatException e) {
          numbers.put(key, s);
        }
      }
      values.put(field, numbers);
    }
    return checks.integers(field, maxEntries, min, max);
  }

  @Override
  public void validate() {
    checks.validate();
  }

  /** A text field the form left out reads as empty, as it does in the form shown again. */
  private String typed(String field) {
    if (!values.containsKey(field)) {
      values.put(field, "");
    }
    return field;
  }
}
