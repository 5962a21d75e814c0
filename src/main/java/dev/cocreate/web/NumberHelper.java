package dev.cocreate.web;

import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import java.text.NumberFormat;
import java.util.Locale;

/** {{number n}}: a count grouped the page language's way ("12,400", "12 400"). */
public final class NumberHelper implements Helper<Object> {
  @Override
  public Object apply(Object value, Options options) {
    if (!(value instanceof Number n)) {
      return value == null ? "" : value.toString();
    }
    Locale locale = options.data(Templates.LOCALE);
    // NumberFormat is not thread-safe and pages render on several event loops: one per use.
    NumberFormat format = n instanceof Double || n instanceof Float
        ? NumberFormat.getNumberInstance(locale == null ? Locale.ENGLISH : locale)
        : NumberFormat.getIntegerInstance(locale == null ? Locale.ENGLISH : locale);
    return format.format(n);
  }
}
