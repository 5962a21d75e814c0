package dev.cocreate.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cocreate.platform.config.ConfigException;
import dev.cocreate.platform.config.ModerationConfig;
import dev.cocreate.platform.http.RateLimitPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Trust levels, their thresholds and the rate-limit policy (no server)")
class TrustLevelsTest {
  static final ModerationConfig CONFIG = ModerationConfig.fromJson(new JsonObject().put("trustLevels", new JsonObject()
      .put("1", new JsonObject().put("daysVisited", 2).put("postsRead", 5).put("replies", 0).put("votesGiven", 0)
          .put("votesReceived", 0).put("maxFlagsUpheld", 1))
      .put("2", new JsonObject().put("daysVisited", 3).put("postsRead", 10).put("replies", 2).put("votesGiven", 1)
          .put("votesReceived", 1).put("maxFlagsUpheld", 0))
      .put("3", new JsonObject().put("daysVisited", 5).put("postsRead", 20).put("replies", 4).put("votesGiven", 2)
          .put("votesReceived", 2).put("maxFlagsUpheld", 0))));
  static final TrustLevels LEVELS = new TrustLevels(CONFIG);

  static TrustLevels.Activity activity(long days, long read, long replies, long given, long received, long flags) {
    return new TrustLevels.Activity(1, 0, days, read, replies, given, received, flags);
  }

  @Test
  @DisplayName("each level is reached exactly at its threshold, one count short is the level below")
  void thresholds() {
    assertThat(LEVELS.earned(activity(0, 0, 0, 0, 0, 0))).isZero();
    assertThat(LEVELS.earned(activity(2, 4, 0, 0, 0, 0))).isZero();
    assertThat(LEVELS.earned(activity(1, 5, 0, 0, 0, 0))).isZero();
    assertThat(LEVELS.earned(activity(2, 5, 0, 0, 0, 0))).isEqualTo(1);
    assertThat(LEVELS.earned(activity(3, 10, 2, 1, 0, 0))).isEqualTo(1);
    assertThat(LEVELS.earned(activity(3, 10, 2, 1, 1, 0))).isEqualTo(2);
    assertThat(LEVELS.earned(activity(5, 20, 4, 2, 1, 0))).isEqualTo(2);
    assertThat(LEVELS.earned(activity(5, 20, 4, 2, 2, 0))).isEqualTo(3);
  }

  @Test
  @DisplayName("flags upheld against a member hold them back; levels 1-2 are kept, level 3 is re-earned, level 4 is manual")
  void flagsAndKeeping() {
    assertThat(LEVELS.earned(activity(5, 20, 4, 2, 2, 1))).as("one flag upheld stops at 1").isEqualTo(1);
    assertThat(LEVELS.earned(activity(5, 20, 4, 2, 2, 2))).isZero();
    assertThat(LEVELS.next(2, activity(0, 0, 0, 0, 0, 5))).isEqualTo(2);
    assertThat(LEVELS.next(3, activity(5, 20, 4, 2, 2, 1))).isEqualTo(2);
    assertThat(LEVELS.next(4, activity(0, 0, 0, 0, 0, 9))).isEqualTo(4);
    assertThat(LEVELS.next(0, activity(5, 20, 4, 2, 2, 0))).isEqualTo(3);
  }

  @Test
  @DisplayName("partial configuration keeps the other defaults; unknown keys and bad rates stop start-up")
  void configuration() {
    ModerationConfig partial = ModerationConfig.fromJson("{\"autoHideFlags\": 5, \"trustLevels\": {\"2\": {\"replies\": 7}}}");
    assertThat(partial.autoHideFlags()).isEqualTo(5);
    assertThat(partial.claimMinutes()).isEqualTo(10);
    assertThat(partial.threshold(2).replies()).isEqualTo(7);
    assertThat(partial.threshold(2).postsRead()).isEqualTo(100);
    assertThat(partial.rateLimits().get("flag")).hasSize(4);
    assertThatThrownBy(() -> ModerationConfig.fromJson("{\"autoHide\": 5}")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("moderation.autoHide");
    assertThatThrownBy(() -> ModerationConfig.fromJson(new JsonObject().put("rateLimits",
        new JsonObject().put("flag", new JsonArray().add("1/1m"))))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("one per trust level");
    assertThatThrownBy(() -> ModerationConfig.fromJson(new JsonObject().put("rateLimits",
        new JsonObject().put("vote", new JsonArray().add("1/1m").add("fast").add("1/1m").add("1/1m")))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("moderation.rateLimits.vote");
    assertThatThrownBy(() -> ModerationConfig.fromJson("not json")).isInstanceOf(ConfigException.class);
  }

  @Test
  @DisplayName("the rate-limit policy gives each trust level its own limit; staff get the highest")
  void policy() {
    ModerationConfig c = ModerationConfig.fromJson(new JsonObject().put("rateLimits", new JsonObject()
        .put("post", new JsonArray().add("1/10s").add("2/1m").add("3/1h").add("4/1d"))));
    RateLimitPolicy p = new RateLimitPolicy(c);
    assertThat(p.limit(RateLimitPolicy.Action.POST, 0).capacity()).isEqualTo(1);
    assertThat(p.limit(RateLimitPolicy.Action.POST, 0).period()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.limit(RateLimitPolicy.Action.POST, 2).period()).isEqualTo(Duration.ofHours(1));
    assertThat(p.limit(RateLimitPolicy.Action.POST, 4).capacity()).isEqualTo(4);
    assertThat(RateLimitPolicy.effectiveLevel(0, true)).isEqualTo(3);
    assertThat(p.limit(RateLimitPolicy.Action.POST, 0).name()).isNotEqualTo(p.limit(RateLimitPolicy.Action.POST, 1).name());
  }
}
