package dev.cocreate.platform.events;

import io.vertx.core.json.JsonObject;

/**
 * Outbox events that tell every node a page shows something differently though nobody's access
 * changed and no live topic carries it: a thread pinned, a space renamed, a member's display name.
 * Pages kept in memory (forum.ThreadPageCache) drop what they concern. Stored on {@link #TOPIC},
 * which no client can name (Topics.isValid), so it is never delivered or replayed to a socket.
 *
 * <p>Data: {@code {scope: thread, threadId}}, {@code {scope: space, spaceId}}, {@code {scope:
 * user, userId}} (everything the member wrote shows their name).
 */
public final class RenderChange {
  public static final String TOPIC = "render";
  public static final String TYPE = "render.changed";

  private RenderChange() {}

  public static EventLog.Pending thread(long threadId) {
    return of(new JsonObject().put("scope", "thread").put("threadId", threadId));
  }

  public static EventLog.Pending space(long spaceId) {
    return of(new JsonObject().put("scope", "space").put("spaceId", spaceId));
  }

  public static EventLog.Pending user(long userId) {
    return of(new JsonObject().put("scope", "user").put("userId", userId));
  }

  private static EventLog.Pending of(JsonObject data) {
    return new EventLog.Pending(TOPIC, TYPE, data);
  }
}
