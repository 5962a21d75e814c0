package dev.cocreate.codesign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The diff between two versions of an idea's text")
class TextDiffTest {
  static String diff(String from, String to) {
    return TextDiff.html(TextDiff.between(from, to));
  }

  @Test
  @DisplayName("marks the words changed inside a line, not the whole line")
  void wordsInsideALine() {
    assertThat(diff("Use a carbon pole.", "Use two carbon poles."))
        .isEqualTo("Use <del>a</del><ins>two</ins> carbon <del>pole</del><ins>poles</ins>.");
  }

  @Test
  @DisplayName("an inserted line is one insertion between the lines kept")
  void insertedLine() {
    assertThat(diff("A\nB\n", "A\nX\nB\n")).isEqualTo("A\n<ins>X\n</ins>B\n");
    assertThat(diff("A\nX\nB\n", "A\nB\n")).isEqualTo("A\n<del>X\n</del>B\n");
  }

  @Test
  @DisplayName("text added at the end of the last line is an insertion after what is kept")
  void appended() {
    assertThat(diff("one", "one two")).isEqualTo("one<ins> two</ins>");
  }

  @Test
  @DisplayName("every character of either version is escaped, the marks are the only markup")
  void escaped() {
    assertThat(diff("<b>x</b> & \"q\"", "<i>x</i> & 'q'"))
        .isEqualTo("&lt;<del>b</del><ins>i</ins>&gt;x&lt;/<del>b</del><ins>i</ins>&gt; &amp; <del>&quot;</del><ins>&#39;</ins>q<del>&quot;</del><ins>&#39;</ins>");
  }

  @Test
  @DisplayName("Windows line ends compare equal to Unix ones; identical texts have no change")
  void lineEnds() {
    assertThat(TextDiff.changed(TextDiff.between("a\r\nb", "a\nb"))).isFalse();
    assertThat(diff("same", "same")).isEqualTo("same");
  }

  @Test
  @DisplayName("a comparison too large for the table shows the changed run replaced, still correct")
  void tooLarge() {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 2100; i++) {
      a.append("a").append(i).append('\n');
      b.append("b").append(i).append('\n');
    }
    String html = diff("head\n" + a + "tail", "head\n" + b + "tail");
    assertThat(html).startsWith("head\n<del>a0\n").contains("a2099</del><ins>b0\n").endsWith("b2099</ins>\ntail");
  }
}
