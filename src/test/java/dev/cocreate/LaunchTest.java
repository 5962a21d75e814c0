package dev.cocreate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Launch: which command runs under the heap policy")
class LaunchTest {
  @Test
  @DisplayName("serve, the default, does (whatever --config says); the one-off commands run in the JVM they were given")
  void onlyServe() {
    assertThat(Launch.serves(new String[] {})).isTrue();
    assertThat(Launch.serves(new String[] {"serve"})).isTrue();
    assertThat(Launch.serves(new String[] {"--config", "serve.json"})).isTrue();
    assertThat(Launch.serves(new String[] {"--config", "create-admin"})).as("a config file named like a command").isTrue();
    assertThat(Launch.serves(new String[] {"--config=x.json", "serve"})).isTrue();
    assertThat(Launch.serves(new String[] {"--config", "x.json", "create-admin", "ann"})).isFalse();
    assertThat(Launch.serves(new String[] {"backup", "file.zip"})).isFalse();
    assertThat(Launch.serves(new String[] {"restore", "file.zip"})).isFalse();
  }
}
