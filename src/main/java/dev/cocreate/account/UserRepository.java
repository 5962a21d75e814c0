package dev.cocreate.account;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for users. */
public final class UserRepository {
  private static final String SELECT = "select " + User.COLUMNS + " from users u ";

  public Future<User> insert(SqlClient db, String username, String email, String displayName, String passwordHash) {
    return db.preparedQuery(
            "insert into users as u (username, email, display_name, password_hash) values ($1, $2, $3, $4) returning "
                + User.COLUMNS)
        .execute(Tuple.of(username, email, displayName, passwordHash))
        .map(rows -> User.of(rows.iterator().next()));
  }

  public Future<Optional<User>> byId(SqlClient db, long id) {
    return db.preparedQuery(SELECT + "where u.id = $1 and u.deleted_at is null").execute(Tuple.of(id)).map(UserRepository::first);
  }

  public Future<Optional<User>> byUsername(SqlClient db, String username) {
    return db.preparedQuery(SELECT + "where lower(u.username) = lower($1) and u.deleted_at is null")
        .execute(Tuple.of(username))
        .map(UserRepository::first);
  }

  public Future<List<User>> byUsernames(SqlClient db, List<String> usernames) {
    return db.preparedQuery(SELECT + "where lower(u.username) = any($1) and u.deleted_at is null")
        .execute(Tuple.of(usernames.stream().map(String::toLowerCase).toArray(String[]::new)))
        .map(rows -> { List<User> out = new ArrayList<>(); rows.forEach(r -> out.add(User.of(r))); return out; });
  }

  public Future<List<User>> byIds(SqlClient db, List<Long> ids) {
    return db.preparedQuery(SELECT + "where u.id = any($1) and u.deleted_at is null")
        .execute(Tuple.of(ids.toArray(Long[]::new)))
        .map(rows -> { List<User> out = new ArrayList<>(); rows.forEach(r -> out.add(User.of(r))); return out; });
  }

  /** The user and stored hash for a login name (username or e-mail, any case). */
  public Future<Optional<Credentials>> credentials(SqlClient db, String login) {
    return db.preparedQuery(
            "select " + User.COLUMNS + ", u.password_hash from users u "
                + "where (lower(u.username) = lower($1) or lower(u.email) = lower($1)) and u.deleted_at is null")
        .execute(Tuple.of(login))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new Credentials(User.of(rows.iterator().next()),
            rows.iterator().next().getString("password_hash"))));
  }

  public record Credentials(User user, String passwordHash) {}

  public Future<Optional<User>> setRole(SqlClient db, long userId, String role) {
    return db.preparedQuery("update users u set role = $2 where id = $1 and deleted_at is null returning " + User.COLUMNS)
        .execute(Tuple.of(userId, role))
        .map(UserRepository::first);
  }

  public Future<Optional<User>> setSuspension(SqlClient db, long userId, OffsetDateTime until, String reason) {
    return db.preparedQuery(
            "update users u set suspended_until = $2, suspension_reason = $3 where id = $1 and deleted_at is null returning "
                + User.COLUMNS)
        .execute(Tuple.of(userId, until, reason))
        .map(UserRepository::first);
  }

  public Future<Optional<User>> setSilence(SqlClient db, long userId, OffsetDateTime until, String reason) {
    return db.preparedQuery(
            "update users u set silenced_until = $2, silence_reason = $3 where id = $1 and deleted_at is null returning "
                + User.COLUMNS)
        .execute(Tuple.of(userId, until, reason))
        .map(UserRepository::first);
  }

  /** The display name and bio the member shows on their profile. */
  public Future<Optional<User>> setProfile(SqlClient db, long userId, String displayName, String bio) {
    return db.preparedQuery("update users u set display_name = $2, bio = $3 where id = $1 and deleted_at is null returning "
            + User.COLUMNS)
        .execute(Tuple.of(userId, displayName, bio))
        .map(UserRepository::first);
  }

  /** The member's IANA time zone for pages; null prints UTC. */
  public Future<Optional<User>> setTimeZone(SqlClient db, long userId, String zone) {
    return db.preparedQuery("update users u set time_zone = $2 where id = $1 and deleted_at is null returning " + User.COLUMNS)
        .execute(Tuple.of(userId, zone))
        .map(UserRepository::first);
  }

  public Future<Optional<User>> setEmail(SqlClient db, long userId, String email) {
    return db.preparedQuery("update users u set email = $2 where id = $1 and deleted_at is null returning " + User.COLUMNS)
        .execute(Tuple.of(userId, email))
        .map(UserRepository::first);
  }

  /** The stored password hash of a member, to check a password they type again. */
  public Future<String> passwordHash(SqlClient db, long userId) {
    return db.preparedQuery("select password_hash from users where id = $1 and deleted_at is null").execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** The member's page language; null follows the browser. */
  public Future<Optional<User>> setLocale(SqlClient db, long userId, String locale) {
    return db.preparedQuery("update users u set locale = $2 where id = $1 and deleted_at is null returning " + User.COLUMNS)
        .execute(Tuple.of(userId, locale))
        .map(UserRepository::first);
  }

  /** The member's avatar: the path of one of their uploads, or null for the generated default. */
  public Future<Optional<User>> setAvatar(SqlClient db, long userId, String avatarUrl) {
    return db.preparedQuery("update users u set avatar_url = $2 where id = $1 and deleted_at is null returning " + User.COLUMNS)
        .execute(Tuple.of(userId, avatarUrl))
        .map(UserRepository::first);
  }

  /**
   * Up to {@code limit} active members whose username starts with {@code prefix} (already lowercase
   * and of username characters), shortest first: the names a composer offers after an {@code @}.
   */
  public Future<List<User>> byUsernamePrefix(SqlClient db, String prefix, int limit) {
    return db.preparedQuery(SELECT + """
            where starts_with(u.username, $1) and u.deleted_at is null
              and (u.suspended_until is null or u.suspended_until <= now())
            order by length(u.username), u.username limit $2""")
        .execute(Tuple.of(prefix, limit))
        .map(rows -> {
          List<User> out = new ArrayList<>();
          rows.forEach(r -> out.add(User.of(r)));
          return out;
        });
  }

  public Future<Void> setPasswordHash(SqlClient db, long userId, String hash) {
    return db.preparedQuery("update users set password_hash = $2 where id = $1").execute(Tuple.of(userId, hash)).mapEmpty();
  }

  public Future<Long> count(SqlClient db) {
    return db.query("select count(*) from users").execute().map(rows -> rows.iterator().next().getLong(0));
  }

  private static Optional<User> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(User.of(rows.iterator().next()));
  }
}
