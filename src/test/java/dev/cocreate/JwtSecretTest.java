package dev.cocreate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cocreate.platform.config.AppConfig;
import dev.cocreate.platform.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The JWT secret is generated per data directory, kept private, and never a default")
class JwtSecretTest {
  @TempDir
  Path tmp;

  static AppConfig config(Path dataDir) {
    return AppConfig.fromJson(new JsonObject().put("dataDir", dataDir.toString()));
  }

  @Test
  @DisplayName("no secret is configured by default")
  void noDefault() {
    assertThat(AppConfig.fromJson(new JsonObject()).jwtSecret()).isNull();
  }

  @Test
  @DisplayName("two data directories get different random secrets, each kept in a 0600 file and the same on every start")
  void perDataDirectory() throws IOException {
    AppConfig a = Main.withSecret(config(tmp.resolve("a")));
    AppConfig b = Main.withSecret(config(tmp.resolve("b")));
    assertThat(a.jwtSecret()).isNotEqualTo(b.jwtSecret());
    for (AppConfig c : new AppConfig[] {a, b}) {
      assertThat(Base64.getUrlDecoder().decode(c.jwtSecret())).as("random bytes").hasSize(48);
      Path file = c.dataDir().resolve("jwt-secret");
      assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(file).strip()).isEqualTo(c.jwtSecret());
    }
    assertThat(Main.withSecret(config(tmp.resolve("a"))).jwtSecret()).as("after a restart").isEqualTo(a.jwtSecret());
    try (var left = Files.list(tmp.resolve("a"))) {
      assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file is left behind").containsExactly("jwt-secret");
    }
  }

  @Test
  @DisplayName("a configured secret wins and is not written to disk; one shorter than 32 characters is refused")
  void configured() {
    String secret = "a-configured-secret-of-enough-length-0123";
    AppConfig c = Main.withSecret(AppConfig.fromJson(new JsonObject().put("dataDir", tmp.resolve("c").toString()).put("jwtSecret", secret)));
    assertThat(c.jwtSecret()).isEqualTo(secret);
    assertThat(tmp.resolve("c").resolve("jwt-secret")).doesNotExist();
    assertThatThrownBy(() -> AppConfig.fromJson(new JsonObject().put("jwtSecret", "short"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("jwtSecret");
  }
}
