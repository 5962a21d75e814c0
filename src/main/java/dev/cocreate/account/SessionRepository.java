package dev.cocreate.account;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for sessions: every token and web login is a row so it can be revoked. */
public final class SessionRepository {

  public Future<Void> insert(SqlClient db, UUID id, long userId, String kind, byte[] tokenHash, OffsetDateTime expiresAt) {
    return db.preparedQuery("insert into sessions (id, user_id, kind, token_hash, expires_at) values ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(id, userId, kind, tokenHash == null ? null : Buffer.buffer(tokenHash), expiresAt))
        .mapEmpty();
  }

  /**
   * The member's open facilitator terms (space ids and their ends, in the same order), selected with
   * every session lookup as the role is, so a term named, removed or ended applies on the next request.
   */
  private static final String FACILITATING = ", array(select ft.space_id from facilitator_terms ft where ft.user_id = u.id "
      + "and ft.removed_at is null and ft.served_at is null order by ft.id) as facilitating_spaces, "
      + "array(select ft.ends_at from facilitator_terms ft where ft.user_id = u.id "
      + "and ft.removed_at is null and ft.served_at is null order by ft.id) as facilitating_until";

  /** A live session's user, their facilitator terms and when the session ends (as stored; a web session slides on use). */
  public record ActiveSession(User user, OffsetDateTime expiresAt, Map<Long, Instant> facilitating) {}

  private static Map<Long, Instant> facilitating(Row r) {
    Long[] spaces = r.getArrayOfLongs("facilitating_spaces");
    OffsetDateTime[] until = r.getArrayOfOffsetDateTimes("facilitating_until");
    Map<Long, Instant> out = new HashMap<>();
    for (int i = 0; spaces != null && i < spaces.length; i++) {
      out.put(spaces[i], until[i].toInstant());
    }
    return out;
  }

  private static ActiveSession activeSession(Row r) {
    return new ActiveSession(User.of(r), r.getOffsetDateTime("session_expires_at"), facilitating(r));
  }

  /**
   * As {@link #active}, with "live" measured at {@code at} rather than at the database's now: the
   * live hubs decide expiry by their own clock.
   */
  public Future<Optional<ActiveSession>> activeAt(SqlClient db, UUID sessionId, OffsetDateTime at) {
    return db.preparedQuery(
            "select s.expires_at as session_expires_at, " + User.COLUMNS + FACILITATING + " from sessions s join users u on u.id = s.user_id "
                + "where s.id = $1 and s.revoked_at is null and s.expires_at > $2 and u.deleted_at is null")
        .execute(Tuple.of(sessionId, at))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(activeSession(rows.iterator().next())));
  }

  /** The live session's user (session not revoked, not expired, user not deleted) and when it ends. */
  public Future<Optional<ActiveSession>> active(SqlClient db, UUID sessionId) {
    return db.preparedQuery(
            "select s.expires_at as session_expires_at, " + User.COLUMNS + FACILITATING + " from sessions s join users u on u.id = s.user_id "
                + "where s.id = $1 and s.revoked_at is null and s.expires_at > now() and u.deleted_at is null")
        .execute(Tuple.of(sessionId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(activeSession(rows.iterator().next())));
  }

  public record WebSession(UUID id, User user, OffsetDateTime expiresAt, Map<Long, Instant> facilitating) {}

  /**
   * Finds a web session by its cookie's hash and slides its expiry forward, at most once an hour,
   * so an active member stays signed in without a write on every request.
   */
  public Future<Optional<WebSession>> activeWebSession(SqlClient db, byte[] tokenHash, int sessionDays) {
    return db.preparedQuery(
            "with s as (update sessions set expires_at = case when expires_at < now() + make_interval(days => $2) - interval '1 hour' "
                + "then now() + make_interval(days => $2) else expires_at end "
                + "where token_hash = $1 and kind = 'web' and revoked_at is null and expires_at > now() returning id, user_id, expires_at) "
                + "select s.id as session_id, s.expires_at as session_expires_at, " + User.COLUMNS + FACILITATING
                + " from s join users u on u.id = s.user_id where u.deleted_at is null")
        .execute(Tuple.of(Buffer.buffer(tokenHash), sessionDays))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new WebSession(rows.iterator().next().getUUID("session_id"), User.of(rows.iterator().next()),
                rows.iterator().next().getOffsetDateTime("session_expires_at"), facilitating(rows.iterator().next()))));
  }

  /** Ends the session; answers its user's id when it was live until now (empty when unknown or already ended). */
  public Future<Optional<Long>> revoke(SqlClient db, UUID sessionId) {
    return db.preparedQuery("update sessions set revoked_at = now() where id = $1 and revoked_at is null returning user_id")
        .execute(Tuple.of(sessionId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  public Future<Void> revokeAllOf(SqlClient db, long userId) {
    return db.preparedQuery("update sessions set revoked_at = now() where user_id = $1 and revoked_at is null")
        .execute(Tuple.of(userId))
        .mapEmpty();
  }

  /** Ends every session of the user but {@code kept} (the one changing the password); answers the ended ids. */
  public Future<List<UUID>> revokeOthersOf(SqlClient db, long userId, UUID kept) {
    return db.preparedQuery(
            "update sessions set revoked_at = now() where user_id = $1 and revoked_at is null and id <> $2 returning id")
        .execute(Tuple.of(userId, kept))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0)));
          return ids;
        });
  }
}
