package dev.cocreate.forum.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.NodeTraversor;

/**
 * Checks that HTML meant to hold a rendered Markdown body is safe, the way a browser would see it:
 * the HTML is parsed (entities resolved, broken markup repaired) and then every element, attribute
 * and URL is held against the allow-list of the "Markdown bodies" contract.
 *
 * <p>Meant for any test that shows user content: call {@link #assertSafe(String)} with the HTML of
 * each post body (not a whole page, whose own markup is not held to this list).
 */
public final class HtmlSafety {

  private static final Set<String> ELEMENTS =
      Set.of(
          ("p br hr blockquote pre code h1 h2 h3 h4 h5 h6 strong em del ul ol li"
                  + " table thead tbody tr th td a img")
              .split(" "));

  /** The elements a parser adds around any HTML; a body must leave them bare. */
  private static final Set<String> DOCUMENT_WRAPPER = Set.of("html", "head", "body");

  private static final Map<String, Set<String>> ATTRIBUTES =
      Map.of(
          "a", Set.of("href", "title", "rel", "class"),
          "img", Set.of("src", "alt", "title", "loading"),
          "ol", Set.of("start"),
          "th", Set.of("align"),
          "td", Set.of("align"));

  private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");
  private static final Set<String> IMAGE_SCHEMES = Set.of("http", "https");
  private static final List<String> SCRIPTABLE_SCHEMES =
      List.of("javascript:", "vbscript:", "data:");
  private static final Set<String> REQUIRED_RELS = Set.of("nofollow", "ugc", "noopener");

  private HtmlSafety() {}

  /**
   * Throws an {@link AssertionError} listing every problem found in {@code html}, a rendered body;
   * returns quietly when there is none.
   */
  public static void assertSafe(String html) {
    List<String> problems = problems(html);
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "unsafe HTML (" + String.join("; ", problems) + ")\n--- html ---\n" + html);
    }
  }

  /** The problems {@link #assertSafe(String)} would report; empty when the HTML is safe. */
  public static List<String> problems(String html) {
    List<String> problems = new ArrayList<>();
    if (html == null) {
      return problems;
    }
    // Parsed as a whole document, not as a fragment: a fragment parse drops a stray <body
    // onload> or <html onclick>, but a browser meeting them inside a page merges those
    // attributes into the page's own elements.
    Document doc = Jsoup.parse(html);
    NodeTraversor.traverse(
        (node, depth) -> {
          if (node instanceof Comment) {
            problems.add("comment <!--" + abbreviate(((Comment) node).getData()) + "-->");
          } else if (node instanceof DataNode) {
            problems.add(
                "script or style data '" + abbreviate(((DataNode) node).getWholeData()) + "'");
          } else if (node instanceof Element) {
            checkElement((Element) node, problems);
          }
        },
        doc);
    if (doc.head().childNodeSize() > 0) {
      problems.add("content hoisted into <head>: " + abbreviate(doc.head().html()));
    }
    return problems;
  }

  private static void checkElement(Element element, List<String> problems) {
    String tag = element.normalName();
    if (element instanceof Document) {
      return;
    }
    if (DOCUMENT_WRAPPER.contains(tag)) {
      if (element.attributesSize() > 0) {
        problems.add("attributes on <" + tag + ">: " + element.attributes().html().trim());
      }
      return;
    }
    if (!ELEMENTS.contains(tag)) {
      problems.add("element <" + tag + "> is not allowed");
    }
    Set<String> allowed = ATTRIBUTES.getOrDefault(tag, Set.of());
    for (Attribute attribute : element.attributes()) {
      String name = attribute.getKey().toLowerCase(Locale.ROOT);
      String value = attribute.getValue();
      if (name.startsWith("on")) {
        problems.add("event handler " + name + "=\"" + abbreviate(value) + "\" on <" + tag + ">");
      } else if (name.equals("style")) {
        problems.add("style attribute on <" + tag + ">");
      } else if (!allowed.contains(name)) {
        problems.add("attribute " + name + " on <" + tag + "> is not allowed");
      } else if (name.equals("class") && !value.equals("mention")) {
        problems.add("class=\"" + abbreviate(value) + "\" on <" + tag + "> (only \"mention\")");
      } else if (name.equals("href")) {
        checkUrl(tag, name, value, LINK_SCHEMES, problems);
      } else if (name.equals("src")) {
        checkUrl(tag, name, value, IMAGE_SCHEMES, problems);
      }
    }
    if (tag.equals("a") && element.hasAttr("href")) {
      Set<String> rels = Set.of(element.attr("rel").toLowerCase(Locale.ROOT).split("\\s+"));
      if (!rels.containsAll(REQUIRED_RELS)) {
        problems.add("link to " + element.attr("href") + " lacks rel=\"nofollow ugc noopener\"");
      }
    }
  }

  private static void checkUrl(
      String tag, String attribute, String url, Set<String> schemes, List<String> problems) {
    String normalized = normalize(url);
    for (String scriptable : SCRIPTABLE_SCHEMES) {
      if (normalized.startsWith(scriptable)) {
        problems.add(
            tag + " " + attribute + "=\"" + abbreviate(url) + "\" is a " + scriptable + " URL");
        return;
      }
    }
    String scheme = scheme(normalized);
    if (scheme != null && !schemes.contains(scheme)) {
      problems.add(
          tag
              + " "
              + attribute
              + "=\""
              + abbreviate(url)
              + "\" has scheme "
              + scheme
              + ", allowed: "
              + schemes
              + " or relative");
    }
  }

  /** What a browser would read the scheme from: no whitespace or control characters, lowercase. */
  private static String normalize(String url) {
    StringBuilder out = new StringBuilder(url.length());
    url.codePoints()
        .filter(
            cp ->
                cp > ' '
                    && !Character.isISOControl(cp)
                    && !Character.isWhitespace(cp)
                    && Character.getType(cp) != Character.FORMAT)
        .forEach(out::appendCodePoint);
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /** The scheme of an absolute URL, or null for a relative one. */
  private static String scheme(String normalized) {
    for (int i = 0; i < normalized.length(); i++) {
      char c = normalized.charAt(i);
      if (c == ':') {
        return normalized.substring(0, i);
      }
      if (c == '/' || c == '?' || c == '#') {
        return null;
      }
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
