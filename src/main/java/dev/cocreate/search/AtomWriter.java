package dev.cocreate.search;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes an Atom 1.0 document. Every text goes through {@link #text}: XML-escaped, and stripped
 * of the characters XML 1.0 cannot carry at all (members can type control characters).
 * Entry content is HTML (already sanitized by the Markdown renderer), escaped as {@code type="html"}.
 * Public for the feeds other features serve (a challenge's results).
 */
public final class AtomWriter {
  private final StringBuilder out = new StringBuilder(4096);
  private boolean inEntry;

  public AtomWriter(String id, String title, String alternate, String self, OffsetDateTime updated) {
    out.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    element("id", id);
    element("title", title);
    element("updated", time(updated));
    link("alternate", alternate, "text/html");
    link("self", self, "application/atom+xml");
    out.append("<author><name>Cocreate</name></author>\n");
    out.append("<generator>Cocreate</generator>\n");
  }

  public AtomWriter entry(String id, String title, String url, String authorName, OffsetDateTime published, OffsetDateTime updated,
      String html) {
    out.append("<entry>\n");
    inEntry = true;
    element("id", id);
    element("title", title);
    link("alternate", url, "text/html");
    out.append("<author><name>").append(text(authorName)).append("</name></author>\n");
    element("published", time(published));
    element("updated", time(updated));
    out.append("<content type=\"html\">").append(text(html)).append("</content>\n");
    out.append("</entry>\n");
    inEntry = false;
    return this;
  }

  public String finish() {
    return out.append("</feed>\n").toString();
  }

  private void element(String name, String value) {
    out.append('<').append(name).append('>').append(text(value)).append("</").append(name).append(">\n");
  }

  private void link(String rel, String href, String type) {
    out.append("<link rel=\"").append(rel).append("\" type=\"").append(type).append("\" href=\"").append(text(href)).append("\"/>\n");
  }

  static String time(OffsetDateTime t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC).withNano(0));
  }

  /** XML-escaped text without the characters XML 1.0 forbids. */
  public static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
              || Character.isSurrogate(c) && validSurrogate(s, i);
          if (allowed) {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A surrogate is kept only as half of a proper pair. */
  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
