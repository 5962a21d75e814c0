package dev.cocreate.account;

import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.paging.Page;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Invitation codes for invite-only registration: an admin makes one, one new account uses it up. */
public final class Invites {
  /** No 0/O, 1/I/L: codes are read aloud and typed. */
  private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();

  private final Database db;
  private final SecureRandom random = new SecureRandom();

  public Invites(Database db) {
    this.db = db;
  }

  /** A new code, valid for {@code days} (null: until used). */
  public Future<Invite> create(Caller caller, Integer days) {
    if (!AccountRules.canAdministerSite(caller)) {
      return Future.failedFuture(ApiException.forbidden("Only an admin can create invitations."));
    }
    return db.pool().preparedQuery("""
            insert into invites (code, created_by, expires_at)
            values ($1, $2, case when $3::int is null then null else now() + make_interval(days => $3::int) end)
            returning code, created_at, expires_at, used_at, null::bigint as used_by, null::text as used_by_username""")
        .execute(Tuple.of(newCode(), caller.id(), days))
        .map(rows -> Invite.of(rows.iterator().next()));
  }

  /** The most recent codes, newest first: one page, the only one (older codes are not listed). */
  public Future<Page<Invite>> recent(Caller caller, int limit) {
    if (!AccountRules.canAdministerSite(caller)) {
      return Future.failedFuture(ApiException.forbidden("Only an admin can see invitations."));
    }
    return db.pool().preparedQuery("""
            select i.code, i.created_at, i.expires_at, i.used_at, i.used_by, u.username as used_by_username
            from invites i left join users u on u.id = i.used_by
            order by i.created_at desc limit $1""")
        .execute(Tuple.of(limit))
        .map(rows -> {
          List<Invite> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(Invite.of(r)));
          return new Page<>(out, null);
        });
  }

  /**
   * Uses the code up for {@code userId} inside the registration's transaction; 400 on the
   * {@code invite} field when it is unknown, expired or used (the row lock makes a code admit one
   * account however many try it at once).
   */
  public Future<Void> useUp(SqlConnection tx, String code, long userId) {
    return tx.preparedQuery("""
            update invites set used_by = $2, used_at = now()
            where code = $1 and used_at is null and (expires_at is null or expires_at > now())""")
        .execute(Tuple.of(normalize(code), userId))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(ApiException.invalid("invite", "is not a valid invitation code, or it was used already")));
  }

  static String normalize(String code) {
    return code == null ? "" : code.strip().toUpperCase().replace(" ", "");
  }

  private String newCode() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      if (i > 0 && i % 4 == 0) {
        b.append('-');
      }
      b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return b.toString();
  }
}
