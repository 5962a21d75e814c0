package dev.cocreate.stakeholder;

import dev.cocreate.account.User;
import dev.cocreate.platform.json.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** SQL for members' stakeholder types towards orgs ({@code org_stakeholders}). */
final class StakeholderRepository {
  /** A member's declaration as stored: {@code confirmedAt} is null for staff awaiting an owner. */
  record Declaration(StakeholderType type, boolean counts) {
    JsonObject toJson() {
      return new JsonObject().put("type", type.wire()).put("status", status());
    }

    /** {@code declared} (counts as declared), {@code confirmed} (staff an owner confirmed) or {@code requested}. */
    String status() {
      if (!type.needsConfirmation()) {
        return "declared";
      }
      return counts ? "confirmed" : "requested";
    }
  }

  /**
   * Declares {@code type} for the member: a type that needs no confirmation counts at once; staff
   * waits for an owner, also when the member had another type before.
   */
  Future<Void> declare(SqlClient tx, long orgId, long userId, StakeholderType type) {
    return tx.preparedQuery("""
            insert into org_stakeholders (org_id, user_id, type, confirmed_at)
            values ($1, $2, $3, case when $4 then null else now() end)
            on conflict (org_id, user_id) do update
               set type = excluded.type, declared_at = now(), confirmed_by = null,
                   confirmed_at = case when org_stakeholders.type = excluded.type then org_stakeholders.confirmed_at
                                       else excluded.confirmed_at end""")
        .execute(Tuple.of(orgId, userId, type.wire(), type.needsConfirmation()))
        .mapEmpty();
  }

  /** Removes the member's declaration; whether there was one. */
  Future<Boolean> remove(SqlClient tx, long orgId, long userId) {
    return tx.preparedQuery("delete from org_stakeholders where org_id = $1 and user_id = $2")
        .execute(Tuple.of(orgId, userId)).map(rows -> rows.rowCount() > 0);
  }

  /** Confirms the member's staff request; whether there was one waiting. */
  Future<Boolean> confirmStaff(SqlClient tx, long orgId, long userId, long ownerId) {
    return tx.preparedQuery("""
            update org_stakeholders set confirmed_at = now(), confirmed_by = $3
             where org_id = $1 and user_id = $2 and type = 'staff' and confirmed_at is null""")
        .execute(Tuple.of(orgId, userId, ownerId)).map(rows -> rows.rowCount() > 0);
  }

  Future<Optional<Declaration>> of(SqlClient db, long orgId, long userId) {
    return db.preparedQuery("select type, confirmed_at from org_stakeholders where org_id = $1 and user_id = $2")
        .execute(Tuple.of(orgId, userId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(declaration(rows.iterator().next())));
  }

  /** The org's stakeholders: staff requests first, then by type and username. */
  Future<JsonArray> list(SqlClient db, long orgId) {
    return db.preparedQuery("select s.type, s.confirmed_at, s.declared_at, " + User.COLUMNS + """
             from org_stakeholders s join users u on u.id = s.user_id
            where s.org_id = $1 and u.deleted_at is null
            order by (s.confirmed_at is null) desc, s.type, u.username""")
        .execute(Tuple.of(orgId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(declaration(r).toJson().put("user", User.of(r).toAuthorJson())
                .put("declaredAt", Times.iso(r.getOffsetDateTime("declared_at"))));
          }
          return out;
        });
  }

  private static Declaration declaration(Row r) {
    return new Declaration(StakeholderType.parse(r.getString("type")).orElseThrow(), r.getOffsetDateTime("confirmed_at") != null);
  }
}
