package dev.cocreate.challenge;

import java.util.List;

/**
 * RFC 4180 CSV (CRLF line ends, fields quoted when they hold a quote, comma or line break) that is
 * safe to open in a spreadsheet: a cell starting with {@code = + - @}, a tab or a carriage return
 * would be read as a formula, so it gets a leading apostrophe (OWASP "CSV injection").
 */
public final class CsvExport {
  private final StringBuilder out = new StringBuilder();

  public CsvExport row(List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i) == null ? "" : cells.get(i).toString()));
    }
    out.append("\r\n");
    return this;
  }

  static String cell(String value) {
    String v = neutralize(value);
    boolean quote = v.indexOf('"') >= 0 || v.indexOf(',') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }

  static String neutralize(String value) {
    if (value.isEmpty()) {
      return value;
    }
    return switch (value.charAt(0)) {
      case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
      default -> value;
    };
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
