package dev.cocreate.forum;

import dev.cocreate.access.ReadScope;
import dev.cocreate.access.SqlScope;
import dev.cocreate.access.Viewer;
import dev.cocreate.content.ForumThread;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for threads. Every read takes the viewer's id as $1 (0 when anonymous). */
public final class ThreadRepository {
  /**
   * Every thread read comes with the viewer's {@link ForumThread.Reading} in the same statement (so a
   * list of thirty threads stays one query): their watch level, read position, the visible posts by
   * others after it, and whether the thread is new to them. "New" is Discourse's: created since the
   * start of the viewer's previous visit day (their sign-up for a first visit) and never opened.
   * The unread count is a range over posts_thread_visible per thread; an anonymous viewer ($1 = 0)
   * finds no member row and gets none of it.
   */
  private static final String SELECT = """
      select t.id, t.title, t.created_at, t.last_activity_at, t.reply_count, t.vote_score, t.locked, t.pinned,
             t.hidden, t.tags, t.first_post_id, t.idea_id,
             au.id as author_id, au.username as author_username, au.display_name as author_display_name,
             rv.id as reading_viewer, coalesce(rw.level, 'tracking') as reading_level, rr.last_post_id as reading_post_id,
             case when rr.user_id is null or rw.level = 'muted' then 0
                  else (select count(*)::int from posts up where up.thread_id = t.id and up.id > rr.last_post_id
                        and up.deleted_at is null and not up.hidden and up.author_id <> rv.id) end as reading_unread,
             (rr.user_id is null and rv.id is not null and rw.level is distinct from 'muted' and t.author_id <> rv.id
              and t.created_at >= coalesce((select max(v.day)::timestamp at time zone 'UTC' from user_visits v
                                            where v.user_id = rv.id and v.day < (now() at time zone 'UTC')::date),
                                           rv.created_at)) as reading_new,
      """ + SpaceRepository.COLUMNS + """
      from threads t
      join spaces s on s.id = t.space_id
      join users au on au.id = t.author_id
      left join users rv on rv.id = $1
      left join thread_reads rr on rr.user_id = rv.id and rr.thread_id = t.id
      left join watches rw on rw.user_id = rv.id and rw.target_type = 'thread' and rw.target_id = t.id
      """;

  /** How a space's threads are listed: pinned first, then by one key, newest or highest first. */
  public enum Sort {
    LATEST("last_activity_at"),
    TOP("vote_score"),
    NEW("created_at");

    /** A constant of this enum, never input. */
    private final String column;

    Sort(String column) {
      this.column = column;
    }
  }

  /**
   * The most recently active threads of the given spaces (the home page's list) that the
   * {@code readable} scope (over {@code t} and {@code s}) lets the viewer read.
   */
  public Future<List<ForumThread>> latestIn(SqlClient db, Viewer viewer, List<Long> spaceIds, ReadScope readable, int limit) {
    SqlScope scope = readable.at(3);
    return db.preparedQuery(SELECT + "where t.space_id = any($2) and " + scope.sql()
            + " order by t.last_activity_at desc, t.id desc limit $" + (3 + scope.params().size()))
        .execute(scope.addTo(Tuple.tuple().addLong(viewer.sqlId()).addArrayOfLong(spaceIds.toArray(Long[]::new))).addInteger(limit))
        .map(ThreadRepository::list);
  }

  public Future<Optional<ForumThread>> byId(SqlClient db, Viewer viewer, long id) {
    return db.preparedQuery(SELECT + "where t.id = $2").execute(Tuple.of(viewer.sqlId(), id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ForumThread.of(rows.iterator().next())));
  }

  /**
   * Of these threads and spaces, those the {@code readableThreads} scope (over {@code t} and
   * {@code s}) and the {@code readableSpaces} scope (over {@code s}) let the viewer read: rows
   * {@code ('t', id)} and {@code ('s', lower(slug))}. One statement, for a live replay batch.
   */
  public Future<RowSet<Row>> readable(SqlClient db, Long[] threadIds, String[] slugs, ReadScope readableThreads,
      ReadScope readableSpaces) {
    SqlScope threadScope = readableThreads.at(3);
    SqlScope spaceScope = readableSpaces.at(3 + threadScope.params().size());
    Tuple params = spaceScope.addTo(threadScope.addTo(Tuple.tuple().addArrayOfLong(threadIds).addArrayOfString(slugs)));
    return db.preparedQuery("select 't', t.id::text from threads t join spaces s on s.id = t.space_id "
            + "where t.id = any($1) and " + threadScope.sql()
            + " union all select 's', lower(s.slug) from spaces s where lower(s.slug) = any($2) and " + spaceScope.sql())
        .execute(params);
  }

  /** Of these threads, those in the space now. */
  public Future<List<Long>> inSpace(SqlClient db, long spaceId, Long[] threadIds) {
    return db.preparedQuery("select id from threads where space_id = $1 and id = any($2)")
        .execute(Tuple.tuple().addLong(spaceId).addArrayOfLong(threadIds))
        .map(rows -> {
          List<Long> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  /** The threads with these ids that exist, in no particular order. */
  public Future<List<ForumThread>> byIds(SqlClient db, Viewer viewer, List<Long> ids) {
    return db.preparedQuery(SELECT + "where t.id = any($2)").execute(Tuple.tuple().addLong(viewer.sqlId()).addArrayOfLong(ids.toArray(Long[]::new)))
        .map(ThreadRepository::list);
  }

  /**
   * Up to {@code limit} threads of a space that the {@code readable} scope (over {@code t} and
   * {@code s}) lets the viewer read, after the key (pinned, sort value, id), or from the top when
   * {@code after} is null.
   */
  public Future<List<ForumThread>> list(SqlClient db, Viewer viewer, long spaceId, ReadScope readable, Sort sort,
      Object[] after, int limit) {
    SqlScope scope = readable.at(3);
    int next = 3 + scope.params().size();
    Tuple params = scope.addTo(Tuple.of(viewer.sqlId(), spaceId)).addInteger(limit);
    String where = SELECT + "where t.space_id = $2 and " + scope.sql() + " ";
    if (after != null) {
      where += "and (t.pinned, t." + sort.column + ", t.id) < ($" + (next + 1) + ", $" + (next + 2) + ", $" + (next + 3) + ") ";
      params.addValue(after[0]).addValue(after[1]).addValue(after[2]);
    }
    return db.preparedQuery(where + "order by t.pinned desc, t." + sort.column + " desc, t.id desc limit $" + next)
        .execute(params)
        .map(ThreadRepository::list);
  }

  public Future<Long> insert(SqlClient db, long spaceId, String title, long authorId, List<String> tags, Long ideaId) {
    return db.preparedQuery("""
            insert into threads (space_id, title, author_id, tags, idea_id) values ($1, $2, $3, $4, $5) returning id""")
        .execute(Tuple.of(spaceId, title, authorId, tags.toArray(String[]::new), ideaId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Void> setFirstPost(SqlClient db, long threadId, long postId) {
    return db.preparedQuery("update threads set first_post_id = $2 where id = $1").execute(Tuple.of(threadId, postId))
        .mapEmpty();
  }

  /** Counts a new reply; answers whether the thread is locked, read under the row lock this update takes. */
  public Future<Boolean> countReply(SqlClient db, long threadId) {
    return db.preparedQuery("""
            update threads set reply_count = reply_count + 1, last_activity_at = greatest(last_activity_at, now())
            where id = $1 returning locked""")
        .execute(Tuple.of(threadId))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** A thread's score is its first post's: copies it when {@code postId} is that post. */
  public Future<Void> syncScore(SqlClient db, long threadId, long postId, int score) {
    return db.preparedQuery("update threads set vote_score = $3 where id = $1 and first_post_id = $2")
        .execute(Tuple.of(threadId, postId, score))
        .mapEmpty();
  }

  // Moderation

  public Future<Void> setLocked(SqlClient db, long threadId, boolean locked) {
    return db.preparedQuery("update threads set locked = $2 where id = $1").execute(Tuple.of(threadId, locked)).mapEmpty();
  }

  public Future<Void> setPinned(SqlClient db, long threadId, boolean pinned) {
    return db.preparedQuery("update threads set pinned = $2 where id = $1").execute(Tuple.of(threadId, pinned)).mapEmpty();
  }

  public Future<Void> setHidden(SqlClient db, long threadId, boolean hidden) {
    return db.preparedQuery("update threads set hidden = $2 where id = $1").execute(Tuple.of(threadId, hidden)).mapEmpty();
  }

  public Future<Void> moveTo(SqlClient db, long threadId, long spaceId) {
    return db.preparedQuery("update threads set space_id = $2 where id = $1").execute(Tuple.of(threadId, spaceId)).mapEmpty();
  }

  private static List<ForumThread> list(RowSet<Row> rows) {
    List<ForumThread> out = new ArrayList<>();
    rows.forEach(r -> out.add(ForumThread.of(r)));
    return out;
  }

  /** The space of the thread {@code id}, or of the post {@code id}'s thread when {@code ofPost}; empty when there is none. */
  public Future<Optional<Long>> spaceOf(SqlClient db, boolean ofPost, long id) {
    return db.preparedQuery(ofPost
            ? "select t.space_id from posts p join threads t on t.id = p.thread_id where p.id = $1"
            : "select t.space_id from threads t where t.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.<Long>empty() : Optional.of(rows.iterator().next().getLong(0)));
  }
}
