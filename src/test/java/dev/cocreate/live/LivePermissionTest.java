package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Live: who may follow what")
class LivePermissionTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static final Community community = Community.in(server);
  static EventWriter writer;
  static long author;
  static String publicThread;
  static String membersThread;
  static String groupThread;
  static String hiddenThread;
  static long groupSpace;

  @BeforeAll
  static void start() {
    writer = new EventWriter(server.dbUrl(), 4);
    String db = server.dbUrl();
    author = community.userRow("perm_author");
    long pub = community.spaceRow("perm-public", "public");
    long members = community.spaceRow("perm-members", "members");
    groupSpace = community.spaceRow("perm-group", "group");
    publicThread = "thread:" + community.threadRow(pub, author);
    membersThread = "thread:" + community.threadRow(members, author);
    groupThread = "thread:" + community.threadRow(groupSpace, author);
    long hidden = community.threadRow(pub, author);
    TestDatabase.execOn(db, "update threads set hidden = true where id = " + hidden);
    hiddenThread = "thread:" + hidden;
  }

  @AfterAll
  static void stop() {
    writer.close();
  }

  /** Subscribes and returns the topics answered forbidden (empty when all were subscribed). */
  private static List<Object> forbidden(LiveClient c, String... topics) {
    c.subscribe(topics);
    JsonObject answer = c.next(5000);
    if ("subscribed".equals(answer.getString("op"))) {
      return List.of();
    }
    assertThat(answer.getString("code")).as(answer.encode()).isEqualTo("forbidden");
    List<Object> refused = answer.getJsonArray("topics").getList();
    if (refused.size() < topics.length) {
      assertThat(c.next(5000).getString("op")).isEqualTo("subscribed");
    }
    return refused;
  }

  @Test
  @DisplayName("an outsider is refused a group space's thread and never receives its events")
  void groupThreadOutsider() {
    TestHttp outsider = server.http();
    outsider.register("perm_outsider");
    try (LiveClient c = LiveClient.withToken(server.port(), outsider.token())) {
      assertThat(forbidden(c, groupThread, publicThread)).containsExactly(groupThread);
      writer.appendNow(groupThread, "post.created", new JsonObject().put("secret", true));
      long visible = writer.appendNow(publicThread, "post.created", new JsonObject());
      // Events arrive in id order, so once the later public event is here the group one would have been too.
      JsonObject event = c.expect("event", 5000);
      assertThat(event.getLong("id")).isEqualTo(visible);
      assertThat(c.drain(300)).isEmpty();
      // Asking again, or with since, changes nothing.
      assertThat(forbidden(c, groupThread)).containsExactly(groupThread);
      c.subscribeSince(0, groupThread);
      assertThat(c.next(5000).getString("code")).isEqualTo("forbidden");
      assertThat(c.drain(300)).isEmpty();
    }
  }

  @Test
  @DisplayName("group members, moderators and admins may follow a group space's thread")
  void groupThreadInsiders() {
    TestHttp member = server.http();
    long memberId = member.register("perm_member").getLong("id");
    community.spaceMemberRow(groupSpace, memberId);
    TestHttp moderator = server.http();
    moderator.register("perm_mod");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'moderator' where username = 'perm_mod'");
    for (TestHttp who : List.of(member, moderator)) {
      try (LiveClient c = LiveClient.withToken(server.port(), who.token())) {
        assertThat(forbidden(c, groupThread, "space:perm-group")).isEmpty();
        long id = writer.appendNow(groupThread, "post.created", new JsonObject());
        assertThat(c.expect("event", 5000).getLong("id")).isEqualTo(id);
      }
    }
  }

  @Test
  @DisplayName("anonymous connections may follow public topics only")
  void anonymous() {
    try (LiveClient c = LiveClient.connect(server.port())) {
      assertThat(forbidden(c, publicThread, "space:perm-public")).isEmpty();
      assertThat(forbidden(c, membersThread, "space:perm-members", groupThread, "space:perm-group", "me", hiddenThread,
          "thread:999999", "space:nope", "challenge:1"))
          .containsExactlyInAnyOrder(membersThread, "space:perm-members", groupThread, "space:perm-group", "me", hiddenThread,
              "thread:999999", "space:nope", "challenge:1");
    }
  }

  @Test
  @DisplayName("members spaces are open to anyone signed in; hidden threads only to moderators")
  void membersAndHidden() {
    TestHttp someone = server.http();
    someone.register("perm_someone");
    try (LiveClient c = LiveClient.withToken(server.port(), someone.token())) {
      assertThat(forbidden(c, membersThread, "space:perm-members")).isEmpty();
      assertThat(forbidden(c, hiddenThread)).containsExactly(hiddenThread);
    }
  }

  @Test
  @DisplayName("suspending a member closes their live connections with 1008")
  void suspension() {
    TestHttp member = server.http();
    member.register("perm_suspended");
    TestHttp moderator = server.http();
    moderator.register("perm_mod2");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'moderator' where username = 'perm_mod2'");
    try (LiveClient header = LiveClient.withToken(server.port(), member.token());
        LiveClient message = LiveClient.connect(server.port());
        LiveClient bystander = LiveClient.withToken(server.port(), moderator.token())) {
      header.subscribe(publicThread, "me");
      header.expect("subscribed", 5000);
      message.send(new JsonObject().put("op", "auth").put("token", member.token())).subscribe(publicThread);
      message.expect("subscribed", 5000);
      bystander.subscribe(publicThread);
      bystander.expect("subscribed", 5000);

      Resp r = moderator.post("/api/users/perm_suspended/suspension",
          new JsonObject().put("until", OffsetDateTime.now().plusDays(1).toString()).put("reason", "spam"));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(header.awaitClose(5000)).isEqualTo(1008);
      assertThat(message.awaitClose(5000)).isEqualTo(1008);
      assertThat(bystander.isClosed()).isFalse();
      // The user.blocked event is internal: nobody is sent it, not even through 'me' replay.
      bystander.send(new JsonObject().put("op", "ping"));
      assertThat(bystander.next(5000).getString("op")).isEqualTo("pong");
    }
    // And the suspended member cannot come back.
    try (LiveClient again = LiveClient.connect(server.port())) {
      again.send(new JsonObject().put("op", "auth").put("token", member.token()));
      assertThat(again.next(5000).getString("code")).isEqualTo("forbidden");
      assertThat(again.awaitClose(5000)).isEqualTo(1008);
    }
  }
}
