package dev.cocreate.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Passwords are hashed with Argon2id at the OWASP minimum, and every hash names its own cost")
class PasswordHasherTest {
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("the server's hasher uses 19 MiB and two passes, and verifies only the right password")
  void serverCost() throws Exception {
    PasswordHasher server = new PasswordHasher(vertx);
    String hash = await(server.hash("correct horse battery"));
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(await(server.verify("correct horse battery", hash))).isTrue();
    assertThat(await(server.verify("correct horse batterY", hash))).isFalse();
    assertThat(await(server.verify("correct horse battery", null))).as("no account: the decoy never matches").isFalse();
  }

  @Test
  @DisplayName("a hash made at another cost verifies by the cost it names, and a cost below Argon2's floor is refused")
  void costTravelsWithTheHash() throws Exception {
    String cheap = await(new PasswordHasher(vertx, new PasswordHasher.Cost(1024, 1)).hash("pw"));
    assertThat(cheap).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    assertThat(await(new PasswordHasher(vertx).verify("pw", cheap))).isTrue();
    assertThat(await(new PasswordHasher(vertx).verify("px", cheap))).isFalse();
    assertThatThrownBy(() -> new PasswordHasher.Cost(4, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher.Cost(1024, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
