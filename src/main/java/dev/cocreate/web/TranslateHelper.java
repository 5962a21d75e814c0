package dev.cocreate.web;

import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import dev.cocreate.platform.i18n.Messages;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code {{t "thread.repliesWord" count=n}}}: a text from the page's language bundle. The page's
 * language is in the render's data ({@link Templates#LOCALE}).
 *
 * <p>Texts are plain text and escaped here with the few replacements HTML needs ({@code & < > "}),
 * not Handlebars' own escaping, which would also turn every apostrophe into an entity. A key ending
 * in {@code _html} holds trusted markup from the bundle (a link inside a sentence); only its
 * parameters are escaped.
 */
public final class TranslateHelper implements Helper<Object> {
  private final Messages messages;

  public TranslateHelper(Messages messages) {
    this.messages = messages;
  }

  @Override
  public Object apply(Object key, Options options) {
    Locale locale = options.data(Templates.LOCALE);
    String name = String.valueOf(key);
    Map<String, Object> args = options.hash.isEmpty() ? Map.of() : new LinkedHashMap<>(options.hash);
    if (name.endsWith("_html")) {
      // Most texts have no parameters: no copy of the (empty) hash for them.
      if (!args.isEmpty()) {
        args.replaceAll((k, v) -> v instanceof String s ? escape(s) : v);
      }
      return new Handlebars.SafeString(messages.format(locale, name, args));
    }
    return new Handlebars.SafeString(escape(messages.format(locale, name, args)));
  }

  static String escape(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String entity = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        default -> null;
      };
      if (entity != null && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        out.append(entity != null ? entity : String.valueOf(c));
      }
    }
    return out == null ? s : out.toString();
  }
}
