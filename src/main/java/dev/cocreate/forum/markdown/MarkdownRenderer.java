package dev.cocreate.forum.markdown;

import java.util.List;
import java.util.Map;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the CommonMark (+ GFM tables, strikethrough, autolinks) body of a post, idea or challenge
 * brief into HTML that is safe to embed in a page.
 *
 * <p>Safety is layered: raw HTML in the source is escaped, never passed through; links and images
 * with a scheme outside the allow-list are unwrapped on the syntax tree; and the rendered HTML
 * still goes through an OWASP allow-list policy ({@link HtmlAllowList}) in case any of that misses
 * something.
 *
 * <p>Headings are demoted by two levels ({@code #} renders as {@code h3}, clamped at {@code h6})
 * because a body always sits below the page's own {@code h1} and {@code h2}.
 *
 * <p>Immutable and thread-safe: build one and share it.
 */
public final class MarkdownRenderer {

  private static final Logger LOG = LoggerFactory.getLogger(MarkdownRenderer.class);
  private static final int HEADING_SHIFT = 2;
  private static final int MAX_BLOCK_NESTING = 32;
  private static final int MAX_INLINE_NESTING = 32;

  private final Parser parser;
  private final HtmlRenderer htmlRenderer;
  private final HtmlAllowList allowList = new HtmlAllowList();

  public MarkdownRenderer() {
    List<Extension> extensions =
        List.of(
            TablesExtension.create(), StrikethroughExtension.create(), AutolinkExtension.create());
    this.parser =
        Parser.builder()
            .extensions(extensions)
            // Deeper nesting is parsed as text. Real quoting and emphasis never come close,
            // and it keeps every recursive tree walk (ours, the renderer's) and the
            // sanitizer's tag stack shallow whatever the input.
            .maxOpenBlockParsers(MAX_BLOCK_NESTING)
            .maxInlineNesting(MAX_INLINE_NESTING)
            .build();
    this.htmlRenderer =
        HtmlRenderer.builder()
            .extensions(extensions)
            .escapeHtml(true)
            .percentEncodeUrls(true)
            .nodeRendererFactory(Mention.HtmlRenderer::new)
            .attributeProviderFactory(context -> MarkdownRenderer::addAttributes)
            .build();
  }

  /** Renders {@code markdownSource}; never throws, and renders {@code null} as empty. */
  public RenderedMarkdown render(String markdownSource) {
    if (markdownSource == null || markdownSource.isEmpty()) {
      return RenderedMarkdown.EMPTY;
    }
    try {
      return renderStrict(markdownSource);
    } catch (RuntimeException | StackOverflowError e) {
      // Last resort, not an expected path: show the source as escaped text rather than
      // failing the request that wanted to display it.
      LOG.warn("Markdown rendering failed, falling back to plain text: {}", e.toString());
      return new RenderedMarkdown(plainText(markdownSource), List.of(), 0);
    }
  }

  /** {@link #render} without the safety net, so that tests see any failure. */
  RenderedMarkdown renderStrict(String markdownSource) {
    Draft draft = draft(markdownSource);
    HtmlAllowList.Sanitized sanitized = allowList.sanitize(draft.html());
    return new RenderedMarkdown(sanitized.html(), draft.mentions(), sanitized.linkCount());
  }

  /** The HTML before the allow-list, so that tests can hold the first layer on its own. */
  Draft draft(String markdownSource) {
    Node document = parser.parse(markdownSource);
    List<String> mentions = MentionLinker.link(document);
    UrlPolicy.unwrapDisallowed(document);
    HeadingDemotion.shift(document, HEADING_SHIFT);
    return new Draft(htmlRenderer.render(document), mentions);
  }

  record Draft(String html, List<String> mentions) {}

  private static void addAttributes(Node node, String tagName, Map<String, String> attributes) {
    if (node instanceof Link || node instanceof Mention) {
      attributes.put("rel", HtmlAllowList.LINK_RELS);
    } else if (node instanceof Image) {
      attributes.put("loading", "lazy");
    } else if ("code".equals(tagName)) {
      // The allow-list drops classes anyway; not emitting language-* keeps output clean.
      attributes.remove("class");
    }
  }

  /** The fallback: the source as escaped text in one paragraph. */
  static String plainText(String source) {
    StringBuilder out = new StringBuilder(source.length() + 16).append("<p>");
    source
        .codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                case 0 -> out.append('\uFFFD');
                default -> out.appendCodePoint(cp);
              }
            });
    return out.append("</p>").toString();
  }
}
