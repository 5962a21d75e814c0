package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.events.EventLog;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A hub's recent events answer a since replay only when they reach back far enough")
class RecentEventsTest {
  static LiveEvent event(long id, String topic) {
    return LiveEvent.of(id, topic, "post.created", "{\"n\":" + id + "}");
  }

  static List<Long> ids(List<LiveEvent> events) {
    return events == null ? null : events.stream().map(LiveEvent::id).toList();
  }

  @Test
  @DisplayName("from the first event seen on, the events of the asked topics after since, in order")
  void answersWithinWhatItSaw() {
    RecentEvents recent = new RecentEvents(100, 1 << 20);
    assertThat(recent.after(Set.of("thread:1"), 0)).as("nothing seen: the database answers").isNull();
    for (long id = 10; id <= 20; id++) {
      recent.add(event(id, id % 2 == 0 ? "thread:1" : "thread:2"));
    }
    assertThat(ids(recent.after(Set.of("thread:1"), 9))).containsExactly(10L, 12L, 14L, 16L, 18L, 20L);
    assertThat(ids(recent.after(Set.of("thread:1", "thread:2"), 15))).containsExactly(16L, 17L, 18L, 19L, 20L);
    assertThat(ids(recent.after(Set.of("thread:1"), 20))).isEmpty();
    assertThat(ids(recent.after(Set.of("thread:1"), 99))).as("a since from the future: nothing yet").isEmpty();
    assertThat(recent.after(Set.of("thread:1"), 8)).as("event 9 may exist and was never seen here").isNull();
    assertThat(recent.last()).isEqualTo(20);
  }

  @Test
  @DisplayName("evicting the oldest (by count or by bytes) moves the reach up: an older since goes to the database")
  void evictionMovesTheBound() {
    RecentEvents byCount = new RecentEvents(4, 1 << 20);
    for (long id = 1; id <= 10; id++) {
      byCount.add(event(id, "thread:1"));
    }
    assertThat(byCount.size()).isEqualTo(4);
    assertThat(ids(byCount.after(Set.of("thread:1"), 6))).containsExactly(7L, 8L, 9L, 10L);
    assertThat(byCount.after(Set.of("thread:1"), 5)).isNull();

    int one = event(1, "thread:1").size();
    RecentEvents byBytes = new RecentEvents(100, one * 3L);
    for (long id = 1; id <= 5; id++) {
      byBytes.add(event(id, "thread:1"));
    }
    assertThat(ids(byBytes.after(Set.of("thread:1"), 2))).containsExactly(3L, 4L, 5L);
    assertThat(byBytes.after(Set.of("thread:1"), 1)).isNull();
  }

  @Test
  @DisplayName("an event larger than the whole budget empties it; blocked-user notices are never replayed")
  void oversizeAndBlocked() {
    RecentEvents recent = new RecentEvents(100, 200);
    recent.add(event(1, "thread:1"));
    recent.add(LiveEvent.of(2, "thread:1", "post.created", "\"" + "x".repeat(500) + "\""));
    recent.add(event(3, "thread:1"));
    assertThat(recent.after(Set.of("thread:1"), 1)).isNull();
    assertThat(ids(recent.after(Set.of("thread:1"), 2))).containsExactly(3L);
    recent.add(LiveEvent.of(4, "user:7", EventLog.USER_BLOCKED, "{}"));
    recent.add(event(5, "user:7"));
    assertThat(ids(recent.after(Set.of("user:7"), 3))).containsExactly(5L);
    assertThat(recent.last()).isEqualTo(5);
  }
}
