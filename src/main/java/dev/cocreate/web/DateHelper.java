package dev.cocreate.web;

import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import dev.cocreate.platform.i18n.Messages;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {{date isoTime}}: a readable UTC time in the page's language ("22 Nov 2026, 10:10 UTC",
 * "22 nov. 2026 à 10:10 UTC"); the ISO value stays in datetime="". Each language's pattern is the
 * bundle's {@code format.dateTime}, compiled once.
 */
public final class DateHelper implements Helper<Object> {
  /** Formatted times kept per language before the cache starts over; a few hundred KiB at most. */
  private static final int REMEMBERED = 8_192;

  private final Map<Locale, DateTimeFormatter> formats = new HashMap<>();
  /**
   * A thread page formats a time per post, and parsing plus formatting was a tenth of its render
   * (profiled): the same posts' times are asked for again on every view, so each is formatted once.
   */
  private final Map<Locale, Map<String, String>> formatted = new HashMap<>();

  public DateHelper(Messages messages) {
    for (Locale locale : Messages.SUPPORTED) {
      formats.put(locale, DateTimeFormatter.ofPattern(messages.text(locale, "format.dateTime"), locale).withZone(ZoneOffset.UTC));
      formatted.put(locale, new ConcurrentHashMap<>());
    }
  }

  @Override
  public Object apply(Object value, Options options) {
    if (value == null) {
      return "";
    }
    return text(options.data(Templates.LOCALE), value.toString());
  }

  /** The readable form of an ISO time in a language (English for one not supported). */
  public String text(Locale locale, String iso) {
    if (iso == null) {
      return "";
    }
    if (!formats.containsKey(locale)) {
      locale = Messages.ENGLISH;
    }
    Map<String, String> remembered = formatted.get(locale);
    String text = remembered.get(iso);
    if (text == null) {
      text = format(locale, iso);
      if (remembered.size() >= REMEMBERED) {
        remembered.clear(); // crude, but bounded; the next views fill it again
      }
      remembered.put(iso, text);
    }
    return text;
  }

  private String format(Locale locale, String iso) {
    try {
      return formats.get(locale).format(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }
}
