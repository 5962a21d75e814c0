package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Stylesheets and scripts are fingerprinted and cached for good")
class StaticAssetsTest {
  static TestServer server;
  static TestHttp http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("pages link the CSS and JS under one fingerprint, served immutable for a year, module imports included")
  void fingerprintedAndImmutable() throws IOException {
    Document doc = Jsoup.parse(http.getHtml("/login").body());
    String css = doc.select("link[rel=stylesheet]").attr("href");
    String js = doc.select("script[type=module]").first().attr("src");
    assertThat(css).matches("/static/v/[0-9a-f]{12}/css/app\\.css");
    String base = css.substring(0, css.indexOf("/css/"));
    assertThat(js).isEqualTo(base + "/js/app.js");

    // thread.js imports ./live.js: relative to a fingerprinted URL, that is fingerprinted too.
    for (String file : List.of("/css/app.css", "/js/app.js", "/js/live.js", "/js/thread.js")) {
      Resp r = http.get(base + file);
      assertThat(r.status()).as(base + file).isEqualTo(200);
      assertThat(r.header("Cache-Control")).as(base + file).isEqualTo("public, max-age=31536000, immutable");
      assertThat(r.body()).isEqualTo(Files.readString(Path.of("webroot" + file)));
    }
  }

  @Test
  @DisplayName("another release's fingerprint and the plain URLs still serve the file, revalidated instead of kept")
  void otherFingerprintsRevalidate() {
    for (String path : List.of("/static/v/000000000000/css/app.css", "/static/css/app.css")) {
      Resp r = http.get(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.header("Cache-Control")).as(path).isEqualTo("no-cache");
    }
    assertThat(http.get("/static/v/000000000000/css/none.css").status()).isEqualTo(404);
  }
}
