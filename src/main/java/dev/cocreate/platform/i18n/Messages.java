package dev.cocreate.platform.i18n;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user-facing texts of the pages, the notifications and the digests, one bundle per language
 * ({@code i18n/messages_LANG.properties}, UTF-8). Read and compiled once at start-up, so looking a
 * text up on an event loop is a map read and a format.
 *
 * <p>A text may name its parameters, {@code {count}}, and use {@link MessageFormat}'s choice form
 * for plurals: {@code {count,choice,1#one reply|1<{count} replies}}. Apostrophes are literal
 * (MessageFormat's quoting is switched off), so translators write "l'idée" as it reads.
 */
public final class Messages {
  public static final Locale ENGLISH = Locale.ENGLISH;
  public static final Locale FRENCH = Locale.FRENCH;
  /** Every language a member can choose; the first is the default. */
  public static final List<Locale> SUPPORTED = List.of(ENGLISH, FRENCH);

  private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)");

  /** Texts of scripts: keys under this prefix go to the browser as written, for webroot/js/texts.js. */
  public static final String SCRIPT_PREFIX = "js.";

  private final Map<Locale, Map<String, Text>> bundles;
  private final Map<Locale, String> scriptTexts;

  private Messages(Map<Locale, Map<String, Text>> bundles, Map<Locale, String> scriptTexts) {
    this.bundles = bundles;
    this.scriptTexts = scriptTexts;
  }

  /** Loads every supported language's bundle from the classpath; a missing bundle stops start-up. */
  public static Messages load() {
    Map<Locale, Map<String, Text>> bundles = new LinkedHashMap<>();
    Map<Locale, String> scripts = new LinkedHashMap<>();
    for (Locale locale : SUPPORTED) {
      Map<String, Text> texts = new LinkedHashMap<>();
      JsonObject script = new JsonObject();
      raw(locale).forEach((key, value) -> {
        texts.put(key, Text.compile(key, value, locale));
        if (key.startsWith(SCRIPT_PREFIX)) {
          script.put(key.substring(SCRIPT_PREFIX.length()), value);
        }
      });
      bundles.put(locale, Collections.unmodifiableMap(texts));
      // Carried in a meta element's attribute, which the template escapes.
      scripts.put(locale, script.encode());
    }
    return new Messages(Collections.unmodifiableMap(bundles), Collections.unmodifiableMap(scripts));
  }

  /** A bundle's keys and texts as written, for checks that compare languages. */
  public static Map<String, String> raw(Locale locale) {
    String name = "/i18n/messages_" + locale.getLanguage() + ".properties";
    try (InputStream in = Messages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("message bundle " + name + " is missing from the classpath");
      }
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> out = new LinkedHashMap<>();
      new TreeSet<>(p.stringPropertyNames()).forEach(k -> out.put(k, p.getProperty(k)));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The supported language closest to {@code tag} ("fr-CA" gives French), or null for none. */
  public static Locale supported(String tag) {
    if (tag == null || tag.isBlank()) {
      return null;
    }
    String language = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
    return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst().orElse(null);
  }

  /** The scripts' texts of a language as JSON ({@code {"thread.newReplies.one": "..."}}), encoded once. */
  public String scriptTexts(Locale locale) {
    return scriptTexts.get(bundle(locale));
  }

  public Set<String> keys(Locale locale) {
    return bundles.get(bundle(locale)).keySet();
  }

  public boolean has(Locale locale, String key) {
    return bundles.get(bundle(locale)).containsKey(key);
  }

  /** The text without parameters. */
  public String text(Locale locale, String key) {
    return format(locale, key, Map.of());
  }

  /** The text with its parameters filled in from {@code args} alternating name, value. */
  public String text(Locale locale, String key, Object... args) {
    Map<String, Object> named = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      named.put((String) args[i], args[i + 1]);
    }
    return format(locale, key, named);
  }

  /**
   * The text with its parameters filled in. A key the language lacks falls back to English, then
   * to the key itself, so a gap shows as a readable slip rather than a failed page; the bundle
   * tests keep both languages complete.
   */
  public String format(Locale locale, String key, Map<String, ?> args) {
    Text text = bundles.get(bundle(locale)).get(key);
    if (text == null) {
      text = bundles.get(ENGLISH).get(key);
    }
    return text == null ? key : text.format(args);
  }

  private static Locale bundle(Locale locale) {
    Locale found = locale == null ? null : supported(locale.getLanguage());
    return found == null ? ENGLISH : found;
  }

  /** One compiled text: plain, or a MessageFormat with its parameters' names in argument order. */
  private record Text(String plain, MessageFormat format, List<String> names) {
    static Text compile(String key, String value, Locale locale) {
      if (value.indexOf('{') < 0) {
        return new Text(value, null, List.of());
      }
      List<String> names = new ArrayList<>();
      Matcher m = PARAMETER.matcher(value.replace("'", "''"));
      StringBuilder pattern = new StringBuilder();
      while (m.find()) {
        int index = names.indexOf(m.group(1));
        if (index < 0) {
          index = names.size();
          names.add(m.group(1));
        }
        m.appendReplacement(pattern, "{" + index);
      }
      m.appendTail(pattern);
      try {
        return new Text(null, new MessageFormat(pattern.toString(), locale), List.copyOf(names));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("message " + key + " (" + locale + ") is not a valid pattern: " + e.getMessage(), e);
      }
    }

    String format(Map<String, ?> args) {
      if (format == null) {
        return plain;
      }
      Object[] values = new Object[names.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = args.get(names.get(i));
      }
      // MessageFormat keeps parse state and is not thread-safe; a clone per use is cheap next to a page.
      return ((MessageFormat) format.clone()).format(values);
    }
  }
}
