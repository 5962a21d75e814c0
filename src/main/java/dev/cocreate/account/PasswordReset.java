package dev.cocreate.account;

import dev.cocreate.platform.auth.PasswordHasher;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Fields;
import dev.cocreate.platform.http.RateLimiter;
import dev.cocreate.platform.i18n.Messages;
import dev.cocreate.platform.mail.Mailer;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resetting a forgotten password by a link sent to the account's e-mail address. Asking answers the
 * same whether the address is an account's or not, and before anything about it is looked up, so
 * neither the answer nor its timing tells who is registered; the look-up and the mail follow on
 * their own. A link works once, for {@link #VALID_FOR}, and using it ends every session and every
 * other link of the member.
 */
public final class PasswordReset {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordReset.class);
  public static final Duration VALID_FOR = Duration.ofHours(1);
  /** Requests per e-mail address, whether or not it is an account's: answered 429 alike. */
  public static final RateLimiter.Limit PER_ADDRESS = new RateLimiter.Limit("password-reset-address", 3, Duration.ofHours(1));
  /** Links sent per account; over it, nothing is sent, and the answer stays the same. */
  public static final RateLimiter.Limit PER_ACCOUNT = new RateLimiter.Limit("password-reset-account", 5, Duration.ofHours(1));

  private final Database db;
  private final UserRepository users;
  private final SessionRepository sessions;
  private final AccountTokenRepository tokens = new AccountTokenRepository();
  private final PasswordHasher hasher;
  private final RateLimiter limiter;
  private final EventLog events;
  private final Mailer mailer;
  private final Messages messages;
  private final String siteUrl;
  private final InstantSource clock;
  private static final SecureRandom RANDOM = new SecureRandom();

  public PasswordReset(Database db, UserRepository users, SessionRepository sessions, PasswordHasher hasher,
      RateLimiter limiter, EventLog events, Mailer mailer, Messages messages, String siteUrl, InstantSource clock) {
    this.db = db;
    this.users = users;
    this.sessions = sessions;
    this.hasher = hasher;
    this.limiter = limiter;
    this.events = events;
    this.mailer = mailer;
    this.messages = messages;
    this.siteUrl = siteUrl;
    this.clock = clock;
  }

  /** A reset asked for: its address, and the language its mail is written in when the account chose none. */
  public record Request(String email) {
    public static Request from(Fields f) {
      String email = f.string("email", 3, 254);
      if (email != null && !NewAccount.EMAIL.matcher(email).matches()) {
        f.error("email", "must be an e-mail address");
      }
      f.validate();
      return new Request(email);
    }
  }

  /** A new password with the link's token. */
  public record Confirmation(String token, String password) {
    public static Confirmation from(Fields f, Object rawPassword) {
      String token = f.string("token", 1, 200);
      String password = Passwords.read(f, "password", rawPassword, null);
      f.validate();
      return new Confirmation(token, password);
    }
  }

  /**
   * Takes a request: spends the address's and the client's limits (429 alike for any address), then
   * answers at once; finding the account and mailing the link go on after the answer.
   */
  public Future<Void> request(Request r, String clientAddress, Locale pageLocale) {
    try {
      limiter.check(AccountService.AUTH_PER_IP, clientAddress);
      limiter.check(PER_ADDRESS, r.email().toLowerCase(Locale.ROOT));
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    sendLink(r.email(), pageLocale).onFailure(e -> LOG.warn("password reset mail not sent: {}", e.toString()));
    return Future.succeededFuture();
  }

  /** What {@link #request} starts and does not wait for (tests wait for its mail). */
  private Future<Void> sendLink(String email, Locale pageLocale) {
    return users.credentials(db.pool(), email).compose(found -> {
      // Only the e-mail address names the account here: a username typed in the field is no match.
      if (found.isEmpty() || !email.equalsIgnoreCase(found.get().user().email())) {
        return Future.succeededFuture();
      }
      User u = found.get().user();
      try {
        limiter.check(PER_ACCOUNT, Long.toString(u.id()));
      } catch (ApiException overLimit) {
        return Future.succeededFuture();
      }
      String token = newToken();
      OffsetDateTime now = now();
      return tokens.insert(db.pool(), hash(token), u.id(), AccountTokenRepository.PASSWORD_RESET, null, now,
              now.plus(VALID_FOR))
          .compose(v -> {
            Locale locale = u.locale() != null && Messages.supported(u.locale()) != null ? Messages.supported(u.locale())
                : pageLocale;
            String link = siteUrl + "/password/reset?token=" + token;
            return mailer.send(u.email(), messages.text(locale, "reset.mailSubject"),
                messages.text(locale, "reset.mailText", "name", u.displayName(), "link", link,
                    "minutes", Long.toString(VALID_FOR.toMinutes())));
          });
    });
  }

  /**
   * Sets the new password if the token is a live reset link: uses it up, revokes every session and
   * every other link of the member, in one transaction. 400 on {@code token} for a link that is
   * unknown, used or expired (the same words for all three).
   */
  public Future<User> confirm(Confirmation c, String clientAddress) {
    try {
      limiter.check(AccountService.AUTH_PER_IP, clientAddress);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    OffsetDateTime now = now();
    return hasher.hash(c.password()).compose(passwordHash -> db.tx(tx -> tokens.use(tx, hash(c.token()),
            AccountTokenRepository.PASSWORD_RESET, now)
        .compose(used -> used.isEmpty()
            ? Future.<Long>failedFuture(ApiException.invalid("token", "is not a valid reset link: it was used, expired or cut short"))
            : Future.succeededFuture(used.get().userId()))
        .compose(userId -> users.setPasswordHash(tx, userId, passwordHash)
            .compose(v -> sessions.revokeAllOf(tx, userId))
            .compose(v -> tokens.revokeAllOf(tx, userId, now))
            // Every node closes the member's live sockets: their sessions ended.
            .compose(v -> events.appendAll(tx, List.of(AccessChange.allSessions(userId))))
            .compose(v -> users.byId(tx, userId))
            .map(u -> u.orElseThrow(() -> ApiException.notFound("user"))))));
  }

  private OffsetDateTime now() {
    return clock.instant().atOffset(ZoneOffset.UTC);
  }

  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
