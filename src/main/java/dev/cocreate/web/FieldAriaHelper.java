package dev.cocreate.web;

import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import java.util.StringJoiner;

/**
 * {@code {{fieldAria}}} in {@code partials/field.hbs}: the control's {@code aria-describedby} and
 * {@code aria-invalid}, read from the partial's hash parameters ({@code id}, {@code ref},
 * {@code describedBy}, {@code help}, {@code invalid}, {@code errorRef}, {@code markInvalid}).
 *
 * <p>The partial draws three controls (input, textarea, select) and each needs the same choice of
 * ids; written out in Handlebars it would be repeated three times, and a partial of its own would
 * put attribute text outside any tag, which the template checks read as untranslated words.
 */
public final class FieldAriaHelper implements Helper<Object> {
  @Override
  public Object apply(Object context, Options options) {
    String id = text(options.get("id")) + text(options.get("idKey"));
    String ref = text(options.get("ref"));
    String prefix = ref.isEmpty() ? id : ref;
    boolean invalid = !Handlebars.Utils.isEmpty(options.get("invalid"));
    String errorRef = text(options.get("errorRef"));
    StringJoiner names = new StringJoiner(" ");
    String describedBy = text(options.get("describedBy"));
    if (!describedBy.isEmpty()) {
      names.add(describedBy);
    } else if (!Handlebars.Utils.isEmpty(options.get("help"))) {
      names.add(prefix + "-help");
    }
    if (invalid) {
      names.add(errorRef.isEmpty() ? prefix + "-error" : errorRef);
    }
    StringBuilder out = new StringBuilder();
    if (names.length() > 0) {
      out.append(" aria-describedby=\"").append(TranslateHelper.escape(names.toString())).append('"');
    }
    // An error shown elsewhere may be about several controls (a group's): all name it, and only
    // the ones the template marks are invalid.
    if (invalid && (errorRef.isEmpty() || !Handlebars.Utils.isEmpty(options.get("markInvalid")))) {
      out.append(" aria-invalid=\"true\"");
    }
    return new Handlebars.SafeString(out);
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
