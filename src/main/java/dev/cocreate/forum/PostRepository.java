package dev.cocreate.forum;

import dev.cocreate.content.Author;
import dev.cocreate.content.Post;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for posts, their revisions and votes. Reads take the viewer's id as $1 (0 when anonymous)
 * and bring the viewer's vote in the same query, so a page of posts is one query.
 */
public final class PostRepository {
  private static final String COLUMNS = """
      p.id, p.thread_id, p.parent_id, p.depth, p.path, p.body, p.html, p.created_at, p.edited_at, p.deleted_at,
      p.hidden, p.vote_score, p.reply_count
      """;
  private static final String SELECT = "select " + COLUMNS + """
      , au.id as author_id, au.username as author_username, au.display_name as author_display_name,
        case when $1 = 0 then null else coalesce(v.value, 0)::int end as my_vote
      from posts p
      join users au on au.id = p.author_id
      left join post_votes v on v.post_id = p.id and v.user_id = $1
      """;

  private static final String TREE_FIRST = SELECT + "where p.thread_id = $2 order by p.path limit $3";
  private static final String TREE_NEXT = SELECT + "where p.thread_id = $2 and p.path > $4 order by p.path limit $3";
  private static final String OLDEST_FIRST = SELECT + "where p.thread_id = $2 order by p.created_at, p.id limit $3";
  private static final String OLDEST_NEXT = SELECT
      + "where p.thread_id = $2 and (p.created_at, p.id) > ($4, $5) order by p.created_at, p.id limit $3";
  private static final String NEWEST_FIRST = SELECT
      + "where p.thread_id = $2 order by p.created_at desc, p.id desc limit $3";
  private static final String NEWEST_NEXT = SELECT
      + "where p.thread_id = $2 and (p.created_at, p.id) < ($4, $5) order by p.created_at desc, p.id desc limit $3";

  // A branch (a post and everything under it) is the contiguous path range [root, root with its
  // last id + 1): every descendant's path starts with the root's, and nothing else falls between.
  private static final String BRANCH = SELECT
      + "where p.thread_id = $2 and p.path >= $4 and p.path < $5 and p.path > $6 order by p.path limit $3";

  /** A post and its replies in tree order, after {@code afterPath} (or from the post itself when null). */
  public Future<List<Post>> branch(SqlClient db, long viewerId, long threadId, List<Long> rootPath, Long[] afterPath, int limit) {
    Long[] from = rootPath.toArray(Long[]::new);
    Long[] until = from.clone();
    until[until.length - 1] = until[until.length - 1] + 1;
    Long[] after = afterPath != null ? afterPath : new Long[0];
    return db.preparedQuery(BRANCH)
        .execute(Tuple.tuple().addLong(viewerId).addLong(threadId).addInteger(limit).addArrayOfLong(from)
            .addArrayOfLong(until).addArrayOfLong(after))
        .map(PostRepository::list);
  }

  /** The first visible post by someone else after {@code afterId}: where "unread" starts for the viewer. */
  public Future<Optional<Post>> firstAfter(SqlClient db, long viewerId, long threadId, long afterId) {
    return db.preparedQuery(SELECT + """
            where p.thread_id = $2 and p.id > $3 and p.deleted_at is null and not p.hidden and p.author_id <> $1
            order by p.id limit 1""")
        .execute(Tuple.of(viewerId, threadId, afterId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Post.of(rows.iterator().next())));
  }

  public Future<Optional<Post>> byId(SqlClient db, long viewerId, long id) {
    return db.preparedQuery(SELECT + "where p.id = $2").execute(Tuple.of(viewerId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Post.of(rows.iterator().next())));
  }

  /** Depth-first: up to {@code limit} posts whose path sorts after {@code afterPath} (from the first post when null). */
  public Future<List<Post>> tree(SqlClient db, long viewerId, long threadId, Long[] afterPath, int limit) {
    return afterPath == null
        ? db.preparedQuery(TREE_FIRST).execute(Tuple.of(viewerId, threadId, limit)).map(PostRepository::list)
        : db.preparedQuery(TREE_NEXT)
            .execute(Tuple.tuple().addLong(viewerId).addLong(threadId).addInteger(limit).addArrayOfLong(afterPath)).map(PostRepository::list);
  }

  /** In time order, oldest or newest first, after the key (created_at, id) when it is given. */
  public Future<List<Post>> flat(SqlClient db, long viewerId, long threadId, boolean newestFirst, OffsetDateTime afterTime,
      Long afterId, int limit) {
    if (afterTime == null) {
      return db.preparedQuery(newestFirst ? NEWEST_FIRST : OLDEST_FIRST).execute(Tuple.of(viewerId, threadId, limit))
          .map(PostRepository::list);
    }
    return db.preparedQuery(newestFirst ? NEWEST_NEXT : OLDEST_NEXT)
        .execute(Tuple.of(viewerId, threadId, limit, afterTime, afterId))
        .map(PostRepository::list);
  }

  /**
   * Inserts a post below {@code parentPath} (empty for a first post). The id is drawn first so the
   * path, which ends with the post's own id, is written in the same statement.
   */
  public Future<Post> insert(SqlClient db, long threadId, Long parentId, int depth, List<Long> parentPath, Author author,
      String body, String html) {
    return db.preparedQuery("""
            with n as (select nextval('posts_id_seq') as id)
            insert into posts as p (id, thread_id, parent_id, depth, path, author_id, body, html)
            select n.id, $1, $2, $3, $4::bigint[] || n.id, $5, $6, $7 from n
            returning\s""" + COLUMNS)
        .execute(Tuple.of(threadId, parentId, depth, parentPath.toArray(Long[]::new), author.id(), body, html))
        .map(rows -> Post.of(rows.iterator().next(), author));
  }

  public Future<Void> countReply(SqlClient db, long parentId) {
    return db.preparedQuery("update posts set reply_count = reply_count + 1 where id = $1").execute(Tuple.of(parentId))
        .mapEmpty();
  }

  /**
   * Keeps the current version as a revision, under the row lock, so concurrent edits each keep the
   * one they replaced. "No key update" lets replies to this post (which key-share it) go on meanwhile.
   */
  public Future<Void> keepRevision(SqlClient db, long postId, long editorId, String reason) {
    return db.preparedQuery("""
            with old as (select id, body, html from posts where id = $1 for no key update)
            insert into post_revisions (post_id, body, html, editor_id, reason)
            select id, body, html, $2, $3 from old""")
        .execute(Tuple.of(postId, editorId, reason))
        .mapEmpty();
  }

  public Future<Void> updateBody(SqlClient db, long postId, String body, String html) {
    return db.preparedQuery("update posts set body = $2, html = $3, edited_at = now() where id = $1")
        .execute(Tuple.of(postId, body, html))
        .mapEmpty();
  }

  /** Soft delete; false when the post was already deleted. */
  public Future<Boolean> softDelete(SqlClient db, long postId) {
    return db.preparedQuery("update posts set deleted_at = now() where id = $1 and deleted_at is null")
        .execute(Tuple.of(postId))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<List<PostRevision>> revisions(SqlClient db, long postId, long afterId, int limit) {
    return db.preparedQuery("""
            select r.id, r.post_id, r.body, r.html, r.reason, r.created_at,
                   e.id as editor_id, e.username as editor_username, e.display_name as editor_display_name
            from post_revisions r join users e on e.id = r.editor_id
            where r.post_id = $1 and r.id > $2 order by r.id limit $3""")
        .execute(Tuple.of(postId, afterId, limit))
        .map(rows -> {
          List<PostRevision> out = new ArrayList<>();
          rows.forEach(r -> out.add(PostRevision.of(r)));
          return out;
        });
  }

  // Votes. A member's old vote decides how far the score moves, so it must be read by the
  // transaction that replaces it and by nobody in between: every vote on a post first locks the
  // post's row (lockForVotes), then reads and writes in one statement (setVote).

  /**
   * Locks the post's row until the transaction ends, so votes on it take turns. "No key update":
   * replies to the post (which key-share it) go on meanwhile. The lock is a statement of its own:
   * the next statement's snapshot is taken after the wait, so it reads the vote the previous
   * holder committed.
   */
  public Future<Void> lockForVotes(SqlClient db, long postId) {
    return db.preparedQuery("select 1 from posts where id = $1 for no key update").execute(Tuple.of(postId)).mapEmpty();
  }

  /** A vote replaced: the value it had (0 for none) and the post's score after the change. */
  public record VoteChange(int oldValue, int voteScore) {}

  /**
   * Sets the member's vote (0 removes it) and moves the post's score by the difference from the
   * vote it replaces, in one statement. Call it under {@link #lockForVotes}: the statement's
   * snapshot then holds the member's current vote, and nobody else changes it until COMMIT.
   */
  public Future<VoteChange> setVote(SqlClient db, long postId, long userId, int value) {
    return db.preparedQuery("""
            with old as (
              select coalesce((select value from post_votes where post_id = $1 and user_id = $2), 0)::int as value
            ),
            removed as (
              delete from post_votes where post_id = $1 and user_id = $2 and $3::int = 0
            ),
            written as (
              insert into post_votes (post_id, user_id, value) select $1, $2, $3::smallint where $3::int <> 0
              on conflict (post_id, user_id) do update set value = excluded.value, created_at = now()
              where post_votes.value <> excluded.value
            ),
            scored as (
              update posts set vote_score = vote_score + ($3::int - old.value) from old
              where id = $1 and old.value <> $3::int
              returning vote_score
            )
            select old.value as old_value,
                   coalesce((select vote_score from scored), (select vote_score from posts where id = $1)) as vote_score
            from old""")
        .execute(Tuple.of(postId, userId, value))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new VoteChange(r.getInteger("old_value"), r.getInteger("vote_score"));
        });
  }

  // Moderation

  /** Several posts by id, in no particular order (for the moderation queue). */
  public Future<List<Post>> byIds(SqlClient db, long viewerId, List<Long> ids) {
    return db.preparedQuery(SELECT + "where p.id = any($2)")
        .execute(Tuple.tuple().addLong(viewerId).addArrayOfLong(ids.toArray(Long[]::new)))
        .map(PostRepository::list);
  }

  public Future<Void> setHidden(SqlClient db, long postId, boolean hidden) {
    return db.preparedQuery("update posts set hidden = $2 where id = $1").execute(Tuple.of(postId, hidden)).mapEmpty();
  }

  /** Posts each author has written and not deleted, by author id. */
  public Future<java.util.Map<Long, Long>> countsByAuthor(SqlClient db, List<Long> authorIds) {
    return db.preparedQuery(
            "select author_id, count(*) from posts where author_id = any($1) and deleted_at is null group by author_id")
        .execute(Tuple.of(authorIds.toArray(Long[]::new)))
        .map(rows -> {
          java.util.Map<Long, Long> out = new java.util.HashMap<>();
          rows.forEach(r -> out.put(r.getLong(0), r.getLong(1)));
          return out;
        });
  }

  /** Every post the author has written, deleted ones included. */
  public Future<Long> countWrittenBy(SqlClient db, long authorId) {
    return db.preparedQuery("select count(*) from posts where author_id = $1").execute(Tuple.of(authorId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static List<Post> list(RowSet<Row> rows) {
    List<Post> out = new ArrayList<>();
    rows.forEach(r -> out.add(Post.of(r)));
    return out;
  }
}
