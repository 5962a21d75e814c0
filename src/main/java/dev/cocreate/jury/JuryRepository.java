package dev.cocreate.jury;

import dev.cocreate.access.ReadScope;
import dev.cocreate.access.SqlScope;
import dev.cocreate.challenge.ChallengePhase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** SQL for a challenge's judges, their conflicts of interest and their scores. */
public final class JuryRepository {
  /** A judge as the API names them. */
  public record Judge(long id, String username, String displayName) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("username", username).put("displayName", displayName);
    }
  }

  /** One judge's scores of one idea, with the note they wrote. */
  public record Sheet(long ideaId, Judge judge, Map<String, Integer> scores, String note) {
    JsonObject toJson() {
      JsonObject s = new JsonObject();
      scores.forEach(s::put);
      return new JsonObject().put("judge", judge.toJson()).put("scores", s).put("note", note);
    }
  }

  Future<List<Judge>> judges(SqlClient db, long challengeId) {
    return db.preparedQuery("""
            select u.id, u.username, u.display_name from jury_members m join users u on u.id = m.user_id
             where m.challenge_id = $1 order by lower(u.username)""")
        .execute(Tuple.of(challengeId))
        .map(rows -> {
          List<Judge> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Judge(r.getLong("id"), r.getString("username"), r.getString("display_name"))));
          return out;
        });
  }

  /** A challenge's phase and the brief's criteria, read with its row share-locked. */
  record Locked(ChallengePhase phase, JsonArray criteria, String title) {}

  /** The challenge, its row share-locked so its phase and brief cannot move (to decided, say) until the transaction ends. */
  Future<Optional<Locked>> lock(SqlClient tx, long challengeId) {
    return tx.preparedQuery("select phase, criteria, title from challenges where id = $1 for share").execute(Tuple.of(challengeId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          Object criteria = r.getValue("criteria");
          return Optional.of(new Locked(ChallengePhase.of(r.getString("phase")),
              criteria instanceof JsonArray a ? a : new JsonArray(String.valueOf(criteria)), r.getString("title")));
        });
  }

  /** Replaces the challenge's judges with {@code userIds}; answers the ones named by this call. */
  Future<List<Long>> replaceJudges(SqlClient tx, long challengeId, List<Long> userIds, long namedBy) {
    Long[] ids = userIds.toArray(Long[]::new);
    return tx.preparedQuery("delete from jury_members where challenge_id = $1 and not (user_id = any ($2))")
        // Not Tuple.of(id, ids): its varargs would spread the array into parameters of their own.
        .execute(Tuple.tuple().addValue(challengeId).addValue(ids))
        .compose(v -> tx.preparedQuery("""
                insert into jury_members (challenge_id, user_id, named_by)
                select $1, unnest($2::bigint[]), $3 on conflict do nothing returning user_id""")
            .execute(Tuple.of(challengeId, ids, namedBy)))
        .map(rows -> {
          List<Long> added = new ArrayList<>();
          rows.forEach(r -> added.add(r.getLong(0)));
          return added;
        });
  }

  /** What a judge's write on an idea decides on: its challenge, whether they judge it, whether they declared a conflict. */
  public record Standing(long ideaId, long challengeId, boolean judge, boolean conflicted) {}

  public Future<Optional<Standing>> standing(SqlClient db, long ideaId, long userId) {
    return db.preparedQuery("""
            select i.id, i.challenge_id,
                   exists (select 1 from jury_members m where m.challenge_id = i.challenge_id and m.user_id = $2) as judge,
                   exists (select 1 from jury_conflicts k where k.idea_id = i.id and k.judge_id = $2) as conflicted
              from ideas i where i.id = $1""")
        .execute(Tuple.of(ideaId, userId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new Standing(r.getLong("id"), r.getLong("challenge_id"), r.getBoolean("judge"),
              r.getBoolean("conflicted")));
        });
  }

  /** Records the conflict and withdraws any score the judge gave the idea before: it must not count. */
  Future<Void> declareConflict(SqlClient tx, long ideaId, long judgeId) {
    return tx.preparedQuery("insert into jury_conflicts (idea_id, judge_id) values ($1, $2) on conflict do nothing")
        .execute(Tuple.of(ideaId, judgeId))
        .compose(v -> tx.preparedQuery("delete from jury_scores where idea_id = $1 and judge_id = $2")
            .execute(Tuple.of(ideaId, judgeId)))
        .mapEmpty();
  }

  Future<Void> saveScore(SqlClient tx, long ideaId, long judgeId, JsonObject scores, String note) {
    return tx.preparedQuery("""
            insert into jury_scores (idea_id, judge_id, scores, note) values ($1, $2, $3, $4)
            on conflict (idea_id, judge_id) do update set scores = excluded.scores, note = excluded.note, updated_at = now()""")
        .execute(Tuple.of(ideaId, judgeId, scores, note))
        .mapEmpty();
  }

  /** Whether a judge the idea's challenge names now scored it. */
  Future<Boolean> scored(SqlClient db, long ideaId) {
    return db.preparedQuery("""
            select exists (select 1 from jury_scores s join ideas i on i.id = s.idea_id
                             join jury_members m on m.challenge_id = i.challenge_id and m.user_id = s.judge_id
                            where s.idea_id = $1)""")
        .execute(Tuple.of(ideaId))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Every sheet of the challenge's current judges. */
  public Future<List<Sheet>> sheets(SqlClient db, long challengeId) {
    return sheets(db, challengeId, first -> new SqlScope("true", List.of()));
  }

  /** The sheets of the challenge's current judges on the ideas {@code visible} (over {@code i} and {@code c}) shows the caller. */
  Future<List<Sheet>> sheets(SqlClient db, long challengeId, ReadScope visible) {
    SqlScope scope = visible.at(2);
    return db.preparedQuery("""
            select s.idea_id, s.scores, s.note, u.id, u.username, u.display_name
              from jury_scores s
              join ideas i on i.id = s.idea_id
              join challenges c on c.id = i.challenge_id
              join jury_members m on m.challenge_id = c.id and m.user_id = s.judge_id
              join users u on u.id = s.judge_id
             where c.id = $1""" + " and " + scope.sql() + " order by s.idea_id, lower(u.username)")
        .execute(scope.addTo(Tuple.of(challengeId)))
        .map(rows -> {
          List<Sheet> out = new ArrayList<>();
          for (Row r : rows) {
            Object raw = r.getValue("scores");
            JsonObject json = raw instanceof JsonObject o ? o : new JsonObject(String.valueOf(raw));
            Map<String, Integer> scores = new LinkedHashMap<>();
            json.forEach(e -> scores.put(e.getKey(), ((Number) e.getValue()).intValue()));
            out.add(new Sheet(r.getLong("idea_id"),
                new Judge(r.getLong("id"), r.getString("username"), r.getString("display_name")), scores, r.getString("note")));
          }
          return out;
        });
  }

  /** An idea of the challenge with its standing in the community's support: rank 1 is the most supported. */
  record Ranked(long ideaId, String status, int supportCount, int supportRank) {}

  /** The challenge's ideas (merged duplicates left out), most supported first, ties sharing a rank. */
  Future<List<Ranked>> ranks(SqlClient db, long challengeId) {
    return db.preparedQuery("""
            select id, status, support_count, rank() over (order by support_count desc) as support_rank
              from ideas where challenge_id = $1 and status <> 'merged' order by support_count desc, id desc""")
        .execute(Tuple.of(challengeId))
        .map(rows -> {
          List<Ranked> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Ranked(r.getLong("id"), r.getString("status"), r.getInteger("support_count"),
              r.getLong("support_rank").intValue())));
          return out;
        });
  }

  /** The ideas of the challenge the caller may score ({@code scorable}, over {@code i}). */
  Future<Set<Long>> scorable(SqlClient db, long challengeId, ReadScope scorable) {
    SqlScope scope = scorable.at(2);
    return db.preparedQuery("select i.id from ideas i where i.challenge_id = $1 and i.status <> 'merged' and " + scope.sql())
        .execute(scope.addTo(Tuple.of(challengeId)))
        .map(rows -> {
          Set<Long> out = new HashSet<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  /** The ideas of the challenge the judge declared a conflict on. */
  Future<Set<Long>> conflicts(SqlClient db, long challengeId, long judgeId) {
    return db.preparedQuery("""
            select k.idea_id from jury_conflicts k join ideas i on i.id = k.idea_id
             where i.challenge_id = $1 and k.judge_id = $2""")
        .execute(Tuple.of(challengeId, judgeId))
        .map(rows -> {
          Set<Long> out = new HashSet<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  static JsonArray toJson(List<Judge> judges) {
    JsonArray out = new JsonArray();
    judges.forEach(j -> out.add(j.toJson()));
    return out;
  }
}
