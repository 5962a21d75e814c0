package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The design system's pager, form field, empty state and flash message are drawn by their partials
 * (docs/pages.md), so a fix to one (an id its error needs, a role) reaches every page. A page that
 * writes the markup out by hand drifts from the others; this finds one.
 */
@DisplayName("Pages draw the pager, form fields, empty states and flash messages through their partials")
class DesignSystemPartialsTest {
  static final Path TEMPLATES = Path.of("src/main/resources/templates");
  /** Each component's hand-written markup, and the partial to use instead. */
  static final Map<Pattern, String> HAND_WRITTEN = Map.of(
      // A fieldset.field groups several controls (the trust-level thresholds): it is no one field.
      Pattern.compile("<(?!fieldset\\b)[a-z]+\\b[^>]*\\bclass=\"field(?:[\\s\"{])"), "partials/field",
      Pattern.compile("<p\\b[^>]*\\bclass=\"help[\\s\"{]"), "partials/field (help=…)",
      Pattern.compile("\\bclass=\"pager[\\s\"{]"), "partials/pager",
      Pattern.compile("\\bclass=\"empty[\\s\"{]"), "partials/empty",
      Pattern.compile("\\bclass=\"flash[\\s\"{]"), "partials/flash");
  /** A field's own error; a group's error under its fieldset (named by errorRef) is not one field's. */
  static final Pattern FIELD_ERROR = Pattern.compile("\\bclass=\"field-error[\\s\"{]");
  static final Pattern FIELDSET = Pattern.compile("<(/?)fieldset\\b");

  @Test
  @DisplayName("no template outside partials/ writes a pager, field, empty state or flash message by hand")
  void componentsComeFromPartials() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path template : files.filter(p -> p.toString().endsWith(".hbs")).sorted().toList()) {
        String name = TEMPLATES.relativize(template).toString().replace('\\', '/');
        if (!name.startsWith("partials/")) {
          handWritten(Files.readString(template)).forEach(f -> found.add(name + ": " + f));
        }
      }
    }
    assertThat(found).withFailMessage(() -> found.size() + " component(s) written by hand; use the partial:\n  "
        + String.join("\n  ", found)).isEmpty();
  }

  @Test
  @DisplayName("the check finds each hand-written component and lets partial calls and group errors be")
  void theCheckCanFail() {
    assertThat(handWritten("<div class=\"field{{#if errors.title}} has-error{{/if}}\"><label for=\"t\">")).hasSize(1);
    assertThat(handWritten("<div class=\"field weight\">")).hasSize(1);
    assertThat(handWritten("<p class=\"help\" id=\"x-help\">{{t \"h\"}}</p>")).hasSize(1);
    assertThat(handWritten("<input id=\"t\">{{#if e}}<p class=\"field-error\" id=\"t-error\">{{e}}</p>{{/if}}")).hasSize(1);
    assertThat(handWritten("<p class=\"pager\"><a class=\"button secondary\" rel=\"next\" href=\"{{h}}\">")).hasSize(1);
    assertThat(handWritten("<p class=\"empty\" role=\"status\">{{t \"x\"}}</p>")).hasSize(1);
    assertThat(handWritten("<p class=\"empty no-ideas\">")).hasSize(1);
    assertThat(handWritten("<p class=\"flash\" role=\"status\">{{flash}}</p>")).hasSize(1);
    assertThat(handWritten("""
        {{> partials/field id="title" label=(t "field.title") type="text" value=form.title invalid=errors.title}}
        {{#> partials/empty}}{{t "x"}}{{/partials/empty}}{{> partials/pager href=nextHref label=(t "more")}}
        <fieldset class="field"><legend>{{t "l"}}</legend>{{#if e}}<p class="field-error" id="g-error">{{e}}</p>{{/if}}</fieldset>
        <ul class="field-errors"></ul><div class="fields"></div><p class="muted empty-ish"></p>
        """)).isEmpty();
  }

  /** The hand-written components of one template, each with its line. */
  static List<String> handWritten(String source) {
    List<String> found = new ArrayList<>();
    HAND_WRITTEN.forEach((pattern, partial) -> {
      Matcher m = pattern.matcher(source);
      while (m.find()) {
        found.add("line " + line(source, m.start()) + ": " + m.group() + "… (" + partial + ")");
      }
    });
    Matcher error = FIELD_ERROR.matcher(source);
    while (error.find()) {
      if (!insideFieldset(source, error.start())) {
        found.add("line " + line(source, error.start()) + ": " + error.group() + "… (partials/field)");
      }
    }
    return found;
  }

  private static boolean insideFieldset(String source, int offset) {
    int depth = 0;
    Matcher tag = FIELDSET.matcher(source.substring(0, offset));
    while (tag.find()) {
      depth += tag.group(1).isEmpty() ? 1 : -1;
    }
    return depth > 0;
  }

  private static int line(String text, int offset) {
    return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }
}
