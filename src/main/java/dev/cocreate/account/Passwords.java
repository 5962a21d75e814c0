package dev.cocreate.account;

import dev.cocreate.platform.http.Fields;

/**
 * The rules a new password meets, wherever one is chosen (registration, a reset link, the settings
 * page). A password is read as sent, never trimmed, so it is checked from its raw value.
 */
public final class Passwords {
  public static final int MIN = 10;
  public static final int MAX = 256;

  private Passwords() {}

  /** The password when it meets the rules, else null with the field's error added to {@code f}. */
  public static String read(Fields f, String field, Object raw, String username) {
    String problem = problem(raw, username);
    if (problem != null) {
      f.error(field, problem);
      return null;
    }
    return (String) raw;
  }

  private static String problem(Object raw, String username) {
    if (raw == null) {
      return "is required";
    }
    if (!(raw instanceof String p)) {
      return "must be a string";
    }
    if (p.codePointCount(0, p.length()) < MIN) {
      return "must be at least " + MIN + " characters";
    }
    if (p.length() > MAX) {
      return "must be at most " + MAX + " characters";
    }
    if (p.indexOf('\u0000') >= 0) {
      return "must not contain NUL characters";
    }
    if (username != null && p.equalsIgnoreCase(username)) {
      return "must not be the username";
    }
    return null;
  }
}
