package dev.cocreate.forum.markdown;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;

/**
 * Replaces {@code @username} in text nodes with {@link Mention} links.
 *
 * <p>Working on the syntax tree keeps code spans, code blocks and raw HTML out for free (their
 * content is not a {@link Text} node); links and images are skipped explicitly, and the autolink
 * pass has already turned bare URLs and e-mail addresses into links. The look-behind still refuses
 * a name glued to a word ({@code bob@example}) or to URL-ish punctuation, and the look-aheads
 * refuse a name that runs on ({@code @a...33 chars}) or reads like a domain ({@code @example.com}).
 */
final class MentionLinker extends AbstractVisitor {

  private static final Pattern MENTION =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}_.+@/=&%#$\\\\`~-])@([A-Za-z0-9_-]{3,32})"
              + "(?![A-Za-z0-9_@-])(?!\\.[A-Za-z0-9])");

  private final Set<String> usernames = new LinkedHashSet<>();

  private MentionLinker() {}

  /** Links the mentions in {@code document}; returns their usernames, first seen first. */
  static List<String> link(Node document) {
    MentionLinker linker = new MentionLinker();
    document.accept(linker);
    return new ArrayList<>(linker.usernames);
  }

  @Override
  public void visit(Link link) {
    // Text inside a link is the link's; a mention there would nest links.
  }

  @Override
  public void visit(Image image) {
    // Alt text is rendered as an attribute, where a link means nothing.
  }

  @Override
  public void visit(Text text) {
    String literal = text.getLiteral();
    if (literal.indexOf('@') < 0) {
      return;
    }
    Matcher m = MENTION.matcher(literal);
    int last = 0;
    Node cursor = text;
    while (m.find()) {
      if (m.start() > last) {
        cursor = insertAfter(cursor, new Text(literal.substring(last, m.start())));
      }
      Mention mention = new Mention(m.group(1));
      usernames.add(mention.username());
      cursor = insertAfter(cursor, mention);
      last = m.end();
    }
    if (cursor == text) {
      return;
    }
    if (last < literal.length()) {
      insertAfter(cursor, new Text(literal.substring(last)));
    }
    text.unlink();
  }

  private static Node insertAfter(Node anchor, Node node) {
    anchor.insertAfter(node);
    return node;
  }
}
