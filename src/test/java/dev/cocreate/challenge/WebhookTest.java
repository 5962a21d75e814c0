package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.challenge.webhook.RetrySchedule;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import dev.cocreate.support.WebhookReceiver;
import dev.cocreate.support.WebhookReceiver.Received;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Webhooks")
class WebhookTest {
  static final String SECRET = "a-long-shared-secret-for-tests";

  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("webhooksAllowPrivate", true).put("webhookRetryBaseMs", 200));
  @RegisterExtension static final WebhookReceiver receiver = WebhookReceiver.withSecret(SECRET);
  static Community community;

  @BeforeAll
  static void start() throws Exception {
    community = Community.in(server);
  }

  static String url(String path) {
    return receiver.url(path);
  }

  static JsonObject hook(String url, String... events) {
    return new JsonObject().put("url", url).put("events", new JsonArray(List.of((Object[]) events))).put("secret", SECRET);
  }

  static List<Received> at(String path) {
    return receiver.at(path);
  }

  /** The hook's delivery log, newest first, as its owner reads it. */
  static JsonArray deliveries(TestHttp owner, String org, long hookId) {
    return owner.get("/api/orgs/" + org + "/webhooks/" + hookId + "/deliveries").items();
  }

  /**
   * Whether every delivery in the log is settled as delivered: the worker sends no pending row
   * again, and a second send of one would have counted a second attempt.
   */
  static boolean allDelivered(JsonArray log, int expected) {
    return log.size() == expected && log.stream().allMatch(d -> "delivered".equals(((JsonObject) d).getString("status")));
  }

  @Test
  @DisplayName("each subscribed event arrives once, signed with the secret, and is logged as delivered")
  void signedDeliveries() throws Exception {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    Resp created = owner.post("/api/orgs/" + org + "/webhooks", hook(url("/ok/" + org),
        "idea.created", "idea.threshold_reached", "idea.status", "challenge.transition"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().containsKey("secret")).isFalse();
    long hookId = created.json().getLong("id");

    long challenge = community.openChallenge(owner, org, new JsonObject().put("supportThreshold", 1));
    long idea = community.submitIdea(owner, challenge, "Hooked").getLong("id");
    community.freshMember("hook_fan").put("/api/ideas/" + idea + "/support", null);
    owner.post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "shortlisted").put("note", "Nice"));
    // Once all four are logged as delivered nothing is sent again, so what the receiver has is final.
    Eventually.until("four deliveries logged as delivered", () -> allDelivered(deliveries(owner, org, hookId), 4));

    List<Received> got = at("/ok/" + org);
    assertThat(got).hasSize(4);
    assertThat(got).allMatch(Received::signatureValid);
    assertThat(got.stream().map(Received::event))
        .containsExactlyInAnyOrder("challenge.transition", "idea.created", "idea.threshold_reached", "idea.status");
    for (Received r : got) {
      JsonObject body = new JsonObject(r.body());
      assertThat(body.getString("event")).isEqualTo(r.event());
      assertThat(body.getString("id")).isNotBlank();
      assertThat(body.getJsonObject("data")).isNotNull();
    }
    JsonObject createdEvent = got.stream().filter(r -> r.event().equals("idea.created")).map(r -> new JsonObject(r.body()))
        .findFirst().orElseThrow();
    assertThat(createdEvent.getJsonObject("data").getLong("id")).isEqualTo(idea);
    assertThat(createdEvent.getJsonObject("data").getString("title")).isEqualTo("Hooked");

    Resp log = owner.get("/api/orgs/" + org + "/webhooks/" + hookId + "/deliveries");
    assertThat(log.status()).isEqualTo(200);
    assertThat(log.items()).hasSize(4);
    for (Object o : log.items()) {
      JsonObject d = (JsonObject) o;
      assertThat(d.getString("status")).isEqualTo("delivered");
      assertThat(d.getInteger("attempts")).isEqualTo(1);
      assertThat(d.getJsonArray("log").getJsonObject(0).getInteger("statusCode")).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a receiver that fails twice gets the same signed delivery on the third try")
  void retriesWithBackoff() throws Exception {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    String path = "/flaky/" + org;
    long hookId = owner.post("/api/orgs/" + org + "/webhooks", hook(url(path), "challenge.transition")).json().getLong("id");
    community.openChallenge(owner, org, new JsonObject());
    Eventually.until("the delivery logged as delivered", () -> allDelivered(deliveries(owner, org, hookId), 1));

    List<Received> tries = at(path);
    assertThat(tries).hasSize(3);
    assertThat(tries).allMatch(Received::signatureValid);
    assertThat(tries.stream().map(Received::answered)).containsExactly(500, 500, 200);
    assertThat(tries.stream().map(Received::delivery).distinct()).hasSize(1);
    assertThat(tries.stream().map(Received::body).distinct()).hasSize(1);

    JsonObject d = owner.get("/api/orgs/" + org + "/webhooks/" + hookId + "/deliveries").items().getJsonObject(0);
    assertThat(d.getString("status")).isEqualTo("delivered");
    assertThat(d.getInteger("attempts")).isEqualTo(3);
    assertThat(d.getJsonArray("log").stream().map(e -> ((JsonObject) e).getInteger("statusCode"))).containsExactly(500, 500, 200);
    assertThat(d.getJsonArray("log").getJsonObject(0).getString("error")).isEqualTo("HTTP 500");
  }

  @Test
  @DisplayName("only org owners manage webhooks; bad URLs, events and secrets are 400")
  void management() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    TestHttp teammate = community.freshMember("team");
    community.addMember(owner, org, teammate);
    TestHttp outsider = community.freshMember("outsider");
    String base = "/api/orgs/" + org + "/webhooks";

    assertThat(server.http().post(base, hook(url("/ok"), "idea.created")).status()).isEqualTo(401);
    assertThat(teammate.post(base, hook(url("/ok"), "idea.created")).status()).isEqualTo(403);
    assertThat(outsider.post(base, hook(url("/ok"), "idea.created")).status()).isEqualTo(403);
    assertThat(outsider.get(base).status()).isEqualTo(403);
    assertThat(owner.post("/api/orgs/no-such-org/webhooks", hook(url("/ok"), "idea.created")).status()).isEqualTo(404);
    assertThat(owner.post(base, hook(url("/ok"), "idea.deleted")).status()).isEqualTo(400);
    assertThat(owner.post(base, hook(url("/ok"))).status()).isEqualTo(400);
    assertThat(owner.post(base, hook(url("/ok"), "idea.created").put("secret", "short")).status()).isEqualTo(400);
    assertThat(owner.post(base, hook("ftp://example.com/x", "idea.created")).status()).isEqualTo(400);
    assertThat(owner.post(base, hook("http://user:pw@example.com/x", "idea.created")).status()).isEqualTo(400);
    assertThat(owner.post(base, hook("not a url", "idea.created")).status()).isEqualTo(400);

    long id = owner.post(base, hook(url("/ok"), "idea.created", "idea.status")).json().getLong("id");
    Resp list = owner.get(base);
    assertThat(list.items()).hasSize(1);
    assertThat(list.items().getJsonObject(0).getJsonArray("events")).containsExactlyInAnyOrder("idea.created", "idea.status");
    assertThat(list.body()).doesNotContain(SECRET);
    assertThat(teammate.get(base + "/" + id + "/deliveries").status()).isEqualTo(403);
    assertThat(owner.get(base + "/424242/deliveries").status()).isEqualTo(404);
    assertThat(teammate.delete(base + "/" + id).status()).isEqualTo(403);
    assertThat(owner.delete(base + "/" + id).status()).isEqualTo(204);
    assertThat(owner.delete(base + "/" + id).status()).isEqualTo(404);
    assertThat(owner.get(base).items()).isEmpty();
  }

  @Test
  @DisplayName("with private addresses forbidden (the default), loopback and link-local URLs are refused")
  void privateAddressesRefused() {
    try (TestServer strict = TestServer.start()) {
      TestHttp owner = strict.http();
      owner.register(Community.unique("strict"));
      String org = "strict-org";
      assertThat(owner.post("/api/orgs", new JsonObject().put("slug", org).put("name", "Strict")).status()).isEqualTo(201);
      for (String target : List.of(url("/ok"), "http://localhost:8080/x", "http://[::1]/x", "http://169.254.169.254/latest",
          "http://10.1.2.3/x", "http://192.168.0.10/x", "http://0.0.0.0/x")) {
        Resp r = owner.post("/api/orgs/" + org + "/webhooks", hook(target, "idea.created"));
        assertThat(r.status()).as(target + " " + r).isEqualTo(400);
        assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("url");
      }
    }
  }

  @Test
  @DisplayName("retries back off 10 s, 30 s, 2 min, 10 min, 1 h and give up after 8 tries")
  void schedule() {
    RetrySchedule s = new RetrySchedule(10_000);
    assertThat(List.of(s.delayMsAfter(1), s.delayMsAfter(2), s.delayMsAfter(3), s.delayMsAfter(4), s.delayMsAfter(5),
        s.delayMsAfter(7))).containsExactly(10_000L, 30_000L, 120_000L, 600_000L, 3_600_000L, 3_600_000L);
    assertThat(s.givesUpAfter(7)).isFalse();
    assertThat(s.givesUpAfter(8)).isTrue();
  }
}
