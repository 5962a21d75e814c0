package dev.cocreate.codesign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Iterations of an idea: history, diffs, notifications and 'changed since you supported'")
class IterationsTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  static String diffHtml(TestHttp who, long idea, int from, int to) {
    Resp r = who.get("/api/ideas/" + idea + "/diff?from=" + from + "&to=" + to);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getString("html");
  }

  @Test
  @DisplayName("the idea shows the latest iteration; the diff between any two is right, both ways")
  void diffsBetweenAnyTwo() {
    TestHttp author = community.freshMember("author");
    TestHttp reader = community.freshMember("reader");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Tent").getLong("id");
    // The idea's own text: "Details of *Tent*".
    community.iterate(author, idea, "Carbon poles", "Details of *Tent*\nNow with carbon poles.");
    community.iterate(author, idea, "Lighter", "Details of *Light Tent*\nNow with two carbon poles.");

    JsonObject shown = reader.get("/api/ideas/" + idea).json();
    assertThat(shown.getString("body")).isEqualTo("Details of *Light Tent*\nNow with two carbon poles.");
    JsonArray items = reader.get("/api/ideas/" + idea + "/iterations").json().getJsonArray("items");
    assertThat(items.stream().map(o -> ((JsonObject) o).getInteger("n")).toList()).containsExactly(1, 2, 3);
    assertThat(items.getJsonObject(0).getString("body")).isEqualTo("Details of *Tent*");
    assertThat(items.getJsonObject(1).getString("summary")).isEqualTo("Carbon poles");

    assertThat(diffHtml(reader, idea, 1, 2)).isEqualTo("Details of *Tent*<ins>\nNow with carbon poles.</ins>");
    assertThat(diffHtml(reader, idea, 2, 3)).isEqualTo("Details of *<ins>Light </ins>Tent*\nNow with<ins> two</ins> carbon poles.");
    assertThat(diffHtml(reader, idea, 1, 3)).isEqualTo("Details of *<ins>Light </ins>Tent*<ins>\nNow with two carbon poles.</ins>");
    assertThat(diffHtml(reader, idea, 3, 1)).isEqualTo("Details of *<del>Light </del>Tent*<del>\nNow with two carbon poles.</del>");
    assertThat(reader.get("/api/ideas/" + idea + "/diff?from=1&to=9").status()).isEqualTo(404);
    assertThat(reader.get("/api/ideas/" + idea + "/diff?from=0&to=2").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("an earlier iteration's page shows its text and the escaped diff to the next; ?from=&to= any two")
  void iterationPages() {
    TestHttp author = community.freshMember("author");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Stove").getLong("id");
    community.iterate(author, idea, "Safer", "Details of <script>alert(1)</script> *Stove*");
    community.iterate(author, idea, "Final", "Details of the *Stove*");
    TestHttp reader = community.freshMember("reader");

    Resp second = reader.getHtml("/i/" + idea + "/iterations/2");
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(second.body()).contains("Safer").doesNotContain("<script>alert(1)</script>")
        .contains("Details of <del>&lt;script&gt;alert(1)&lt;/script&gt;</del><ins>the</ins> *Stove*");
    Resp any = reader.getHtml("/i/" + idea + "/iterations?from=1&to=3");
    assertThat(any.status()).isEqualTo(200);
    assertThat(any.body()).contains("Details of <ins>the </ins>*Stove*");
    assertThat(reader.getHtml("/i/" + idea + "/iterations/7").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("supporters and followers are notified once per iteration; the author who published is not")
  void notifiedOncePerIteration() {
    TestHttp author = community.freshMember("author");
    TestHttp supporter = community.freshMember("supporter");
    TestHttp follower = community.freshMember("follower");
    JsonObject created = community.ideaToCodesign(community.freshMember("firm"), author, "Lamp");
    long idea = created.getLong("id");
    assertThat(supporter.put("/api/ideas/" + idea + "/support", null).status()).isEqualTo(200);
    community.watch(follower, "/api/ideas/" + idea, "watching");

    community.iterate(author, idea, "Brighter", "Details of a *bright Lamp*");
    assertThat(iterated(supporter)).extracting(n -> n.getInteger("count")).containsExactly(1);
    assertThat(iterated(follower)).extracting(n -> n.getInteger("count")).containsExactly(1);
    assertThat(iterated(author)).isEmpty();

    community.iterate(author, idea, "Dimmer", "Details of a *dim Lamp*");
    // Still unread: the one notification counts both iterations, one each.
    assertThat(iterated(supporter)).extracting(n -> n.getInteger("count")).containsExactly(2);
    assertThat(supporter.post("/api/notifications/read", new JsonObject().put("all", true)).status()).isEqualTo(200);
    community.iterate(author, idea, "Solar", "Details of a *solar Lamp*");
    List<JsonObject> after = iterated(supporter);
    assertThat(after).extracting(n -> n.getInteger("count")).containsExactly(1, 2);
    assertThat(after.get(0).getJsonObject("data").getInteger("iteration")).isEqualTo(4);

    List<JsonObject> live = community.events("challenge:" + created.getLong("challengeId")).stream()
        .filter(e -> e.getString("type").equals("idea.iterated")).toList();
    assertThat(live).extracting(e -> e.getJsonObject("data").getInteger("n")).containsExactly(2, 3, 4);
  }

  static List<JsonObject> iterated(TestHttp who) {
    return community.notifications(who).stream().filter(n -> n.getString("kind").equals("idea_iterated")).toList();
  }

  @Test
  @DisplayName("a supporter sees 'changed since you supported' until they look at the idea's page")
  void changedSinceSupported() {
    TestHttp author = community.freshMember("author");
    TestHttp supporter = community.freshMember("supporter");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Kettle").getLong("id");
    community.iterate(author, idea, "Before support", "Details of a *Kettle*, v2");
    assertThat(supporter.put("/api/ideas/" + idea + "/support", null).status()).isEqualTo(200);
    assertThat(changed(supporter, idea)).as("nothing changed since they supported").isFalse();

    community.iterate(author, idea, "After support", "Details of a *Kettle*, v3");
    assertThat(changed(supporter, idea)).isTrue();
    assertThat(changed(community.freshMember("bystander"), idea)).as("only supporters").isFalse();
    // Reading the API is not looking at the page: the mark stays.
    assertThat(changed(supporter, idea)).isTrue();

    Resp page = supporter.getHtml("/i/" + idea);
    assertThat(page.body()).contains("Changed since you supported").contains("After support");
    assertThat(changed(supporter, idea)).isFalse();
    assertThat(supporter.getHtml("/i/" + idea).body()).doesNotContain("Changed since you supported");

    community.iterate(author, idea, "Again", "Details of a *Kettle*, v4");
    assertThat(changed(supporter, idea)).isTrue();
  }

  static boolean changed(TestHttp who, long idea) {
    Resp r = who.get("/api/ideas/" + idea + "/iterations");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getBoolean("changedSinceSupported");
  }

  @Test
  @DisplayName("attachments are files the author uploaded; any other address is refused (422) with its field")
  void attachments() {
    TestHttp author = community.freshMember("author");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Chair").getLong("id");
    Resp refused = author.post("/api/ideas/" + idea + "/iterations", new JsonObject().put("summary", "S").put("body", "B")
        .put("attachments", new JsonArray().add("/uploads/" + "0".repeat(64) + ".png")));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.body()).contains("attachments");
    Resp missing = author.post("/api/ideas/" + idea + "/iterations", new JsonObject().put("body", "B"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).contains("summary");
  }
}
