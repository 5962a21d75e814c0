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

/**
 * {{date isoTime}}: a readable UTC time in the page's language ("22 Nov 2026, 10:10 UTC",
 * "22 nov. 2026 à 10:10 UTC"); the ISO value stays in datetime="". Each language's pattern is the
 * bundle's {@code format.dateTime}, compiled once.
 */
public final class DateHelper implements Helper<Object> {
  private final Map<Locale, DateTimeFormatter> formats = new HashMap<>();

  public DateHelper(Messages messages) {
    for (Locale locale : Messages.SUPPORTED) {
      formats.put(locale, DateTimeFormatter.ofPattern(messages.text(locale, "format.dateTime"), locale).withZone(ZoneOffset.UTC));
    }
  }

  @Override
  public Object apply(Object value, Options options) {
    if (value == null) {
      return "";
    }
    Locale locale = options.data(Templates.LOCALE);
    try {
      return formats.getOrDefault(locale, formats.get(Messages.ENGLISH)).format(Instant.parse(value.toString()));
    } catch (DateTimeParseException e) {
      return value.toString();
    }
  }
}
