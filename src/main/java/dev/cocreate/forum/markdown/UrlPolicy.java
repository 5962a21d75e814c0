package dev.cocreate.forum.markdown;

import dev.cocreate.upload.UploadPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;

/**
 * Which URLs a body may link to or show, and the tree pass that enforces it: a link with any other
 * scheme keeps its text but loses the link; an image from anywhere but this site's uploads keeps
 * only its alt text.
 *
 * <p>commonmark has already decoded entities and backslash escapes in destinations, so {@code
 * &#106;avascript:} arrives here as {@code javascript:}. Browsers also ignore ASCII whitespace and
 * control characters inside a scheme, so those are dropped before the scheme is read.
 */
final class UrlPolicy extends AbstractVisitor {

  static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");

  private UrlPolicy() {}

  static void unwrapDisallowed(Node document) {
    document.accept(new UrlPolicy());
  }

  @Override
  public void visit(Link link) {
    visitChildren(link);
    if (!isAllowed(link.getDestination(), LINK_SCHEMES)) {
      unwrap(link);
    }
  }

  /**
   * Images come from this site's uploads only: an image from elsewhere would tell its host who
   * reads the post, and when (a tracking pixel), and could change after a moderator looked at it.
   */
  @Override
  public void visit(Image image) {
    visitChildren(image);
    if (!isOwnImage(image.getDestination())) {
      unwrap(image);
    }
  }

  /** True for the path of an image uploaded here, {@code /uploads/<sha256>.<ext>}, and nothing else. */
  static boolean isOwnImage(String url) {
    return UploadPaths.isOwn(url);
  }

  /**
   * True for a relative URL ({@code /t/42}, {@code #x}, {@code page?a=b:c}) or one whose scheme is
   * in {@code schemes}.
   */
  static boolean isAllowed(String url, Set<String> schemes) {
    if (url == null) {
      return true;
    }
    String s = withoutIgnorableChars(url).toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    if (colon < 0) {
      return true;
    }
    for (int i = 0; i < colon; i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return true; // the colon is in the path, query or fragment of a relative URL
      }
    }
    return schemes.contains(s.substring(0, colon));
  }

  private static String withoutIgnorableChars(String url) {
    StringBuilder out = new StringBuilder(url.length());
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c > ' '
          && !Character.isISOControl(c)
          && !Character.isWhitespace(c)
          && Character.getType(c) != Character.FORMAT) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void unwrap(Node node) {
    List<Node> children = new ArrayList<>();
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      children.add(child);
    }
    for (Node child : children) {
      node.insertBefore(child);
    }
    node.unlink();
  }
}
