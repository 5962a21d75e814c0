package dev.cocreate.stakeholder;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Supports and participation broken down by stakeholder type, relative to the org that runs the
 * challenge, and the share a challenge may require of one type before an idea counts as reaching its
 * threshold. A member's type is the one that counts now: declared, or staff an owner confirmed;
 * anyone else is {@code none}.
 *
 * <p><b>Participation</b> on an idea is the distinct members who wrote it: its author, everyone with
 * a visible (not deleted, not hidden) post in its discussion thread, and its accepted co-authors. On
 * an org, the same across every idea of its challenges. Supports are counted as rows: a member who
 * supports three of an org's ideas is three supports.
 *
 * <p><b>Turns.</b> Whether an idea reaches its threshold depends on its supporters' types, so a
 * support and a change of type must not decide from two snapshots that miss each other. Every
 * support, withdrawal and merge holds the org's stakeholder lock shared ({@link #lockShared}) before it
 * locks the idea; a change of type takes it exclusively ({@link #lockExclusive}) before it rechecks the
 * org's ideas. A recheck therefore sees every support committed before it, and a support waits for a
 * recheck in progress and then sees its change.
 */
public final class Breakdowns {
  /** The member ids of what is broken down, as {@code x(user_id)}; $1 is the org's id. */
  private static final String BY_TYPE = """
      select coalesce(st.type, 'none') as type, count(*) as n
        from x left join org_stakeholders st on st.org_id = $1 and st.user_id = x.user_id and st.confirmed_at is not null
       group by 1""";

  /** Takes the org's stakeholder lock, shared, for the org of {@code ideaId}'s challenge. */
  public Future<Void> lockShared(SqlClient tx, long ideaId) {
    return tx.preparedQuery("""
            select pg_advisory_xact_lock_shared(hashtextextended('stakeholders:' || c.org_id, 0))
              from ideas i join challenges c on c.id = i.challenge_id where i.id = $1""")
        .execute(Tuple.of(ideaId)).mapEmpty();
  }

  /** Takes the org's stakeholder lock exclusively: no support of its ideas is being decided meanwhile. */
  Future<Void> lockExclusive(SqlClient tx, long orgId) {
    return tx.preparedQuery("select pg_advisory_xact_lock(hashtextextended('stakeholders:' || $1::bigint, 0))")
        .execute(Tuple.of(orgId)).mapEmpty();
  }

  /**
   * Whether at least {@code percent}% of the idea's supports come from members whose type towards
   * the org is {@code type} now. An idea with no supports holds no share.
   */
  public Future<Boolean> shareHolds(SqlClient tx, long ideaId, long orgId, StakeholderType type, int percent) {
    return tx.preparedQuery("""
            select count(*) as total,
                   count(*) filter (where st.type = $3) as typed
              from idea_supports s
              left join org_stakeholders st on st.org_id = $2 and st.user_id = s.user_id and st.confirmed_at is not null
             where s.idea_id = $1""")
        .execute(Tuple.of(ideaId, orgId, type.wire()))
        .map(rows -> {
          Row r = rows.iterator().next();
          long total = r.getLong("total");
          return total > 0 && r.getLong("typed") * 100 >= (long) percent * total;
        });
  }

  /** An idea's {@code {supports: {type: n}, participants: {type: n}}}, every key listed. */
  public Future<JsonObject> ofIdea(SqlClient db, long ideaId, long orgId) {
    Future<JsonObject> supports = count(db, "with x as (select s.user_id from idea_supports s where s.idea_id = $2) "
        + BY_TYPE, Tuple.of(orgId, ideaId));
    Future<JsonObject> participants = count(db, """
        with x as (
          select i.author_id as user_id from ideas i where i.id = $2
          union
          select p.author_id from posts p join threads t on t.id = p.thread_id
           where t.idea_id = $2 and p.deleted_at is null and not p.hidden
          union
          select ca.user_id from idea_coauthors ca where ca.idea_id = $2 and ca.status = 'accepted')
        """ + BY_TYPE, Tuple.of(orgId, ideaId));
    return Future.all(supports, participants).map(all -> new JsonObject()
        .put("supports", supports.result()).put("participants", participants.result()));
  }

  /** The same across every idea of the org's challenges. */
  public Future<JsonObject> ofOrg(SqlClient db, long orgId) {
    Future<JsonObject> supports = count(db, """
        with x as (select s.user_id from idea_supports s join ideas i on i.id = s.idea_id
                     join challenges c on c.id = i.challenge_id where c.org_id = $1)
        """ + BY_TYPE, Tuple.of(orgId));
    Future<JsonObject> participants = count(db, """
        with org_ideas as (select i.id, i.author_id from ideas i join challenges c on c.id = i.challenge_id
                            where c.org_id = $1),
        x as (
          select author_id as user_id from org_ideas
          union
          select p.author_id from posts p join threads t on t.id = p.thread_id join org_ideas oi on oi.id = t.idea_id
           where p.deleted_at is null and not p.hidden
          union
          select ca.user_id from idea_coauthors ca join org_ideas oi on oi.id = ca.idea_id where ca.status = 'accepted')
        """ + BY_TYPE, Tuple.of(orgId));
    return Future.all(supports, participants).map(all -> new JsonObject()
        .put("supports", supports.result()).put("participants", participants.result()));
  }

  private static Future<JsonObject> count(SqlClient db, String sql, Tuple params) {
    return db.preparedQuery(sql).execute(params).map(Breakdowns::keyed);
  }

  private static JsonObject keyed(RowSet<Row> rows) {
    JsonObject out = new JsonObject();
    StakeholderType.breakdownKeys().forEach(k -> out.put(k, 0L));
    rows.forEach(r -> out.put(r.getString("type"), r.getLong("n")));
    return out;
  }
}
