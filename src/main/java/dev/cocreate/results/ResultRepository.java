package dev.cocreate.results;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** SQL for results, their ideas, milestones, timeline and ratings. */
final class ResultRepository {
  /**
   * Who hears of a result's update: the authors, supporters and followers (watching the idea's
   * thread) of its ideas, each once, whoever may read the challenge ({@code %s}: the read rule over
   * {@code c} for each user {@code u}), without deleted accounts.
   */
  private static final String RECIPIENTS = """
      with linked as (select idea_id from result_ideas where result_id = $1),
      who as (
        select i.author_id as user_id from ideas i where i.id in (select idea_id from linked)
        union
        select s.user_id from idea_supports s where s.idea_id in (select idea_id from linked)
        union
        select w.user_id from watches w join threads t on t.id = w.target_id
         where w.target_type = 'thread' and w.level = 'watching' and t.idea_id in (select idea_id from linked))
      select u.id from who join users u on u.id = who.user_id
      cross join results r join challenges c on c.id = r.challenge_id
      where r.id = $1 and u.deleted_at is null and %s
      order by u.id""";

  private final String recipientsSql;

  ResultRepository(String readableChallengeForEachUser) {
    this.recipientsSql = RECIPIENTS.formatted(readableChallengeForEachUser);
  }

  /** A result's row as the rules need it, with its challenge's org. */
  record Head(long id, long challengeId, long orgId, String title, String status, int progress) {}

  Future<Long> insert(SqlClient tx, long challengeId, String title, String owner, long createdBy) {
    return tx.preparedQuery("insert into results (challenge_id, title, owner, created_by) values ($1, $2, $3, $4) returning id")
        .execute(Tuple.of(challengeId, title, owner, createdBy))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Links the ideas of the challenge among {@code ideaIds}; answers how many were, to compare with how many were asked. */
  Future<Integer> linkIdeas(SqlClient tx, long resultId, long challengeId, List<Long> ideaIds) {
    return tx.preparedQuery("""
            insert into result_ideas (result_id, idea_id)
            select $1, i.id from ideas i where i.id = any($3) and i.challenge_id = $2""")
        .execute(Tuple.of(resultId, challengeId, ideaIds.toArray(Long[]::new)))
        .map(rows -> rows.rowCount());
  }

  Future<Void> insertMilestones(SqlClient tx, long resultId, List<Result.Milestone> milestones) {
    if (milestones.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] titles = milestones.stream().map(Result.Milestone::title).toArray(String[]::new);
    LocalDate[] dues = milestones.stream().map(Result.Milestone::due).toArray(LocalDate[]::new);
    return tx.preparedQuery("""
            insert into result_milestones (result_id, position, title, due)
            select $1, m.ord, m.title, m.due from unnest($2::text[], $3::date[]) with ordinality as m(title, due, ord)""")
        .execute(Tuple.of(resultId, titles, dues))
        .mapEmpty();
  }

  /** The result, its row locked against concurrent updates until the transaction ends. */
  Future<Optional<Head>> lock(SqlClient tx, long id) {
    return head(tx, id, " for update of r");
  }

  Future<Optional<Head>> head(SqlClient db, long id) {
    return head(db, id, "");
  }

  private Future<Optional<Head>> head(SqlClient db, long id, String lock) {
    return db.preparedQuery("""
            select r.id, r.challenge_id, c.org_id, r.title, r.status, r.progress
              from results r join challenges c on c.id = r.challenge_id where r.id = $1""" + lock)
        .execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new Head(r.getLong("id"), r.getLong("challenge_id"), r.getLong("org_id"), r.getString("title"),
              r.getString("status"), r.getInteger("progress")));
        });
  }

  /** Adds a step to the timeline and makes it where the result stands. */
  Future<Void> addUpdate(SqlClient tx, long resultId, int progress, String status, String note, long authorId) {
    return tx.preparedQuery("insert into result_updates (result_id, progress, status, note, author_id) values ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(resultId, progress, status, note, authorId))
        .compose(v -> tx.preparedQuery("update results set progress = $2, status = $3, updated_at = now() where id = $1")
            .execute(Tuple.of(resultId, progress, status)))
        .mapEmpty();
  }

  Future<List<Long>> recipients(SqlClient tx, long resultId) {
    return tx.preparedQuery(recipientsSql).execute(Tuple.of(resultId)).map(rows -> {
      List<Long> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.getLong(0)));
      return out;
    });
  }

  /** The threads of the result's ideas, whose live topics hear of its updates. */
  Future<List<Long>> ideaThreads(SqlClient tx, long resultId) {
    return tx.preparedQuery("""
            select t.id from result_ideas ri join threads t on t.idea_id = ri.idea_id where ri.result_id = $1 order by t.id""")
        .execute(Tuple.of(resultId))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  /** Whether the member supports one of the result's ideas. */
  Future<Boolean> supportsLinkedIdea(SqlClient db, long resultId, long userId) {
    return db.preparedQuery("""
            select exists (select 1 from result_ideas ri join idea_supports s on s.idea_id = ri.idea_id
                            where ri.result_id = $1 and s.user_id = $2)""")
        .execute(Tuple.of(resultId, userId))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** The member's rating, added or changed in place: one per member and result. */
  Future<Void> rate(SqlClient tx, long resultId, long userId, int stars, String comment) {
    return tx.preparedQuery("""
            insert into result_ratings (result_id, user_id, stars, comment) values ($1, $2, $3, $4)
            on conflict (result_id, user_id) do update set stars = excluded.stars, comment = excluded.comment, updated_at = now()""")
        .execute(Tuple.of(resultId, userId, stars, comment))
        .mapEmpty();
  }

  /** The member's own rating of each of the results they rated: {@code {stars, comment}} by result id. */
  Future<Map<Long, JsonObject>> ratingsBy(SqlClient db, List<Long> resultIds, long userId) {
    return db.preparedQuery("select result_id, stars, comment from result_ratings where result_id = any($1) and user_id = $2")
        .execute(Tuple.of(resultIds.toArray(Long[]::new), userId))
        .map(rows -> {
          Map<Long, JsonObject> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getLong("result_id"),
              new JsonObject().put("stars", r.getInteger("stars")).put("comment", r.getString("comment"))));
          return out;
        });
  }

  /** Which of the results carry an idea the member supports. */
  Future<List<Long>> supportedAmong(SqlClient db, List<Long> resultIds, long userId) {
    return db.preparedQuery("""
            select distinct ri.result_id from result_ideas ri join idea_supports s on s.idea_id = ri.idea_id
             where ri.result_id = any($1) and s.user_id = $2""")
        .execute(Tuple.of(resultIds.toArray(Long[]::new), userId))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  Future<Boolean> anyOf(SqlClient db, long challengeId) {
    return db.preparedQuery("select exists (select 1 from results where challenge_id = $1)")
        .execute(Tuple.of(challengeId))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  Future<List<Long>> idsOfChallenge(SqlClient db, long challengeId) {
    return ids(db, "select id from results where challenge_id = $1 order by id", challengeId);
  }

  Future<List<Long>> idsOfIdea(SqlClient db, long ideaId) {
    return ids(db, "select result_id from result_ideas where idea_id = $1 order by result_id", ideaId);
  }

  private static Future<List<Long>> ids(SqlClient db, String sql, long id) {
    return db.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> {
      List<Long> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.getLong(0)));
      return out;
    });
  }

  /** The results, whole, in the order of {@code ids}: five reads whatever their number. */
  Future<List<Result>> load(SqlClient db, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Tuple byIds = Tuple.of(ids.toArray(Long[]::new));
    Future<Map<Long, List<Result.LinkedIdea>>> ideas = db.preparedQuery("""
            select ri.result_id, i.id, i.title from result_ideas ri join ideas i on i.id = ri.idea_id
             where ri.result_id = any($1) order by ri.result_id, i.id""")
        .execute(byIds)
        .map(rows -> group(rows, r -> new Result.LinkedIdea(r.getLong("id"), r.getString("title"))));
    Future<Map<Long, List<Result.Milestone>>> milestones = db.preparedQuery("""
            select result_id, title, due from result_milestones where result_id = any($1) order by result_id, position""")
        .execute(byIds)
        .map(rows -> group(rows, r -> new Result.Milestone(r.getString("title"), r.getLocalDate("due"))));
    Future<Map<Long, List<Result.Update>>> updates = db.preparedQuery("""
            select u.result_id, u.id, u.progress, u.status, u.note, u.created_at, a.id as author_id, a.username, a.display_name
              from result_updates u left join users a on a.id = u.author_id
             where u.result_id = any($1) order by u.result_id, u.id""")
        .execute(byIds)
        .map(rows -> group(rows, r -> new Result.Update(r.getLong("id"), r.getInteger("progress"), r.getString("status"),
            r.getString("note"), r.getLong("author_id") == null ? null : new JsonObject().put("id", r.getLong("author_id"))
                .put("username", r.getString("username")).put("displayName", r.getString("display_name")),
            r.getOffsetDateTime("created_at"))));
    Future<Map<Long, Result.Rating>> ratings = db.preparedQuery("""
            select result_id, avg(stars)::float8 as mean, count(*)::int as n from result_ratings
             where result_id = any($1) group by result_id""")
        .execute(byIds)
        .map(rows -> {
          Map<Long, Result.Rating> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getLong("result_id"), new Result.Rating(r.getDouble("mean"), r.getInteger("n"))));
          return out;
        });
    Future<Map<Long, Row>> heads = db.preparedQuery("""
            select r.*, c.org_id from results r join challenges c on c.id = r.challenge_id where r.id = any($1)""")
        .execute(byIds)
        .map(rows -> {
          Map<Long, Row> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getLong("id"), r));
          return out;
        });
    return Future.all(ideas, milestones, updates, ratings, heads).map(all -> {
      List<Result> out = new ArrayList<>();
      for (long id : ids) {
        Row r = heads.result().get(id);
        if (r == null) {
          continue;
        }
        out.add(new Result(id, r.getLong("challenge_id"), r.getLong("org_id"), r.getString("title"), r.getString("owner"),
            r.getString("status"), r.getInteger("progress"), ideas.result().getOrDefault(id, List.of()),
            milestones.result().getOrDefault(id, List.of()), updates.result().getOrDefault(id, List.of()),
            ratings.result().getOrDefault(id, new Result.Rating(null, 0)), r.getOffsetDateTime("created_at"),
            r.getOffsetDateTime("updated_at")));
      }
      return out;
    });
  }

  /** A step of the challenge's timelines, for its feed: newest first. */
  record FeedEntry(long updateId, long resultId, String resultTitle, int progress, String status, String note,
      OffsetDateTime at) {}

  Future<List<FeedEntry>> feed(SqlClient db, long challengeId, int limit) {
    return db.preparedQuery("""
            select u.id, u.result_id, r.title, u.progress, u.status, u.note, u.created_at
              from result_updates u join results r on r.id = u.result_id
             where r.challenge_id = $1 order by u.id desc limit $2""")
        .execute(Tuple.of(challengeId, limit))
        .map(rows -> {
          List<FeedEntry> out = new ArrayList<>();
          rows.forEach(r -> out.add(new FeedEntry(r.getLong("id"), r.getLong("result_id"), r.getString("title"),
              r.getInteger("progress"), r.getString("status"), r.getString("note"), r.getOffsetDateTime("created_at"))));
          return out;
        });
  }

  private static <T> Map<Long, List<T>> group(Iterable<Row> rows, Function<Row, T> item) {
    Map<Long, List<T>> out = new LinkedHashMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.getLong("result_id"), k -> new ArrayList<>()).add(item.apply(r));
    }
    return out;
  }
}
