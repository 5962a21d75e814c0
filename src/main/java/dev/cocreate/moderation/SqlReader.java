package dev.cocreate.moderation;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a read scope of {@link Permissions} is decided for, as SQL: an expression for the reader's
 * id (0 for nobody, and for a suspended or deleted account, which read as anonymous visitors do),
 * one for whether they moderate, and the values of the placeholders those expressions use.
 *
 * <p>Two kinds: a caller bound to two placeholders ({@link Permissions#reader}), for "what may this
 * caller read"; and every row of a {@code users} alias ({@link #eachUser}), for "who of these may
 * read it" (notifications). The SQL text depends only on the placeholder positions or the alias,
 * never on the caller, so a statement built with it is prepared once for everyone.
 */
public record SqlReader(String id, String moderator, List<Object> params) {
  /** Aliases are spliced into SQL: only short lower-case identifiers written in code are accepted. */
  private static final Pattern ALIAS = Pattern.compile("[a-z_][a-z0-9_]{0,30}");

  public SqlReader {
    params = List.copyOf(params);
  }

  /**
   * The shape of a caller's reader at placeholders {@code $first} (their id) and
   * {@code $first + 1} (whether they moderate), without values: for SQL built once.
   * {@link Permissions#readerParams} gives the values to bind there.
   */
  public static SqlReader at(int first) {
    if (first < 1) {
      throw new IllegalArgumentException("placeholders start at $1");
    }
    return new SqlReader("$" + first + "::bigint", "$" + (first + 1) + "::boolean", List.of());
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
        "(%s and %s.role in ('moderator', 'admin'))".formatted(active, u), List.of());
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
