package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.account.Caller;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Live: permission answers shared during a reconnect storm")
class AccessCacheTest {
  final List<Promise<Boolean>> asked = new ArrayList<>();
  final TopicAccess slow = (caller, topic) -> {
    Promise<Boolean> p = Promise.promise();
    asked.add(p);
    return p.future();
  };

  @Test
  @DisplayName("identical questions in flight share one query, and the answer is reused for a moment")
  void sharesAndReuses() {
    AccessCache cache = new AccessCache(slow, 60_000);
    Future<Boolean> a = cache.canSubscribe(Caller.ANONYMOUS, "thread:1");
    Future<Boolean> b = cache.canSubscribe(Caller.ANONYMOUS, "thread:1");
    cache.canSubscribe(Caller.ANONYMOUS, "thread:2");
    assertThat(asked).hasSize(2);
    asked.get(0).complete(true);
    assertThat(a.result()).isTrue();
    assertThat(b.result()).isTrue();
    assertThat(cache.canSubscribe(Caller.ANONYMOUS, "thread:1").result()).isTrue();
    assertThat(asked).hasSize(2);
  }

  @Test
  @DisplayName("a yes expires after its time to live; a no and a failure are asked again at once")
  void expiresAndForgetsNoAndFailures() {
    AtomicLong now = new AtomicLong(1_000);
    AccessCache cache = new AccessCache(slow, 50, now::get);
    cache.canSubscribe(Caller.ANONYMOUS, "thread:1");
    asked.get(0).complete(true);
    now.addAndGet(49);
    assertThat(cache.canSubscribe(Caller.ANONYMOUS, "thread:1").result()).as("49 ms later").isTrue();
    assertThat(asked).hasSize(1);
    now.addAndGet(1);
    cache.canSubscribe(Caller.ANONYMOUS, "thread:1");
    assertThat(asked).as("asked again once the yes is 50 ms old").hasSize(2);
    asked.get(1).complete(false);
    cache.canSubscribe(Caller.ANONYMOUS, "thread:1");
    assertThat(asked).as("asked again at once after a no").hasSize(3);
    asked.get(2).fail("database down");
    cache.canSubscribe(Caller.ANONYMOUS, "thread:1");
    assertThat(asked).as("asked again at once after a failure").hasSize(4);
  }
}
