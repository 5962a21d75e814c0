package dev.cocreate.codesign;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** SQL for iterations, co-authors, amendments, the credit ledger and who looked at an idea when. */
final class CodesignRepository {

  private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> of) {
    List<T> out = new ArrayList<>();
    rows.forEach(r -> out.add(of.apply(r)));
    return out;
  }

  private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> of) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(of.apply(rows.iterator().next()));
  }

  // Authorship

  /** The idea's author id and the member's co-authorship status (null when never invited). */
  record Authorship(long authorId, String coauthorStatus) {}

  Future<Optional<Authorship>> authorship(SqlClient db, long ideaId, long userId) {
    return db.preparedQuery("""
            select i.author_id, (select ca.status from idea_coauthors ca where ca.idea_id = i.id and ca.user_id = $2) as status
              from ideas i where i.id = $1""")
        .execute(Tuple.of(ideaId, userId))
        .map(rows -> first(rows, r -> new Authorship(r.getLong("author_id"), r.getString("status"))));
  }

  /** Locks the idea's row: iterations of one idea are numbered one at a time. */
  Future<Void> lockIdea(SqlClient tx, long ideaId) {
    return tx.preparedQuery("select id from ideas where id = $1 for update").execute(Tuple.of(ideaId)).mapEmpty();
  }

  // Iterations

  Future<List<Iteration>> iterations(SqlClient db, long ideaId) {
    return db.preparedQuery(Iteration.COLUMNS + " where it.idea_id = $1 order by it.n").execute(Tuple.of(ideaId))
        .map(rows -> all(rows, Iteration::of));
  }

  /**
   * Whether one of the idea's iterations attaches the upload at this address. Rows written before
   * the array was stored as one hold it as a JSON string of the array: read the same way.
   */
  Future<Boolean> attaches(SqlClient db, long ideaId, String upload) {
    return db.preparedQuery("""
            select 1 from idea_iterations it,
                   jsonb_array_elements(case when jsonb_typeof(it.attachments) = 'string'
                                             then (it.attachments #>> '{}')::jsonb else it.attachments end) a
             where it.idea_id = $1 and coalesce(a ->> 'upload', a ->> 'url') = $2
             limit 1""")
        .execute(Tuple.of(ideaId, upload)).map(rows -> rows.size() > 0);
  }

  /** The text the idea was submitted with, stored as iteration 1 the first time a later one is published. */
  Future<Void> keepOriginal(SqlClient tx, long ideaId) {
    return tx.preparedQuery("""
            insert into idea_iterations (idea_id, n, summary, body, html, author_id, created_at)
            select i.id, 1, '', i.body, i.html, i.author_id, i.created_at from ideas i
             where i.id = $1 and not exists (select 1 from idea_iterations x where x.idea_id = i.id)""")
        .execute(Tuple.of(ideaId)).mapEmpty();
  }

  /** Adds the next iteration (the idea's row must be locked) and makes it the idea's text; answers its number. */
  Future<Integer> addIteration(SqlClient tx, long ideaId, String summary, String body, String html, JsonArray attachments,
      long authorId, Long amendmentId) {
    return tx.preparedQuery("""
            insert into idea_iterations (idea_id, n, summary, body, html, attachments, author_id, amendment_id)
            select $1, coalesce(max(n), 0) + 1, $2, $3, $4, $5::jsonb, $6, $7 from idea_iterations where idea_id = $1
            returning n""")
        .execute(Tuple.of(ideaId, summary, body, html, attachments, authorId).addValue(amendmentId))
        .compose(rows -> {
          int n = rows.iterator().next().getInteger("n");
          return tx.preparedQuery("update ideas set body = $2, html = $3 where id = $1")
              .execute(Tuple.of(ideaId, body, html)).map(n);
        });
  }

  /**
   * Whether a member who supports the idea has not seen it since an iteration newer than their
   * support: one published after they supported and after they last looked at its page.
   */
  Future<Boolean> changedSinceSupported(SqlClient db, long ideaId, long userId) {
    return db.preparedQuery("""
            select exists (
              select 1 from idea_supports s join idea_iterations it on it.idea_id = s.idea_id and it.n > 1
                left join idea_views v on v.idea_id = s.idea_id and v.user_id = s.user_id
               where s.idea_id = $1 and s.user_id = $2 and it.created_at > s.created_at
                 and (v.viewed_at is null or it.created_at > v.viewed_at))""")
        .execute(Tuple.of(ideaId, userId)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  Future<Void> viewed(SqlClient db, long ideaId, long userId) {
    return db.preparedQuery("""
            insert into idea_views (idea_id, user_id) values ($1, $2)
            on conflict (idea_id, user_id) do update set viewed_at = now()""")
        .execute(Tuple.of(ideaId, userId)).mapEmpty();
  }

  // Co-authors

  Future<List<Coauthor>> coauthors(SqlClient db, long ideaId) {
    return db.preparedQuery(Coauthor.COLUMNS + " where ca.idea_id = $1 order by ca.created_at, ca.user_id")
        .execute(Tuple.of(ideaId)).map(rows -> all(rows, Coauthor::of));
  }

  /** Invites the member; one who declined may be asked again. Empty when they are invited or a co-author already. */
  Future<Optional<Coauthor>> invite(SqlClient tx, long ideaId, long userId, long byId) {
    return tx.preparedQuery("""
            insert into idea_coauthors (idea_id, user_id, invited_by) values ($1, $2, $3)
            on conflict (idea_id, user_id) do update set status = 'invited', invited_by = $3, created_at = now(),
                   answered_at = null
             where idea_coauthors.status = 'declined'
            returning idea_id""")
        .execute(Tuple.of(ideaId, userId, byId))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(Optional.<Coauthor>empty())
            : coauthor(tx, ideaId, userId));
  }

  Future<Optional<Coauthor>> coauthor(SqlClient db, long ideaId, long userId) {
    return db.preparedQuery(Coauthor.COLUMNS + " where ca.idea_id = $1 and ca.user_id = $2")
        .execute(Tuple.of(ideaId, userId)).map(rows -> first(rows, Coauthor::of));
  }

  /** Answers a waiting invitation; false when there was none waiting (answered already, or never made). */
  Future<Boolean> answerInvite(SqlClient tx, long ideaId, long userId, boolean accept) {
    return tx.preparedQuery("""
            update idea_coauthors set status = $3, answered_at = now()
             where idea_id = $1 and user_id = $2 and status = 'invited'""")
        .execute(Tuple.of(ideaId, userId, accept ? "accepted" : "declined")).map(rows -> rows.rowCount() == 1);
  }

  // Amendments

  Future<List<Amendment>> amendments(SqlClient db, long ideaId) {
    return db.preparedQuery(Amendment.COLUMNS + " where a.idea_id = $1 order by a.id desc").execute(Tuple.of(ideaId))
        .map(rows -> all(rows, Amendment::of));
  }

  Future<Optional<Amendment>> amendment(SqlClient db, long id) {
    return db.preparedQuery(Amendment.COLUMNS + " where a.id = $1").execute(Tuple.of(id))
        .map(rows -> first(rows, Amendment::of));
  }

  /** The amendment with its row locked: two answers to one amendment take turns, and the second sees the first's. */
  Future<Optional<Amendment>> lockAmendment(SqlClient tx, long id) {
    return tx.preparedQuery(Amendment.COLUMNS + " where a.id = $1 for update of a").execute(Tuple.of(id))
        .map(rows -> first(rows, Amendment::of));
  }

  Future<Long> insertAmendment(SqlClient tx, long ideaId, long proposerId, String body, String note) {
    return tx.preparedQuery("insert into idea_amendments (idea_id, proposer_id, body, note) values ($1, $2, $3, $4) returning id")
        .execute(Tuple.of(ideaId, proposerId, body, note)).map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Void> setAmendmentThread(SqlClient tx, long id, long threadId) {
    return tx.preparedQuery("update idea_amendments set thread_id = $2 where id = $1").execute(Tuple.of(id, threadId))
        .mapEmpty();
  }

  Future<Void> answerAmendment(SqlClient tx, long id, String status, String reason, Integer iterationN, long byId) {
    return tx.preparedQuery("""
            update idea_amendments set status = $2, reason = $3, iteration_n = $4, answered_by = $5, answered_at = now()
             where id = $1""")
        .execute(Tuple.of(id, status, reason, iterationN, byId)).mapEmpty();
  }

  // Credits

  Future<List<Credit>> credits(SqlClient db, long ideaId) {
    return db.preparedQuery(Credit.COLUMNS + " where cr.idea_id = $1 order by cr.id").execute(Tuple.of(ideaId))
        .map(rows -> all(rows, Credit::of));
  }

  /** Adds the entry unless the ledger has it already; answers whether this call added it. */
  Future<Boolean> credit(SqlClient tx, long ideaId, long userId, String kind, long sourceId, long byId) {
    return tx.preparedQuery("""
            insert into idea_credits (idea_id, user_id, kind, source_id, by_id) values ($1, $2, $3, $4, $5)
            on conflict (idea_id, kind, source_id) do nothing""")
        .execute(Tuple.of(ideaId, userId, kind, sourceId, byId)).map(rows -> rows.rowCount() == 1);
  }

  Future<Optional<Credit>> creditFor(SqlClient db, long ideaId, String kind, long sourceId) {
    return db.preparedQuery(Credit.COLUMNS + " where cr.idea_id = $1 and cr.kind = $2 and cr.source_id = $3")
        .execute(Tuple.of(ideaId, kind, sourceId)).map(rows -> first(rows, Credit::of));
  }

  /** A post of an idea's discussion: the idea's id (null for a post elsewhere) and the post's author. */
  record DiscussionPost(Long ideaId, long authorId) {}

  Future<Optional<DiscussionPost>> discussionPost(SqlClient db, long postId) {
    return db.preparedQuery("select t.idea_id, p.author_id from posts p join threads t on t.id = p.thread_id where p.id = $1")
        .execute(Tuple.of(postId))
        .map(rows -> first(rows, r -> new DiscussionPost(r.getLong("idea_id"), r.getLong("author_id"))));
  }

  /** A reply of the idea's discussion its authors may still mark incorporated, for the page's choice. */
  record Candidate(long postId, String authorDisplayName, String excerpt) {}

  /**
   * The latest replies of the idea's discussion by anyone but its authors, shown and not yet
   * credited. Only the authors are offered them, and they read the discussion (or not: the mark is
   * decided again, with the forum's read rule, when they use it).
   */
  Future<List<Candidate>> candidates(SqlClient db, long ideaId, int limit) {
    return db.preparedQuery("""
            select p.id, u.display_name, left(p.body, 80) as excerpt
              from posts p join threads t on t.id = p.thread_id join ideas i on i.id = t.idea_id
              join users u on u.id = p.author_id
             where t.idea_id = $1 and p.id is distinct from t.first_post_id and p.deleted_at is null and not p.hidden
               and p.author_id <> i.author_id
               and not exists (select 1 from idea_coauthors ca where ca.idea_id = i.id and ca.user_id = p.author_id
                               and ca.status = 'accepted')
               and not exists (select 1 from idea_credits cr where cr.idea_id = i.id and cr.kind = 'reply' and cr.source_id = p.id)
             order by p.id desc limit $2""")
        .execute(Tuple.of(ideaId, limit))
        .map(rows -> all(rows, r -> new Candidate(r.getLong("id"), r.getString("display_name"), r.getString("excerpt"))));
  }
}
