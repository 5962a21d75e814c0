package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A memory replay's posts as a read shows them now, with the shared frames kept where nothing changes")
class ReplayViewTest {
  /** The server's rule: moderators and the author see a hidden post. */
  final TopicAccess access = new TopicAccess() {
    @Override
    public Future<Boolean> canSubscribe(Caller caller, String topic) {
      return Future.succeededFuture(true);
    }

    @Override
    public boolean canSeeHiddenPost(Caller caller, long authorId) {
      return caller.isModerator() || caller.signedIn() && caller.id() == authorId;
    }
  };
  final ReplayView view = new ReplayView(access);

  static JsonObject post(long id, long authorId, String body) {
    return new JsonObject().put("id", id).put("threadId", 1).put("author", new JsonObject().put("id", authorId))
        .put("body", body).put("html", "<p>" + body + "</p>").put("deleted", false).put("hidden", false);
  }

  static LiveEvent event(long id, String type, JsonObject data) {
    return LiveEvent.of(id, "thread:1", type, data.encode());
  }

  static Caller user(long id, String role) {
    return new Caller(new User(id, "u" + id, null, "U", role, 1, 0, null, "", OffsetDateTime.now(), null, null, null, null, null, null, null), null, false);
  }

  @Test
  @DisplayName("nothing deleted or hidden in the window: the same list, unparsed")
  void untouched() {
    List<LiveEvent> events = List.of(event(1, "post.created", post(10, 7, "a")), event(2, "post.voted",
        new JsonObject().put("postId", 10).put("voteScore", 1)));
    assertThat(view.redactFromWindow(Caller.ANONYMOUS, events)).isSameAs(events);
  }

  @Test
  @DisplayName("a post deleted or hidden later in the window is replayed as its placeholder; the author sees the hidden one; others keep their frames")
  void redacted() {
    LiveEvent keep = event(1, "post.created", post(10, 7, "kept"));
    LiveEvent gone = event(2, "post.created", post(11, 7, "deleted later"));
    LiveEvent hide = event(3, "post.created", post(12, 8, "hidden later"));
    LiveEvent edit = event(4, "post.edited", post(12, 8, "hidden later, edited"));
    LiveEvent deleted = event(5, "post.deleted", post(11, 7, "[deleted]").put("deleted", true));
    LiveEvent hidden = event(6, "post.hidden", new JsonObject().put("id", 12).put("threadId", 1).put("hidden", true));
    List<LiveEvent> window = List.of(keep, gone, hide, edit, deleted, hidden);

    List<LiveEvent> anonymous = view.redactFromWindow(Caller.ANONYMOUS, window);
    assertThat(anonymous.get(0)).isSameAs(keep);
    assertThat(body(anonymous.get(1))).isEqualTo("[deleted]");
    assertThat(ReplayView.data(anonymous.get(1)).getBoolean("deleted")).isTrue();
    assertThat(body(anonymous.get(2))).isEqualTo("[hidden by a moderator]");
    assertThat(body(anonymous.get(3))).isEqualTo("[hidden by a moderator]");
    assertThat(anonymous.get(4)).isSameAs(deleted);
    assertThat(anonymous.get(5)).isSameAs(hidden);
    assertThat(anonymous.get(1).id()).isEqualTo(2);

    List<LiveEvent> author = view.redactFromWindow(user(8, "member"), window);
    assertThat(author.get(2)).isSameAs(hide);
    assertThat(author.get(3)).isSameAs(edit);
    assertThat(body(author.get(1))).as("deleted for everyone").isEqualTo("[deleted]");
    assertThat(view.redactFromWindow(user(9, "moderator"), window).get(2)).isSameAs(hide);
  }

  @Test
  @DisplayName("a post shown again after a hide is replayed as it was")
  void shownAgain() {
    LiveEvent created = event(1, "post.created", post(12, 8, "back"));
    List<LiveEvent> window = List.of(created,
        event(2, "post.hidden", new JsonObject().put("id", 12).put("hidden", true)),
        event(3, "post.hidden", new JsonObject().put("id", 12).put("hidden", false)));
    assertThat(view.redactFromWindow(Caller.ANONYMOUS, window).get(0)).isSameAs(created);
  }

  @Test
  @DisplayName("space events and moves without thread.created or thread.moved need no query")
  void filterWithoutQuery() {
    List<LiveEvent> events = List.of(event(1, "post.created", post(10, 7, "a")));
    // The default readable() fails: reaching it would fail this future.
    assertThat(view.filter(Caller.ANONYMOUS, events).result()).isSameAs(events);
    TopicAccess.Readable nothing = new TopicAccess.Readable(Set.of(), Set.of());
    assertThat(nothing.threads()).isEmpty();
  }

  static String body(LiveEvent e) {
    return ReplayView.data(e).getString("body");
  }
}
