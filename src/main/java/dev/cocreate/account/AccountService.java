package dev.cocreate.account;

import dev.cocreate.platform.auth.PasswordHasher;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.SqlErrors;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.RateLimiter;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/** Registration, sign-in and the member's own settings; staff acting on accounts is {@code moderation.MemberModeration}. */
public final class AccountService {
  /** Event-bus address told when a user must lose live connections (suspension, deletion). */
  public static final String USER_BLOCKED_ADDRESS = "cocreate.user.blocked";
  /** Sign-ins and registrations per client address. */
  public static final RateLimiter.Limit AUTH_PER_IP = new RateLimiter.Limit("auth-ip", 10, Duration.ofMinutes(1));
  /**
   * Password guesses per account, whatever name they come by (username or e-mail) and whatever the
   * form (the API's sign-in, the page's, the account deletion's password check).
   */
  public static final RateLimiter.Limit AUTH_PER_ACCOUNT = new RateLimiter.Limit("auth-account", 10, Duration.ofMinutes(1));

  private final Database db;
  private final UserRepository users;
  private final SessionRepository sessionRepo;
  private final PasswordHasher hasher;
  private final RateLimiter limiter;

  public AccountService(Database db, UserRepository users, SessionRepository sessionRepo, PasswordHasher hasher,
      RateLimiter limiter) {
    this.limiter = limiter;
    this.db = db;
    this.users = users;
    this.sessionRepo = sessionRepo;
    this.hasher = hasher;
  }

  public record Registration(String username, String email, String password, String displayName) {}

  public Future<User> register(Registration r) {
    return register(r, null);
  }

  /**
   * Registers, running {@code alsoInTransaction} with the new user in the same transaction (an
   * invitation is used up only if the account is made, and the other way round). Null: nothing else.
   */
  public Future<User> register(Registration r,
      BiFunction<SqlConnection, User, Future<Void>> alsoInTransaction) {
    return hasher.hash(r.password())
        .compose(hash -> alsoInTransaction == null
            ? users.insert(db.pool(), r.username(), r.email(),
                r.displayName() == null || r.displayName().isBlank() ? r.username() : r.displayName(), hash)
            : db.tx(tx -> users.insert(tx, r.username(), r.email(),
                    r.displayName() == null || r.displayName().isBlank() ? r.username() : r.displayName(), hash)
                .compose(u -> alsoInTransaction.apply(tx, u).map(u))))
        .recover(e -> {
          if (SqlErrors.isUniqueViolation(e, "users_username_key")) {
            return Future.failedFuture(new ApiException(409, "conflict", "Conflict", "That username is taken.",
                List.of(new ApiException.FieldError("username", "is taken")), null));
          }
          if (SqlErrors.isUniqueViolation(e, "users_email_key")) {
            return Future.failedFuture(new ApiException(409, "conflict", "Conflict", "That e-mail is already registered.",
                List.of(new ApiException.FieldError("email", "is already registered")), null));
          }
          return Future.failedFuture(e);
        });
  }

  /**
   * The user for a login and password; the same 401 whether the account is unknown or the password
   * wrong. Rate limited here, for the API and the page alike: per client address before anything is
   * read, then per account once the login names one, so ten guesses by username leave none by
   * e-mail. A name that is no account has a bucket of its own text: it is refused after as many
   * tries as an account would be, which keeps the 429 from telling which names exist. Both limits
   * are spent before the password hash is computed, the costly part an attacker would aim at.
   */
  public Future<User> authenticate(String login, String password, String clientAddress) {
    try {
      limiter.check(AUTH_PER_IP, clientAddress);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return users.credentials(db.pool(), login).compose(found -> {
      try {
        limiter.check(AUTH_PER_ACCOUNT, found.map(c -> accountKey(c.user().id()))
            .orElse("name:" + login.toLowerCase(Locale.ROOT)));
      } catch (ApiException e) {
        return Future.failedFuture(e);
      }
      return Future.succeededFuture(found);
    }).compose(found ->
        hasher.verify(password, found.map(UserRepository.Credentials::passwordHash).orElse(null)).compose(ok -> {
          if (!ok || found.isEmpty()) {
            return Future.failedFuture(ApiException.unauthorized("Wrong username, e-mail or password."));
          }
          User u = found.get().user();
          if (u.isSuspended()) {
            return Future.failedFuture(AccountRestricted.suspended(u));
          }
          return Future.succeededFuture(u);
        }));
  }

  /**
   * Spends one password guess against the account: for a form that checks the member's password
   * other than sign-in (account deletion), so a stolen session cannot guess more often than sign-in
   * allows. Fails with 429 when the account's bucket is empty.
   */
  public Future<Void> spendPasswordGuess(long userId) {
    try {
      limiter.check(AUTH_PER_ACCOUNT, accountKey(userId));
      return Future.succeededFuture();
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
  }

  private static String accountKey(long userId) {
    return "account:" + userId;
  }

  public Future<User> byUsername(String username) {
    if (username == null || !AccountRoutes.USERNAME.matcher(username).matches()) {
      return Future.failedFuture(ApiException.notFound("user"));
    }
    return users.byUsername(db.pool(), username)
        .map(u -> u.orElseThrow(() -> ApiException.notFound("user")));
  }

  /**
   * Sets the language the member's pages speak: a supported language's code, or null to follow the
   * browser's Accept-Language again.
   */
  public Future<User> setLocale(Caller caller, String locale) {
    if (!caller.signedIn()) {
      return Future.failedFuture(ApiException.unauthorized("Sign in first."));
    }
    return users.setLocale(db.pool(), caller.id(), locale).map(u -> u.orElseThrow(() -> ApiException.notFound("user")));
  }

  /** Creates the admin, or promotes an existing account; used by the create-admin command. */
  public Future<User> createOrPromoteAdmin(String username, String password) {
    return users.byUsername(db.pool(), username).compose(existing -> {
      if (existing.isPresent()) {
        return hasher.hash(password)
            .compose(h -> users.setPasswordHash(db.pool(), existing.get().id(), h))
            .compose(v -> users.setRole(db.pool(), existing.get().id(), "admin"))
            .map(u -> u.orElseThrow());
      }
      return register(new Registration(username, username + "@localhost", password, username))
          .compose(u -> users.setRole(db.pool(), u.id(), "admin"))
          .map(u -> u.orElseThrow());
    });
  }
}
