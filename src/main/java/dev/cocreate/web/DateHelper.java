package dev.cocreate.web;

import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import dev.cocreate.platform.i18n.Messages;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {{date isoTime}}: a readable time in the page's language and the reader's time zone ("22 Nov
 * 2026, 10:10 UTC", "22 nov. 2026 à 11:10 (Paris)"); the ISO value stays in datetime="", where
 * webroot/js/times.js turns it into a relative time ("3 min ago") with the full local time as its
 * title. This text is what a reader without JavaScript sees. Each language's patterns are the
 * bundle's {@code format.dateTime} (UTC), {@code format.dateTimeZoned} and {@code format.dateTimeLong},
 * compiled once.
 */
public final class DateHelper implements Helper<Object> {
  /** Formatted times kept per language before the cache starts over; a few hundred KiB at most. */
  private static final int REMEMBERED = 8_192;

  private final Map<Locale, DateTimeFormatter> formats = new HashMap<>();
  private final Map<Locale, DateTimeFormatter> zonedFormats = new HashMap<>();
  private final Map<Locale, DateTimeFormatter> longFormats = new HashMap<>();
  /**
   * A thread page formats a time per post, and parsing plus formatting was a tenth of its render
   * (profiled): the same posts' times are asked for again on every view, so each is formatted once.
   */
  private final Map<Locale, Map<String, String>> formatted = new HashMap<>();

  public DateHelper(Messages messages) {
    for (Locale locale : Messages.SUPPORTED) {
      formats.put(locale, DateTimeFormatter.ofPattern(messages.text(locale, "format.dateTime"), locale).withZone(ZoneOffset.UTC));
      zonedFormats.put(locale, DateTimeFormatter.ofPattern(messages.text(locale, "format.dateTimeZoned"), locale));
      longFormats.put(locale, DateTimeFormatter.ofPattern(messages.text(locale, "format.dateTimeLong"), locale));
      formatted.put(locale, new ConcurrentHashMap<>());
    }
  }

  @Override
  public Object apply(Object value, Options options) {
    if (value == null) {
      return "";
    }
    return text(options.data(Templates.LOCALE), options.data(Templates.ZONE), value.toString());
  }

  /** The readable form of an ISO time in a language (English for one not supported), in UTC. */
  public String text(Locale locale, String iso) {
    return text(locale, null, iso);
  }

  /** The readable form of an ISO time in a language and a time zone (null: UTC). */
  public String text(Locale locale, ZoneId zone, String iso) {
    if (iso == null) {
      return "";
    }
    if (!formats.containsKey(locale)) {
      locale = Messages.ENGLISH;
    }
    boolean utc = zone == null || zone.normalized().equals(ZoneOffset.UTC);
    Map<String, String> remembered = formatted.get(locale);
    String key = utc ? iso : zone.getId() + ' ' + iso;
    String text = remembered.get(key);
    if (text == null) {
      text = utc ? format(formats.get(locale), iso) : format(zonedFormats.get(locale).withZone(zone), iso) + " (" + place(zone) + ")";
      if (remembered.size() >= REMEMBERED) {
        remembered.clear(); // crude, but bounded; the next views fill it again
      }
      remembered.put(key, text);
    }
    return text;
  }

  /** A time spelled out in full ("14 December 2026, 01:00 (Paris)"), for a sentence such as a suspension's end. */
  public String longText(Locale locale, ZoneId zone, Instant at) {
    if (!longFormats.containsKey(locale)) {
      locale = Messages.ENGLISH;
    }
    ZoneId shown = zone == null ? ZoneOffset.UTC : zone;
    String place = shown.normalized().equals(ZoneOffset.UTC) ? "UTC" : place(shown);
    return longFormats.get(locale).withZone(shown).format(at) + " (" + place + ")";
  }

  /** The zone as a reader names it: its city ("Europe/Paris" is Paris, "America/New_York" New York). */
  static String place(ZoneId zone) {
    String id = zone.getId();
    return id.substring(id.lastIndexOf('/') + 1).replace('_', ' ');
  }

  private static String format(DateTimeFormatter format, String iso) {
    try {
      return format.format(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }
}
