package dev.cocreate.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;

/**
 * The account itself: profile (with the member's choices about it, such as keeping their supports and
 * replies out of recommendations), memberships and sessions. The users row is scrubbed by the deletion last.
 */
final class AccountData implements PersonalData {

  @Override
  public Future<ExportPart> export(SqlConnection c, long userId) {
    Tuple id = Tuple.of(userId);
    Future<JsonObject> profile = c.preparedQuery("""
            select id, username, email, display_name, bio, locale, role, trust_level, reputation, created_at,
                   last_seen_at, suspended_until, suspension_reason, recommendations_opt_out
            from users where id = $1""").execute(id)
        .map(rows -> Rows.object(rows.iterator().next()));
    Future<Object> orgs = c.preparedQuery("""
            select o.slug, o.name, m.role, m.created_at as joined_at
            from org_members m join orgs o on o.id = m.org_id where m.user_id = $1 order by m.created_at""")
        .execute(id).map(Rows::array);
    Future<Object> spaces = c.preparedQuery("""
            select s.slug, s.name, m.created_at as joined_at
            from space_members m join spaces s on s.id = m.space_id where m.user_id = $1 order by m.created_at""")
        .execute(id).map(Rows::array);
    Future<Object> sessions = c.preparedQuery("""
            select kind, created_at, expires_at, revoked_at from sessions where user_id = $1 order by created_at""")
        .execute(id).map(Rows::array);
    return Future.all(profile, orgs, spaces, sessions).map(all -> new ExportPart(Map.of(
        "profile", profile.result(),
        "organizations", orgs.result(),
        "spaceMemberships", spaces.result(),
        "sessions", sessions.result())));
  }

  @Override
  public Future<List<PendingEvent>> erase(SqlConnection tx, long userId) {
    Tuple id = Tuple.of(userId);
    return tx.preparedQuery("update sessions set revoked_at = now() where user_id = $1 and revoked_at is null").execute(id)
        .compose(v -> tx.preparedQuery("delete from org_members where user_id = $1").execute(id))
        .compose(v -> tx.preparedQuery("delete from space_members where user_id = $1").execute(id))
        .map(v -> List.of());
  }
}
