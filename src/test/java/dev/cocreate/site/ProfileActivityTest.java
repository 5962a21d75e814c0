package dev.cocreate.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A profile lists the member's threads, replies and supports that the viewer may read, page by page")
class ProfileActivityTest {
  @RegisterExtension
  static final CocreateServer server = CocreateServer.start();
  static TestHttp admin;
  static TestHttp writer;
  static TestHttp insider;

  @BeforeAll
  static void start() {
    admin = member("pa_admin");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where username = 'pa_admin'");
    writer = member("pa_Writer");
    insider = member("pa_insider");
    assertThat(admin.post("/api/spaces", new JsonObject().put("slug", "pa-open").put("name", "Open").put("description", "d")
        .put("visibility", "public")).status()).isEqualTo(201);
    assertThat(admin.post("/api/spaces", new JsonObject().put("slug", "pa-secret").put("name", "Secret").put("description", "d")
        .put("visibility", "group").put("groupMembers", new JsonArray().add("pa_Writer").add("pa_insider"))).status())
        .isEqualTo(201);
  }

  static TestHttp member(String username) {
    TestHttp http = server.http();
    http.register(username);
    return http;
  }

  static long thread(TestHttp who, String space, String title) {
    Resp r = who.post("/api/threads", new JsonObject().put("space", space).put("title", title).put("body", "Body of " + title));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static Resp profile(TestHttp viewer, String query) {
    return viewer.send(viewer.builder("/u/pa_Writer" + query).header("Accept", "text/html").GET());
  }

  @Test
  @DisplayName("nothing from a group space reaches a viewer outside it; its members see it; older posts come by the cursor")
  void readPermissionsAndPaging() {
    thread(writer, "pa-secret", "Secret plans");
    long open = thread(admin, "pa-open", "Open talk");
    for (int i = 1; i <= 11; i++) {
      assertThat(writer.post("/api/threads/" + open + "/posts", new JsonObject().put("body", "Reply number " + i)).status())
          .isEqualTo(201);
    }
    thread(writer, "pa-open", "Public musings");

    Resp anonymous = profile(server.http(), "");
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(anonymous.body()).contains("Public musings").contains("started the thread").contains("Open talk")
        .doesNotContain("Secret plans");
    Resp outsider = profile(member("pa_outsider"), "");
    assertThat(outsider.body()).doesNotContain("Secret plans");

    // Newest first, ten to a page: the opening, then replies 11 to 3; then replies 2 and 1, then the secret thread.
    Resp first = profile(insider, "");
    Matcher older = Pattern.compile("href=\"/u/pa_Writer\\?posts=([A-Za-z0-9_-]+)#posts-heading\"").matcher(first.body().replace("&#x3D;", "="));
    assertThat(older.find()).as("a link to older posts").isTrue();
    assertThat(first.body()).contains("Public musings").doesNotContain("Secret plans");
    Resp second = profile(insider, "?posts=" + older.group(1));
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body()).contains("Secret plans").doesNotContain("Public musings");
    Resp secondForOutsider = profile(server.http(), "?posts=" + older.group(1));
    assertThat(secondForOutsider.body()).doesNotContain("Secret plans");

    assertThat(profile(server.http(), "?posts=not-a-cursor!").status()).isEqualTo(400);
    // The canonical redirect keeps the page asked for.
    Resp lower = server.http().send(server.http().builder("/u/pa_writer?posts=" + older.group(1)).GET());
    assertThat(lower.status()).isEqualTo(301);
    assertThat(lower.header("Location")).isEqualTo("/u/pa_Writer?posts=" + older.group(1));
  }
}
