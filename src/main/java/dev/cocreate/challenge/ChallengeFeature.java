package dev.cocreate.challenge;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.account.OrgRepository;
import dev.cocreate.account.UserRepository;
import dev.cocreate.challenge.webhook.RetrySchedule;
import dev.cocreate.challenge.webhook.WebhookAddressPolicy;
import dev.cocreate.challenge.webhook.WebhookDeliveryWorker;
import dev.cocreate.challenge.webhook.WebhookOutbox;
import dev.cocreate.challenge.webhook.WebhookRepository;
import dev.cocreate.challenge.webhook.WebhookRoutes;
import dev.cocreate.challenge.webhook.WebhookService;
import dev.cocreate.forum.ForumService;
import dev.cocreate.notify.Notifier;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.http.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.InstantSource;
import java.util.function.IntSupplier;

/**
 * The challenge feature's object graph (challenges, ideas, webhooks) and its background jobs (the
 * deadline clock and the webhook worker), so the application wires it in a few lines.
 */
public final class ChallengeFeature {
  private final ChallengeService challenges;
  private final IdeaService ideas;
  private final WebhookService webhooks;
  private final ChallengeClock clock;
  private final WebhookDeliveryWorker deliveries;
  private final WebhookOutbox outbox;
  private final JuryVerdicts jury;

  public ChallengeFeature(Vertx vertx, Database db, OrgRepository orgs, UserRepository users, EventLog events,
      Permissions permissions, ForumService forum, long webhookRetryBaseMs, boolean webhooksAllowPrivate, Notifier notifier,
      IntSupplier defaultSupportThreshold, InstantSource time, RateLimiter limiter, RoundOutcomes outcomes, JuryVerdicts jury,
      IdeaAcceptance acceptance) {
    WebhookRepository webhookRepo = new WebhookRepository();
    WebhookOutbox outbox = new WebhookOutbox(webhookRepo);
    WebhookAddressPolicy policy = new WebhookAddressPolicy(vertx, webhooksAllowPrivate);
    this.outbox = outbox;
    this.challenges = new ChallengeService(db, orgs, permissions, forum::render, events, outbox, defaultSupportThreshold,
        time, outcomes);
    SupportStages stages = new SupportStages(db, events, outbox, notifier, permissions, time);
    this.ideas = new IdeaService(db, challenges, users, forum, permissions, events, outbox, notifier, limiter, stages,
        jury, acceptance);
    this.jury = jury;
    this.webhooks = new WebhookService(db, orgs, permissions, webhookRepo, policy);
    this.clock = new ChallengeClock(vertx, challenges, stages);
    this.deliveries = new WebhookDeliveryWorker(vertx, db, webhookRepo, policy, new RetrySchedule(webhookRetryBaseMs));
  }

  public ChallengeService challenges() {
    return challenges;
  }

  public IdeaService ideas() {
    return ideas;
  }

  /** The jury's tallies, as the review board shows them. */
  public JuryVerdicts verdicts() {
    return jury;
  }

  public WebhookService webhooks() {
    return webhooks;
  }

  /** The org's webhook outbox, for features that announce their changes to the challenge's org (results). */
  public WebhookOutbox outbox() {
    return outbox;
  }

  public WebhookDeliveryWorker deliveries() {
    return deliveries;
  }

  public void mount(Router api) {
    new ChallengeRoutes(challenges, ideas).mount(api);
    new IdeaRoutes(ideas).mount(api);
    new WebhookRoutes(webhooks).mount(api);
  }

  /** An org page's {@code challenges}: drafts only for its team. */
  public Future<JsonObject> addToOrgView(OrgRepository.Org org, Caller viewer, JsonObject view) {
    return challenges.ofOrg(org, viewer).map(list -> view.put("challenges", list));
  }

  /** Starts the jobs every node runs. */
  public void start() {
    clock.start();
    deliveries.start();
  }

  public void stop() {
    clock.stop();
    deliveries.stop();
  }
}
