package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Handlebars renders the block of {@code {{#> partial}}...{{/partial}}} on its own when the
 * partial is missing, so a wrong partial path gives a bare page (no header, no CSS) and no error.
 */
@DisplayName("Every page is rendered inside the site layout")
class PageLayoutTest {
  static final Path TEMPLATES = Path.of("src/main/resources/templates");
  static final Pattern PARTIAL = Pattern.compile("\\{\\{#?>\\s*([A-Za-z0-9_./-]+)");

  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  @Test
  @DisplayName("every partial a template names exists where the template engine looks for it")
  void partialsResolve() throws IOException {
    List<String> missing = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path template : files.filter(p -> p.toString().endsWith(".hbs")).toList()) {
        Matcher m = PARTIAL.matcher(Files.readString(template));
        while (m.find()) {
          // Vert.x's loader resolves a partial against the directory of the page template being
          // rendered; every page lives in templates/, and partials nested in partials (the reply
          // tree's recursive post) resolve against the page's directory too.
          Path partial = TEMPLATES.resolve(m.group(1) + ".hbs");
          if (!m.group(1).startsWith("@") && !Files.isRegularFile(partial)) {
            missing.add(TEMPLATES.relativize(template) + " names '" + m.group(1) + "', but " + partial
                + " does not exist (paths are relative to templates/: use 'partials/layout')");
          }
        }
      }
    }
    assertThat(missing).withFailMessage(() -> String.join("\n", missing)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/", "/login", "/register", "/no-such-page"})
  @DisplayName("pages come with the header, the stylesheet and a main landmark")
  void pageHasLayout(String path) {
    Resp r = server.http().getHtml(path);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    Document doc = Jsoup.parse(r.body());
    assertThat(doc.select("header.site-header nav a.brand")).as(path + " header").hasSize(1);
    assertThat(doc.select("link[rel=stylesheet][href~=^/static/v/[0-9a-f]{12}/css/app\\.css$]")).as(path + " stylesheet").hasSize(1);
    assertThat(doc.select("main#main")).as(path + " main").hasSize(1);
    // The home page is titled by the site's name alone, not "Cocreate · Cocreate".
    if (path.equals("/")) {
      assertThat(doc.title()).as(path + " title").isEqualTo("Cocreate");
    } else {
      assertThat(doc.title()).as(path + " title").endsWith("· Cocreate").doesNotStartWith("Cocreate ·");
    }
  }
}
