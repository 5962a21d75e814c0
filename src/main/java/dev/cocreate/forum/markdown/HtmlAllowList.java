package dev.cocreate.forum.markdown;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.owasp.html.Handler;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.HtmlSanitizer;
import org.owasp.html.HtmlStreamEventReceiver;
import org.owasp.html.HtmlStreamRenderer;
import org.owasp.html.PolicyFactory;

/**
 * The elements and attributes a rendered body may contain, enforced by OWASP's sanitizer on the
 * renderer's output. The renderer should already produce nothing else; this is the second lock on
 * the door, and it is also where links are counted, so the count is of what the reader gets.
 */
final class HtmlAllowList {

  record Sanitized(String html, int linkCount) {}

  static final String LINK_RELS = "nofollow ugc noopener";

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

  private static final PolicyFactory POLICY =
      new HtmlPolicyBuilder()
          .allowElements("p", "br", "hr", "blockquote", "pre", "code")
          .allowElements("h1", "h2", "h3", "h4", "h5", "h6")
          .allowElements("strong", "em", "del")
          .allowElements("ul", "ol", "li")
          .allowElements("table", "thead", "tbody", "tr", "th", "td")
          .allowElements("a", "img")
          .allowUrlProtocols("http", "https", "mailto")
          .allowAttributes("href", "title")
          .onElements("a")
          .allowAttributes("class")
          .matching(false, Mention.CSS_CLASS)
          .onElements("a")
          .requireRelsOnLinks(LINK_RELS.split(" "))
          .allowAttributes("src")
          .matching(HtmlAllowList::isImageUrl)
          .onElements("img")
          .allowAttributes("alt", "title")
          .onElements("img")
          .allowAttributes("loading")
          .matching(false, "lazy")
          .onElements("img")
          .allowAttributes("start")
          .matching(DIGITS)
          .onElements("ol")
          .allowAttributes("align")
          .matching(false, "left", "center", "right")
          .onElements("th", "td")
          .toFactory();

  Sanitized sanitize(String html) {
    StringBuilder out = new StringBuilder(html.length() + html.length() / 4);
    LinkCounter counter = new LinkCounter(HtmlStreamRenderer.create(out, Handler.DO_NOTHING));
    HtmlSanitizer.sanitize(html, POLICY.apply(counter));
    return new Sanitized(out.toString(), counter.links);
  }

  private static boolean isImageUrl(String url) {
    return UrlPolicy.isOwnImage(url);
  }

  /** Counts the anchors that survive the policy, mentions excepted. */
  private static final class LinkCounter implements HtmlStreamEventReceiver {
    private final HtmlStreamEventReceiver next;
    private int links;

    LinkCounter(HtmlStreamEventReceiver next) {
      this.next = next;
    }

    @Override
    public void openTag(String elementName, List<String> attrs) {
      if ("a".equals(elementName) && isCountedLink(attrs)) {
        links++;
      }
      next.openTag(elementName, attrs);
    }

    private static boolean isCountedLink(List<String> attrs) {
      boolean href = false;
      for (int i = 0; i + 1 < attrs.size(); i += 2) {
        String name = attrs.get(i).toLowerCase(Locale.ROOT);
        if ("class".equals(name) && Mention.CSS_CLASS.equals(attrs.get(i + 1))) {
          return false;
        }
        href |= "href".equals(name);
      }
      return href;
    }

    @Override
    public void openDocument() {
      next.openDocument();
    }

    @Override
    public void closeDocument() {
      next.closeDocument();
    }

    @Override
    public void closeTag(String elementName) {
      next.closeTag(elementName);
    }

    @Override
    public void text(String text) {
      next.text(text);
    }
  }
}
