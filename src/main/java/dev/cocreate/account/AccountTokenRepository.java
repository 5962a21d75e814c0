package dev.cocreate.account;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;

/** SQL for the single-use links sent by e-mail (account_tokens): only their hashes are stored. */
final class AccountTokenRepository {
  static final String PASSWORD_RESET = "password_reset";
  static final String EMAIL_CHANGE = "email_change";

  /** A token found unused and unexpired, now used up. */
  record UsedToken(long userId, String newEmail) {}

  Future<Void> insert(SqlClient db, byte[] hash, long userId, String purpose, String newEmail, OffsetDateTime now,
      OffsetDateTime expiresAt) {
    return db.preparedQuery("""
            insert into account_tokens (token_hash, user_id, purpose, new_email, created_at, expires_at)
            values ($1, $2, $3, $4, $5, $6)""")
        .execute(Tuple.of(hash, userId, purpose, newEmail, now, expiresAt))
        .mapEmpty();
  }

  /**
   * Uses the token up if it is one of {@code purpose}, unused and not expired at {@code now}: one
   * statement, so two requests with the same link cannot both succeed.
   */
  Future<Optional<UsedToken>> use(SqlClient db, byte[] hash, String purpose, OffsetDateTime now) {
    return db.preparedQuery("""
            update account_tokens t set used_at = $3
            from users u
            where t.token_hash = $1 and t.purpose = $2 and t.used_at is null and t.expires_at > $3
              and u.id = t.user_id and u.deleted_at is null
            returning t.user_id, t.new_email""")
        .execute(Tuple.of(hash, purpose, now))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new UsedToken(r.getLong("user_id"), r.getString("new_email")));
        });
  }

  /** Ends every other unused link of the member (all purposes): after a reset, none of the old ones works. */
  Future<Void> revokeAllOf(SqlClient db, long userId, OffsetDateTime now) {
    return db.preparedQuery("update account_tokens set used_at = $2 where user_id = $1 and used_at is null")
        .execute(Tuple.of(userId, now))
        .mapEmpty();
  }
}
