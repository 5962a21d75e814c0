package dev.cocreate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateProcess;
import dev.cocreate.support.JarSandbox;
import dev.cocreate.support.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar carries everything it needs: started from a directory with nothing in it, with
 * the default configuration, its pages are styled and scripted and its icon answers.
 */
@DisplayName("java -jar cocreate.jar from an empty directory")
class PackagedJarIT {
  static final Duration READY = CocreateProcess.READY;
  static final Pattern VERSIONED = Pattern.compile("/static/v/([0-9a-f]{12})/(.+)");
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final List<CocreateProcess> processes = new ArrayList<>();
  final List<Path> toDelete = new ArrayList<>();
  Path sandbox;

  @AfterEach
  void cleanUp() throws IOException {
    processes.forEach(CocreateProcess::close);
    if (sandbox != null) {
      Path cluster = sandbox.resolve("data/pg");
      JarSandbox.killPostgresOf(cluster);
      if (Files.isSymbolicLink(cluster)) {
        // Relocated (as root from a private directory): remove the cluster's home too.
        toDelete.add(Files.readSymbolicLink(cluster).getParent());
      }
      toDelete.add(sandbox);
    }
    for (Path dir : toDelete) {
      JarSandbox.deleteTree(dir);
    }
  }

  @Test
  @DisplayName("links a stylesheet and a script fingerprinted by their bytes, serves both, and answers /favicon.ico")
  void servesItsOwnAssets() throws Exception {
    sandbox = Files.createTempDirectory(Path.of("/tmp"), "cc-packaged-it-");
    // As root PostgreSQL runs as 'nobody', who must reach ./data: an open directory, like /srv.
    Files.setPosixFilePermissions(sandbox, PosixFilePermissions.fromString("rwxr-xr-x"));
    int port = TestServer.freePort();
    // The default configuration; only the port differs, since 8080 may be taken on a shared machine.
    CocreateProcess server = start(CocreateProcess.spec("packaged-assets").workDir(sandbox)
        .env("COCREATE_HTTP_PORT", Integer.toString(port)));
    server.awaitReady(port, READY);

    HttpResponse<String> home = get(port, "/", HttpResponse.BodyHandlers.ofString());
    assertThat(home.statusCode()).isEqualTo(200);
    Document doc = Jsoup.parse(home.body());
    String css = doc.select("link[rel=stylesheet]").attr("href");
    String js = doc.select("script[type=module][src]").first().attr("src");
    assertThat(css).endsWith("/css/app.css");
    assertThat(js).endsWith("/js/app.js");
    for (String url : List.of(css, js)) {
      Matcher m = VERSIONED.matcher(url);
      assertThat(m.matches()).as(url + " is fingerprinted").isTrue();
      HttpResponse<byte[]> r = get(port, url, HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(url).isEqualTo(200);
      assertThat(r.body()).as(url + " has content").isNotEmpty();
      assertThat(sha256(r.body())).as(url + ": its fingerprint is that of the bytes served").startsWith(m.group(1));
      assertThat(r.headers().firstValue("Cache-Control")).as(url).hasValue("public, max-age=31536000, immutable");
    }
    // The bytes are the checkout's files, carried in the jar.
    assertThat(get(port, css, HttpResponse.BodyHandlers.ofByteArray()).body())
        .isEqualTo(Files.readAllBytes(Path.of("webroot/css/app.css")));
    assertThat(get(port, js, HttpResponse.BodyHandlers.ofByteArray()).body())
        .isEqualTo(Files.readAllBytes(Path.of("webroot/js/app.js")));

    HttpResponse<byte[]> icon = get(port, "/favicon.ico", HttpResponse.BodyHandlers.ofByteArray());
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.headers().firstValue("Content-Type")).hasValue("image/x-icon");
    assertThat(icon.body()).isEqualTo(Files.readAllBytes(Path.of("webroot/favicon.ico")));

    assertThat(server.output()).contains("Assets: ").doesNotContain("e3b0c44298fc").doesNotContain("is missing");
    try (Stream<Path> left = Files.list(sandbox)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("it needed nothing but its data directory")
          .containsExactly("data");
    }
    server.terminate();
    assertThat(server.awaitExit(StartupIT.STOPPED)).isZero();
  }

  @Test
  @DisplayName("as root, the README's first command works from a directory only root can enter (a clone under /root)")
  void asRootFromAPrivateDirectory() throws Exception {
    Assumptions.assumeTrue("0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))),
        "not root: PostgreSQL then runs as this user, who reaches any directory it can start the jar from");
    // Mode 700, like /root: 'nobody', who runs PostgreSQL for root, cannot pass it to reach ./data.
    sandbox = Files.createTempDirectory(Path.of("/tmp"), "cc-private-it-");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sandbox))).isEqualTo("rwx------");
    int port = TestServer.freePort();
    CocreateProcess server = start(CocreateProcess.spec("packaged-private").workDir(sandbox)
        .env("COCREATE_DEMO", "true")
        .env("COCREATE_HTTP_PORT", Integer.toString(port)));
    server.awaitReady(port, READY);

    assertThat(get(port, "/", HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    Path link = sandbox.resolve("data/pg");
    assertThat(Files.isSymbolicLink(link)).as(link + " links to the cluster").isTrue();
    Path cluster = Files.readSymbolicLink(link);
    assertThat(cluster).startsWith(Path.of("/var/lib/cocreate"));
    assertThat(Files.getOwner(cluster).getName()).isEqualTo("nobody");
    assertThat(server.output()).contains("cannot reach the data directory", "its cluster is kept in " + cluster.getParent());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sandbox))).as("left as it was").isEqualTo("rwx------");
    server.terminate();
    assertThat(server.awaitExit(StartupIT.STOPPED)).isZero();
    assertThat(JarSandbox.postgresOf(link)).as("PostgreSQL stopped with the server").isEmpty();
  }

  private CocreateProcess start(CocreateProcess.Spec spec) {
    CocreateProcess p = spec.start();
    processes.add(p);
    return p;
  }

  private static <T> HttpResponse<T> get(int port, String path, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), body);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

}
