package dev.cocreate.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Badges follow their thresholds; leaderboards sum the ledger per scope and period")
class BadgesAndLeaderboardsTest {
  static final Map<String, Integer> PERIOD_DAYS = Map.of("week", 7, "month", 30, "year", 365, "all", 100_000);

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static String amy;
  static String bob;
  static String carl;
  static String dana;
  static long challengeId;
  static long ideaId;
  static long spaceId;
  static String space;
  static long otherPostId;
  static long spacePostId;

  @BeforeAll
  static void setUp() {
    community = Community.in(server).withAdmin(Community.unique("lbadmin"));
    TestHttp owner = community.freshMember("lbowner");
    String org = community.org(owner);
    space = Community.unique("lbspace").replace('_', '-');
    spaceId = community.space(space, "public").getLong("id");
    String other = Community.unique("lbother").replace('_', '-');
    community.space(other, "public");
    challengeId = community.openChallenge(owner, org, new JsonObject().put("space", space));
    TestHttp amyHttp = community.freshMember("lbamy");
    amy = community.username(amyHttp);
    ideaId = community.submitIdea(amyHttp, challengeId, "Solar benches").getLong("id");
    long spaceThread = community.thread(owner, space, "Benches in winter").getLong("id");
    spacePostId = community.reply(owner, spaceThread, "They need covers").getLong("id");
    long otherThread = community.thread(owner, other, "Elsewhere").getLong("id");
    otherPostId = community.reply(owner, otherThread, "Another place").getLong("id");
    bob = Community.unique("lbbob");
    carl = Community.unique("lbcarl");
    dana = Community.unique("lbdana");
    community.membersViaSql(bob, 1);
    community.membersViaSql(carl, 1);
    community.membersViaSql(dana, 1);
    bob += "0";
    carl += "0";
    dana += "0";
    // amy: her idea (challenge and space), 3 days and 40 days ago.
    community.ledgerRowViaSql(amy, "idea_threshold", "ideation", 10, "idea:" + ideaId, 3);
    community.ledgerRowViaSql(amy, "idea_accepted", "ideation", 15, "idea:" + ideaId, 40);
    // bob: upvotes in the challenge's space and elsewhere; a hidden post costs him, long ago.
    community.ledgerRowViaSql(bob, "reply_upvoted", "building", 2, "post:" + spacePostId + "/voter:1", 1);
    community.ledgerRowViaSql(bob, "reply_upvoted", "building", 2, "post:" + spacePostId + "/voter:2", 20);
    community.ledgerRowViaSql(bob, "reply_upvoted", "building", 2, "post:" + otherPostId + "/voter:3", 2);
    community.ledgerRowViaSql(bob, "flag_upheld", "building", -10, "post:" + otherPostId, 500);
    // carl: judged the challenge through, 200 days ago; dana: one upvote elsewhere, today.
    community.ledgerRowViaSql(carl, "judging_completed", "evaluation", 10, "challenge:" + challengeId, 200);
    community.ledgerRowViaSql(dana, "reply_upvoted", "building", 2, "post:" + otherPostId + "/voter:4", 0);
  }

  /** The expected board from the ledger's rows alone, by their sources (not the columns the trigger filled). */
  static List<String> fromLedger(String scopeCondition, int days) {
    List<String> rows = community.strings("""
        select u.username || '=' || sum(l.points) from reputation_ledger l join users u on u.id = l.user_id
         where l.created_at >= now() - interval '%d days' and (%s)
         group by u.id, u.username having sum(l.points) > 0
         order by sum(l.points) desc, u.id""".formatted(days, scopeCondition));
    return rows;
  }

  static List<String> board(String path) {
    Resp r = server.http().get(path);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    JsonArray items = r.json().getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      assertThat(item.getInteger("rank")).isEqualTo(i + 1);
      out.add(item.getJsonObject("user").getString("username") + "=" + item.getInteger("points"));
    }
    return out;
  }

  @Test
  @DisplayName("each leaderboard (overall, challenge, space) for each period is the ledger's sums over the period")
  void leaderboardsMatchTheLedger() {
    String ours = "u.username in ('" + amy + "', '" + bob + "', '" + carl + "', '" + dana + "')";
    String inChallenge = "l.source = 'idea:" + ideaId + "' or l.source = 'challenge:" + challengeId + "'"
        + " or l.source in (select 'idea:' || id from ideas where challenge_id = " + challengeId + ")";
    String inSpace = "split_part(l.source, '/', 1) in (select 'post:' || p.id from posts p join threads t on t.id = p.thread_id"
        + " where t.space_id = " + spaceId + ") or l.source in (select 'idea:' || t.idea_id from threads t where t.space_id = "
        + spaceId + " and t.idea_id is not null) or l.source in (select 'challenge:' || id from challenges where space_id = "
        + spaceId + ")";
    for (Map.Entry<String, Integer> p : new TreeMap<>(PERIOD_DAYS).entrySet()) {
      String period = p.getKey();
      List<String> overall = board("/api/leaderboard?limit=100&period=" + period);
      assertThat(overall.stream().filter(e -> e.startsWith("lb")).toList()).as("overall " + period)
          .isEqualTo(fromLedger(ours, p.getValue()));
      assertThat(board("/api/challenges/" + challengeId + "/leaderboard?period=" + period)).as("challenge " + period)
          .isEqualTo(fromLedger(inChallenge, p.getValue()));
      assertThat(board("/api/spaces/" + space + "/leaderboard?period=" + period)).as("space " + period)
          .isEqualTo(fromLedger(inSpace, p.getValue()));
    }
    // Spelled out once, so the sums are not only equal to a query that could share a mistake.
    assertThat(board("/api/challenges/" + challengeId + "/leaderboard?period=week")).containsExactly(amy + "=10");
    assertThat(board("/api/challenges/" + challengeId + "/leaderboard?period=year"))
        .containsExactly(amy + "=25", carl + "=10");
    assertThat(board("/api/spaces/" + space + "/leaderboard?period=month")).containsExactly(amy + "=10", bob + "=4");
    assertThat(server.http().get("/api/leaderboard?period=decade").status()).isEqualTo(400);
    assertThat(server.http().get("/api/challenges/999999/leaderboard").status()).isEqualTo(404);
    Resp page = server.http().getHtml("/c/" + challengeId + "/leaderboard?period=year");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Past year").contains(">25<");
  }

  static JsonArray badgesOf(String username) {
    return community.reputation(username).getJsonArray("badges");
  }

  static List<String> slugs(JsonArray badges) {
    return badges.stream().map(o -> ((JsonObject) o).getString("slug")).toList();
  }

  @Test
  @DisplayName("badges follow the thresholds in the site settings, both ways, on the profile, the API and the badge's page of holders")
  void badgesFollowThresholds() {
    JsonArray rules = new JsonArray()
        .add(new JsonObject().put("slug", "lb-rising").put("name", "Rising").put("of", "reputation").put("min", 20))
        .add(new JsonObject().put("slug", "lb-builder").put("name", "Builder of note").put("of", "building").put("min", 4))
        .add(new JsonObject().put("slug", "lb-upvoted").put("name", "Upvoted").put("of", "reply_upvoted").put("min", 3));
    Resp set = community.settings(new JsonObject().put("badges", rules));
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    assertThat(slugs(badgesOf(amy))).containsExactly("lb-rising");
    // bob: 6 points of upvotes, -10 for a hidden post: -4 in building, 3 upvotes.
    assertThat(slugs(badgesOf(bob))).containsExactly("lb-upvoted");
    assertThat(slugs(badgesOf(carl))).isEmpty();

    rules.getJsonObject(0).put("min", 10);
    rules.getJsonObject(2).put("min", 4);
    assertThat(community.settings(new JsonObject().put("badges", rules)).status()).isEqualTo(200);
    assertThat(slugs(badgesOf(carl))).as("the threshold came down to him").containsExactly("lb-rising");
    assertThat(slugs(badgesOf(bob))).as("the threshold went up past him").isEmpty();

    Resp first = server.http().get("/api/badges/lb-rising?limit=1");
    assertThat(first.status()).isEqualTo(200);
    long holders = community.count("select count(*) from users where reputation >= 10 and deleted_at is null");
    assertThat(first.json().getLong("holders")).isEqualTo(holders);
    List<String> seen = new ArrayList<>();
    Resp page = first;
    while (true) {
      page.json().getJsonObject("members").getJsonArray("items")
          .forEach(o -> seen.add(((JsonObject) o).getJsonObject("user").getString("username")));
      String next = page.json().getJsonObject("members").getString("nextCursor");
      if (next == null) {
        break;
      }
      page = server.http().get("/api/badges/lb-rising?limit=1&cursor=" + next);
    }
    assertThat(seen).hasSize((int) holders).contains(amy, carl).doesNotContain(bob, dana);
    assertThat(server.http().get("/api/badges").json().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("slug")).toList()).containsExactly("lb-rising", "lb-builder", "lb-upvoted");
    assertThat(server.http().get("/api/badges/nothing-here").status()).isEqualTo(404);
    assertThat(server.http().getHtml("/u/" + carl).body()).contains("href=\"/badges/lb-rising\"");
    assertThat(server.http().getHtml("/badges/lb-rising").body()).contains(amy);

    Resp bad = community.settings(new JsonObject().put("badges", new JsonArray()
        .add(new JsonObject().put("slug", "x").put("name", "X").put("of", "charm").put("min", 0))));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("badges[0].of").contains("badges[0].min");
  }
}
