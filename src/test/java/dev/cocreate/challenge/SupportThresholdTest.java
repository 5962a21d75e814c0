package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Support under concurrency")
class SupportThresholdTest {
  static final int CROWD = 500;
  static final int THRESHOLD = 300;
  static final String PASSWORD = "crowd password 123";

  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("dbPoolSize", 16).put("webhooksAllowPrivate", true));
  static Community community;
  static HttpClient client;
  static ExecutorService pool;

  @BeforeAll
  static void start() {
    community = Community.in(server);
    pool = Executors.newFixedThreadPool(32);
    client = HttpClient.newBuilder().executor(pool).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  /** One hash every crowd member shares, at a cost that keeps 500 sign-ins quick (tests only). */
  static String cheapHash(String password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(64).withIterations(1).withParallelism(1).withSalt(salt).build());
    byte[] out = new byte[32];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m=64,t=1,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);
  }

  /** Inserts the crowd with SQL, then signs each in through the real login endpoint, in parallel. */
  static List<String> crowdTokens(String prefix, int n) throws Exception {
    community.exec("insert into users (username, email, display_name, password_hash) select '" + prefix + "' || g, '" + prefix
        + "' || g || '@example.test', 'Crowd ' || g, '" + cheapHash(PASSWORD) + "' from generate_series(1, " + n + ") g");
    List<CompletableFuture<String>> logins = new ArrayList<>();
    Semaphore inFlight = new Semaphore(32);
    for (int i = 1; i <= n; i++) {
      inFlight.acquire();
      String body = new JsonObject().put("login", prefix + i).put("password", PASSWORD).encode();
      logins.add(client.sendAsync(json("/api/auth/login", null).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString())
          .whenComplete((r, e) -> inFlight.release())
          .thenApply(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return new JsonObject(r.body()).getString("token");
          }));
    }
    List<String> tokens = new ArrayList<>();
    for (CompletableFuture<String> f : logins) {
      tokens.add(f.get(60, TimeUnit.SECONDS));
    }
    return tokens;
  }

  static HttpRequest.Builder json(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json");
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  /** Sends every request at once (up to 64 in flight) and returns the answers in order. */
  static List<JsonObject> storm(List<HttpRequest> requests) throws Exception {
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<JsonObject>> answers = new ArrayList<>();
    for (HttpRequest req : requests) {
      inFlight.acquire();
      answers.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString())
          .whenComplete((r, e) -> inFlight.release())
          .thenApply(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return new JsonObject(r.body());
          }));
    }
    List<JsonObject> out = new ArrayList<>();
    for (CompletableFuture<JsonObject> f : answers) {
      out.add(f.get(120, TimeUnit.SECONDS));
    }
    return out;
  }

  @Test
  @DisplayName("500 members support at once across a threshold of 300: exact count, one move, one event, one webhook")
  void crowdCrossesThreshold() throws Exception {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    assertThat(owner.post("/api/orgs/" + org + "/webhooks", new JsonObject().put("url", "http://127.0.0.1:9/hook")
        .put("events", new JsonArray().add("idea.threshold_reached")).put("secret", "s".repeat(20)))
        .status()).isEqualTo(201);
    long challenge = community.openChallenge(owner, org, new JsonObject().put("supportThreshold", THRESHOLD));
    long idea = community.submitIdea(owner, challenge, "Crowd favourite").getLong("id");
    List<String> tokens = crowdTokens("crowd", CROWD);

    String path = "/api/ideas/" + idea + "/support";
    List<JsonObject> answers = storm(tokens.stream()
        .map(t -> json(path, t).PUT(HttpRequest.BodyPublishers.noBody()).build()).toList());
    // Every support was counted in turn: the answers are exactly 1..500, each once.
    Set<Integer> counts = answers.stream().map(a -> a.getInteger("supportCount")).collect(Collectors.toCollection(TreeSet::new));
    assertThat(counts).containsExactlyElementsOf(IntStream.rangeClosed(1, CROWD).boxed().toList());
    assertThat(answers).allMatch(a -> a.getBoolean("supported"));

    JsonObject after = server.http().get("/api/ideas/" + idea).json();
    assertThat(after.getInteger("supportCount")).isEqualTo(CROWD);
    assertThat(community.count("select count(*) from idea_supports where idea_id = " + idea)).isEqualTo(CROWD);
    assertThat(after.getString("status")).isEqualTo("in_review");
    assertThat(after.getString("thresholdReachedAt")).isNotNull();
    assertThat(community.count("select count(*) from events where type = 'idea.threshold_reached' and data->>'ideaId' = '" + idea + "'"))
        .isEqualTo(1);
    assertThat(community.count("select count(*) from events where type = 'idea.supported' and data->>'ideaId' = '" + idea + "'"))
        .isEqualTo(CROWD);
    assertThat(community.count("select count(*) from webhook_deliveries where event = 'idea.threshold_reached'")).isEqualTo(1);
    assertThat(community.strings("select body from webhook_deliveries where event = 'idea.threshold_reached'").get(0))
        .contains("\"supportCount\":" + THRESHOLD);

    // Second wave, all at once: 200 withdraw while the other 300 support again (a no-op for them).
    List<HttpRequest> wave = new ArrayList<>();
    for (int i = 0; i < CROWD; i++) {
      HttpRequest.Builder b = json(path, tokens.get(i));
      wave.add(i < 200 ? b.DELETE().build() : b.PUT(HttpRequest.BodyPublishers.noBody()).build());
    }
    storm(wave);
    assertThat(server.http().get("/api/ideas/" + idea).json().getInteger("supportCount")).isEqualTo(CROWD - 200);
    assertThat(community.count("select count(*) from idea_supports where idea_id = " + idea)).isEqualTo(CROWD - 200);
    assertThat(community.count("select count(*) from events where type = 'idea.threshold_reached'")).isEqualTo(1);
    assertThat(server.http().get("/api/ideas/" + idea).json().getString("status")).isEqualTo("in_review");
  }
}
