package dev.cocreate.challenge;

import dev.cocreate.challenge.webhook.WebhookOutbox;
import dev.cocreate.platform.events.EventLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * What one challenge transaction tells the world: live events on {@code challenge:<id>} and the
 * org's webhooks. Collected while the transaction runs, written by {@link #flush} as its last
 * steps: webhook deliveries first, live events last, because the event log's ordering lock should
 * be held only for the commit.
 *
 * <p>The live events are also the hook for notifications: a notifier reads {@code idea.status} and
 * {@code idea.threshold_reached} from the same outbox.
 */
final class Announcements {
  private record Live(String topic, String type, JsonObject data) {}

  private record Hook(long orgId, String event, JsonObject data) {}

  private final EventLog events;
  private final WebhookOutbox webhooks;
  private final List<Live> live = new ArrayList<>();
  private final List<Hook> hooks = new ArrayList<>();

  Announcements(EventLog events, WebhookOutbox webhooks) {
    this.events = events;
    this.webhooks = webhooks;
  }

  static String topic(long challengeId) {
    return "challenge:" + challengeId;
  }

  Announcements live(long challengeId, String type, JsonObject data) {
    live.add(new Live(topic(challengeId), type, data));
    return this;
  }

  /** A live event on another topic than the challenge's, such as an idea's discussion ({@code thread:<id>}). */
  Announcements liveOn(String topic, String type, JsonObject data) {
    live.add(new Live(topic, type, data));
    return this;
  }

  Announcements webhook(long orgId, String event, JsonObject data) {
    hooks.add(new Hook(orgId, event, data));
    return this;
  }

  /** Both: a live event and the webhook event of the same name. */
  Announcements both(long challengeId, long orgId, String type, JsonObject data) {
    return live(challengeId, type, data).webhook(orgId, type, data);
  }

  Future<Void> flush(SqlConnection tx) {
    Future<?> chain = Future.succeededFuture();
    for (Hook h : hooks) {
      chain = chain.compose(v -> webhooks.enqueue(tx, h.orgId(), h.event(), h.data()));
    }
    for (Live l : live) {
      chain = chain.compose(v -> events.append(tx, l.topic(), l.type(), l.data()));
    }
    return chain.mapEmpty();
  }
}
