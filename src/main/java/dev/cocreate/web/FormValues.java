package dev.cocreate.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** What every page does with what a form or a query string sent: a field left out is empty, a blank one absent. */
public final class FormValues {
  private FormValues() {}

  /** A field as typed, or empty when the form did not send it (a form shows it again as it was). */
  public static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** A parameter that is only meant when it has a value (a cursor, a filter). */
  public static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** A value inside a link the page writes (a cursor, a search, where sign-in leads back to). */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
