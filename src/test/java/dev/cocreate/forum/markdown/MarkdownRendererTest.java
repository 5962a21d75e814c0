package dev.cocreate.forum.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.Assertions;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MarkdownRendererTest {

  private final MarkdownRenderer renderer = new MarkdownRenderer();

  private RenderedMarkdown render(String markdown) {
    RenderedMarkdown rendered = renderer.renderStrict(markdown);
    HtmlSafety.assertSafe(rendered.html());
    return rendered;
  }

  private Element body(String markdown) {
    return Jsoup.parseBodyFragment(render(markdown).html()).body();
  }

  @Nested
  class OrdinaryMarkdown {

    @Test
    @DisplayName("paragraphs, emphasis, strong, strikethrough and line breaks render")
    void inlineFormatting() {
      Element body = body("Some *em*, **strong** and ~~gone~~ text.  \nNext line\n\n---\n\nAgain.");

      assertThat(body.select("p")).hasSize(2);
      assertThat(body.selectFirst("em").text()).isEqualTo("em");
      assertThat(body.selectFirst("strong").text()).isEqualTo("strong");
      assertThat(body.selectFirst("del").text()).isEqualTo("gone");
      assertThat(body.select("br")).hasSize(1);
      assertThat(body.select("hr")).hasSize(1);
    }

    @ParameterizedTest(name = "{0} becomes <{1}>")
    @CsvSource({"#, h3", "##, h4", "###, h5", "####, h6", "#####, h6", "######, h6"})
    @DisplayName("headings sit two levels below the page's own h1 and h2")
    void headingsAreDemoted(String marks, String tag) {
      Element body = body(marks + " Title");

      assertThat(body.child(0).tagName()).isEqualTo(tag);
      assertThat(body.child(0).text()).isEqualTo("Title");
    }

    @Test
    @DisplayName("lists keep their kind, nesting and start number")
    void lists() {
      Element body = body("- a\n- b\n  - nested\n\n3. three\n4. four");

      assertThat(body.select("body > ul > li")).hasSize(2);
      assertThat(body.select("ul ul > li").text()).isEqualTo("nested");
      assertThat(body.selectFirst("ol").attr("start")).isEqualTo("3");
      assertThat(body.select("ol > li").eachText()).containsExactly("three", "four");
    }

    @Test
    @DisplayName("code blocks keep their content exactly, escaped, and drop the language class")
    void codeBlocks() {
      String code = "if (a < b && c > d) { x = \"<b>\"; } // @alice http://x.example";
      Element body = body("```java\n" + code + "\n```\n\n    <indented> & more");

      Elements pres = body.select("pre > code");
      assertThat(pres).hasSize(2);
      assertThat(pres.get(0).wholeText()).isEqualTo(code + "\n");
      assertThat(pres.get(0).attributes().size()).isZero();
      assertThat(pres.get(1).wholeText()).isEqualTo("<indented> & more\n");
      assertThat(body.select("pre a, pre b")).isEmpty();
    }

    @Test
    @DisplayName("inline code is escaped, not interpreted")
    void inlineCode() {
      Element body = body("Use `<b>bold</b>` and `*not em*`.");

      assertThat(body.select("code").eachText()).containsExactly("<b>bold</b>", "*not em*");
      assertThat(body.select("b, em")).isEmpty();
    }

    @Test
    @DisplayName("tables render with header, body and column alignment")
    void tables() {
      Element body =
          body("| Left | Mid | Right |\n|:-----|:---:|------:|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |");

      assertThat(body.select("table > thead > tr > th").eachText())
          .containsExactly("Left", "Mid", "Right");
      assertThat(body.select("th").eachAttr("align")).containsExactly("left", "center", "right");
      assertThat(body.select("table > tbody > tr")).hasSize(2);
      assertThat(body.select("tbody td").eachText()).containsExactly("1", "2", "3", "4", "5", "6");
    }

    @Test
    @DisplayName("blockquotes nest and hold the quoted author's mention")
    void blockquotes() {
      RenderedMarkdown rendered =
          render("> @alice wrote:\n> > @bob wrote:\n> > first\n>\n> second\n\nreply");
      Element body = Jsoup.parseBodyFragment(rendered.html()).body();

      assertThat(body.select("body > blockquote")).hasSize(1);
      assertThat(body.select("blockquote blockquote").text()).isEqualTo("@bob wrote: first");
      assertThat(body.select("blockquote > p").first().text()).isEqualTo("@alice wrote:");
      assertThat(body.select("blockquote a.mention").eachText()).containsExactly("@alice", "@bob");
      assertThat(rendered.mentions()).containsExactly("alice", "bob");
    }

    @Test
    @DisplayName("raw HTML shows as text instead of taking effect")
    void rawHtmlIsEscaped() {
      Element body = body("Hello <b>world</b>\n\n<div class=\"x\">block</div>");

      assertThat(body.select("b, div")).isEmpty();
      assertThat(body.text())
          .contains("Hello <b>world</b>")
          .contains("<div class=\"x\">block</div>");
    }
  }

  @Nested
  class Links {

    @Test
    @DisplayName("every kind of link gets rel=\"nofollow ugc noopener\" and no target")
    void linksCarryRel() {
      Element body =
          body(
              "[md](https://example.com/a) <https://example.com/b> https://example.com/c"
                  + " www.example.com bob@example.com [rel](/t/42) [frag](#x)"
                  + " [mail](mailto:a@b.example)");

      Elements links = body.select("a");
      assertThat(links.eachAttr("href"))
          .containsExactly(
              "https://example.com/a",
              "https://example.com/b",
              "https://example.com/c",
              "http://www.example.com",
              "mailto:bob@example.com",
              "/t/42",
              "#x",
              "mailto:a@b.example");
      assertThat(links)
          .allSatisfy(
              a -> {
                assertThat(a.attr("rel")).isEqualTo("nofollow ugc noopener");
                assertThat(a.hasAttr("target")).isFalse();
              });
    }

    @Test
    @DisplayName("a link title is kept as an attribute")
    void linkTitle() {
      Element a = body("[x](https://example.com \"The title\")").selectFirst("a");

      assertThat(a.attr("title")).isEqualTo("The title");
    }

    @Test
    @DisplayName("a link with a forbidden scheme keeps its text but loses the link")
    void forbiddenSchemeIsUnwrapped() {
      RenderedMarkdown rendered =
          render("[click me](javascript:alert(1)) and [ftp](ftp://x.example/f)");
      Element body = Jsoup.parseBodyFragment(rendered.html()).body();

      assertThat(body.select("a")).isEmpty();
      assertThat(body.text()).isEqualTo("click me and ftp");
      assertThat(rendered.linkCount()).isZero();
    }

    @Test
    @DisplayName("URLs with spaces or non-ASCII characters are percent-encoded")
    void urlsArePercentEncoded() {
      Element a = body("[x](<https://example.com/a b?q=ä>)").selectFirst("a");

      assertThat(a.attr("href")).isEqualTo("https://example.com/a%20b?q=%C3%A4");
    }

    @Test
    @DisplayName("linkCount counts markdown links, autolinks and bare URLs but not mentions")
    void linkCount() {
      RenderedMarkdown rendered =
          render(
              "[a](https://a.example) <https://b.example> https://c.example www.d.example "
                  + "e@f.example [rel](/t/1) @alice @bob ![img](https://i.example/x.png)");

      assertThat(rendered.linkCount()).isEqualTo(6);
      assertThat(rendered.mentions()).containsExactly("alice", "bob");
    }

    @Test
    @DisplayName("linkCount is zero for text without links")
    void noLinks() {
      assertThat(render("just *words* and @carol").linkCount()).isZero();
    }
  }

  @Nested
  class Images {

    static final String OWN = "/uploads/" + "ab12".repeat(16) + ".png";

    @Test
    @DisplayName("an image uploaded here keeps src, alt and title and loads lazily")
    void images() {
      Element img = body("![A cat](" + OWN + " \"Cat\")").selectFirst("img");

      assertThat(img.attr("src")).isEqualTo(OWN);
      assertThat(img.attr("alt")).isEqualTo("A cat");
      assertThat(img.attr("title")).isEqualTo("Cat");
      assertThat(img.attr("loading")).isEqualTo("lazy");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "javascript:alert(1)",
          "data:image/png;base64,AAAA",
          "mailto:a@b.example",
          "ftp://example.com/x.png",
          "https://example.com/cat.png",
          "//tracker.example/pixel.png",
          "/uploads/abc.png",
          "/uploads/../t/1",
          "/t/1/p/2",
          "/uploads/ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12.png?x=1",
          "/uploads/ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12.svg"
        })
    @DisplayName("an image from anywhere but this site's /uploads/<sha256>.<ext> shows its alt text instead")
    void imagesFromElsewhere(String src) {
      Element body = body("![the alt](" + src + ")");

      assertThat(body.select("img")).isEmpty();
      assertThat(body.text()).isEqualTo("the alt");
    }

    @Test
    @DisplayName("a raw <img> to another host is escaped as text, never an image")
    void rawImageTagToAnotherHost() {
      assertThat(body("<img src=\"https://tracker.example/p.png\">").select("img")).isEmpty();
    }
  }

  @Nested
  class Mentions {

    @Test
    @DisplayName("a mention links to the lowercase profile and is listed once, in order")
    void mentionsAreLinkedAndListed() {
      RenderedMarkdown rendered = render("Thanks @Bob_1, @alice and @BOB_1! cc (@carol-x), @dave.");
      Elements mentions = Jsoup.parseBodyFragment(rendered.html()).select("a.mention");

      assertThat(rendered.mentions()).containsExactly("bob_1", "alice", "carol-x", "dave");
      assertThat(mentions.eachAttr("href"))
          .containsExactly("/u/bob_1", "/u/alice", "/u/bob_1", "/u/carol-x", "/u/dave");
      assertThat(mentions.eachText())
          .containsExactly("@Bob_1", "@alice", "@BOB_1", "@carol-x", "@dave");
      assertThat(mentions).allSatisfy(a -> assertThat(a.className()).isEqualTo("mention"));
    }

    @Test
    @DisplayName("an e-mail address is a mailto link, not a mention")
    void emailIsNotAMention() {
      RenderedMarkdown rendered = render("write to bob@example.com or alice@localhost");

      assertThat(rendered.mentions()).isEmpty();
      assertThat(Jsoup.parseBodyFragment(rendered.html()).select("a.mention")).isEmpty();
    }

    @Test
    @DisplayName("a mention in code, a link's text or a URL is left alone")
    void mentionsInCodeAndLinksAreIgnored() {
      RenderedMarkdown rendered =
          render(
              "`@inline` and\n\n"
                  + "```\n"
                  + "@fenced\n"
                  + "```\n\n"
                  + "    @indented\n\n"
                  + "[@linktext](https://example.com) https://example.com/@inurl"
                  + " <https://example.com/@angle> ![@alt](https://example.com/i.png)");

      assertThat(rendered.mentions()).isEmpty();
      assertThat(Jsoup.parseBodyFragment(rendered.html()).select("a.mention")).isEmpty();
    }

    @Test
    @DisplayName("names that are too short, too long or glued to other text are not mentions")
    void nonMentions() {
      String tooLong = "a".repeat(33);
      RenderedMarkdown rendered =
          render("@ab x@yz_abc @" + tooLong + " foo@bar @example.com @@alice a/@bob");

      assertThat(rendered.mentions()).isEmpty();
    }

    @Test
    @DisplayName("mentions work inside emphasis, headings, lists and tables")
    void mentionsInContainers() {
      RenderedMarkdown rendered =
          render("# Hi @one\n\n**@two** _@three_\n\n- @four\n\n| who |\n|-----|\n| @five |");

      assertThat(rendered.mentions()).containsExactly("one", "two", "three", "four", "five");
    }

    @Test
    @DisplayName("underscores in a name do not turn into emphasis")
    void underscoresInNames() {
      RenderedMarkdown rendered = render("@snake_case_name and @trailing_");

      assertThat(rendered.mentions()).containsExactly("snake_case_name", "trailing_");
    }

    @Test
    @DisplayName("a mention link is not counted as a link")
    void mentionNotCounted() {
      assertThat(render("@alice @bob").linkCount()).isZero();
    }
  }

  @Nested
  class Contract {

    @ParameterizedTest
    @NullAndEmptySource
    @DisplayName("null and empty source render as nothing")
    void nullAndEmpty(String source) {
      RenderedMarkdown rendered = renderer.render(source);

      assertThat(rendered.html()).isEmpty();
      assertThat(rendered.mentions()).isEmpty();
      assertThat(rendered.linkCount()).isZero();
    }

    @Test
    @DisplayName("the fallback for a failed rendering shows the source as harmless text")
    void fallbackIsEscapedText() {
      String source = "<script>alert('x')</script> & \"<img src=x onerror=alert(1)>\u0000";
      String html = MarkdownRenderer.plainText(source);

      HtmlSafety.assertSafe(html);
      assertThat(Jsoup.parseBodyFragment(html).body().text())
          .isEqualTo(source.replace('\u0000', '\uFFFD'));
    }

    @Test
    @DisplayName("the mentions list cannot be changed by a caller")
    void mentionsAreImmutable() {
      List<String> mentions = render("@alice").mentions();

      Assertions.assertThatThrownBy(() -> mentions.add("mallory"))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("the same source always renders to the same result, whichever instance renders it")
    void deterministic() {
      String source =
          "# T\n\n@alice [x](https://x.example) | a |\n|---|\n| b |\n\n![i](https://i.example)";

      RenderedMarkdown first = renderer.render(source);
      assertThat(renderer.render(source)).isEqualTo(first);
      assertThat(new MarkdownRenderer().render(source)).isEqualTo(first);
    }

    @Test
    @DisplayName("one renderer shared by many threads gives each the same result as alone")
    void threadSafe() throws Exception {
      List<String> sources = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        sources.add(
            "## Post "
                + i
                + "\n\n@user"
                + i
                + " see [link](https://x.example/"
                + i
                + ") and `code "
                + i
                + "`\n\n> quote *"
                + i
                + "*\n\n| a | b |\n|---|---|\n| "
                + i
                + " | x |");
      }
      List<RenderedMarkdown> expected = sources.stream().map(renderer::render).toList();

      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Boolean>> jobs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          jobs.add(
              () -> {
                for (int round = 0; round < 20; round++) {
                  for (int i = 0; i < sources.size(); i++) {
                    if (!renderer.render(sources.get(i)).equals(expected.get(i))) {
                      return false;
                    }
                  }
                }
                return true;
              });
        }
        for (Future<Boolean> result : pool.invokeAll(jobs)) {
          assertThat(result.get()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
