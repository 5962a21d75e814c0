package dev.cocreate.search;

/**
 * Turns {@code ts_headline} output into safe HTML. PostgreSQL marks the matches with two
 * private-use characters (stripped from the text beforehand, so only PostgreSQL can put them
 * there); everything is HTML-escaped, then the marks become {@code <mark>} tags. ts_headline's
 * own output is never trusted as HTML: it returns the stored text, which is user input.
 */
final class Highlight {
  static final char START = '\uE000';
  static final char STOP = '\uE001';
  /** ts_headline options naming the marks; callers add their own options after it. */
  static final String MARKS = "StartSel=\"" + START + "\", StopSel=\"" + STOP + "\"";

  private Highlight() {}

  static String toHtml(String headline) {
    if (headline == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(headline.length() + 32);
    boolean open = false;
    for (int i = 0; i < headline.length(); i++) {
      char c = headline.charAt(i);
      switch (c) {
        case START -> {
          if (!open) {
            out.append("<mark>");
            open = true;
          }
        }
        case STOP -> {
          if (open) {
            out.append("</mark>");
            open = false;
          }
        }
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    if (open) {
      out.append("</mark>");
    }
    return out.toString();
  }
}
