package dev.cocreate.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Built-in defaults come from the jar, not the working directory")
class BuiltInDefaultsTest {

  @Test
  @DisplayName("the classpath carries config/config.json as it is in the checkout, naming every key")
  void packagedFromTheCheckout() throws Exception {
    byte[] packaged;
    try (InputStream in = AppConfig.class.getResourceAsStream(AppConfig.DEFAULTS_RESOURCE)) {
      assertThat(in).as(AppConfig.DEFAULTS_RESOURCE + " on the classpath").isNotNull();
      packaged = in.readAllBytes();
    }
    assertThat(packaged).isEqualTo(Files.readAllBytes(Path.of("config/config.json")));
    // Every key but the nested moderation object, whose defaults live in ModerationConfig.
    assertThat(new JsonObject(new String(packaged, StandardCharsets.UTF_8)).fieldNames())
        .containsExactlyInAnyOrderElementsOf(AppConfig.ENV_KEYS.keySet().stream()
            .filter(k -> !k.equals(ModerationConfig.KEY)).toList());
  }

  @Test
  @DisplayName("with nothing given, the documented defaults apply")
  void documentedDefaults() {
    AppConfig c = AppConfig.fromJson(new JsonObject());
    assertThat(c.httpHost()).isEqualTo("0.0.0.0");
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(c.dbUrl()).isNull();
    assertThat(c.rateLimits()).isTrue();
    assertThat(c.webrootDir()).as("assets from the jar").isNull();
    assertThat(c.mail().smtpFrom()).isEqualTo("Cocreate <no-reply@localhost>");
  }

  @Test
  @DisplayName("webrootDir must name a readable directory, else start-up stops naming the key")
  void webrootDir(@TempDir Path dir) throws Exception {
    assertThat(AppConfig.fromJson(new JsonObject().put("webrootDir", dir.toString())).webrootDir()).isEqualTo(dir);
    assertThatThrownBy(() -> AppConfig.fromJson(new JsonObject().put("webrootDir", dir.resolve("none").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("webrootDir (COCREATE_WEBROOT_DIR): no readable directory at " + dir.resolve("none"));
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> AppConfig.fromJson(new JsonObject().put("webrootDir", file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webrootDir (COCREATE_WEBROOT_DIR)");
  }
}
