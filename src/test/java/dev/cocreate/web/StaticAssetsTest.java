package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.LogCapture;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Stylesheets, scripts and the icon are fingerprinted by content and cached for good")
class StaticAssetsTest {
  static final Pattern VERSIONED = Pattern.compile("/static/v/([0-9a-f]{12})/(.+)");
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static TestHttp http;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    http = server.http();
  }

  @Test
  @DisplayName("pages link each stylesheet and script under the fingerprint of the bytes served, kept for a year")
  void fingerprintedByContentAndImmutable() throws Exception {
    Document doc = Jsoup.parse(http.getHtml("/login").body());
    String css = doc.select("link[rel=stylesheet]").attr("href");
    String js = doc.select("script[type=module]").first().attr("src");
    for (String url : List.of(css, js)) {
      Matcher m = VERSIONED.matcher(url);
      assertThat(m.matches()).as(url).isTrue();
      HttpResponse<byte[]> r = bytes(url);
      assertThat(r.statusCode()).as(url).isEqualTo(200);
      assertThat(r.headers().firstValue("Cache-Control")).as(url).hasValue(IMMUTABLE);
      assertThat(StaticAssets.sha256(r.body())).as(url + ": fingerprint of the bytes served").startsWith(m.group(1));
    }
    assertThat(css).endsWith("/css/app.css");
    assertThat(bytes(css).body()).isEqualTo(Files.readAllBytes(Path.of("webroot/css/app.css")));
    assertThat(bytes(css).headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(bytes(js).headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
  }

  @Test
  @DisplayName("a module's imports point at their own fingerprinted URLs, so they are cached for good too")
  void moduleImportsAreFingerprinted() throws Exception {
    // thread.js imports ./live.js and ./texts.js.
    Resp thread = http.get(plainToVersioned("js/thread.js"));
    assertThat(thread.status()).isEqualTo(200);
    Matcher imports = Pattern.compile("from '(/static/v/[0-9a-f]{12}/js/(live|texts)\\.js)'").matcher(thread.body());
    int found = 0;
    while (imports.find()) {
      found++;
      HttpResponse<byte[]> r = bytes(imports.group(1));
      assertThat(r.statusCode()).as(imports.group(1)).isEqualTo(200);
      assertThat(r.headers().firstValue("Cache-Control")).as(imports.group(1)).hasValue(IMMUTABLE);
      Matcher m = VERSIONED.matcher(imports.group(1));
      assertThat(m.matches()).isTrue();
      assertThat(StaticAssets.sha256(r.body())).startsWith(m.group(1));
    }
    assertThat(found).as("fingerprinted imports in thread.js").isEqualTo(2);
    assertThat(thread.body()).doesNotContain("from './");
  }

  @Test
  @DisplayName("every import of every script the server carries answers, as a browser would fetch it")
  void everyImportResolves() throws Exception {
    StaticAssets assets = StaticAssets.load(null);
    Pattern anyImport = Pattern.compile("(?:\\bfrom\\s*|\\bimport\\s*\\(?\\s*)['\"]([^'\"]+)['\"]");
    int imports = 0;
    for (String path : assets.paths()) {
      if (!path.endsWith(".js")) {
        continue;
      }
      HttpResponse<byte[]> script = bytes(assets.url(path));
      assertThat(script.statusCode()).as(path).isEqualTo(200);
      Matcher m = anyImport.matcher(new String(script.body(), StandardCharsets.UTF_8));
      while (m.find()) {
        imports++;
        // The browser resolves the specifier against the script's own URL.
        String url = URI.create(assets.url(path)).resolve(m.group(1)).getPath();
        Matcher versioned = VERSIONED.matcher(url);
        assertThat(versioned.matches()).as(path + " imports " + m.group(1) + " fingerprinted").isTrue();
        HttpResponse<byte[]> imported = bytes(url);
        assertThat(imported.statusCode()).as(path + " imports " + url).isEqualTo(200);
        assertThat(imported.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(imported.headers().firstValue("Cache-Control")).as(url).hasValue(IMMUTABLE);
        assertThat(StaticAssets.sha256(imported.body())).startsWith(versioned.group(1));
      }
    }
    assertThat(imports).as("imports across the scripts").isGreaterThanOrEqualTo(10);
  }

  @Test
  @DisplayName("changing an imported module changes the fingerprint of every module that imports it, and only those")
  void importChangesPropagate() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("js/texts.js", utf8("export const t = 1;\n"));
    files.put("js/live.js", utf8("import { t } from './texts.js';\nexport const live = t;\n"));
    files.put("js/thread.js", utf8("import { live } from './live.js';\nimport \"../js/texts.js\";\n"));
    files.put("js/other.js", utf8("export const o = 2;\n"));
    StaticAssets before = StaticAssets.of(files);
    files.put("js/texts.js", utf8("export const t = 2;\n"));
    StaticAssets after = StaticAssets.of(files);

    for (String changed : List.of("js/texts.js", "js/live.js", "js/thread.js")) {
      assertThat(after.fingerprint(changed)).as(changed).isNotEqualTo(before.fingerprint(changed));
    }
    assertThat(after.fingerprint("js/other.js")).isEqualTo(before.fingerprint("js/other.js"));
    assertThat(after.url("js/thread.js")).startsWith("/static/v/" + after.fingerprint("js/thread.js") + "/");
  }

  @Test
  @DisplayName("an import cycle or a missing import does not stop start-up: it is logged and left relative")
  void cyclesAndMissingImports() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("js/a.js", utf8("import { b } from './b.js';\nimport { x } from './gone.js';\n"));
    files.put("js/b.js", utf8("import { a } from './a.js';\n"));
    try (LogCapture log = LogCapture.start()) {
      StaticAssets assets = StaticAssets.of(files);
      assertThat(assets.paths()).containsExactlyInAnyOrder("js/a.js", "js/b.js");
      assertThat(log.all()).contains("js/a.js imports what is missing: [./gone.js (not in the webroot)]")
          .contains("in a cycle");
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
    assertThat(http.get("/static/css/none.css").status()).isEqualTo(404);
    assertThat(http.get("/static/v/").status()).isEqualTo(404);
    assertThat(http.get("/static/../config/config.json").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("a browser that has the file gets 304 for it, and HEAD answers without the body")
  void conditionalAndHead() throws Exception {
    String url = plainToVersioned("css/app.css");
    HttpResponse<byte[]> first = bytes(url);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> again = CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + url))
        .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    HttpResponse<byte[]> head = CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + url))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(first.body().length));
  }

  @Test
  @DisplayName("/favicon.ico answers with the icon, and pages link it fingerprinted")
  void favicon() throws Exception {
    HttpResponse<byte[]> r = bytes("/favicon.ico");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/x-icon");
    assertThat(r.body()).isEqualTo(Files.readAllBytes(Path.of("webroot/favicon.ico")));
    String icon = Jsoup.parse(http.getHtml("/login").body()).select("link[rel=icon]").attr("href");
    assertThat(icon).isEqualTo(plainToVersioned("favicon.ico"));
    assertThat(bytes(icon).headers().firstValue("Cache-Control")).hasValue(IMMUTABLE);
  }

  @Test
  @DisplayName("every asset a template links is there, and a missing one is logged and never fingerprinted")
  void missingAssets() {
    StaticAssets assets = StaticAssets.load(null);
    assertThat(assets.paths()).containsAll(StaticAssets.templateReferences(getClass().getClassLoader()).keySet());
    assertThat(StaticAssets.templateReferences(getClass().getClassLoader()))
        .containsKeys("css/app.css", "js/app.js", "favicon.ico");
    try (LogCapture log = LogCapture.start()) {
      assertThat(assets.url("css/none.css")).isEqualTo("/static/css/none.css");
      assets.checkReferences(Map.of("img/logo.svg", Set.of("partials/layout.hbs")));
      assertThat(log.errors()).extracting(LogCapture::text)
          .anySatisfy(line -> assertThat(line).contains("css/none.css", "missing"))
          .anySatisfy(line -> assertThat(line).contains("img/logo.svg", "partials/layout.hbs"));
    }
    assertThat(StaticAssets.of(Map.of()).url("css/app.css")).isEqualTo("/static/css/app.css");
  }

  @Test
  @DisplayName("webrootDir replaces and adds files over the jar's own, fingerprinted by their content")
  void operatorOverride(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("css"));
    byte[] css = utf8("body { color: rebeccapurple; }\n");
    Files.write(dir.resolve("css/app.css"), css);
    Files.write(dir.resolve("robots.txt"), utf8("User-agent: *\n"));
    try (TestServer own = TestServer.start(new JsonObject().put("webrootDir", dir.toString()))) {
      String url = Jsoup.parse(own.http().getHtml("/login").body()).select("link[rel=stylesheet]").attr("href");
      assertThat(url).isEqualTo("/static/v/" + StaticAssets.sha256(css).substring(0, 12) + "/css/app.css");
      HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(own.baseUrl() + url)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.body()).isEqualTo(css);
      assertThat(own.http().get("/static/robots.txt").body()).isEqualTo("User-agent: *\n");
      assertThat(own.http().get("/static/js/app.js").status()).as("the jar's other files").isEqualTo(200);
    }
  }

  /** The versioned URL the server gives a file, taken from a page-independent source: the plain file's ETag. */
  private static String plainToVersioned(String path) {
    String etag = http.get("/static/" + path).header("ETag");
    return "/static/v/" + etag.replace("\"", "") + "/" + path;
  }

  private static HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
