package dev.cocreate.forum.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known ways to smuggle script into rendered Markdown. Each vector must come out safe from the
 * whole renderer, and also from each of its two layers alone (escaping + URL policy on the syntax
 * tree, and the HTML allow-list), so that neither quietly depends on the other.
 */
public class XssCorpusTest {

  private static final MarkdownRenderer RENDERER = new MarkdownRenderer();
  private static final HtmlAllowList ALLOW_LIST = new HtmlAllowList();

  public static List<Named<String>> vectors() {
    return List.of(
        // script tags
        named("plain script", "<script>alert(1)</script>"),
        named("script with src", "<SCRIPT SRC=http://evil.example/xss.js></SCRIPT>"),
        named("script split by script", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
        named("mixed-case script", "<ScRiPt>alert(1)</sCrIpT>"),
        named("script with slash attr", "<script/xss src=\"http://evil.example/x.js\"></script>"),
        named("double open bracket", "<<script>alert(1);//<</script>"),
        named("script mid-paragraph", "hello <script>alert(1)</script> world"),
        named("script in html block", "<div>\n<script>alert(1)</script>\n</div>"),
        named("script after closing p", "</p><script>alert(1)</script><p>"),
        // event handlers
        named("img onerror", "<img src=x onerror=alert(1)>"),
        named("img onerror quoted self-closing", "<img src=\"x\" onerror=\"alert(1)\" />"),
        named("IMG onmouseover", "<IMG SRC=# onmouseover=\"alert('xss')\">"),
        named("svg onload", "<svg onload=alert(1)>"),
        named("svg slash onload", "<svg/onload=alert(1)>"),
        named("body onload", "<body onload=alert(1)>"),
        named("div onmouseover", "<div onmouseover=\"alert(1)\">hover</div>"),
        named("a onclick", "<a href=\"http://x.example\" onclick=\"alert(1)\">x</a>"),
        named("details ontoggle", "<details open ontoggle=alert(1)>"),
        named("video source onerror", "<video><source onerror=alert(1)></video>"),
        named("unclosed img onerror", "<img src=x onerror=alert(1)//"),
        named("html attribute hoist", "<html onmouseover=alert(1)>"),
        // scriptable URLs in markdown links
        named("javascript link", "[x](javascript:alert(1))"),
        named("mixed-case javascript link", "[x](JaVaScRiPt:alert(1))"),
        named("vbscript link", "[x](vbscript:msgbox(1))"),
        named(
            "data text/html link",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
        named("decimal entity scheme", "[x](&#106;avascript:alert(1))"),
        named("hex entity scheme", "[x](&#x6A;avascript:alert(1))"),
        named("entity tab in scheme", "[x](jav&#x09;ascript:alert(1))"),
        named("entity newline in scheme", "[x](jav&#x0A;ascript:alert(1))"),
        named("named entity colon", "[x](javascript&colon;alert(1))"),
        named("space in angle destination", "[x](<java script:alert(1)>)"),
        named("tab in angle destination", "[x](<jav\tascript:alert(1)>)"),
        named("leading whitespace", "[x](   javascript:alert(1))"),
        named("leading control char", "[x](<\u0001javascript:alert(1)>)"),
        named("entity control char", "[x](&#1;javascript:alert(1))"),
        named("javascript with title", "[x](javascript:alert(1) \"title\")"),
        named("javascript with comment newline", "[x](javascript://%0Aalert(1))"),
        named("file scheme", "[x](file:///etc/passwd)"),
        named("zero-width space in scheme", "[x](ja\u200Bvascript:alert(1))"),
        named("right-to-left override", "[x](<\u202Ejavascript:alert(1)>)"),
        named("fullwidth scheme", "[x](ｊａｖａｓｃｒｉｐｔ:alert(1))"),
        // reference-style links
        named("reference javascript", "[x][r]\n\n[r]: javascript:alert(1)"),
        named("collapsed reference in angles", "[r][]\n\n[r]: <javascript:alert(1)>"),
        named("shortcut reference data", "[r]\n\n[r]: data:text/html,alert(1)"),
        named("reference with entity scheme", "[x][r]\n\n[r]: &#x6A;avascript:alert(1) \"t\""),
        // images
        named("javascript image", "![x](javascript:alert(1))"),
        named("svg data image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
        named("mailto image", "![x](mailto:a@b.example)"),
        named("alt breakout", "![x\"onerror=\"alert(1)](http://x.example/a.png)"),
        named(
            "image title breakout", "![x](http://x.example/a.png \"a\\\" onerror=\\\"alert(1)\")"),
        named("linked javascript image", "[![img](javascript:alert(1))](javascript:alert(2))"),
        named("reference image javascript", "![x][i]\n\n[i]: javascript:alert(1)"),
        // autolinks
        named("javascript autolink", "<javascript:alert(1)>"),
        named("uppercase autolink", "<JAVASCRIPT:alert(1)>"),
        named("vbscript autolink", "<vbscript:msgbox(1)>"),
        named("data autolink", "<data:text/html,<script>alert(1)</script>>"),
        named("bare javascript text", "click javascript:alert(1) now"),
        named("bare javascript double slash", "javascript://example.com/%0aalert(1)"),
        named("www autolink quote breakout", "www.example.com/\"onmouseover=\"alert(1)"),
        named("url autolink tag breakout", "http://example.com/\"><script>alert(1)</script>"),
        named("email autolink breakout", "<a@b.example?subject=x\"onclick=alert(1)>"),
        // raw anchors
        named("raw javascript anchor", "<a href=\"javascript:alert(1)\">x</a>"),
        named("raw entity anchor", "<a href=\"&#x6A;avascript:alert(1)\">x</a>"),
        named("raw tab-entity anchor", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>"),
        named("raw leading space anchor", "<a href=\" javascript:alert(1)\">x</a>"),
        named("raw unclosed anchor", "<a href=\"javascript:alert(1)\" "),
        named("fake mention anchor", "<a href=\"/u/x\" class=\"mention\" onclick=alert(1)>@x</a>"),
        // embedding and active elements
        named("iframe javascript", "<iframe src=\"javascript:alert(1)\"></iframe>"),
        named("iframe srcdoc", "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>"),
        named("object data", "<object data=\"javascript:alert(1)\"></object>"),
        named("embed src", "<embed src=\"javascript:alert(1)\">"),
        named("style element", "<style>body{background:url(javascript:alert(1))}</style>"),
        named("style attribute", "<p style=\"background:url(javascript:alert(1))\">x</p>"),
        named("form action", "<form action=\"javascript:alert(1)\"><input type=submit></form>"),
        named("button formaction", "<button formaction=\"javascript:alert(1)\">x</button>"),
        named("input autofocus", "<input onfocus=alert(1) autofocus>"),
        named(
            "meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">"),
        named("base href", "<base href=\"javascript:alert(1)//\">"),
        named("link stylesheet", "<link rel=stylesheet href=\"javascript:alert(1)\">"),
        named("svg script", "<svg><script>alert(1)</script></svg>"),
        named("svg xlink", "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>"),
        named("mathml anchor", "<math><a href=\"javascript:alert(1)\">x</a></math>"),
        named("mathml href", "<math href=\"javascript:alert(1)\">x</math>"),
        // comments, CDATA, broken markup
        named("comment closes early", "<!-- --><script>alert(1)</script> -->"),
        named("comment in attribute", "<!--<img src=\"--><img src=x onerror=alert(1)//\">"),
        named("cdata", "<![CDATA[<script>alert(1)</script>]]>"),
        named("processing instruction", "<?php echo 1 ?><script>alert(1)</script>"),
        named("unterminated everything", "<div <img <a href=javascript:alert(1) <script"),
        // inside containers
        named("table cell img", "| a |\n|---|\n| <img src=x onerror=alert(1)> |"),
        named("table cell link", "| a |\n|---|\n| [x](javascript:alert(1)) |"),
        named("list item img", "- <img src=x onerror=alert(1)>\n- [x](javascript:alert(1))"),
        named("blockquote img", "> <img src=x onerror=alert(1)>\n> > [x](javascript:alert(1))"),
        named("heading script", "# <script>alert(1)</script>"),
        named("emphasis wrapping link", "**[x](javascript:alert(1))**"),
        // link title breakout
        named(
            "double-quoted title breakout",
            "[a](http://x.example \"\\\" onmouseover=alert(1) x=\\\"\")"),
        named("single-quoted title breakout", "[a](http://x.example 'x\\' onmouseover=alert(1)')"),
        named("parenthesised title breakout", "[a](http://x.example (\" onmouseover=alert(1)))"),
        // code tricks
        named("script in code span", "`<script>alert(1)</script>`"),
        named("script in fenced code", "```\n<script>alert(1)</script>\n```"),
        named("fence info injection", "```\"><script>alert(1)</script>\nx\n```"),
        named("fence info with handler", "``` onload=alert(1)\nx\n```"),
        named("script in indented code", "    <script>alert(1)</script>"),
        named("backticks around img", "`` ` ``<img src=x onerror=alert(1)>`` ` ``"),
        // unicode tricks
        named("fullwidth angle brackets", "＜script＞alert(1)＜/script＞"),
        named("percent-encoded colon", "[x](javascript%3Aalert(1))"),
        named("null byte in tag", "<scr\u0000ipt>alert(1)</script>"),
        named("protocol-relative with script", "[x](//evil.example/%0a<script>)"),
        // markdown nested inside HTML
        named("markdown link in div", "<div>\n\n[x](javascript:alert(1))\n\n</div>"),
        named(
            "markdown link in raw anchor",
            "<a href=\"http://x.example\">[y](javascript:alert(1))</a>"),
        named("markdown in img src", "<img src=\"[x](javascript:alert(1))\">"),
        named("mention attribute breakout", "@alice\" onmouseover=\"alert(1)"),
        named("mention inside raw anchor", "<a href=\"javascript:alert(1)\">@alice</a>"));
  }

  @Test
  @DisplayName("the corpus covers at least sixty vectors")
  void corpusIsLargeEnough() {
    assertThat(vectors()).hasSizeGreaterThanOrEqualTo(60);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  @DisplayName("rendered output is safe")
  void renderedOutputIsSafe(String vector) {
    RenderedMarkdown rendered = RENDERER.renderStrict(vector);

    HtmlSafety.assertSafe(rendered.html());
    assertThat(RENDERER.render(vector)).isEqualTo(rendered);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  @DisplayName("escaping and the URL policy alone already make it safe")
  void markdownLayerAloneIsSafe(String vector) {
    HtmlSafety.assertSafe(RENDERER.draft(vector).html());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  @DisplayName("the HTML allow-list alone makes the vector safe even if it were raw HTML")
  void allowListAloneIsSafe(String vector) {
    HtmlSafety.assertSafe(ALLOW_LIST.sanitize(vector).html());
  }
}
