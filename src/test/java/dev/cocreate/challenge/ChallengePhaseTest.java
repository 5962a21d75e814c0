package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Challenge phases")
class ChallengePhaseTest {
  static final List<String> PHASES = List.of("draft", "open", "review", "decided", "closed");
  /** The only moves the contract allows. */
  static final Map<String, List<String>> ALLOWED = Map.of(
      "draft", List.of("open"),
      "open", List.of("review", "closed"),
      "review", List.of("decided"),
      "decided", List.of("closed"),
      "closed", List.of());
  /** How to reach each phase from a fresh draft. */
  static final Map<String, List<String>> PATH = Map.of(
      "draft", List.of(),
      "open", List.of("open"),
      "review", List.of("open", "review"),
      "decided", List.of("open", "review", "decided"),
      "closed", List.of("open", "review", "decided", "closed"));

  /** Deadlines fall by this clock: a test moves it past one instead of waiting for it. */
  static final TestClock clock = TestClock.startingNow();
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject(), clock);
  static Community community;
  static TestHttp owner;
  static String org;

  @BeforeAll
  static void start() {
    community = Community.in(server);
    owner = community.freshMember("owner");
    org = community.org(owner);
  }

  static Stream<Arguments> everyPair() {
    return PHASES.stream().flatMap(from -> PHASES.stream().map(to -> Arguments.of(from, to)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("everyPair")
  @DisplayName("every move is allowed or refused with 409 exactly as the phase machine says")
  void transitions(String from, String to) {
    long id = community.draftChallenge(owner, org, new JsonObject()).getLong("id");
    PATH.get(from).forEach(step -> community.moveChallenge(owner, id, step));
    long before = community.count("select count(*) from events where type = 'challenge.transition' and topic = 'challenge:" + id + "'");
    Resp r = owner.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", to));
    long after = community.count("select count(*) from events where type = 'challenge.transition' and topic = 'challenge:" + id + "'");
    if (ALLOWED.get(from).contains(to)) {
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.json().getString("phase")).isEqualTo(to);
      assertThat(after).isEqualTo(before + 1);
    } else {
      assertThat(r.status()).as(r.toString()).isEqualTo(409);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(server.http().get("/api/challenges/" + id).status()).isEqualTo(from.equals("draft") ? 404 : 200);
      assertThat(owner.get("/api/challenges/" + id).json().getString("phase")).isEqualTo(from);
      assertThat(after).isEqualTo(before);
    }
  }

  @Test
  @DisplayName("a draft whose deadline has passed cannot open")
  void cannotOpenPastDeadline() {
    long id = community.draftChallenge(owner, org, new JsonObject()).getLong("id");
    community.exec("update challenges set closes_at = '" + clock.instant().minus(Duration.ofMinutes(1)) + "' where id = " + id);
    assertThat(owner.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "open")).status())
        .isEqualTo(409);
  }

  @Test
  @DisplayName("at closesAt an open challenge moves to review by itself, once, with two nodes racing")
  void closesItselfOnceAcrossNodes() throws Exception {
    try (TestServer second = TestServer.startOn(server.dbUrl(), new JsonObject(), clock)) {
      // One challenge closes by the clock alone, an hour from now as the nodes see it.
      long byClock = community.openChallenge(owner, org, new JsonObject().put("closesAt", clock.instant().plus(Duration.ofHours(1)).toString()));
      // Twenty more are already past their deadline; both nodes' timers and extra rounds race for them.
      List<Long> racing = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        racing.add(community.openChallenge(owner, org, new JsonObject()));
      }
      community.exec("update challenges set closes_at = '" + clock.instant().minusSeconds(1) + "' where id in ("
          + racing.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow() + ")");
      List<Long> movedByRounds = new ArrayList<>();
      for (CompletableFuture<List<Long>> f : rounds(8, second)) {
        movedByRounds.addAll(f.get(20, TimeUnit.SECONDS));
      }
      // Whichever round or timer moved them, none moved twice.
      assertThat(movedByRounds).doesNotHaveDuplicates();
      assertThat(phase(byClock)).as("an hour before its deadline").isEqualTo("open");

      clock.advance(Duration.ofHours(1));
      // The nodes' timers (each second) move it: the test runs no round until it has moved.
      Eventually.until("the nodes' timers to move the challenge at its deadline", () -> phase(byClock).equals("review"));
      // Every later round, on either node, finds nothing left to move.
      for (CompletableFuture<List<Long>> f : rounds(4, second)) {
        assertThat(f.get(20, TimeUnit.SECONDS)).as("moved by a round after the deadline").isEmpty();
      }
      racing.add(byClock);
      for (long id : racing) {
        assertThat(phase(id)).isEqualTo("review");
        assertThat(community.count("select count(*) from events where type = 'challenge.transition' and topic = 'challenge:" + id
            + "' and data->>'to' = 'review'")).as("transition events of " + id).isEqualTo(1);
        assertThat(community.count("select count(*) from events where type = 'challenge.transition' and topic = 'challenge:" + id
            + "' and data->>'to' = 'review' and (data->>'automatic')::boolean")).isEqualTo(1);
      }
    }
  }

  /** {@code perNode} rounds of closing due challenges on this class's node and on {@code second}, all at once. */
  static List<CompletableFuture<List<Long>>> rounds(int perNode, TestServer second) {
    List<CompletableFuture<List<Long>>> rounds = new ArrayList<>();
    for (int i = 0; i < perNode; i++) {
      for (TestServer node : List.of(server.node(), second)) {
        Future<List<Long>> round = node.server().app().challenges().challenges().closeDue();
        rounds.add(round.toCompletionStage().toCompletableFuture());
      }
    }
    return rounds;
  }

  static String phase(long id) {
    return owner.get("/api/challenges/" + id).json().getString("phase");
  }
}
