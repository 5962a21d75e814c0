package dev.cocreate.forum.markdown;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * {@code @username} in the text, rendered as a link to the member's profile.
 *
 * <p>A node of its own rather than a {@link Link}, so that no pass that deals
 * with user links (URL policy, link count) can mistake one for the other.
 */
final class Mention extends CustomNode {

  static final String CSS_CLASS = "mention";
  static final String PROFILE_PATH = "/u/";

  private final String written;
  private final String username;

  /** {@code written} is the name as the author typed it, without the {@code @}. */
  Mention(String written) {
    this.written = written;
    this.username = written.toLowerCase(Locale.ROOT);
  }

  String username() {
    return username;
  }

  /** Renders {@code <a class="mention" href="/u/name">@Name</a>}, keeping the author's case. */
  static final class HtmlRenderer implements NodeRenderer {
    private final HtmlNodeRendererContext context;

    HtmlRenderer(HtmlNodeRendererContext context) {
      this.context = context;
    }

    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
      return Set.of(Mention.class);
    }

    @Override
    public void render(Node node) {
      Mention mention = (Mention) node;
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("href", PROFILE_PATH + mention.username);
      attrs.put("class", CSS_CLASS);
      HtmlWriter html = context.getWriter();
      html.tag("a", context.extendAttributes(node, "a", attrs));
      html.text("@" + mention.written);
      html.tag("/a");
    }
  }
}
