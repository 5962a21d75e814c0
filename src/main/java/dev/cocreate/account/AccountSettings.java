package dev.cocreate.account;

import dev.cocreate.platform.auth.PasswordHasher;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.SqlErrors;
import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.RenderChange;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Fields;
import dev.cocreate.platform.i18n.Messages;
import dev.cocreate.platform.mail.Mailer;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a member changes about their own account from the settings page: password (with the current
 * one), e-mail (confirmed by a link sent to the new address, the old one told), display name and
 * bio, time zone. Each change is read by its command record here, for every door alike.
 */
public final class AccountSettings {
  private static final Logger LOG = LoggerFactory.getLogger(AccountSettings.class);
  /** How long the link confirming a new e-mail address works. */
  public static final Duration EMAIL_LINK_VALID_FOR = Duration.ofHours(24);
  public static final int BIO_MAX = 2000;
  public static final int DISPLAY_NAME_MAX = 64;

  private final Database db;
  private final UserRepository users;
  private final SessionRepository sessions;
  private final AccountTokenRepository tokens = new AccountTokenRepository();
  private final AccountService accounts;
  private final PasswordHasher hasher;
  private final EventLog events;
  private final Mailer mailer;
  private final Messages messages;
  private final String siteUrl;
  private final InstantSource clock;

  public AccountSettings(Database db, UserRepository users, SessionRepository sessions, AccountService accounts,
      PasswordHasher hasher, EventLog events, Mailer mailer, Messages messages, String siteUrl, InstantSource clock) {
    this.db = db;
    this.users = users;
    this.sessions = sessions;
    this.accounts = accounts;
    this.hasher = hasher;
    this.events = events;
    this.mailer = mailer;
    this.messages = messages;
    this.siteUrl = siteUrl;
    this.clock = clock;
  }

  /** A new password, with the current one to show it is the member at the keyboard. */
  public record PasswordChange(String current, String next) {
    public static PasswordChange from(Fields f, Object rawCurrent, Object rawNext, String username) {
      String current = rawCurrent instanceof String s && !s.isEmpty() ? s : null;
      if (current == null) {
        f.error("currentPassword", "is required");
      }
      String next = Passwords.read(f, "newPassword", rawNext, username);
      f.validate();
      return new PasswordChange(current, next);
    }
  }

  /** The name shown beside everything the member writes, and the Markdown of their profile. */
  public record ProfileEdit(String displayName, String bio) {
    public static ProfileEdit from(Fields f) {
      String name = DisplayNames.read(f, "displayName", DISPLAY_NAME_MAX);
      if (name != null && name.isEmpty()) {
        f.error("displayName", "must not be blank");
      } else if (name == null && !f.has("displayName")) {
        f.error("displayName", "is required");
      }
      String bio = f.optionalString("bio", BIO_MAX);
      f.validate();
      return new ProfileEdit(name, bio == null ? "" : bio);
    }
  }

  /** A new e-mail address, with the current password: whoever holds the address holds the account. */
  public record EmailChange(String email, String currentPassword) {
    public static EmailChange from(Fields f, Object rawPassword) {
      String email = f.string("email", 3, 254);
      if (email != null && (!NewAccount.EMAIL.matcher(email).matches() || DisplayNames.firstHidden(email) != null)) {
        f.error("email", "must be an e-mail address");
      }
      String password = rawPassword instanceof String s && !s.isEmpty() ? s : null;
      if (password == null) {
        f.error("currentPassword", "is required");
      }
      f.validate();
      return new EmailChange(email, password);
    }
  }

  /** An IANA time zone id ("Europe/Paris"), or none to print UTC. */
  public record TimeZoneChoice(String zone) {
    public static TimeZoneChoice from(Fields f) {
      String zone = f.optionalString("timeZone", 64);
      if (zone != null && !zone.isEmpty() && !ZoneId.getAvailableZoneIds().contains(zone)) {
        f.error("timeZone", "must be a time zone such as Europe/Paris");
      }
      f.validate();
      return new TimeZoneChoice(zone == null || zone.isEmpty() ? null : zone);
    }
  }

  /**
   * Changes the password when the current one matches (403 on {@code currentPassword} otherwise;
   * each try spends one of sign-in's guesses), and ends every other session of the member.
   */
  public Future<User> changePassword(Caller caller, PasswordChange c) {
    return checkPassword(caller, c.current()).compose(v -> hasher.hash(c.next())).compose(hash -> db.tx(tx ->
        users.setPasswordHash(tx, caller.id(), hash)
            .compose(v -> caller.sessionId() == null ? sessions.revokeAllOf(tx, caller.id()).map(List.<UUID>of())
                : sessions.revokeOthersOf(tx, caller.id(), caller.sessionId()))
            .compose(ended -> ended.isEmpty() ? Future.succeededFuture()
                : events.appendAll(tx, ended.stream().map(id -> AccessChange.session(caller.id(), id)).toList()).mapEmpty())
            .compose(v -> tokens.revokeAllOf(tx, caller.id(), now()))
            .compose(v -> users.byId(tx, caller.id()))
            .map(u -> u.orElseThrow(() -> ApiException.notFound("user")))));
  }

  /** Every page that shows the member's posts names them: the render change tells every node's page cache. */
  public Future<User> editProfile(Caller caller, ProfileEdit e) {
    return db.tx(tx -> users.setProfile(tx, caller.id(), e.displayName(), e.bio())
        .map(u -> u.orElseThrow(() -> ApiException.notFound("user")))
        .compose(u -> events.appendAll(tx, List.of(RenderChange.user(u.id()))).map(u)));
  }

  public Future<User> setTimeZone(Caller caller, TimeZoneChoice z) {
    return users.setTimeZone(db.pool(), caller.id(), z.zone()).map(u -> u.orElseThrow(() -> ApiException.notFound("user")));
  }

  /**
   * Sends the link confirming a new address to that address, and tells the current one. Nothing
   * changes until the link is opened. 409 on {@code email} when another account has the address.
   */
  public Future<Void> requestEmailChange(Caller caller, EmailChange c, Locale pageLocale) {
    if (!mailer.enabled()) {
      return Future.failedFuture(new ApiException(503, "unavailable", "Service unavailable",
          "This site sends no e-mail, so an address cannot be confirmed.", List.of(), null));
    }
    User u = caller.user();
    Locale locale = Messages.supported(u.locale()) != null ? Messages.supported(u.locale()) : pageLocale;
    return checkPassword(caller, c.currentPassword())
        .compose(v -> users.credentials(db.pool(), c.email()))
        .compose(found -> {
          if (found.isPresent() && c.email().equalsIgnoreCase(found.get().user().email())) {
            return Future.failedFuture(taken());
          }
          String token = PasswordReset.newToken();
          OffsetDateTime now = now();
          return tokens.insert(db.pool(), PasswordReset.hash(token), u.id(), AccountTokenRepository.EMAIL_CHANGE, c.email(),
                  now, now.plus(EMAIL_LINK_VALID_FOR))
              .compose(v -> mailer.send(c.email(), messages.text(locale, "emailChange.mailSubject"),
                  messages.text(locale, "emailChange.mailText", "name", u.displayName(),
                      "link", siteUrl + "/settings/email/confirm?token=" + token)))
              .onSuccess(v -> mailer.send(u.email(), messages.text(locale, "emailChange.noticeSubject"),
                      messages.text(locale, "emailChange.noticeText", "name", u.displayName(), "email", c.email()))
                  .onFailure(e -> LOG.warn("e-mail change notice not sent: {}", e.toString())));
        });
  }

  /** Opens a confirmation link: the account takes the new address. 400 for a link unknown, used or expired. */
  public Future<User> confirmEmailChange(String token) {
    if (token == null || token.isEmpty() || token.length() > 200) {
      return Future.failedFuture(badLink());
    }
    return db.tx(tx -> tokens.use(tx, PasswordReset.hash(token), AccountTokenRepository.EMAIL_CHANGE, now())
            .compose(used -> used.isEmpty() ? Future.<Optional<User>>failedFuture(badLink())
                : users.setEmail(tx, used.get().userId(), used.get().newEmail())))
        .map(u -> u.orElseThrow(() -> ApiException.notFound("user")))
        .recover(e -> SqlErrors.isUniqueViolation(e, "users_email_key") ? Future.failedFuture(taken()) : Future.failedFuture(e));
  }

  private Future<Void> checkPassword(Caller caller, String password) {
    return accounts.spendPasswordGuess(caller.id())
        .compose(v -> users.passwordHash(db.pool(), caller.id()))
        .compose(hash -> hasher.verify(password, hash))
        .compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture(new ApiException(403, "forbidden", "Forbidden",
            "The current password does not match.", List.of(new ApiException.FieldError("currentPassword", "does not match")),
            null)));
  }

  private static ApiException taken() {
    return new ApiException(409, "conflict", "Conflict", "That e-mail is already registered.",
        List.of(new ApiException.FieldError("email", "is already registered")), null);
  }

  private static ApiException badLink() {
    return ApiException.invalid("token", "is not a valid confirmation link: it was used, expired or cut short");
  }

  private OffsetDateTime now() {
    return clock.instant().atOffset(ZoneOffset.UTC);
  }
}
