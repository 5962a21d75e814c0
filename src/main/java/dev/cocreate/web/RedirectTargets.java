package dev.cocreate.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one rule for where a redirect may lead: a path on this site. Every {@code Location} the pages
 * send goes through it, and so does every target a request names (the sign-in form's {@code next},
 * the support and language forms' {@code back}), before anything else happens.
 *
 * <p>Why each part of the rule:
 * <ul>
 *   <li>a single leading {@code /}: {@code //host} and {@code /\host} are read by browsers as another
 *       origin, and anything without the slash ({@code https:}, {@code javascript:}, {@code evil.example})
 *       is not a path at all;</li>
 *   <li>no backslash anywhere: browsers turn {@code \} into {@code /} in URLs;</li>
 *   <li>no control character or whitespace anywhere: CR, LF, NUL, VT and FF are refused by the HTTP
 *       encoder (the response then never went out and the request hung), and browsers drop tabs and
 *       newlines from URLs, so {@code /<TAB>/evil.example} became {@code //evil.example};</li>
 *   <li>the same checks once more after percent-decoding, so {@code /%2F/x}, {@code /%5Cx} and
 *       {@code /%09/x} cannot smuggle the same tricks past a server or proxy that decodes;</li>
 *   <li>characters outside ASCII are percent-encoded, as a header value must be ASCII.</li>
 * </ul>
 */
public final class RedirectTargets {
  /** Longer targets are refused: they are never our own links and only inflate headers. */
  static final int MAX_LENGTH = 2000;

  private RedirectTargets() {}

  /** {@code raw} when it is a safe path on this site (made ASCII), else {@code fallback}. */
  public static String sameSitePath(String raw, String fallback) {
    return isSameSitePath(raw) ? asciiOnly(raw) : fallback;
  }

  /** True when {@code raw}, as sent and once percent-decoded, is a path on this site and nothing else. */
  public static boolean isSameSitePath(String raw) {
    if (raw == null || raw.length() > MAX_LENGTH || !safeShape(raw)) {
      return false;
    }
    String decoded = percentDecoded(raw);
    return decoded != null && safeShape(decoded);
  }

  private static boolean safeShape(String s) {
    if (!s.startsWith("/") || s.startsWith("//")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return false;
      }
    }
    return true;
  }

  /** The path with every {@code %XX} decoded (as UTF-8), or null when an escape is broken ({@code %zz}, a lone {@code %}). */
  private static String percentDecoded(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        out.append(run.toString(StandardCharsets.UTF_8)).append(c);
        run.reset();
        continue;
      }
      int hi = i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
      int lo = i + 2 < s.length() ? hex(s.charAt(i + 2)) : -1;
      if (hi < 0 || lo < 0) {
        return null;
      }
      run.write(hi << 4 | lo);
      i += 2;
    }
    return out.append(run.toString(StandardCharsets.UTF_8)).toString();
  }

  /** An ASCII hex digit's value, else -1 (Character.digit would also take other scripts' digits). */
  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static String asciiOnly(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      int cp = s.codePointAt(i);
      if (cp < 0x80) {
        if (out != null) {
          out.append((char) cp);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4 & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
      if (Character.charCount(cp) == 2) {
        i++;
      }
    }
    return out == null ? s : out.toString();
  }
}
