package dev.cocreate.web;

import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** {{date isoTime}}: a readable UTC time for pages ("22 Nov 2026, 10:10 UTC"); the ISO value stays in datetime="". */
public final class DateHelper implements Helper<Object> {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);

  @Override
  public Object apply(Object value, Options options) {
    if (value == null) {
      return "";
    }
    try {
      return FORMAT.format(Instant.parse(value.toString()));
    } catch (DateTimeParseException e) {
      return value.toString();
    }
  }
}
