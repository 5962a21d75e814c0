package dev.cocreate.account;

import dev.cocreate.platform.http.Fields;
import java.text.Normalizer;

/**
 * What a display name may be: any visible text, stored in NFKC form (full-width letters,
 * ligatures and circled digits become their plain forms, so look-alikes of another member's name
 * are at least made of the same letters). Characters that are invisible or reorder text (control,
 * format, bidi and zero-width characters, line separators, private-use and unassigned code points)
 * are refused: a name must look like what it is. The username, not the display name, identifies a
 * member, and it is ASCII only.
 */
public final class DisplayNames {
  private DisplayNames() {}

  /** The optional display name of a body, normalized; a field error when it has a hidden character. */
  public static String read(Fields b, String field, int max) {
    String raw = b.optionalString(field, max * 4);
    if (raw == null) {
      return null;
    }
    String name = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
    String hidden = firstHidden(name);
    if (hidden != null) {
      b.error(field, "must not contain invisible or control characters (found " + hidden + ")");
      return null;
    }
    if (name.codePointCount(0, name.length()) > max) {
      b.error(field, "must be at most " + max + " characters");
      return null;
    }
    return name;
  }

  /** The first character that does not show as itself, as "U+XXXX", or null when there is none. */
  public static String firstHidden(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (isHidden(cp)) {
        return String.format("U+%04X", cp);
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  static boolean isHidden(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> true;
      default -> false;
    };
  }
}
