package dev.cocreate.forum.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Named.named;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies built to make a Markdown parser recurse or backtrack. Each must render within the time
 * limit on a thread with an ordinary stack, without the renderer's fallback stepping in ({@code
 * renderStrict} would throw), and come out safe.
 */
class AdversarialInputTest {

  /** The largest body the API accepts. */
  private static final int MAX = 64 * 1024;

  // Runaway parsing (quadratic or worse) takes minutes on these inputs; 10 s still catches it while
  // tolerating a loaded 2-core CI machine, where 2 s proved flaky.
  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static final MarkdownRenderer RENDERER = new MarkdownRenderer();

  static List<Named<String>> inputs() {
    return List.of(
        named("10k nested blockquotes", ">".repeat(10_000) + " deep"),
        named("64 KiB of blockquote markers", ">".repeat(MAX)),
        named("blockquotes nested on every line", ("> ".repeat(100) + "x\n").repeat(300)),
        named("10k open brackets", "[".repeat(10_000)),
        named("64 KiB of open brackets", "[".repeat(MAX)),
        named("balanced brackets", "[".repeat(MAX / 2) + "]".repeat(MAX / 2)),
        named("nested links", "[".repeat(MAX / 2) + "x" + "](u)".repeat(MAX / 8)),
        named("nested images", "![".repeat(MAX / 4) + "x" + "](u)".repeat(MAX / 8)),
        named("bracket paren runs", "[](".repeat(MAX / 3)),
        named("unclosed link destinations", "[a](".repeat(MAX / 4)),
        named("link destination parens", "[a](" + "(".repeat(MAX / 2) + ")"),
        named("10k stars", "*".repeat(10_000)),
        named("stars around a letter", "*".repeat(MAX / 2) + "x" + "*".repeat(MAX / 2 - 1)),
        named("underscores around a letter", "_".repeat(MAX / 2) + "x" + "_".repeat(MAX / 2 - 1)),
        named(
            "nested emphasis openers then closers", "*a ".repeat(MAX / 6) + " b*".repeat(MAX / 6)),
        named("unmatched strong closers", "a**b" + "c* ".repeat(MAX / 3)),
        named("alternating delimiters", "*_".repeat(MAX / 4) + "x" + "_*".repeat(MAX / 4)),
        named("nested strikethrough", "~~".repeat(MAX / 4) + "x" + "~~".repeat(MAX / 4)),
        named("64 KiB of less-than signs", "<".repeat(MAX)),
        named("unclosed tags", "<a ".repeat(MAX / 3)),
        named("unclosed comments", "x <!--".repeat(MAX / 6)),
        named("unclosed CDATA", "x <![CDATA[".repeat(MAX / 11)),
        named("backtick runs of growing length", backtickRuns()),
        named("64 KiB of backticks", "`".repeat(MAX)),
        named("entity soup", "&#".repeat(MAX / 2)),
        named("deeply indented list", indentedList()),
        named("list markers only", "- ".repeat(MAX / 2)),
        named("blockquoted lists", "> - ".repeat(MAX / 4) + "x"),
        named("wide table", "|" + "a|".repeat(MAX / 4) + "\n|" + "-|".repeat(MAX / 4) + "\n"),
        named("long table", "|a|b|\n|-|-|\n" + "|x|y|\n".repeat(MAX / 6)),
        named(
            "many reference definitions",
            "[a]: http://x.example\n".repeat(MAX / 30) + "[a] ".repeat(1000)),
        named("many mentions", "@alice ".repeat(MAX / 7)),
        named("many distinct mentions", distinctMentions()),
        named("many e-mail addresses", "a@b.example ".repeat(MAX / 12)),
        named("glued URLs", "http://a.example/".repeat(MAX / 17)),
        named("at signs", "@".repeat(MAX)),
        named("one huge line of words", "word ".repeat(MAX / 5)),
        named("setext heading underlines", "a\n=\n".repeat(MAX / 4)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  @DisplayName("pathological input renders quickly, without overflowing the stack, and safely")
  void boundedAndSafe(String input) {
    RenderedMarkdown rendered =
        assertTimeoutPreemptively(LIMIT, () -> RENDERER.renderStrict(input));

    assertThat(rendered.html()).isNotNull();
    HtmlSafety.assertSafe(rendered.html());
  }

  @Test
  @DisplayName("random mixes of markup characters and attack fragments never throw and stay safe")
  void fuzz() {
    String[] pieces = {
      "*",
      "_",
      "~~",
      "`",
      "```",
      "[",
      "]",
      "(",
      ")",
      "![",
      "<",
      ">",
      "\"",
      "'",
      "&",
      "#",
      ";",
      "\\",
      "|",
      "-",
      ":",
      "\n",
      "\n\n",
      " ",
      "    ",
      "> ",
      "- ",
      "1. ",
      "@bob",
      "@",
      "a@b.example",
      "javascript:",
      "JaVaScRiPt:",
      "&#x6A;",
      "&#x09;",
      "data:",
      "vbscript:",
      "http://x.example",
      "www.x.example",
      "mailto:",
      "<script>",
      "</script>",
      "<img src=x onerror=alert(1)>",
      "onerror=",
      "<a href=",
      "<svg onload=",
      "<!--",
      "-->",
      "<![CDATA[",
      "]]>",
      "\u0000",
      "\u200B",
      "\u202E",
      "é",
      "word"
    };
    Random random = new Random(20_260_313L);
    List<String> failures = new ArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          for (int i = 0; i < 500; i++) {
            StringBuilder source = new StringBuilder();
            int length = 1 + random.nextInt(200);
            for (int j = 0; j < length; j++) {
              source.append(pieces[random.nextInt(pieces.length)]);
            }
            try {
              HtmlSafety.assertSafe(RENDERER.renderStrict(source.toString()).html());
            } catch (RuntimeException | AssertionError e) {
              failures.add(e + "\n--- source ---\n" + source);
            }
          }
        });
    assertThat(failures).isEmpty();
  }

  private static String backtickRuns() {
    StringBuilder s = new StringBuilder();
    for (int n = 1; s.length() < MAX; n++) {
      s.append("`".repeat(n)).append('a');
    }
    return s.toString();
  }

  private static String indentedList() {
    StringBuilder s = new StringBuilder();
    for (int depth = 0; s.length() < MAX; depth++) {
      s.append("  ".repeat(depth)).append("- x\n");
    }
    return s.toString();
  }

  private static String distinctMentions() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; s.length() < MAX; i++) {
      s.append("@user").append(i).append(' ');
    }
    return s.toString();
  }
}
