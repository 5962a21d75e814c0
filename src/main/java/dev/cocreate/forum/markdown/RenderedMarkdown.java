package dev.cocreate.forum.markdown;

import java.util.List;

/**
 * A Markdown body rendered for display.
 *
 * @param html sanitized HTML, safe to embed in a page as is
 * @param mentions distinct lowercase usernames mentioned as {@code @name}, in order of first
 *     appearance; none from code, link text, URLs or e-mail addresses
 * @param linkCount links in {@code html}, mention links excluded; trust levels cap it
 */
public record RenderedMarkdown(String html, List<String> mentions, int linkCount) {

  public RenderedMarkdown {
    html = html == null ? "" : html;
    mentions = mentions == null ? List.of() : List.copyOf(mentions);
  }

  static final RenderedMarkdown EMPTY = new RenderedMarkdown("", List.of(), 0);
}
