package dev.cocreate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A viewer is a member or anonymous, never a user id of 0")
class ViewerTest {
  static User member(long id) {
    return new User(id, "member" + id, "member" + id + "@example.test", "Member", "member", 1, 0, null, "", null, null, null, null, null, null, null, null);
  }

  @Test
  @DisplayName("an anonymous caller is the anonymous viewer; a signed-in one is a member by their id")
  void ofCaller() {
    assertThat(Viewer.of(Caller.ANONYMOUS)).isSameAs(Viewer.ANONYMOUS);
    assertThat(Viewer.ANONYMOUS.anonymous()).isTrue();
    Viewer m = Viewer.of(new Caller(member(42), UUID.randomUUID(), false));
    assertThat(m.anonymous()).isFalse();
    assertThat(m.sqlId()).isEqualTo(42);
    assertThat(m).isEqualTo(Viewer.member(42)).isNotEqualTo(Viewer.ANONYMOUS);
  }

  @Test
  @DisplayName("no member has id 0 or less: anonymous cannot be made by passing one")
  void noMemberZero() {
    assertThatThrownBy(() -> Viewer.member(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Viewer.member(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("queries bind the anonymous viewer as 0, the id of no user, so it has no rows of its own")
  void anonymousBindsNoUser() {
    assertThat(Viewer.ANONYMOUS.sqlId()).isZero();
  }
}
