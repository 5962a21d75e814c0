package dev.cocreate.web;

import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the services' problem texts in the page's language. The services speak English because the
 * API's problem+json is a machine contract (docs/api.md); a page looks each text up in the bundle
 * under {@code problem.<slug of the English text>}, its numbers taken out as {@code {n0}},
 * {@code {n1}}: "must be at most 200 characters" is {@code problem.must-be-at-most-n0-characters}.
 * English pages show the service's text unchanged. A text that names something only known at run
 * time (an org's name) has no entry: the page then says what kind of problem it is in general
 * ({@code problem.generic.STATUS}), so no English leaks into another language.
 */
public final class ProblemText {
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private ProblemText() {}

  /** The bundle key of an English problem text. */
  public static String key(String english) {
    Matcher m = NUMBER.matcher(english);
    StringBuilder templated = new StringBuilder();
    int i = 0;
    while (m.find()) {
      m.appendReplacement(templated, "n" + i++);
    }
    m.appendTail(templated);
    String slug = templated.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return "problem." + (slug.length() > 80 ? slug.substring(0, 80).replaceAll("-$", "") : slug);
  }

  /** {@code english} in {@code locale}, or the general text for {@code status} when the bundle has no entry. */
  public static String translate(Messages messages, Locale locale, String english, int status) {
    if (english == null || Messages.ENGLISH.equals(Messages.supported(locale == null ? null : locale.getLanguage()))) {
      return english;
    }
    String key = key(english);
    if (!messages.has(locale, key)) {
      return messages.text(locale, genericKey(status));
    }
    Map<String, Object> numbers = new LinkedHashMap<>();
    Matcher m = NUMBER.matcher(english);
    int i = 0;
    while (m.find()) {
      numbers.put("n" + i++, parse(m.group()));
    }
    return messages.format(locale, key, numbers);
  }

  /** A field error's message ("must not be blank") in the page's language. */
  public static String field(Messages messages, Locale locale, String english) {
    return translate(messages, locale, english, 400);
  }

  /** The problem+json of the failure handler, as the error page shows it. */
  public static JsonObject forPage(Messages messages, Locale locale, JsonObject problem) {
    int status = problem.getInteger("status", 500);
    JsonObject shown = problem.copy()
        .put("title", translate(messages, locale, problem.getString("title"), status))
        .put("detail", translate(messages, locale, problem.getString("detail"), status));
    JsonArray errors = problem.getJsonArray("errors");
    if (errors != null) {
      JsonArray translated = new JsonArray();
      errors.forEach(o -> {
        JsonObject e = (JsonObject) o;
        String message = field(messages, locale, e.getString("message"));
        // "Titre doit …" rather than the JSON name ("title doit …") where the bundle names the field.
        String labelled = "field." + e.getString("field") + "Error";
        translated.add(e.copy().put("message", message).put("text", messages.has(locale, labelled)
            ? messages.format(locale, labelled, Map.of("error", message))
            : e.getString("field") + " " + message));
      });
      shown.put("errors", translated);
    }
    return shown;
  }

  /** What a form shows for a refused submission: each field's error, and the message above the form. */
  public static JsonObject formErrors(Messages messages, Locale locale, ApiException e) {
    JsonObject errors = new JsonObject();
    e.errors().forEach(fe -> errors.put(fe.field(), field(messages, locale, fe.message())));
    return errors;
  }

  static String genericKey(int status) {
    return switch (status) {
      case 400, 401, 403, 404, 409, 413, 423, 429, 503 -> "problem.generic." + status;
      default -> status >= 500 ? "problem.generic.500" : "problem.generic.400";
    };
  }

  private static Object parse(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooLong) {
      return digits;
    }
  }
}
