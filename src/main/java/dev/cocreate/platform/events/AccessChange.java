package dev.cocreate.platform.events;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The outbox events that make every node decide its live subscriptions again. A service that
 * changes what someone may read (a thread moved or hidden, a space's visibility or members, a
 * role, a session ending) appends one in the same transaction as the change, FIRST among that
 * transaction's events: each hub then re-decides (holding the affected sockets' events) before it
 * fans out the events that follow, and a node that was away meets it in the same order when its
 * listener catches up. Stored on {@link #TOPIC}, which no client can name (Topics.isValid),
 * so it is never delivered or replayed.
 *
 * <p>Data: {@code {scope: thread, threadId}}, {@code {scope: space, spaceId, slug, userId?}} (a
 * member added or removed names the member; a visibility change names nobody),
 * {@code {scope: user, userId}} (role: the hub reloads the socket's caller from its session), and
 * {@code {scope: session, userId, sessionId?}} (logout; without a session id every session of the
 * user ended, as on account deletion): the sockets are closed with {@link #SESSION_ENDED}.
 */
public final class AccessChange {
  public static final String TOPIC = "access";
  public static final String TYPE = "access.changed";
  /** Close code of a socket whose session ended (logout, expiry, account deletion): sign in again. */
  public static final short SESSION_ENDED = 4401;

  private AccessChange() {}

  public static EventLog.Pending thread(long threadId) {
    return of(new JsonObject().put("scope", "thread").put("threadId", threadId));
  }

  /** Everyone's access to a space and its threads (its visibility changed). */
  public static EventLog.Pending space(long spaceId, String slug) {
    return of(new JsonObject().put("scope", "space").put("spaceId", spaceId).put("slug", slug));
  }

  /** One member's access to a group space and its threads (added or removed). */
  public static EventLog.Pending spaceMember(long spaceId, String slug, long userId) {
    return of(new JsonObject().put("scope", "space").put("spaceId", spaceId).put("slug", slug).put("userId", userId));
  }

  /** What the user may read changed (their role): their sockets reload who they are. */
  public static EventLog.Pending user(long userId) {
    return of(new JsonObject().put("scope", "user").put("userId", userId));
  }

  /** One session ended (logout). */
  public static EventLog.Pending session(long userId, UUID sessionId) {
    return of(new JsonObject().put("scope", "session").put("userId", userId).put("sessionId", sessionId.toString()));
  }

  /** Every session of the user ended (the account was deleted). */
  public static EventLog.Pending allSessions(long userId) {
    return of(new JsonObject().put("scope", "session").put("userId", userId));
  }

  private static EventLog.Pending of(JsonObject data) {
    return new EventLog.Pending(TOPIC, TYPE, data);
  }
}
