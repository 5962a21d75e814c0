package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Forum API: spaces, threads, posts, revisions, votes")
class ForumApiTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp alice;
  static TestHttp bob;
  static TestHttp anon;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("forum");
    alice = community.member("alice");
    bob = community.member("bob");
    anon = server.http();
    community.space("general", "public");
    community.space("other", "public");
  }

  static Set<String> fields(Resp r) {
    JsonArray errors = r.json().getJsonArray("errors");
    return errors == null ? Set.of() : errors.stream().map(o -> ((JsonObject) o).getString("field")).collect(Collectors.toSet());
  }

  static List<Long> ids(JsonArray items) {
    List<Long> out = new ArrayList<>();
    items.forEach(o -> out.add(((JsonObject) o).getLong("id")));
    return out;
  }

  // Spaces

  @Test
  @DisplayName("only an admin creates spaces: anonymous 401, member 403, admin 201 with the space")
  void createSpace() {
    JsonObject req = new JsonObject().put("slug", "made-here").put("name", "Made here").put("description", "d")
        .put("visibility", "members");
    assertThat(anon.post("/api/spaces", req).status()).isEqualTo(401);
    assertThat(alice.post("/api/spaces", req).status()).isEqualTo(403);
    Resp r = community.admin().post("/api/spaces", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().getString("slug")).isEqualTo("made-here");
    assertThat(r.json().getString("visibility")).isEqualTo("members");
    assertThat(r.json().getString("createdAt")).endsWith("Z");
    assertThat(community.admin().post("/api/spaces", req).status()).isEqualTo(409);
    assertThat(alice.get("/api/spaces/made-here").json().getString("name")).isEqualTo("Made here");
    assertThat(anon.get("/api/spaces/no-such-space").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("an invalid space is 400 with an error per field")
  void invalidSpace() {
    Resp r = community.admin().post("/api/spaces", new JsonObject().put("slug", "Bad Slug!").put("visibility", "secret"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(fields(r)).contains("slug", "name", "visibility");
    Resp unknownMember = community.admin().post("/api/spaces", new JsonObject().put("slug", "grp-x").put("name", "G")
        .put("visibility", "group").put("groupMembers", new JsonArray().add("alice").add("nobody_here")));
    assertThat(unknownMember.status()).isEqualTo(400);
    assertThat(unknownMember.body()).contains("nobody_here");
    Resp membersOnPublic = community.admin().post("/api/spaces", new JsonObject().put("slug", "pub-x").put("name", "P")
        .put("visibility", "public").put("groupMembers", new JsonArray().add("alice")));
    assertThat(membersOnPublic.status()).isEqualTo(400);
    assertThat(fields(membersOnPublic)).containsExactly("groupMembers");
    assertThat(community.admin().get("/api/spaces/grp-x").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("an admin manages a group space's members; others are refused; non-group spaces have none")
  void groupMembers() {
    Resp created = community.admin().post("/api/spaces", new JsonObject().put("slug", "team").put("name", "Team")
        .put("visibility", "group").put("groupMembers", new JsonArray().add("alice")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getJsonArray("groupMembers")).containsExactly("alice");
    assertThat(anon.put("/api/spaces/team/members/bob", null).status()).isEqualTo(401);
    assertThat(alice.put("/api/spaces/team/members/bob", null).status()).isEqualTo(403);
    assertThat(bob.get("/api/spaces/team").status()).isEqualTo(404);
    Resp added = community.admin().put("/api/spaces/team/members/bob", null);
    assertThat(added.status()).as(added.toString()).isEqualTo(200);
    assertThat(added.json().getJsonArray("groupMembers")).containsExactly("alice", "bob");
    assertThat(bob.get("/api/spaces/team").status()).isEqualTo(200);
    assertThat(community.admin().put("/api/spaces/team/members/nobody_here", null).status()).isEqualTo(404);
    assertThat(community.admin().put("/api/spaces/no-such/members/bob", null).status()).isEqualTo(404);
    assertThat(community.admin().put("/api/spaces/general/members/bob", null).status()).isEqualTo(409);
    assertThat(alice.delete("/api/spaces/team/members/bob").status()).isEqualTo(403);
    assertThat(community.admin().delete("/api/spaces/team/members/bob").status()).isEqualTo(204);
    assertThat(community.admin().delete("/api/spaces/team/members/bob").status()).isEqualTo(404);
    assertThat(bob.get("/api/spaces/team").status()).isEqualTo(404);
  }

  // Threads

  @Test
  @DisplayName("starting a thread answers 201 with the thread and its first post")
  void createThread() {
    Resp r = alice.post("/api/threads", new JsonObject().put("space", "general").put("title", "Hello world")
        .put("body", "**Hi** @bob <script>alert(1)</script>").put("tags", new JsonArray().add("intro").add("meta").add("intro")));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonObject t = r.json();
    assertThat(t.getLong("id")).isPositive();
    assertThat(t.getString("space")).isEqualTo("general");
    assertThat(t.getString("title")).isEqualTo("Hello world");
    assertThat(t.getJsonObject("author").getString("username")).isEqualTo("alice");
    assertThat(t.getJsonObject("author").fieldNames()).containsExactlyInAnyOrder("id", "username", "displayName");
    assertThat(t.getInteger("replyCount")).isZero();
    assertThat(t.getInteger("voteScore")).isZero();
    assertThat(t.getBoolean("locked")).isFalse();
    assertThat(t.getBoolean("pinned")).isFalse();
    assertThat(t.getJsonArray("tags")).containsExactly("intro", "meta");
    assertThat(t.containsKey("ideaId")).isFalse();
    assertThat(t.getString("createdAt")).endsWith("Z");
    assertThat(t.getString("lastActivityAt")).endsWith("Z");
    JsonObject first = t.getJsonObject("firstPost");
    assertThat(first.getLong("threadId")).isEqualTo(t.getLong("id"));
    assertThat(first.getInteger("depth")).isZero();
    assertThat(first.getValue("parentId")).isNull();
    assertThat(first.getString("body")).startsWith("**Hi**");
    assertThat(first.getString("html")).contains("<strong>Hi</strong>").contains("href=\"/u/bob\"").doesNotContain("<script");
    assertThat(first.getBoolean("deleted")).isFalse();
    assertThat(first.getBoolean("hidden")).isFalse();
    assertThat(alice.get("/api/threads/" + t.getLong("id")).json().getString("title")).isEqualTo("Hello world");
  }

  @Test
  @DisplayName("starting a thread: anonymous 401, invalid fields 400, unknown space 404")
  void createThreadErrors() {
    JsonObject ok = new JsonObject().put("space", "general").put("title", "Valid title").put("body", "text");
    assertThat(anon.post("/api/threads", ok).status()).isEqualTo(401);
    Resp invalid = alice.post("/api/threads", new JsonObject().put("title", "ab").put("body", "  ")
        .put("tags", new JsonArray().add("UPPER")));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(fields(invalid)).containsExactlyInAnyOrder("space", "title", "body", "tags");
    Resp tooMany = alice.post("/api/threads", ok.copy().put("tags", new JsonArray(List.of("a", "b", "c", "d", "e", "f"))));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(fields(tooMany)).containsExactly("tags");
    assertThat(alice.post("/api/threads", ok.copy().put("title", "x".repeat(201))).status()).isEqualTo(400);
    assertThat(alice.post("/api/threads", ok.copy().put("body", "x".repeat(50_001))).status()).isEqualTo(400);
    assertThat(alice.post("/api/threads", ok.copy().put("space", "no-such-space")).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("unknown, zero and non-numeric ids are 404")
  void unknownIds() {
    for (String path : List.of("/api/threads/999999", "/api/threads/abc", "/api/threads/0", "/api/threads/99999999999999999999",
        "/api/threads/999999/posts", "/api/threads/x/posts", "/api/posts/999999", "/api/posts/abc",
        "/api/posts/999999/revisions", "/api/posts/-1/revisions", "/api/spaces/no-such/threads")) {
      assertThat(alice.get(path).status()).as(path).isEqualTo(404);
    }
    assertThat(alice.post("/api/threads/999999/posts", new JsonObject().put("body", "x")).status()).isEqualTo(404);
    assertThat(alice.post("/api/threads/abc/posts", new JsonObject().put("body", "x")).status()).isEqualTo(404);
    assertThat(alice.patch("/api/posts/999999", new JsonObject().put("body", "x")).status()).isEqualTo(404);
    assertThat(alice.patch("/api/posts/abc", new JsonObject().put("body", "x")).status()).isEqualTo(404);
    assertThat(alice.delete("/api/posts/999999").status()).isEqualTo(404);
    assertThat(alice.delete("/api/posts/abc").status()).isEqualTo(404);
    assertThat(alice.put("/api/posts/999999/vote", new JsonObject().put("value", 1)).status()).isEqualTo(404);
    assertThat(alice.put("/api/posts/abc/vote", new JsonObject().put("value", 1)).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("a space's threads: pinned first, by latest activity, top score or newest; keyset pages; bad input 400")
  void listThreads() {
    community.space("listing", "public");
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(community.thread(alice, "listing", "Thread number " + i).getLong("id"));
    }
    // Activity moves thread 1 to the top of "latest"; a vote moves thread 3 to the top of "top".
    community.reply(bob, created.get(1), null, "bump");
    JsonObject first3 = bob.get("/api/threads/" + created.get(3) + "/posts").items().getJsonObject(0);
    assertThat(bob.put("/api/posts/" + first3.getLong("id") + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(200);
    community.exec("update threads set pinned = true where id = " + created.get(0));

    List<Long> latest = ids(anon.get("/api/spaces/listing/threads").items());
    assertThat(latest).containsExactly(created.get(0), created.get(1), created.get(4), created.get(3), created.get(2));
    List<Long> top = ids(anon.get("/api/spaces/listing/threads?sort=top").items());
    assertThat(top.subList(0, 2)).containsExactly(created.get(0), created.get(3));
    List<Long> newest = ids(anon.get("/api/spaces/listing/threads?sort=new").items());
    assertThat(newest).containsExactly(created.get(0), created.get(4), created.get(3), created.get(2), created.get(1));
    assertThat(anon.get("/api/spaces/listing/threads").items().getJsonObject(0).getBoolean("pinned")).isTrue();

    for (String sort : List.of("latest", "top", "new")) {
      List<Long> paged = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        Resp r = anon.get("/api/spaces/listing/threads?sort=" + sort + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        paged.addAll(ids(r.items()));
        cursor = r.json().getString("nextCursor");
        pages++;
      } while (cursor != null);
      assertThat(pages).isEqualTo(3);
      assertThat(paged).as(sort).isEqualTo(ids(anon.get("/api/spaces/listing/threads?sort=" + sort).items()));
    }

    String topCursor = anon.get("/api/spaces/listing/threads?sort=top&limit=1").json().getString("nextCursor");
    assertThat(topCursor).isNotNull();
    Resp wrongSort = anon.get("/api/spaces/listing/threads?sort=new&cursor=" + topCursor);
    assertThat(wrongSort.status()).isEqualTo(400);
    assertThat(fields(wrongSort)).containsExactly("cursor");
    assertThat(anon.get("/api/spaces/listing/threads?cursor=garbage!").status()).isEqualTo(400);
    assertThat(anon.get("/api/spaces/listing/threads?cursor=bm9wZQ").status()).isEqualTo(400);
    assertThat(fields(anon.get("/api/spaces/listing/threads?sort=hot"))).containsExactly("sort");
    assertThat(anon.get("/api/spaces/listing/threads?limit=0").status()).isEqualTo(400);
    assertThat(anon.get("/api/spaces/listing/threads?limit=101").status()).isEqualTo(400);
    assertThat(anon.get("/api/spaces/listing/threads?limit=100").status()).isEqualTo(200);
  }

  // Posts

  @Test
  @DisplayName("replies: 201 under the first post by default, nested under parentId, counted on the thread")
  void replies() {
    JsonObject t = community.thread(alice, "general", "Replies here");
    long id = t.getLong("id");
    long firstId = t.getJsonObject("firstPost").getLong("id");
    assertThat(anon.post("/api/threads/" + id + "/posts", new JsonObject().put("body", "anon")).status()).isEqualTo(401);
    JsonObject r1 = community.reply(bob, id, null, "first reply");
    assertThat(r1.getLong("parentId")).isEqualTo(firstId);
    assertThat(r1.getInteger("depth")).isEqualTo(1);
    assertThat(r1.getLong("threadId")).isEqualTo(id);
    assertThat(r1.getInteger("myVote")).isZero();
    assertThat(r1.getString("html")).isEqualTo("<p>first reply</p>\n");
    JsonObject r2 = community.reply(alice, id, r1.getLong("id"), "nested");
    assertThat(r2.getLong("parentId")).isEqualTo(r1.getLong("id"));
    assertThat(r2.getInteger("depth")).isEqualTo(2);
    JsonObject thread = anon.get("/api/threads/" + id).json();
    assertThat(thread.getInteger("replyCount")).isEqualTo(2);
    // Compared as instants: the ISO text drops a zero fraction ("…:09Z" is after "…:09.010Z" as text).
    assertThat(Instant.parse(thread.getString("lastActivityAt")))
        .isAfterOrEqualTo(Instant.parse(t.getString("lastActivityAt")));

    Resp empty = bob.post("/api/threads/" + id + "/posts", new JsonObject().put("body", ""));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(fields(empty)).containsExactly("body");
    assertThat(bob.post("/api/threads/" + id + "/posts", "not json").status()).isEqualTo(400);
    Resp badParent = bob.post("/api/threads/" + id + "/posts", new JsonObject().put("body", "x").put("parentId", "one"));
    assertThat(fields(badParent)).containsExactly("parentId");
  }

  @Test
  @DisplayName("a parentId from another thread, or no post at all, is 400 on parentId")
  void parentFromAnotherThread() {
    JsonObject a = community.thread(alice, "general", "Thread A");
    JsonObject b = community.thread(alice, "other", "Thread B");
    Resp r = bob.post("/api/threads/" + a.getLong("id") + "/posts",
        new JsonObject().put("body", "wrong").put("parentId", b.getJsonObject("firstPost").getLong("id")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(fields(r)).containsExactly("parentId");
    Resp missing = bob.post("/api/threads/" + a.getLong("id") + "/posts", new JsonObject().put("body", "x").put("parentId", 99999999));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(fields(missing)).containsExactly("parentId");
    assertThat(anon.get("/api/threads/" + a.getLong("id")).json().getInteger("replyCount")).isZero();
  }

  @Test
  @DisplayName("a reply in a locked thread is 423 (a moderator may still answer); a reply to a deleted post is 201")
  void lockedAndDeleted() {
    JsonObject t = community.thread(alice, "general", "Soon locked");
    long id = t.getLong("id");
    JsonObject r1 = community.reply(bob, id, null, "to be deleted");
    assertThat(bob.delete("/api/posts/" + r1.getLong("id")).status()).isEqualTo(204);
    JsonObject underDeleted = community.reply(alice, id, r1.getLong("id"), "answering a deleted post");
    assertThat(underDeleted.getInteger("depth")).isEqualTo(2);

    community.exec("update threads set locked = true where id = " + id);
    Resp locked = bob.post("/api/threads/" + id + "/posts", new JsonObject().put("body", "too late"));
    assertThat(locked.status()).isEqualTo(423);
    assertThat(locked.header("Content-Type")).startsWith("application/problem+json");
    assertThat(anon.get("/api/threads/" + id).json().getBoolean("locked")).isTrue();
    assertThat(community.mod().post("/api/threads/" + id + "/posts", new JsonObject().put("body", "closing words")).status()).isEqualTo(201);
    assertThat(anon.get("/api/threads/" + id).json().getInteger("replyCount")).isEqualTo(3);
  }

  @Test
  @DisplayName("posts list in tree, oldest and newest order; bad order or cursor is 400")
  void postOrders() {
    JsonObject t = community.thread(alice, "general", "Orders");
    long id = t.getLong("id");
    long first = t.getJsonObject("firstPost").getLong("id");
    long a = community.reply(bob, id, null, "a").getLong("id");
    long b = community.reply(bob, id, null, "b").getLong("id");
    long a1 = community.reply(alice, id, a, "a1").getLong("id");
    assertThat(ids(anon.get("/api/threads/" + id + "/posts").items())).containsExactly(first, a, a1, b);
    assertThat(ids(anon.get("/api/threads/" + id + "/posts?order=tree").items())).containsExactly(first, a, a1, b);
    assertThat(ids(anon.get("/api/threads/" + id + "/posts?order=oldest").items())).containsExactly(first, a, b, a1);
    assertThat(ids(anon.get("/api/threads/" + id + "/posts?order=newest").items())).containsExactly(a1, b, a, first);
    for (String order : List.of("tree", "oldest", "newest")) {
      assertThat(community.allPosts(anon, id, order, 1)).hasSize(4);
    }
    assertThat(anon.get("/api/threads/" + id + "/posts").items().getJsonObject(0).containsKey("myVote")).isFalse();
    assertThat(bob.get("/api/threads/" + id + "/posts").items().getJsonObject(0).getInteger("myVote")).isZero();
    assertThat(fields(anon.get("/api/threads/" + id + "/posts?order=random"))).containsExactly("order");
    String treeCursor = anon.get("/api/threads/" + id + "/posts?limit=1").json().getString("nextCursor");
    assertThat(fields(anon.get("/api/threads/" + id + "/posts?order=oldest&cursor=" + treeCursor))).containsExactly("cursor");
    assertThat(anon.get("/api/threads/" + id + "/posts?cursor=%25%25").status()).isEqualTo(400);
    assertThat(anon.get("/api/threads/" + id + "/posts?cursor=dHJlZXx4").status()).isEqualTo(400);
    assertThat(anon.get("/api/threads/" + id + "/posts?limit=abc").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("edits: author or moderator; others 403; every replaced version is kept with editor, time and reason")
  void edits() {
    JsonObject t = community.thread(alice, "general", "Edited");
    long postId = t.getJsonObject("firstPost").getLong("id");
    JsonObject edit = new JsonObject().put("body", "Version *two*").put("reason", "typo");
    assertThat(anon.patch("/api/posts/" + postId, edit).status()).isEqualTo(401);
    assertThat(bob.patch("/api/posts/" + postId, edit).status()).isEqualTo(403);
    Resp invalid = alice.patch("/api/posts/" + postId, new JsonObject().put("body", ""));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(fields(invalid)).containsExactly("body");

    Resp r = alice.patch("/api/posts/" + postId, edit);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getString("body")).isEqualTo("Version *two*");
    assertThat(r.json().getString("html")).contains("<em>two</em>");
    assertThat(r.json().getString("editedAt")).endsWith("Z");
    Resp byMod = community.mod().patch("/api/posts/" + postId, new JsonObject().put("body", "Version three"));
    assertThat(byMod.status()).isEqualTo(200);
    assertThat(anon.get("/api/posts/" + postId).json().getString("body")).isEqualTo("Version three");

    Resp revs = anon.get("/api/posts/" + postId + "/revisions");
    assertThat(revs.status()).isEqualTo(200);
    JsonArray items = revs.items();
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getString("body")).isEqualTo("Opening of Edited");
    assertThat(items.getJsonObject(0).getJsonObject("editor").getString("username")).isEqualTo("alice");
    assertThat(items.getJsonObject(0).getString("reason")).isEqualTo("typo");
    assertThat(items.getJsonObject(0).getString("editedAt")).endsWith("Z");
    assertThat(items.getJsonObject(1).getString("body")).isEqualTo("Version *two*");
    assertThat(items.getJsonObject(1).getJsonObject("editor").getString("username")).isEqualTo("forum_mod");
    assertThat(revs.json().getValue("nextCursor")).isNull();
    Resp page = anon.get("/api/posts/" + postId + "/revisions?limit=1");
    assertThat(page.items()).hasSize(1);
    Resp next = anon.get("/api/posts/" + postId + "/revisions?limit=1&cursor=" + page.json().getString("nextCursor"));
    assertThat(next.items().getJsonObject(0).getString("body")).isEqualTo("Version *two*");
    assertThat(anon.get("/api/posts/" + postId + "/revisions?cursor=xyz").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("soft delete: author or moderator; a placeholder stays in the tree with its replies and counts")
  void deletes() {
    JsonObject t = community.thread(alice, "general", "Deletions");
    long id = t.getLong("id");
    long firstId = t.getJsonObject("firstPost").getLong("id");
    JsonObject r1 = community.reply(bob, id, null, "bob's secret");
    community.reply(alice, id, r1.getLong("id"), "answer to bob");
    long r1Id = r1.getLong("id");
    assertThat(anon.delete("/api/posts/" + r1Id).status()).isEqualTo(401);
    assertThat(alice.delete("/api/posts/" + r1Id).status()).isEqualTo(403);
    assertThat(bob.delete("/api/posts/" + r1Id).status()).isEqualTo(204);
    assertThat(bob.delete("/api/posts/" + r1Id).status()).isEqualTo(204);

    JsonObject gone = anon.get("/api/posts/" + r1Id).json();
    assertThat(gone.getBoolean("deleted")).isTrue();
    assertThat(gone.getString("body")).isEqualTo("[deleted]");
    assertThat(gone.getString("html")).doesNotContain("secret");
    List<JsonObject> tree = community.allPosts(anon, id, "tree", 20);
    assertThat(tree).hasSize(3);
    assertThat(tree.get(1).getString("body")).isEqualTo("[deleted]");
    assertThat(tree.get(2).getString("body")).isEqualTo("answer to bob");
    assertThat(anon.get("/api/threads/" + id).json().getInteger("replyCount")).isEqualTo(2);
    assertThat(bob.patch("/api/posts/" + r1Id, new JsonObject().put("body", "again")).status()).isEqualTo(409);
    assertThat(alice.put("/api/posts/" + r1Id + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(409);

    // The opening post of a thread with replies: only a moderator.
    assertThat(alice.delete("/api/posts/" + firstId).status()).isEqualTo(403);
    assertThat(community.mod().delete("/api/posts/" + firstId).status()).isEqualTo(204);
    assertThat(anon.get("/api/threads/" + id).status()).isEqualTo(200);
    JsonObject lonely = community.thread(alice, "general", "No replies yet");
    assertThat(alice.delete("/api/posts/" + lonely.getJsonObject("firstPost").getLong("id")).status()).isEqualTo(204);
  }

  @Test
  @DisplayName("votes: one per member, idempotent, never on one's own post; the thread's score is its first post's")
  void votes() {
    JsonObject t = community.thread(alice, "general", "Vote on me");
    long id = t.getLong("id");
    long postId = t.getJsonObject("firstPost").getLong("id");
    String path = "/api/posts/" + postId + "/vote";
    assertThat(anon.put(path, new JsonObject().put("value", 1)).status()).isEqualTo(401);
    assertThat(alice.put(path, new JsonObject().put("value", 1)).status()).isEqualTo(403);
    assertThat(fields(bob.put(path, new JsonObject().put("value", 2)))).containsExactly("value");
    assertThat(fields(bob.put(path, new JsonObject()))).containsExactly("value");
    assertThat(fields(bob.put(path, new JsonObject().put("value", "up")))).containsExactly("value");

    assertThat(bob.put(path, new JsonObject().put("value", 1)).json()).isEqualTo(new JsonObject().put("voteScore", 1).put("myVote", 1));
    assertThat(bob.put(path, new JsonObject().put("value", 1)).json()).isEqualTo(new JsonObject().put("voteScore", 1).put("myVote", 1));
    assertThat(community.mod().put(path, new JsonObject().put("value", 1)).json().getInteger("voteScore")).isEqualTo(2);
    assertThat(bob.put(path, new JsonObject().put("value", -1)).json()).isEqualTo(new JsonObject().put("voteScore", 0).put("myVote", -1));
    assertThat(anon.get("/api/threads/" + id).json().getInteger("voteScore")).isEqualTo(0);
    assertThat(bob.get("/api/posts/" + postId).json().getInteger("myVote")).isEqualTo(-1);
    assertThat(bob.put(path, new JsonObject().put("value", 0)).json()).isEqualTo(new JsonObject().put("voteScore", 1).put("myVote", 0));
    assertThat(bob.put(path, new JsonObject().put("value", 0)).json()).isEqualTo(new JsonObject().put("voteScore", 1).put("myVote", 0));
    assertThat(anon.get("/api/threads/" + id).json().getInteger("voteScore")).isEqualTo(1);
    assertThat(community.count("select count(*) from post_votes where post_id = " + postId)).isEqualTo(1);

    JsonObject reply = community.reply(alice, id, null, "a reply");
    assertThat(bob.put("/api/posts/" + reply.getLong("id") + "/vote", new JsonObject().put("value", 1)).json().getInteger("voteScore"))
        .isEqualTo(1);
    assertThat(anon.get("/api/threads/" + id).json().getInteger("voteScore")).as("only the first post's score counts").isEqualTo(1);
  }

  @Test
  @DisplayName("a hidden post shows a placeholder to members and its content to moderators")
  void hiddenPosts() {
    JsonObject t = community.thread(alice, "general", "Hidden inside");
    JsonObject r = community.reply(bob, t.getLong("id"), null, "rude words");
    community.exec("update posts set hidden = true where id = " + r.getLong("id"));
    JsonObject seen = alice.get("/api/posts/" + r.getLong("id")).json();
    assertThat(seen.getBoolean("hidden")).isTrue();
    assertThat(seen.getString("body")).doesNotContain("rude");
    assertThat(seen.getString("html")).doesNotContain("rude");
    assertThat(anon.get("/api/threads/" + t.getLong("id") + "/posts").body()).doesNotContain("rude");
    assertThat(community.mod().get("/api/posts/" + r.getLong("id")).json().getString("body")).isEqualTo("rude words");
  }
}
