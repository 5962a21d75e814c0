package dev.cocreate.account;

import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * A 403 for an account a moderator restricted: suspended (no sign-in) or silenced (reads, but may
 * not post, reply, flag or support). It carries the end and the reason, so the API states them as
 * members of the problem ({@code until}, {@code reason}) and a page can say the end in its reader's
 * language and time zone rather than as an ISO string.
 */
public final class AccountRestricted extends ApiException {
  /** What the restriction withholds. */
  public enum Kind { SUSPENDED, SILENCED }

  private final Kind kind;
  private final OffsetDateTime until;
  private final String reason;
  private final String accountTimeZone;

  private AccountRestricted(Kind kind, String detail, OffsetDateTime until, String reason, String accountTimeZone) {
    super(403, kind == Kind.SUSPENDED ? "suspended" : "silenced", "Forbidden", detail);
    this.kind = kind;
    this.until = until;
    this.reason = reason;
    this.accountTimeZone = accountTimeZone;
  }

  public static AccountRestricted suspended(User u) {
    return new AccountRestricted(Kind.SUSPENDED, "This account is suspended until " + Times.iso(u.suspendedUntil())
        + (u.suspensionReason() == null ? "." : ": " + u.suspensionReason()), u.suspendedUntil(), u.suspensionReason(),
        u.timeZone());
  }

  public static AccountRestricted silenced(User u) {
    return new AccountRestricted(Kind.SILENCED, "You are silenced until " + Times.iso(u.silencedUntil())
        + ": you may read, but not post, reply, flag or support"
        + (u.silenceReason() == null ? "." : " (" + u.silenceReason() + ")."), u.silencedUntil(), u.silenceReason(),
        u.timeZone());
  }

  public Kind kind() {
    return kind;
  }

  public OffsetDateTime until() {
    return until;
  }

  public String reason() {
    return reason;
  }

  /** The restricted member's own time zone (null: none chosen), for a page whose reader has none. */
  public String accountTimeZone() {
    return accountTimeZone;
  }

  @Override
  public JsonObject extensions() {
    return new JsonObject().put("until", Times.iso(until)).put("reason", reason);
  }
}
