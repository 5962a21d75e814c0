package dev.cocreate.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.RawClient;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("POST /api/uploads and /uploads/<sha256>.<ext>: images, sniffed, stripped, stored in PostgreSQL")
class UploadApiTest {
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  /** A second node on the same database, with rate limits on. */
  static TestServer nodeB;

  @BeforeAll
  static void start() {
    nodeB = TestServer.startOn(server.dbUrl(), new JsonObject().put("rateLimits", "on"));
  }

  @AfterAll
  static void stop() {
    nodeB.close();
  }

  static TestHttp member(String name) {
    TestHttp http = server.http();
    http.register(name);
    return http;
  }

  static Resp upload(TestHttp http, String fileName, String partType, byte[] content) {
    TestImages.Multipart m = TestImages.Multipart.file("file", fileName, partType, content);
    return http.raw("/api/uploads", "POST", m.contentType(), m.body());
  }

  record Served(int status, HttpHeaders headers, byte[] body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  static Served fetch(CocreateServer node, String path) {
    return fetch(node.baseUrl(), path);
  }

  static Served fetch(TestServer node, String path) {
    return fetch(node.baseUrl(), path);
  }

  static Served fetch(String base, String path) {
    try {
      HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return new Served(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static BufferedImage decode(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static void assertProblem(Resp r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().getInteger("status")).isEqualTo(status);
  }

  @Test
  @DisplayName("a PNG, a JPEG and a WebP are each accepted, stored under the hash of the bytes served, with their type")
  void eachAcceptedTypeIsStoredAndServedUnderItsHash() throws Exception {
    TestHttp ana = member("ana_types");
    record Case(String name, byte[] bytes, String servedType, String ext, int width, int height) {}
    for (Case c : new Case[] {
        new Case("a.png", TestImages.png(40, 30), "image/png", "png", 40, 30),
        new Case("b.jpg", TestImages.jpeg(64, 48), "image/jpeg", "jpg", 64, 48),
        new Case("c.webp", TestImages.WEBP, "image/png", "png", 1, 1)}) {
      Resp r = upload(ana, c.name(), "application/octet-stream", c.bytes());
      assertThat(r.status()).as(c.name() + ": " + r).isEqualTo(201);
      JsonObject up = r.json();
      String url = up.getString("url");
      assertThat(url).as(c.name()).matches("/uploads/[0-9a-f]{64}\\." + c.ext());
      assertThat(up.getString("mediaType")).isEqualTo(c.servedType());
      assertThat(up.getInteger("width")).isEqualTo(c.width());
      assertThat(up.getInteger("height")).isEqualTo(c.height());

      Served s = fetch(server, url);
      assertThat(s.status()).as(c.name()).isEqualTo(200);
      assertThat(s.header("Content-Type")).isEqualTo(c.servedType());
      assertThat(s.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
      assertThat(s.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(url).as("the address is the hash of the bytes served").contains(sha256(s.body()));
      assertThat(up.getInteger("size")).isEqualTo(s.body().length);
      BufferedImage img = decode(s.body());
      assertThat(img).as(c.name() + " served as a readable image").isNotNull();
      assertThat(img.getWidth()).isEqualTo(c.width());
    }
  }

  @Test
  @DisplayName("the type is read from the bytes: a PNG named .jpg and sent as image/jpeg is a PNG, a renamed .exe is 415")
  void typeIsSniffedFromTheBytes() {
    TestHttp ben = member("ben_sniff");
    Resp png = upload(ben, "holiday.jpg", "image/jpeg", TestImages.png(10, 10));
    assertThat(png.status()).as(png.toString()).isEqualTo(201);
    assertThat(png.json().getString("url")).endsWith(".png");
    assertThat(png.json().getString("mediaType")).isEqualTo("image/png");

    assertProblem(upload(ben, "photo.png", "image/png", TestImages.exe()), 415);
    assertProblem(upload(ben, "notes.gif", "image/gif", "GIF89a not accepted".getBytes(StandardCharsets.US_ASCII)), 415);
    // Begins like a PNG but is not one: the decoder's verdict, not the signature's, decides.
    byte[] truncated = Arrays.copyOf(TestImages.png(50, 50), 40);
    assertProblem(upload(ben, "broken.png", "image/png", truncated), 415);
  }

  @Test
  @DisplayName("what is served is re-encoded: no EXIF (GPS, serial number) from a JPEG, no text chunk from a PNG")
  void metadataIsStripped() {
    TestHttp cid = member("cid_exif");
    byte[] withExif = TestImages.jpegWithExif(80, 60);
    assertThat(new String(withExif, StandardCharsets.ISO_8859_1)).as("the test file carries the EXIF").contains("Exif", TestImages.SECRET);
    Resp jpeg = upload(cid, "camera.jpg", "image/jpeg", withExif);
    assertThat(jpeg.status()).as(jpeg.toString()).isEqualTo(201);
    byte[] served = fetch(server, jpeg.json().getString("url")).body();
    String text = new String(served, StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain(TestImages.SECRET).doesNotContain("Exif").doesNotContain("GPS");
    assertThat(hasSegment(served, 0xE1)).as("an APP1 (EXIF/XMP) segment").isFalse();
    assertThat(decode(served).getWidth()).isEqualTo(80);

    byte[] withText = TestImages.pngWithText(20, 20);
    assertThat(new String(withText, StandardCharsets.ISO_8859_1)).contains(TestImages.SECRET);
    Resp png = upload(cid, "shot.png", "image/png", withText);
    assertThat(png.status()).as(png.toString()).isEqualTo(201);
    String servedPng = new String(fetch(server, png.json().getString("url")).body(), StandardCharsets.ISO_8859_1);
    assertThat(servedPng).doesNotContain(TestImages.SECRET).doesNotContain("tEXt");
  }

  @Test
  @DisplayName("a photo the camera marked as held upright (EXIF orientation 6) is stored turned, since its EXIF is gone")
  void exifOrientationIsAppliedBeforeItIsStripped() {
    TestHttp ned = member("ned_orientation");
    Resp r = upload(ned, "portrait.jpg", "image/jpeg", TestImages.jpegWithOrientation(40, 20, 6));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().getInteger("width")).isEqualTo(20);
    assertThat(r.json().getInteger("height")).isEqualTo(40);
    byte[] served = fetch(server, r.json().getString("url")).body();
    assertThat(hasSegment(served, 0xE1)).isFalse();
    BufferedImage img = decode(served);
    assertThat(img.getWidth()).isEqualTo(20);
    // Turned a quarter clockwise: the left (red) half is now on top, the right (blue) below.
    Color top = new Color(img.getRGB(10, 5));
    Color bottom = new Color(img.getRGB(10, 35));
    assertThat(top.getRed()).as("top is red").isGreaterThan(200);
    assertThat(top.getBlue()).isLessThan(60);
    assertThat(bottom.getBlue()).as("bottom is blue").isGreaterThan(200);
    assertThat(bottom.getRed()).isLessThan(60);
  }

  /** Whether a JPEG has a marker segment of this type before its image data. */
  static boolean hasSegment(byte[] jpeg, int marker) {
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
      int type = jpeg[i + 1] & 0xFF;
      if (type == marker) {
        return true;
      }
      if (type == 0xDA) {
        return false;
      }
      i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
    }
    return false;
  }

  @Test
  @DisplayName("one byte over 2 MiB is 413; exactly 2 MiB is read (and judged by its content)")
  void overTwoMibIs413() {
    TestHttp dee = member("dee_large");
    byte[] over = new byte[ImageFile.MAX_BYTES + 1];
    System.arraycopy(TestImages.png(1, 1), 0, over, 0, 8);
    assertProblem(upload(dee, "big.png", "image/png", over), 413);
    byte[] limit = new byte[ImageFile.MAX_BYTES];
    System.arraycopy(TestImages.png(1, 1), 0, limit, 0, 8);
    assertProblem(upload(dee, "padded.png", "image/png", limit), 415);
  }

  @Test
  @DisplayName("a declared 100 MB upload is answered 413 at once and the connection closed, its body never read")
  void hugeDeclaredUploadIsRefusedBeforeReading() {
    TestHttp eve = member("eve_huge");
    try (RawClient raw = RawClient.connect(server.port())) {
      raw.write("POST /api/uploads HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + eve.token()
          + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 104857600\r\n\r\n--x\r\n");
      String head = raw.readHead(5000);
      assertThat(head).as("an answer before the body").isNotNull().startsWith("HTTP/1.1 413");
      assertThat(head.toLowerCase()).contains("content-type: application/problem+json").contains("connection: close");
      assertThat(raw.millisUntilClosed(5000)).as("the server closes rather than reading 100 MB").isNotNegative();
    }
  }

  @Test
  @DisplayName("signed out is 401; a JSON body is 415; a multipart without a file is 400")
  void refusals() {
    assertProblem(upload(server.http(), "a.png", "image/png", TestImages.png(2, 2)), 401);
    TestHttp fay = member("fay_refusals");
    assertProblem(fay.post("/api/uploads", new JsonObject().put("file", "x")), 415);
    TestImages.Multipart other = TestImages.Multipart.file("picture", "a.png", "image/png", TestImages.png(2, 2));
    assertProblem(fay.raw("/api/uploads", "POST", other.contentType(), other.body()), 400);
  }

  @Test
  @DisplayName("an upload made on one node is served by another node on the same database")
  void servedByEveryNode() {
    TestHttp gus = member("gus_nodes");
    byte[] png = TestImages.png(12, 12);
    String url = upload(gus, "n.png", "image/png", png).json().getString("url");
    Served a = fetch(server, url);
    Served b = fetch(nodeB, url);
    assertThat(b.status()).isEqualTo(200);
    assertThat(b.body()).isEqualTo(a.body());
    assertThat(b.header("Cache-Control")).contains("immutable");
    assertThat(fetch(nodeB, url.replaceFirst("[0-9a-f]{4}\\.", "0000.")).status()).as("an unknown hash").isEqualTo(404);
    assertThat(fetch(nodeB, "/uploads/..%2Fetc%2Fpasswd").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("uploads are rate limited per member (429 with Retry-After)")
  void rateLimited() {
    TestHttp hal = new TestHttp(nodeB.baseUrl());
    hal.register("hal_limits");
    byte[] png = TestImages.png(3, 3);
    Resp last = null;
    for (int i = 0; i <= UploadService.UPLOADS.capacity(); i++) {
      last = upload(hal, "r.png", "image/png", png);
    }
    assertProblem(last, 429);
    assertThat(last.header("Retry-After")).isNotNull();
  }

  @Test
  @DisplayName("an avatar is one of the member's own uploads: PUT sets user.avatarUrl, DELETE sets it back to null")
  void avatar() {
    TestHttp ivy = member("ivy_avatar");
    TestHttp jon = member("jon_avatar");
    assertThat(ivy.get("/api/me").json().getValue("avatarUrl", "absent")).as("no avatar yet: null").isNull();
    String mine = upload(ivy, "me.png", "image/png", TestImages.png(32, 32)).json().getString("url");
    String his = upload(jon, "him.jpg", "image/jpeg", TestImages.jpeg(33, 33)).json().getString("url");

    Resp set = ivy.put("/api/me/avatar", new JsonObject().put("upload", mine));
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    assertThat(set.json().getString("avatarUrl")).isEqualTo(mine);
    assertThat(ivy.get("/api/me").json().getString("avatarUrl")).isEqualTo(mine);
    assertThat(server.http().get("/api/users/ivy_avatar").json().getString("avatarUrl")).isEqualTo(mine);

    assertProblem(ivy.put("/api/me/avatar", new JsonObject().put("upload", his)), 400);
    assertProblem(ivy.put("/api/me/avatar", new JsonObject().put("upload", "https://evil.example/x.png")), 400);

    Resp cleared = ivy.delete("/api/me/avatar");
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.json().getValue("avatarUrl", "absent")).isNull();
  }

  @Test
  @DisplayName("the member's export carries each upload's bytes and their avatar; deleting the account removes both")
  void exportAndErasure() {
    TestHttp kim = member("kim_erase");
    byte[] png = TestImages.png(16, 16);
    String url = upload(kim, "k.png", "image/png", png).json().getString("url");
    kim.put("/api/me/avatar", new JsonObject().put("upload", url));
    byte[] served = fetch(server, url).body();

    JsonObject export = kim.get("/api/me/export").json();
    assertThat(export.getString("avatarUrl")).isEqualTo(url);
    assertThat(export.getJsonArray("uploads")).hasSize(1);
    JsonObject item = export.getJsonArray("uploads").getJsonObject(0);
    assertThat(item.getString("url")).isEqualTo(url);
    assertThat(item.getString("mediaType")).isEqualTo("image/png");
    assertThat(Base64.getDecoder().decode(item.getString("contentBase64"))).isEqualTo(served);

    Resp deleted = kim.send("/api/me", "DELETE", new JsonObject().put("password", "correct horse battery"));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    assertThat(fetch(server, url).status()).as("the image is gone with the account").isEqualTo(404);
    assertThat(fetch(nodeB, url).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("an image another member also uploaded stays served when one of them deletes their account")
  void sharedImageOutlivesOneOwner() {
    TestHttp lea = member("lea_shared");
    TestHttp max = member("max_shared");
    byte[] png = TestImages.png(9, 9);
    String url = upload(lea, "s.png", "image/png", png).json().getString("url");
    assertThat(upload(max, "s.png", "image/png", png).json().getString("url")).isEqualTo(url);
    lea.send("/api/me", "DELETE", new JsonObject().put("password", "correct horse battery"));
    assertThat(fetch(server, url).status()).isEqualTo(200);
    assertThat(max.get("/api/me/export").json().getJsonArray("uploads")).hasSize(1);
  }
}
