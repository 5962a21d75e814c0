package dev.cocreate.challenge;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** SQL for a firm's participation figures across all its challenges. Days are UTC calendar days. */
final class OrgStatsRepository {

  /** Ideas and supports per day over the last {@code days} days, every day listed (zeros included). */
  Future<JsonArray> perDay(SqlClient db, long orgId, int days) {
    return db.preparedQuery("""
            with span as (
              select generate_series((now() at time zone 'UTC')::date - ($2 - 1), (now() at time zone 'UTC')::date,
                                     interval '1 day')::date as day),
            org_ideas as (
              select i.id, i.created_at from ideas i join challenges c on c.id = i.challenge_id where c.org_id = $1),
            idea_days as (
              select (created_at at time zone 'UTC')::date as day, count(*) as n from org_ideas
               where created_at >= (now() at time zone 'UTC')::date - ($2 - 1) group by 1),
            support_days as (
              select (s.created_at at time zone 'UTC')::date as day, count(*) as n
                from idea_supports s join org_ideas i on i.id = s.idea_id
               where s.created_at >= (now() at time zone 'UTC')::date - ($2 - 1) group by 1)
            select span.day::text as day, coalesce(i.n, 0) as ideas, coalesce(s.n, 0) as supports
              from span left join idea_days i using (day) left join support_days s using (day)
             order by span.day""")
        .execute(Tuple.of(orgId, days))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject().put("date", r.getString("day")).put("ideas", r.getLong("ideas"))
                .put("supports", r.getLong("supports")));
          }
          return out;
        });
  }

  /** Totals: challenges, ideas (merged duplicates not counted), supports and distinct participants. */
  Future<JsonObject> totals(SqlClient db, long orgId) {
    return db.preparedQuery("""
            select (select count(*) from challenges where org_id = $1 and phase <> 'draft') as challenges,
                   (select count(*) from ideas i join challenges c on c.id = i.challenge_id
                     where c.org_id = $1 and i.status <> 'merged') as ideas,
                   (select count(*) from idea_supports s join ideas i on i.id = s.idea_id
                      join challenges c on c.id = i.challenge_id where c.org_id = $1) as supports,
                   (select count(*) from (
                      select i.author_id from ideas i join challenges c on c.id = i.challenge_id where c.org_id = $1
                      union
                      select s.user_id from idea_supports s join ideas i on i.id = s.idea_id
                        join challenges c on c.id = i.challenge_id where c.org_id = $1) p) as participants""")
        .execute(Tuple.of(orgId))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new JsonObject().put("challenges", r.getLong("challenges")).put("ideas", r.getLong("ideas"))
              .put("supports", r.getLong("supports")).put("participants", r.getLong("participants"));
        });
  }

  /** How many ideas stand at each status, every status listed. */
  Future<JsonObject> funnel(SqlClient db, long orgId) {
    return db.preparedQuery("""
            select i.status, count(*) as n from ideas i join challenges c on c.id = i.challenge_id
             where c.org_id = $1 group by i.status""")
        .execute(Tuple.of(orgId))
        .map(rows -> {
          JsonObject out = new JsonObject();
          for (IdeaStatus s : IdeaStatus.values()) {
            out.put(s.wire(), 0L);
          }
          rows.forEach(r -> out.put(r.getString("status"), r.getLong("n")));
          return out;
        });
  }

  /** Members whose ideas drew the most support, then the most ideas. */
  Future<JsonArray> topContributors(SqlClient db, long orgId, int limit) {
    return db.preparedQuery("""
            select u.id, u.username, u.display_name, count(*) as ideas, coalesce(sum(i.support_count), 0)::bigint as supports
              from ideas i join challenges c on c.id = i.challenge_id join users u on u.id = i.author_id
             where c.org_id = $1 and i.status <> 'merged' and u.deleted_at is null
             group by u.id, u.username, u.display_name
             order by supports desc, ideas desc, u.username
             limit $2""")
        .execute(Tuple.of(orgId, limit))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject()
                .put("user", new JsonObject().put("id", r.getLong("id")).put("username", r.getString("username"))
                    .put("displayName", r.getString("display_name")))
                .put("ideas", r.getLong("ideas"))
                .put("supportsReceived", r.getLong("supports")));
          }
          return out;
        });
  }

  /** Per challenge (drafts included: only the team reads this): ideas and supports. */
  Future<JsonArray> perChallenge(SqlClient db, long orgId) {
    return db.preparedQuery("""
            select c.id, c.title, c.phase,
                   (select count(*) from ideas i where i.challenge_id = c.id and i.status <> 'merged') as ideas,
                   (select coalesce(sum(i.support_count), 0)::bigint from ideas i where i.challenge_id = c.id) as supports
              from challenges c where c.org_id = $1 order by c.id desc""")
        .execute(Tuple.of(orgId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title"))
                .put("phase", r.getString("phase")).put("ideas", r.getLong("ideas")).put("supports", r.getLong("supports")));
          }
          return out;
        });
  }
}
