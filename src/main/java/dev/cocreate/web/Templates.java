package dev.cocreate.web;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.ValueResolver;
import com.github.jknack.handlebars.cache.ConcurrentMapTemplateCache;
import com.github.jknack.handlebars.context.MapValueResolver;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import com.github.jknack.handlebars.io.TemplateLoader;
import com.github.jknack.handlebars.io.TemplateSource;
import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled Handlebars templates from the classpath's {@code templates/}, rendered straight from
 * Vert.x JSON. Vert.x's own engine looks every partial up through its blocking file resolver on
 * each use (once per post of a reply tree, on the event loop); here each template and partial is
 * found and parsed once, and rendering is pure CPU.
 */
public final class Templates {
  /** The render data entry that holds the page's {@link Locale}, for the t, date and number helpers. */
  public static final String LOCALE = "locale";
  /** The reader's time zone ({@link PageZone}), for {@link DateHelper}. */
  public static final String ZONE = "zone";

  private final Handlebars handlebars;
  private final Map<String, Template> compiled = new ConcurrentHashMap<>();

  public Templates(Map<String, Helper<?>> helpers) {
    this.handlebars = new Handlebars(new RememberingLoader(new ClassPathTemplateLoader("/templates", ".hbs")))
        .with(new ConcurrentMapTemplateCache())
        // The reply tree renders the post partial inside itself.
        .infiniteLoops(true)
        // Every page is a block passed to partials/layout; by default Handlebars.java renders such a
        // block once ahead (for inline partials it might define, which ours never do) and again where
        // the layout places it: each page was rendered twice.
        .preEvaluatePartialBlocks(false);
    helpers.forEach(handlebars::registerHelper);
  }

  /**
   * The templates of the pages with their helpers: texts and times in the page's language, numbers,
   * field errors and the reply tree.
   */
  public static Templates forPages(Messages messages) {
    DateHelper dates = new DateHelper(messages);
    return new Templates(Map.of(
        "date", dates,
        "t", new TranslateHelper(messages),
        "fieldAria", new FieldAriaHelper(),
        "number", new NumberHelper(),
        "replyTree", new ReplyTreeHelper(messages, dates)));
  }

  /** Adds a helper whose value is only known once the node starts (e.g. the assets' fingerprint). */
  public void register(String name, Helper<?> helper) {
    handlebars.registerHelper(name, helper);
  }

  public String render(String name, JsonObject model) {
    return render(name, model, Messages.ENGLISH);
  }

  public String render(String name, JsonObject model, Locale locale) {
    return render(name, model, locale, ZoneOffset.UTC);
  }

  public String render(String name, JsonObject model, Locale locale, ZoneId zone) {
    Template template = compiled.computeIfAbsent(name, n -> {
      try {
        return handlebars.compile(n);
      } catch (IOException e) {
        throw new UncheckedIOException("template " + n + " cannot be compiled", e);
      }
    });
    Context context = Context.newBuilder(model).resolver(JsonResolver.INSTANCE, MapValueResolver.INSTANCE).build();
    context.data(LOCALE, locale);
    context.data(ZONE, zone);
    try {
      return template.apply(context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      context.destroy();
    }
  }

  /** Finds each template source once; partials are looked up on every use otherwise. */
  private static final class RememberingLoader implements TemplateLoader {
    private final TemplateLoader delegate;
    private final Map<String, TemplateSource> sources = new ConcurrentHashMap<>();

    RememberingLoader(TemplateLoader delegate) {
      this.delegate = delegate;
    }

    @Override
    public TemplateSource sourceAt(String location) throws IOException {
      TemplateSource found = sources.get(location);
      if (found == null) {
        found = delegate.sourceAt(location);
        sources.put(location, found);
      }
      return found;
    }

    @Override
    public String resolve(String location) {
      return delegate.resolve(location);
    }

    @Override
    public String getPrefix() {
      return delegate.getPrefix();
    }

    @Override
    public String getSuffix() {
      return delegate.getSuffix();
    }

    @Override
    public void setPrefix(String prefix) {
      delegate.setPrefix(prefix);
    }

    @Override
    public void setSuffix(String suffix) {
      delegate.setSuffix(suffix);
    }

    @Override
    public void setCharset(Charset charset) {
      delegate.setCharset(charset);
    }

    @Override
    public Charset getCharset() {
      return delegate.getCharset();
    }
  }

  /** Lets templates read JsonObject fields and JsonArray items by name. */
  private enum JsonResolver implements ValueResolver {
    INSTANCE;

    @Override
    public Object resolve(Object context, String name) {
      if (context instanceof JsonObject o) {
        return o.containsKey(name) ? o.getValue(name) : UNRESOLVED;
      }
      if (context instanceof JsonArray a) {
        if (name.equals("length")) {
          return a.size();
        }
        try {
          int i = Integer.parseInt(name);
          return i >= 0 && i < a.size() ? a.getValue(i) : UNRESOLVED;
        } catch (NumberFormatException e) {
          return UNRESOLVED;
        }
      }
      return UNRESOLVED;
    }

    @Override
    public Object resolve(Object context) {
      return context instanceof JsonObject || context instanceof JsonArray ? context : UNRESOLVED;
    }

    @Override
    public Set<Map.Entry<String, Object>> propertySet(Object context) {
      Set<Map.Entry<String, Object>> out = new LinkedHashSet<>();
      if (context instanceof JsonObject o) {
        o.forEach(e -> out.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue())));
      }
      return out;
    }
  }
}
