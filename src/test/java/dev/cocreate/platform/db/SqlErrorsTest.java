package dev.cocreate.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Which failures mean the database is unavailable (503), not a bug (500)")
class SqlErrorsTest {
  @Test
  @DisplayName("a connection reset or closed under a query is an outage, wrapped or not")
  void lostConnections() {
    assertThat(SqlErrors.isUnavailable(new SocketException("Connection reset"))).isTrue();
    assertThat(SqlErrors.isUnavailable(new VertxException(new SocketException("Connection reset")))).isTrue();
    assertThat(SqlErrors.isUnavailable(new ClosedChannelException())).isTrue();
    assertThat(SqlErrors.isUnavailable(new ConnectException("Connection refused"))).isTrue();
  }

  @Test
  @DisplayName("the pool's wait for a free connection running out is a busy server (503), not a bug")
  void poolWaitTimeout() {
    assertThat(SqlErrors.isUnavailable(new io.vertx.core.impl.NoStackTraceThrowable("Timeout"))).isTrue();
    assertThat(SqlErrors.isUnavailable(new io.vertx.core.impl.NoStackTraceThrowable("something else"))).isFalse();
  }

  @Test
  @DisplayName("a bug stays a bug")
  void notOutages() {
    assertThat(SqlErrors.isUnavailable(new IllegalStateException("boom"))).isFalse();
    assertThat(SqlErrors.isUnavailable(new NullPointerException())).isFalse();
  }
}
