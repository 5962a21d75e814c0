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
 * Threads, posts, edits and votes. On deletion posts stay (their author shows as a deleted member,
 * so threads still read), and the member's votes go, each post's score moved back by exactly the
 * vote it loses: relative updates under the post's row lock, as votes themselves are counted, so
 * a vote cast by someone else at the same moment is not lost.
 */
final class ForumData implements PersonalData {

  @Override
  public Future<ExportPart> export(SqlConnection c, long userId) {
    Tuple id = Tuple.of(userId);
    Future<Object> threads = c.preparedQuery("""
            select t.id, s.slug as space, t.title, t.tags, t.created_at
            from threads t join spaces s on s.id = t.space_id where t.author_id = $1 order by t.id""")
        .execute(id).map(Rows::array);
    Future<Object> posts = c.preparedQuery("""
            select id, thread_id, parent_id, body, created_at, edited_at, deleted_at is not null as deleted, hidden
            from posts where author_id = $1 order by id""")
        .execute(id).map(Rows::array);
    // Only the member's own edits of their own posts: a moderator's edit note is not theirs.
    Future<Object> revisions = c.preparedQuery("""
            select r.post_id, r.body, r.reason, r.created_at as replaced_at
            from post_revisions r join posts p on p.id = r.post_id
            where p.author_id = $1 and r.editor_id = $1 order by r.id""")
        .execute(id).map(Rows::array);
    Future<Object> votes = c.preparedQuery("select post_id, value, created_at from post_votes where user_id = $1 order by post_id")
        .execute(id).map(Rows::array);
    return Future.all(threads, posts, revisions, votes).map(all -> new ExportPart(Map.of(
        "threads", threads.result(),
        "posts", posts.result(),
        "postRevisions", revisions.result(),
        "votes", votes.result())));
  }

  @Override
  public Future<List<PendingEvent>> erase(SqlConnection tx, long userId) {
    return tx.preparedQuery("""
            with gone as (delete from post_votes where user_id = $1 returning post_id, value),
                 per_post as (select post_id, sum(value)::int as removed from gone group by post_id having sum(value) <> 0)
            update posts p set vote_score = p.vote_score - per_post.removed
            from per_post where p.id = per_post.post_id
            returning p.id, p.thread_id, p.vote_score""")
        .execute(Tuple.of(userId))
        .compose(rows -> {
          List<PendingEvent> events = new ArrayList<>();
          List<Long> ids = new ArrayList<>();
          for (Row r : rows) {
            ids.add(r.getLong("id"));
            events.add(new PendingEvent("thread:" + r.getLong("thread_id"), "post.voted",
                new JsonObject().put("postId", r.getLong("id")).put("voteScore", r.getInteger("vote_score"))));
          }
          if (ids.isEmpty()) {
            return Future.succeededFuture(events);
          }
          // A thread's score is its first post's.
          return tx.preparedQuery("""
                  update threads t set vote_score = p.vote_score
                  from posts p where p.id = t.first_post_id and p.id = any($1)""")
              .execute(Tuple.of(ids.toArray(Long[]::new)))
              .map(events);
        });
  }
}
