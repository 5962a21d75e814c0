package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every word a template shows comes from the message bundles: a text node outside {{...}} with a
 * letter in it, or a user-visible attribute (title, placeholder, aria-label, alt, a submit input's
 * value) with a letter in it, is English that French pages would show untranslated.
 */
@DisplayName("Templates carry no user-facing text of their own")
class TemplateTextTest {
  static final Path TEMPLATES = Path.of("src/main/resources/templates");
  /** Where the text of an expression stood; it is neither a letter nor markup. */
  static final char EXPRESSION = '\u0001';
  static final Pattern COMMENT = Pattern.compile("\\{\\{!--.*?--}}|\\{\\{![^}]*}}|<!--.*?-->", Pattern.DOTALL);
  static final Pattern MUSTACHE = Pattern.compile("\\{\\{\\{?.*?}?}}", Pattern.DOTALL);
  static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9-]*|!doctype)([^>]*)>", Pattern.CASE_INSENSITIVE);
  static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*\"([^\"]*)\"");
  static final Pattern ENTITY = Pattern.compile("&(#?[a-zA-Z0-9]+);");
  static final Pattern LETTER = Pattern.compile("\\p{L}");
  static final Set<String> VISIBLE_ATTRIBUTES = Set.of("title", "placeholder", "aria-label", "alt", "aria-roledescription",
      "aria-valuetext", "label");
  static final Set<String> BUTTON_INPUTS = Set.of("submit", "button", "reset");

  @Test
  @DisplayName("no template has text or a visible attribute that is not a {{t}} from the bundles")
  void everyVisibleWordIsTranslated() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path template : files.filter(p -> p.toString().endsWith(".hbs")).sorted().toList()) {
        String name = TEMPLATES.relativize(template).toString();
        untranslated(Files.readString(template)).forEach(t -> found.add(name + ": " + t));
      }
    }
    assertThat(found).withFailMessage(() -> found.size() + " untranslated text(s); put each in "
        + "src/main/resources/i18n/messages_*.properties and write {{t \"key\"}}:\n  " + String.join("\n  ", found))
        .isEmpty();
  }

  @Test
  @DisplayName("the check finds English text in a text node, a title, an aria-label and a submit button")
  void theCheckCanFail() {
    assertThat(untranslated("<p>Hello {{name}}</p>")).hasSize(1);
    assertThat(untranslated("<a title=\"Close\" href=\"/\">{{t \"x\"}}</a>")).hasSize(1);
    assertThat(untranslated("<nav aria-label=\"Main\"></nav>")).hasSize(1);
    assertThat(untranslated("<input type=\"submit\" value=\"Send\">")).hasSize(1);
    assertThat(untranslated("<img alt=\"A chart\" src=\"/c.png\">")).hasSize(1);
    assertThat(untranslated("<p>{{t \"a\"}} · <time datetime=\"{{at}}\">{{date at}}</time> &amp; @{{user}}</p>")).isEmpty();
    assertThat(untranslated("<button type=\"submit\" name=\"action\" value=\"withdraw\">{{t \"b\"}}</button>"))
        .as("a button's value is sent, not shown").isEmpty();
    assertThat(untranslated("<nav aria-label=\"{{t \"nav.main\"}}\">{{!-- a comment with words --}}</nav>")).isEmpty();
  }

  /** The untranslated texts of one template, each with its line. */
  static List<String> untranslated(String source) {
    String text = blank(COMMENT, source, false);
    text = blank(MUSTACHE, text, true);
    List<String> found = new ArrayList<>();
    Matcher tag = TAG.matcher(text);
    int last = 0;
    boolean inScript = false;
    while (tag.find()) {
      if (!inScript) {
        check(text, last, tag.start(), found);
      }
      String tagName = tag.group(2).toLowerCase();
      boolean closing = !tag.group(1).isEmpty();
      if (tagName.equals("script") || tagName.equals("style")) {
        inScript = !closing;
      }
      if (!closing) {
        checkAttributes(text, tag.start(), tagName, tag.group(3), found);
      }
      last = tag.end();
    }
    check(text, last, text.length(), found);
    return found;
  }

  private static void check(String text, int from, int to, List<String> found) {
    String node = text.substring(from, to);
    String shown = ENTITY.matcher(node).replaceAll(" ").replace(EXPRESSION, ' ');
    if (LETTER.matcher(shown).find()) {
      found.add("line " + line(text, from) + ": text \"" + shown.strip() + "\"");
    }
  }

  private static void checkAttributes(String text, int at, String tagName, String attributes, List<String> found) {
    Matcher a = ATTRIBUTE.matcher(attributes);
    Map<String, String> values = new HashMap<>();
    while (a.find()) {
      values.put(a.group(1).toLowerCase(), a.group(2));
    }
    values.forEach((name, value) -> {
      boolean visible = VISIBLE_ATTRIBUTES.contains(name)
          || name.equals("value") && tagName.equals("input") && BUTTON_INPUTS.contains(values.getOrDefault("type", ""));
      String shown = ENTITY.matcher(value).replaceAll(" ").replace(EXPRESSION, ' ');
      if (visible && LETTER.matcher(shown).find()) {
        found.add("line " + line(text, at) + ": <" + tagName + " " + name + "=\"" + value.replace(EXPRESSION, '…') + "\">");
      }
    });
  }

  /** Replaces a pattern's matches, keeping line breaks so line numbers stay true. */
  private static String blank(Pattern pattern, String text, boolean mark) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String lines = m.group().replaceAll("[^\n]", "");
      m.appendReplacement(out, Matcher.quoteReplacement((mark ? String.valueOf(EXPRESSION) : "") + lines));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static int line(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
