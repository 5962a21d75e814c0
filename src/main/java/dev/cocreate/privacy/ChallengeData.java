package dev.cocreate.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ideas, supports, official responses and challenge briefs. On deletion ideas stay (like posts,
 * by a deleted member) and the member's supports go. Support writers lock the idea row before
 * they count, so the deletion does the same: it locks every idea the member supports (in id order,
 * as merges do), then removes the supports and moves each count back by one, exact however many
 * support at the same moment.
 */
final class ChallengeData implements PersonalData {

  @Override
  public Future<ExportPart> export(SqlConnection c, long userId) {
    Tuple id = Tuple.of(userId);
    Future<Object> ideas = c.preparedQuery("""
            select i.id, i.challenge_id, t.id as thread_id, i.title, i.pitch, i.body, i.status, i.support_count, i.merged_into,
                   i.created_at
            from ideas i left join threads t on t.idea_id = i.id where i.author_id = $1 order by i.id""")
        .execute(id).map(Rows::array);
    Future<Object> supports = c.preparedQuery("""
            select idea_id, created_at from idea_supports where user_id = $1 order by created_at, idea_id""")
        .execute(id).map(Rows::array);
    Future<Object> responses = c.preparedQuery("""
            select idea_id, status, note, created_at from idea_responses where by_id = $1 order by id""")
        .execute(id).map(Rows::array);
    Future<Object> challenges = c.preparedQuery("""
            select id, title, summary, phase, created_at from challenges where created_by = $1 order by id""")
        .execute(id).map(Rows::array);
    return Future.all(ideas, supports, responses, challenges).map(all -> new ExportPart(Map.of(
        "ideas", ideas.result(),
        "ideaSupports", supports.result(),
        "ideaResponses", responses.result(),
        "challengesCreated", challenges.result())));
  }

  @Override
  public Future<List<PendingEvent>> erase(SqlConnection tx, long userId) {
    Tuple id = Tuple.of(userId);
    return tx.preparedQuery("""
            select i.id from ideas i where i.id in (select idea_id from idea_supports where user_id = $1)
            order by i.id for update""")
        .execute(id)
        .compose(locked -> tx.preparedQuery("""
                with gone as (delete from idea_supports where user_id = $1 returning idea_id)
                update ideas i set support_count = i.support_count - 1
                from gone where i.id = gone.idea_id
                returning i.id, i.challenge_id, i.support_count""")
            .execute(id))
        .map(rows -> {
          List<PendingEvent> events = new ArrayList<>();
          for (Row r : rows) {
            events.add(new PendingEvent("challenge:" + r.getLong("challenge_id"), "idea.supported",
                new JsonObject().put("ideaId", r.getLong("id")).put("supportCount", r.getInteger("support_count"))));
          }
          return events;
        })
        .compose(events -> redactWebhookBodies(tx, userId).map(events));
  }

  /**
   * Webhook payloads name the member where they acted (an idea's author, who moved a challenge):
   * renamed as in the event log, so queued deliveries carry no name and the delivery log keeps none.
   */
  private static Future<Void> redactWebhookBodies(SqlConnection tx, long userId) {
    return tx.preparedQuery("select id, body from webhook_deliveries where body like '%\"username\"%'"
            + " and jsonb_path_exists(body::jsonb, '$.** ? (@.id == $uid && exists (@.username))',"
            + " jsonb_build_object('uid', $1::bigint))")
        .execute(Tuple.of(userId))
        .compose(rows -> {
          List<Long> ids = new ArrayList<>();
          List<String> bodies = new ArrayList<>();
          for (Row r : rows) {
            ids.add(r.getLong("id"));
            bodies.add(((JsonObject) MemberData.anonymize(new JsonObject(r.getString("body")), userId)).encode());
          }
          if (ids.isEmpty()) {
            return Future.succeededFuture();
          }
          return tx.preparedQuery("update webhook_deliveries d set body = v.body from unnest($1::bigint[], $2::text[]) as v(id, body)"
                  + " where d.id = v.id")
              .execute(Tuple.tuple().addValue(ids.toArray(Long[]::new)).addValue(bodies.toArray(String[]::new)))
              .mapEmpty();
        });
  }
}
