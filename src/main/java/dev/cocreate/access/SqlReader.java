package dev.cocreate.access;

import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a read scope of {@link Permissions} is decided for, as SQL: an expression for the reader's
 * id (0 for nobody, and for a suspended or deleted account, which read as anonymous visitors do),
 * one for whether they moderate, and the values of the placeholders those expressions use.
 *
 * <p>Two kinds: a caller bound to one placeholder, their id ({@link Permissions#reader}), for "what
 * may this caller read"; and every row of a {@code users} alias ({@link #eachUser}), for "who of
 * these may read it" (notifications). The SQL text depends only on the placeholder position or the
 * alias, never on the caller, so a statement built with it is prepared once for everyone. One
 * placeholder, not two: a scope that needs only the id (a challenge's) still binds every value it
 * is given, since PostgreSQL refuses a parameter that no part of the statement uses.
 */
public record SqlReader(String id, String moderator, List<Object> params) {
  /** Aliases are spliced into SQL: only short lower-case identifiers written in code are accepted. */
  private static final Pattern ALIAS = Pattern.compile("[a-z_][a-z0-9_]{0,30}");

  public SqlReader {
    params = List.copyOf(params);
  }

  /**
   * The shape of a caller's reader at placeholder {@code $first} (their id, 0 for nobody), without
   * its value: for SQL built once. {@link Permissions#readerParams} gives the value to bind there.
   * Whether they moderate is read from their row, as {@link #eachUser} reads it.
   */
  public static SqlReader at(int first) {
    if (first < 1) {
      throw new IllegalArgumentException("placeholders start at $1");
    }
    String id = "$" + first + "::bigint";
    return new SqlReader(id, "exists (select 1 from users rdr where rdr.id = %s and %s)".formatted(id, moderatorRole("rdr")),
        List.of());
  }

  /**
   * Each row of {@code users} under {@code alias}, with the same reading rights the Java rules give
   * a caller loaded from that row: none beyond a visitor's while suspended or once deleted.
   */
  public static SqlReader eachUser(String alias) {
    String u = alias(alias);
    String active = "(%1$s.deleted_at is null and (%1$s.suspended_until is null or %1$s.suspended_until <= now()))"
        .formatted(u);
    return new SqlReader("(case when %s then %s.id else 0 end)".formatted(active, u),
        "(%s and %s)".formatted(active, moderatorRole(u)), List.of());
  }

  /** {@code User.isModerator} for the users row under {@code u}: an admin moderates too. */
  private static String moderatorRole(String u) {
    return "%s.role in ('moderator', 'admin')".formatted(u);
  }

  /** Adds the reader's values to the tuple, which must already fill every placeholder before theirs. */
  public Tuple addTo(Tuple tuple) {
    params.forEach(tuple::addValue);
    return tuple;
  }

  /** The same reader with its placeholders' values. */
  SqlReader bound(List<Object> values) {
    return new SqlReader(id, moderator, values);
  }

  static String alias(String alias) {
    if (alias == null || !ALIAS.matcher(alias).matches()) {
      throw new IllegalArgumentException("not a SQL alias: " + alias);
    }
    return alias;
  }
}
