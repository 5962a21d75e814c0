package dev.cocreate.forum.markdown;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The checker the XSS tests rely on must itself catch what it claims to catch. */
class HtmlSafetyTest {

  @Test
  @DisplayName("accepts everything a rendered body may contain")
  void acceptsTheAllowList() {
    String html =
        """
        <h3>t</h3><p><strong>a</strong> <em>b</em> <del>c</del> <code>d</code><br></p><hr>
        <pre><code>x &lt; y</code></pre><blockquote><p>q</p></blockquote>
        <ul><li>u</li></ul><ol start="3"><li>o</li></ol>
        <table><thead><tr><th align="left">h</th></tr></thead><tbody><tr><td align="right">c</td></tr></tbody></table>
        <p><a href="https://x.example/a?b=javascript:c" rel="nofollow ugc noopener" title="t">l</a>
        <a href="/t/42" rel="nofollow ugc noopener">r</a> <a href="#x" rel="nofollow ugc noopener">f</a>
        <a href="mailto:a@b.example" rel="nofollow ugc noopener">m</a>
        <a href="/u/alice" class="mention" rel="nofollow ugc noopener">@alice</a>
        <img src="https://x.example/i.png" alt="i" title="t" loading="lazy"></p>
        """;
    assertThatCode(() -> HtmlSafety.assertSafe(html)).doesNotThrowAnyException();
  }

  static Stream<Arguments> unsafe() {
    return Stream.of(
        Arguments.of("<script>alert(1)</script>", "element <script>"),
        Arguments.of("<p onclick=\"alert(1)\">x</p>", "event handler onclick"),
        Arguments.of("<img src=\"https://x/i.png\" onerror=\"alert(1)\">", "event handler onerror"),
        Arguments.of("<p style=\"color:red\">x</p>", "style attribute"),
        Arguments.of(
            "<a href=\"javascript:alert(1)\" rel=\"nofollow ugc noopener\">x</a>",
            "javascript: URL"),
        Arguments.of(
            "<a href=\"jav&#x09;ascript:alert(1)\" rel=\"nofollow ugc noopener\">x</a>",
            "javascript: URL"),
        Arguments.of(
            "<a href=\"&#x6A;avascript:alert(1)\" rel=\"nofollow ugc noopener\">x</a>",
            "javascript: URL"),
        Arguments.of(
            "<a href=\" \u0001JaVaScRiPt:alert(1)\" rel=\"nofollow ugc noopener\">x</a>",
            "javascript: URL"),
        Arguments.of("<img src=\"data:image/png;base64,AAAA\">", "data: URL"),
        Arguments.of("<img src=\"mailto:a@b.example\">", "has scheme mailto"),
        Arguments.of("<a href=\"ftp://x/\" rel=\"nofollow ugc noopener\">x</a>", "has scheme ftp"),
        Arguments.of("<a href=\"https://x/\">x</a>", "lacks rel"),
        Arguments.of(
            "<a href=\"/u/x\" class=\"evil\" rel=\"nofollow ugc noopener\">x</a>",
            "class=\"evil\""),
        Arguments.of("<code class=\"language-js\">x</code>", "attribute class on <code>"),
        Arguments.of("<iframe src=\"https://x/\"></iframe>", "element <iframe>"),
        Arguments.of("<svg><a href=\"https://x\">x</a></svg>", "element <svg>"),
        Arguments.of("<body onload=alert(1)>", "attributes on <body>"),
        Arguments.of("<meta http-equiv=refresh content=0>", "element <meta>"),
        Arguments.of("<p>x<!-- y --></p>", "comment"),
        Arguments.of("<span>x</span>", "element <span>"));
  }

  @ParameterizedTest(name = "{0} is refused for {1}")
  @MethodSource("unsafe")
  @DisplayName("refuses unsafe HTML and says why")
  void refusesUnsafeHtml(String html, String reason) {
    assertThatThrownBy(() -> HtmlSafety.assertSafe(html))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(reason);
  }
}
