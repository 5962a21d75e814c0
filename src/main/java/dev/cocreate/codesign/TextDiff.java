package dev.cocreate.codesign;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What changed between two texts, as a reader compares versions: lines first (a paragraph moved or
 * rewritten shows as such), then words inside each changed run of lines, so one word changed in a
 * long paragraph is one word marked. Both steps are a longest common subsequence; a comparison too
 * large to run on the event loop in a few milliseconds falls back to "all of it replaced", which is
 * still true.
 */
public final class TextDiff {
  /** What a stretch of text is in the newer version: kept, inserted or deleted. */
  public enum Op { SAME, INS, DEL }

  public record Segment(Op op, String text) {}

  /** Beyond this many cells of the LCS table a run is shown replaced as a whole. */
  static final long MAX_CELLS = 4_000_000L;
  private static final Pattern LINES = Pattern.compile("[^\n]*\n|[^\n]+");
  private static final Pattern WORDS = Pattern.compile("\\s+|[\\p{L}\\p{N}_]+|[^\\s\\p{L}\\p{N}_]");

  private TextDiff() {}

  /** The segments that turn {@code from} into {@code to}, adjacent ones of the same kind joined. */
  public static List<Segment> between(String from, String to) {
    List<String> a = tokens(LINES, normalize(from));
    List<String> b = tokens(LINES, normalize(to));
    List<Segment> lines = lcs(a, b);
    // Each run of deleted lines followed by inserted ones is compared again word by word.
    List<Segment> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      Segment s = lines.get(i);
      if (s.op() == Op.SAME) {
        add(out, s.op(), s.text());
        i++;
        continue;
      }
      StringBuilder del = new StringBuilder();
      StringBuilder ins = new StringBuilder();
      while (i < lines.size() && lines.get(i).op() != Op.SAME) {
        (lines.get(i).op() == Op.DEL ? del : ins).append(lines.get(i).text());
        i++;
      }
      for (Segment w : lcs(tokens(WORDS, del.toString()), tokens(WORDS, ins.toString()))) {
        add(out, w.op(), w.text());
      }
    }
    return out;
  }

  /** Whether the two texts differ at all (after line ends are normalized). */
  public static boolean changed(List<Segment> segments) {
    return segments.stream().anyMatch(s -> s.op() != Op.SAME);
  }

  private static String normalize(String text) {
    return text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n');
  }

  private static List<String> tokens(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static List<Segment> lcs(List<String> a, List<String> b) {
    // The common head and tail need no table.
    int head = 0;
    while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
        && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
      tail++;
    }
    List<Segment> out = new ArrayList<>();
    for (int k = 0; k < head; k++) {
      add(out, Op.SAME, a.get(k));
    }
    List<String> x = a.subList(head, a.size() - tail);
    List<String> y = b.subList(head, b.size() - tail);
    int n = x.size();
    int m = y.size();
    if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
      x.forEach(t -> add(out, Op.DEL, t));
      y.forEach(t -> add(out, Op.INS, t));
    } else {
      int[][] len = new int[n + 1][m + 1];
      for (int i = n - 1; i >= 0; i--) {
        for (int j = m - 1; j >= 0; j--) {
          len[i][j] = x.get(i).equals(y.get(j)) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
        }
      }
      int i = 0;
      int j = 0;
      while (i < n && j < m) {
        if (x.get(i).equals(y.get(j))) {
          add(out, Op.SAME, x.get(i));
          i++;
          j++;
        } else if (len[i + 1][j] >= len[i][j + 1]) {
          add(out, Op.DEL, x.get(i++));
        } else {
          add(out, Op.INS, y.get(j++));
        }
      }
      while (i < n) {
        add(out, Op.DEL, x.get(i++));
      }
      while (j < m) {
        add(out, Op.INS, y.get(j++));
      }
    }
    for (int k = a.size() - tail; k < a.size(); k++) {
      add(out, Op.SAME, a.get(k));
    }
    return out;
  }

  private static void add(List<Segment> out, Op op, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!out.isEmpty() && out.get(out.size() - 1).op() == op) {
      Segment last = out.remove(out.size() - 1);
      out.add(new Segment(op, last.text() + text));
    } else {
      out.add(new Segment(op, text));
    }
  }

  /** The segments as HTML: every character escaped, insertions in {@code ins}, deletions in {@code del}. */
  public static String html(List<Segment> segments) {
    StringBuilder out = new StringBuilder();
    for (Segment s : segments) {
      String text = escape(s.text());
      switch (s.op()) {
        case SAME -> out.append(text);
        case INS -> out.append("<ins>").append(text).append("</ins>");
        case DEL -> out.append("<del>").append(text).append("</del>");
      }
    }
    return out.toString();
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
