package dev.cocreate.forum;

import dev.cocreate.access.Viewer;
import dev.cocreate.content.Author;
import dev.cocreate.content.Space;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for spaces and their group members. Every query takes the viewer's id as $1 (0 when anonymous). */
public final class SpaceRepository {
  /**
   * Space columns as {@link Space#of} reads them; needs the alias {@code s} and the viewer id as $1.
   * Public so a feature that loads a space with its own rows (an idea's thread's) decides alike.
   */
  public static final String COLUMNS = """
      s.id as space_id, s.slug as space_slug, s.name as space_name, s.description as space_description,
      s.visibility as space_visibility, s.position as space_position, s.created_at as space_created_at,
      exists (select 1 from space_members sm where sm.space_id = s.id and sm.user_id = $1) as space_member,
      s.org_id as space_org_id, (select so.slug from orgs so where so.id = s.org_id) as space_org_slug,
      (select som.role from org_members som where som.org_id = s.org_id and som.user_id = $1) as space_org_role
      """;

  public Future<List<Space>> all(SqlClient db, Viewer viewer) {
    return db.preparedQuery("select " + COLUMNS + " from spaces s order by s.position, s.slug")
        .execute(Tuple.of(viewer.sqlId()))
        .map(SpaceRepository::list);
  }

  public Future<Optional<Space>> bySlug(SqlClient db, Viewer viewer, String slug) {
    return db.preparedQuery("select " + COLUMNS + " from spaces s where lower(s.slug) = lower($2)")
        .execute(Tuple.of(viewer.sqlId(), slug))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Space.of(rows.iterator().next())));
  }

  /** A new space; {@code orgId} is the org that runs it (null for the site's own). */
  public Future<Space> insert(SqlClient db, Viewer viewer, String slug, String name, String description, Space.Visibility visibility,
      Long orgId) {
    return db.preparedQuery("""
            with s as (insert into spaces (slug, name, description, visibility, org_id) values ($2, $3, $4, $5, $6) returning *)
            select\s""" + COLUMNS + " from s")
        .execute(Tuple.of(viewer.sqlId(), slug, name, description, visibility.wire(), orgId))
        .map(rows -> Space.of(rows.iterator().next()));
  }

  /** Changes what is given (null: unchanged); answers the space as it is then. */
  public Future<Optional<Space>> update(SqlClient db, Viewer viewer, long spaceId, String name, String description,
      Space.Visibility visibility) {
    return db.preparedQuery("""
            with s as (update spaces set name = coalesce($3, name), description = coalesce($4, description),
                         visibility = coalesce($5, visibility)
                       where id = $2 returning *)
            select\s""" + COLUMNS + " from s")
        .execute(Tuple.of(viewer.sqlId(), spaceId, name, description, visibility == null ? null : visibility.wire()))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Space.of(rows.iterator().next())));
  }

  /**
   * Whether every reader of space {@code a} may read space {@code b}, and the other way round, by
   * {@code within}: the condition that every reader of the space under {@code x} reads the one under
   * {@code y} ({@code Permissions.spaceReadersWithin}).
   */
  public Future<boolean[]> readersWithin(SqlClient db, long a, long b, String within) {
    return db.preparedQuery("select (select " + within + " from spaces x, spaces y where x.id = $1 and y.id = $2), "
            + "(select " + within + " from spaces x, spaces y where x.id = $2 and y.id = $1)")
        .execute(Tuple.of(a, b))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new boolean[] {Boolean.TRUE.equals(r.getBoolean(0)), Boolean.TRUE.equals(r.getBoolean(1))};
        });
  }

  public Future<Void> addMembers(SqlClient db, long spaceId, List<Long> userIds) {
    return db.preparedQuery("""
            insert into space_members (space_id, user_id) select $1, unnest($2::bigint[])
            on conflict (space_id, user_id) do nothing""")
        // Built value by value: Tuple.of would spread a trailing array into separate parameters.
        .execute(Tuple.tuple().addLong(spaceId).addArrayOfLong(userIds.toArray(Long[]::new)))
        .mapEmpty();
  }

  /** Adds one member; answers whether they were not listed yet. */
  public Future<Boolean> addMember(SqlClient db, long spaceId, long userId) {
    return db.preparedQuery("insert into space_members (space_id, user_id) values ($1, $2) on conflict (space_id, user_id) do nothing")
        .execute(Tuple.of(spaceId, userId))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The ids of the space's listed members. */
  public Future<List<Long>> memberIds(SqlClient db, long spaceId) {
    return db.preparedQuery("select user_id from space_members where space_id = $1 order by user_id")
        .execute(Tuple.of(spaceId))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  public Future<Boolean> removeMember(SqlClient db, long spaceId, long userId) {
    return db.preparedQuery("delete from space_members where space_id = $1 and user_id = $2")
        .execute(Tuple.of(spaceId, userId))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<List<Author>> members(SqlClient db, long spaceId) {
    return db.preparedQuery("""
            select u.id as member_id, u.username as member_username, u.display_name as member_display_name
            from space_members m join users u on u.id = m.user_id
            where m.space_id = $1 and u.deleted_at is null order by u.username""")
        .execute(Tuple.of(spaceId))
        .map(rows -> {
          List<Author> out = new ArrayList<>();
          rows.forEach(r -> out.add(Author.of(r, "member")));
          return out;
        });
  }

  private static List<Space> list(RowSet<Row> rows) {
    List<Space> out = new ArrayList<>();
    rows.forEach(r -> out.add(Space.of(r)));
    return out;
  }
}
