package dev.cocreate.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The avatar section of /settings: a plain multipart form, no JavaScript needed")
class AvatarSettingsTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  /** A browser signed in by the sign-in form: a session cookie and its CSRF token. */
  static TestHttp browser(String username) {
    TestHttp browser = server.http();
    browser.register(username);
    browser.token(null);
    browser.getHtml("/login");
    Resp login = browser.form("/login", Map.of("login", username, "password", "correct horse battery", "_csrf", browser.cookie("cc_csrf")));
    assertThat(login.status()).isEqualTo(303);
    return browser;
  }

  /** The avatar form as a browser sends it: the _csrf field, then the file. */
  static Resp sendForm(TestHttp browser, String csrf, String fileName, byte[] file) {
    String boundary = "----avatar" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (csrf != null) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return browser.send(browser.builder("/settings/avatar").header("Accept", "text/html")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  static Document settings(TestHttp browser) {
    Resp page = browser.getHtml("/settings");
    assertThat(page.status()).isEqualTo(200);
    return Jsoup.parse(page.body());
  }

  @Test
  @DisplayName("a picture sent by the form becomes the avatar; the page shows it and can remove it")
  void uploadAndRemove() {
    TestHttp nora = browser("nora_avatar");
    Document before = settings(nora);
    assertThat(before.select("form[action=/settings/avatar][enctype=multipart/form-data] input[type=file][name=file]")).hasSize(1);
    assertThat(before.select("img.avatar-preview")).isEmpty();

    Resp sent = sendForm(nora, nora.cookie("cc_csrf"), "me.jpg", TestImages.jpegWithExif(48, 48));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(303);
    assertThat(sent.header("Location")).isEqualTo("/settings");
    Document after = settings(nora);
    String src = after.select("img.avatar-preview").attr("src");
    assertThat(src).matches("/uploads/[0-9a-f]{64}\\.jpg");
    assertThat(after.text()).contains("Your avatar was changed.");
    assertThat(nora.get("/api/me").json().getString("avatarUrl")).isEqualTo(src);

    Resp removed = nora.form("/settings/avatar/remove", Map.of("_csrf", nora.cookie("cc_csrf")));
    assertThat(removed.status()).isEqualTo(303);
    assertThat(settings(nora).select("img.avatar-preview")).isEmpty();
    assertThat(nora.get("/api/me").json().getValue("avatarUrl", "absent")).isNull();
  }

  @Test
  @DisplayName("without the form's CSRF token the upload is refused (403) and nothing changes")
  void csrfIsChecked() {
    TestHttp otto = browser("otto_avatar");
    assertThat(sendForm(otto, null, "me.png", TestImages.png(20, 20)).status()).isEqualTo(403);
    assertThat(sendForm(otto, "not-the-token", "me.png", TestImages.png(20, 20)).status()).isEqualTo(403);
    assertThat(otto.get("/api/me").json().getValue("avatarUrl", "absent")).isNull();
    assertThat(otto.get("/api/me/export").json().getJsonArray("uploads")).isEmpty();
  }

  @Test
  @DisplayName("a renamed .exe and an oversized picture come back to the page with a readable reason")
  void refusalsAreExplained() {
    TestHttp pia = browser("pia_avatar");
    Resp exe = sendForm(pia, pia.cookie("cc_csrf"), "me.png", TestImages.exe());
    assertThat(exe.status()).isEqualTo(303);
    assertThat(settings(pia).select(".flash, [role=alert], .notice").text())
        .contains("This file is not an image we accept: choose a PNG, JPEG or WebP picture.");
    byte[] big = new byte[ImageFile.MAX_BYTES + 10];
    System.arraycopy(TestImages.png(1, 1), 0, big, 0, 8);
    Resp large = sendForm(pia, pia.cookie("cc_csrf"), "big.png", big);
    assertThat(large.status()).isEqualTo(303);
    assertThat(settings(pia).text()).contains("This picture is over 2 MiB: choose a smaller one.");
    assertThat(pia.get("/api/me").json().getValue("avatarUrl", "absent")).isNull();
  }
}
