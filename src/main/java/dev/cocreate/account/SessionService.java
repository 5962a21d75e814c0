package dev.cocreate.account;

import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and resolves credentials. Bearer tokens are JWTs naming a session row; web sessions are
 * random cookie values stored only as SHA-256. Both are checked against the database on every
 * request, so logout and suspension take effect at once; a logout is also announced to the live
 * hubs ({@link AccessChange}), which close that session's sockets.
 */
public final class SessionService {
  private final Database db;
  private final JWTAuth jwt;
  private final SessionRepository sessions;
  private final int tokenMinutes;
  private final int sessionDays;
  private final EventLog events;
  private final SecureRandom random = new SecureRandom();

  /**
   * A caller with the end of the session they came with (null for anonymous): live sockets keep
   * it, so they can be closed when it passes.
   */
  public record Authenticated(Caller caller, Instant expiresAt) {
    public static final Authenticated ANONYMOUS = new Authenticated(Caller.ANONYMOUS, null);
  }

  public SessionService(Database db, JWTAuth jwt, SessionRepository sessions, int tokenMinutes, int sessionDays) {
    this(db, jwt, sessions, tokenMinutes, sessionDays, new EventLog());
  }

  public SessionService(Database db, JWTAuth jwt, SessionRepository sessions, int tokenMinutes, int sessionDays,
      EventLog events) {
    this.events = events;
    this.db = db;
    this.jwt = jwt;
    this.sessions = sessions;
    this.tokenMinutes = tokenMinutes;
    this.sessionDays = sessionDays;
  }

  public int sessionDays() {
    return sessionDays;
  }

  /** A bearer token for the API. */
  public Future<String> issueToken(User user) {
    UUID id = UUID.randomUUID();
    return sessions
        .insert(db.pool(), id, user.id(), "token", null, OffsetDateTime.now().plusMinutes(tokenMinutes))
        .map(v -> jwt.generateToken(
            new JsonObject().put("sub", String.valueOf(user.id())).put("sid", id.toString()),
            new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(tokenMinutes)));
  }

  /** A new web session: its id (the CSRF token is bound to it) and the cookie value (stored only as a hash). */
  public record NewWebSession(UUID id, String cookie) {}

  /** A web session for the browser that signed in. */
  public Future<NewWebSession> issueWebSession(User user) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    UUID id = UUID.randomUUID();
    return sessions
        .insert(db.pool(), id, user.id(), "web", sha256(cookie), OffsetDateTime.now().plusDays(sessionDays))
        .map(v -> new NewWebSession(id, cookie));
  }

  /** The caller behind a bearer token; 401 for anything but a live session of an active user. */
  public Future<Caller> fromBearer(String token) {
    return bearer(token).map(Authenticated::caller);
  }

  /** As {@link #fromBearer}, with when the session ends. */
  public Future<Authenticated> bearer(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(ApiException.unauthorized("The token is invalid or expired.")))
        .compose(principal -> {
          UUID sid;
          try {
            sid = UUID.fromString(principal.principal().getString("sid"));
          } catch (RuntimeException e) {
            return Future.failedFuture(ApiException.unauthorized("The token is invalid or expired."));
          }
          return sessions.active(db.pool(), sid).compose(found -> {
            if (found.isEmpty()) {
              return Future.failedFuture(ApiException.unauthorized("The session has ended; sign in again."));
            }
            if (found.get().user().isSuspended()) {
              return Future.failedFuture(ApiException.unauthorized("This account is suspended."));
            }
            return Future.succeededFuture(new Authenticated(new Caller(found.get().user(), sid, false, found.get().facilitating()),
                found.get().expiresAt().toInstant()));
          });
        });
  }

  /** The caller behind a web session cookie, or anonymous when it is unknown, expired or suspended. */
  public Future<Caller> fromCookie(String cookieValue) {
    return cookie(cookieValue).map(Authenticated::caller);
  }

  /** As {@link #fromCookie}, with when the session ends (as slid forward by this use). */
  public Future<Authenticated> cookie(String cookieValue) {
    return sessions.activeWebSession(db.pool(), sha256(cookieValue), sessionDays)
        .map(found -> found
            .filter(s -> !s.user().isSuspended())
            .map(s -> new Authenticated(new Caller(s.user(), s.id(), true, s.facilitating()), s.expiresAt().toInstant()))
            .orElse(Authenticated.ANONYMOUS));
  }

  /**
   * The session's caller as they are now (a changed role included), if the session is still live
   * at {@code at}: not revoked, not expired by then, its user neither deleted nor suspended. A live
   * socket asks this when its caller's access changes and when its session's known end passes (a
   * web session may have slid forward meanwhile).
   */
  public Future<Optional<Authenticated>> current(Caller caller, Instant at) {
    if (!caller.signedIn() || caller.sessionId() == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return sessions.activeAt(db.pool(), caller.sessionId(), OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .map(found -> found
            .filter(s -> !s.user().isSuspended())
            .map(s -> new Authenticated(new Caller(s.user(), caller.sessionId(), caller.viaCookie(), s.facilitating()), s.expiresAt().toInstant())));
  }

  /**
   * Logs the session out. Its live sockets close on every node: the revocation and its announcement
   * commit together.
   */
  public Future<Void> revoke(UUID sessionId) {
    return db.tx(tx -> sessions.revoke(tx, sessionId).compose(userId -> userId.isEmpty() ? Future.<Void>succeededFuture()
        : events.appendAll(tx, List.of(AccessChange.session(userId.get(), sessionId))).mapEmpty()));
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
