package dev.cocreate.account;

import dev.cocreate.platform.http.Fields;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A registration as the API's body and the register page's form both give it: the account's
 * fields, and the invitation code when the site registers by invitation. Read and checked before
 * anything is spent, so a malformed request never eats into the per-address limit, which
 * {@link Signup#register} spends, whichever door it came by.
 */
public record NewAccount(String username, String email, String password, String displayName, String invite) {
  /** A username as typed, before its pattern is checked: long enough to say what is wrong with it. */
  static final int USERNAME_INPUT_MAX = 200;
  static final int EMAIL_MIN = 3;
  static final int EMAIL_MAX = 254;
  static final int DISPLAY_NAME_MAX = 64;
  static final int INVITE_MAX = 64;
  static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

  /** Reads and checks a registration; every field error at once. */
  public static NewAccount from(Fields f) {
    String invite = f.optionalString("invite", INVITE_MAX);
    String username = f.string("username", 1, USERNAME_INPUT_MAX);
    if (username != null && !AccountRoutes.USERNAME.matcher(username).matches()) {
      f.error("username", "must be 3 to 32 characters of a-z, A-Z, 0-9, _ and -");
      username = null;
    } else if (username != null && username.toLowerCase(Locale.ROOT).startsWith(AccountRoutes.DELETED_PREFIX)) {
      f.error("username", "must not start with '" + AccountRoutes.DELETED_PREFIX + "'");
      username = null;
    }
    String email = f.string("email", EMAIL_MIN, EMAIL_MAX);
    if (email != null && (!EMAIL.matcher(email).matches() || DisplayNames.firstHidden(email) != null)) {
      f.error("email", "must be an e-mail address");
    }
    String password = password(f, username);
    String displayName = DisplayNames.read(f, "displayName", DISPLAY_NAME_MAX);
    f.validate();
    return new NewAccount(username, email, password, displayName, invite == null || invite.isEmpty() ? null : invite);
  }

  /** A password is taken exactly as sent (its spaces are part of it), by the rules every new password meets. */
  private static String password(Fields f, String username) {
    String p = f.exact("password");
    return p == null ? null : Passwords.read(f, "password", p, username);
  }

  /** The account's fields, as the account service creates it. */
  public AccountService.Registration registration() {
    return new AccountService.Registration(username, email, password, displayName);
  }
}
