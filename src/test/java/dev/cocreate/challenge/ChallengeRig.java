package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

/** Shortcuts the challenge tests share: members, firms, briefs and ideas through the real API. */
final class ChallengeRig {
  private static final AtomicInteger SEQ = new AtomicInteger();

  final TestServer server;

  ChallengeRig(TestServer server) {
    this.server = server;
  }

  static String unique(String prefix) {
    return prefix + "_" + SEQ.incrementAndGet();
  }

  /** A newly registered member, signed in with a bearer token. */
  TestHttp member(String prefix) {
    TestHttp http = server.http();
    http.register(unique(prefix));
    return http;
  }

  String username(TestHttp http) {
    return http.get("/api/me").json().getString("username");
  }

  /** A new org owned by {@code owner}; returns its slug. */
  String org(TestHttp owner) {
    String slug = unique("firm").replace('_', '-');
    Resp r = owner.post("/api/orgs", new JsonObject().put("slug", slug).put("name", "Firm " + slug));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return slug;
  }

  void addMember(TestHttp owner, String slug, TestHttp member) {
    Resp r = owner.put("/api/orgs/" + slug + "/members/" + username(member), new JsonObject().put("role", "member"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  static String inDays(int days) {
    return OffsetDateTime.now(ZoneOffset.UTC).plusDays(days).withNano(0).toString();
  }

  static JsonObject brief(String org) {
    return new JsonObject()
        .put("org", org)
        .put("title", "Lighter tents for long trails")
        .put("summary", "Cut the weight of our 2-person tent without losing storm stability.")
        .put("problem", "Our **Trailhead 2** weighs 2.4 kg. <script>alert(1)</script>")
        .put("desiredOutcomes", "- under 1.6 kg\n- same wind rating")
        .put("constraints", "Recycled fabrics only.")
        .put("criteria", new JsonArray()
            .add(new JsonObject().put("name", "Weight saved").put("weight", 3))
            .add(new JsonObject().put("name", "Cost").put("weight", 1.5)))
        .put("reward", "EUR 5,000 and a prototype")
        .put("ipTerms", "You keep authorship; Acme gets a licence to build it.")
        .put("closesAt", inDays(30));
  }

  /** A draft challenge of the org; returns its JSON. */
  JsonObject draft(TestHttp member, String org, JsonObject overrides) {
    Resp r = member.post("/api/challenges", brief(org).mergeIn(overrides));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  long open(TestHttp member, String org, JsonObject overrides) {
    long id = draft(member, org, overrides).getLong("id");
    move(member, id, "open");
    return id;
  }

  void move(TestHttp member, long id, String to) {
    Resp r = member.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", to));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getString("phase")).isEqualTo(to);
  }

  static JsonObject idea(String title) {
    return new JsonObject().put("title", title).put("pitch", "Pitch of " + title)
        .put("body", "Details of *" + title + "*").put("acceptTerms", true);
  }

  JsonObject submit(TestHttp author, long challengeId, String title) {
    Resp r = author.post("/api/challenges/" + challengeId + "/ideas", idea(title));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  long count(String sql) {
    return TestDatabase.queryLong(server.dbUrl(), sql);
  }

  /** The first column of every row, as text. */
  java.util.List<String> strings(String sql) {
    var t = dev.cocreate.platform.db.DbTarget.parse(server.dbUrl());
    try (var c = java.sql.DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
        var rs = c.createStatement().executeQuery(sql)) {
      java.util.List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void exec(String sql) {
    TestDatabase.execOn(server.dbUrl(), sql);
  }
}
