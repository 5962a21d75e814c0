package dev.cocreate.account;

import dev.cocreate.platform.json.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for organizations (firms) and their teams. */
public final class OrgRepository {
  public record Org(long id, String slug, String name, String description, OffsetDateTime createdAt) {
    static Org of(Row r) {
      return new Org(r.getLong("id"), r.getString("slug"), r.getString("name"), r.getString("description"),
          r.getOffsetDateTime("created_at"));
    }

    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("slug", slug).put("name", name).put("description", description)
          .put("createdAt", Times.iso(createdAt));
    }
  }

  public record Membership(String slug, String name, String role) {}

  public Future<Org> insert(SqlClient db, String slug, String name, String description) {
    return db.preparedQuery("insert into orgs (slug, name, description) values ($1, $2, $3) returning *")
        .execute(Tuple.of(slug, name, description)).map(rows -> Org.of(rows.iterator().next()));
  }

  public Future<Optional<Org>> bySlug(SqlClient db, String slug) {
    return db.preparedQuery("select * from orgs where lower(slug) = lower($1)").execute(Tuple.of(slug))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Org.of(rows.iterator().next())));
  }

  public Future<Void> putMember(SqlClient db, long orgId, long userId, String role) {
    return db.preparedQuery("insert into org_members (org_id, user_id, role) values ($1, $2, $3) "
            + "on conflict (org_id, user_id) do update set role = excluded.role")
        .execute(Tuple.of(orgId, userId, role)).mapEmpty();
  }

  public Future<Boolean> removeMember(SqlClient db, long orgId, long userId) {
    return db.preparedQuery("delete from org_members where org_id = $1 and user_id = $2")
        .execute(Tuple.of(orgId, userId)).map(rows -> rows.rowCount() > 0);
  }

  /** Locks the org's member rows and counts its owners, so two concurrent demotions cannot leave none. */
  public Future<Long> lockAndCountOwners(SqlClient db, long orgId) {
    return db.preparedQuery("select count(*) filter (where role = 'owner') from "
            + "(select role from org_members where org_id = $1 for update) m")
        .execute(Tuple.of(orgId)).map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Optional<String>> roleOf(SqlClient db, long orgId, long userId) {
    return db.preparedQuery("select role from org_members where org_id = $1 and user_id = $2")
        .execute(Tuple.of(orgId, userId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
  }

  public Future<JsonArray> members(SqlClient db, long orgId) {
    return db.preparedQuery("select m.role, " + User.COLUMNS + " from org_members m join users u on u.id = m.user_id "
            + "where m.org_id = $1 and u.deleted_at is null order by m.role desc, u.username")
        .execute(Tuple.of(orgId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(User.of(r).toAuthorJson().put("role", r.getString("role"))));
          return out;
        });
  }

  public Future<List<Membership>> membershipsOf(SqlClient db, long userId) {
    return db.preparedQuery("select o.slug, o.name, m.role from org_members m join orgs o on o.id = m.org_id "
            + "where m.user_id = $1 order by o.slug")
        .execute(Tuple.of(userId))
        .map(rows -> {
          List<Membership> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Membership(r.getString("slug"), r.getString("name"), r.getString("role"))));
          return out;
        });
  }
}
