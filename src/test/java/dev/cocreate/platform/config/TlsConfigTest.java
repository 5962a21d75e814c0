package dev.cocreate.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("TLS settings: both files or neither, readable, and a redirect port only with TLS")
class TlsConfigTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("with certificate and key, TLS, HSTS and secure cookies are on")
  void bothFiles() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    Path key = Files.writeString(dir.resolve("k.pem"), "x");
    AppConfig c = AppConfig.fromJson(new JsonObject().put("tlsCertPath", cert.toString()).put("tlsKeyPath", key.toString())
        .put("httpRedirectPort", "8081"));
    assertThat(c.tls()).isTrue();
    assertThat(c.secureCookies()).isTrue();
    assertThat(c.httpRedirectPort()).isEqualTo(8081);
  }

  @Test
  @DisplayName("without them TLS is off, and secure cookies follow an https publicUrl")
  void neither() {
    assertThat(AppConfig.fromJson(new JsonObject()).tls()).isFalse();
    assertThat(AppConfig.fromJson(new JsonObject()).secureCookies()).isFalse();
    assertThat(AppConfig.fromJson(new JsonObject().put("publicUrl", "https://x.example")).secureCookies()).isTrue();
  }

  @Test
  @DisplayName("one without the other, a missing file, or a redirect port without TLS stops start-up naming the key")
  void refused() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    assertThatThrownBy(() -> AppConfig.fromJson(new JsonObject().put("tlsCertPath", cert.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tlsKeyPath (COCREATE_TLS_KEY)");
    assertThatThrownBy(() -> AppConfig.fromJson(new JsonObject().put("tlsCertPath", cert.toString())
        .put("tlsKeyPath", dir.resolve("missing.pem").toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tlsKeyPath (COCREATE_TLS_KEY): no readable file");
    assertThatThrownBy(() -> AppConfig.fromJson(new JsonObject().put("httpRedirectPort", 8081)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("httpRedirectPort (COCREATE_HTTP_REDIRECT_PORT)");
  }
}
