package dev.cocreate.account;

import dev.cocreate.platform.db.Database;
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
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * Issues and resolves credentials. Bearer tokens are JWTs naming a session row; web sessions are
 * random cookie values stored only as SHA-256. Both are checked against the database on every
 * request, so logout and suspension take effect at once.
 */
public final class SessionService {
  private final Database db;
  private final JWTAuth jwt;
  private final SessionRepository sessions;
  private final int tokenMinutes;
  private final int sessionDays;
  private final SecureRandom random = new SecureRandom();

  public SessionService(Database db, JWTAuth jwt, SessionRepository sessions, int tokenMinutes, int sessionDays) {
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
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(ApiException.unauthorized("The token is invalid or expired.")))
        .compose(principal -> {
          UUID sid;
          try {
            sid = UUID.fromString(principal.principal().getString("sid"));
          } catch (RuntimeException e) {
            return Future.failedFuture(ApiException.unauthorized("The token is invalid or expired."));
          }
          return sessions.activeUser(db.pool(), sid).compose(found -> {
            if (found.isEmpty()) {
              return Future.failedFuture(ApiException.unauthorized("The session has ended; sign in again."));
            }
            if (found.get().isSuspended()) {
              return Future.failedFuture(ApiException.unauthorized("This account is suspended."));
            }
            return Future.succeededFuture(new Caller(found.get(), sid, false));
          });
        });
  }

  /** The caller behind a web session cookie, or anonymous when it is unknown, expired or suspended. */
  public Future<Caller> fromCookie(String cookieValue) {
    return sessions.activeWebSession(db.pool(), sha256(cookieValue), sessionDays)
        .map(found -> found
            .filter(s -> !s.user().isSuspended())
            .map(s -> new Caller(s.user(), s.id(), true))
            .orElse(Caller.ANONYMOUS));
  }

  public Future<Void> revoke(UUID sessionId) {
    return sessions.revoke(db.pool(), sessionId);
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
