package dev.cocreate.search;

import dev.cocreate.access.Permissions;
import dev.cocreate.access.SqlReader;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Full text search in SQL. Each kind of thing is a branch of one {@code union all}, filtered by
 * the caller's read rights in SQL (so pages are full and cursors exact), then ranked together.
 * The read rights are {@link Permissions}' SQL scopes, for the reader at $2: no rule is written
 * here.
 *
 * <p>Parameters: $1 the query (websearch syntax), $2 the reader ({@link Permissions#readerParams}:
 * their id, 0 for nobody), $3 type, $4 space slug, $5 author username, $6 from, $7 to (each null
 * for "any"), $8 the limit, $9..$11 the keyset (rank, type, id) after which to start.
 *
 * <p>A space the reader may not read behaves exactly like one that does not exist: the {@code
 * space} filter matches only readable spaces, and no hit names another (an idea's thread may have
 * been moved into a group space; the idea's staff still find the idea, without the space).
 */
final class SearchRepository {
  private static final SqlReader READER = SqlReader.at(2);

  private final String sql;

  SearchRepository(Permissions permissions) {
    String filters = """
        and ($5::text is null or %1$s.author_id = (select id from users where lower(username) = lower($5)))
        and ($6::timestamptz is null or %1$s.created_at >= $6) and ($7::timestamptz is null or %1$s.created_at < $7)
        """;
    String thread = permissions.readableThreads(READER, "t", "s");
    // Hidden and deleted content is not searched: a match on it would tell what it says.
    String opening = permissions.visiblePosts(READER, "fp");
    // A thread matches on its title ('A') or its opening post ('B'), ranked on both. An idea's thread
    // is the idea (same title, its body the opening post): the idea is the one result for both.
    String threads = """
        select 'thread'::text as type, t.id, t.id as thread_id, t.title,
               case when fp.id is not null and %2$s then fp.body else '' end as body,
               ts_rank(t.search || case when fp.id is not null and %2$s then fp.search else ''::tsvector end, q.q) as rank,
               t.created_at, t.author_id, s.slug as space
        from q, threads t
        join spaces s on s.id = t.space_id
        left join posts fp on fp.id = t.first_post_id
        where ($3::text is null or $3 = 'thread') and t.idea_id is null
          -- The matching threads are found first, through the text indexes, and then read by id: as
          -- "t.id in (...)" the planner scanned every thread to join them (the growth benchmark's plans).
          and t.id = any (array(select th.id from threads th, q tq where th.search @@ tq.q
                                union
                                select p.thread_id from posts p, q pq where p.search @@ pq.q and p.parent_id is null and %3$s))
          and %1$s
          and ($4::text is null or lower(s.slug) = lower($4)) %4$s
        """.formatted(thread, opening, permissions.visiblePosts(READER, "p"), filters.formatted("t"));
    // Replies match on their body; the opening post is its thread's result.
    String posts = """
        select 'post'::text, p.id, p.thread_id, t.title, p.body, ts_rank(p.search, q.q), p.created_at, p.author_id, s.slug
        from q, posts p
        join threads t on t.id = p.thread_id
        join spaces s on s.id = t.space_id
        where ($3::text is null or $3 = 'post')
          and p.search @@ q.q and p.parent_id is not null and %2$s
          and %1$s
          and ($4::text is null or lower(s.slug) = lower($4)) %3$s
        """.formatted(thread, permissions.visiblePosts(READER, "p"), filters.formatted("p"));
    // Ideas on title ('A'), pitch and body ('B'), when the reader may read them (their challenge is
    // out of draft or theirs, and their thread readable or they are the challenge's staff). The
    // space is their thread's, named only when the reader may read that space; the thread likewise.
    String ideaSpace = permissions.readableSpaces(READER, "its");
    String ideas = """
        select 'idea'::text, i.id, case when %4$s then it.id end, i.title, i.pitch || E'\\n' || i.body,
               ts_rank(i.search, q.q), i.created_at, i.author_id, case when %2$s then its.slug end
        from q, ideas i
        join challenges c on c.id = i.challenge_id
        left join threads it on it.idea_id = i.id
        left join spaces its on its.id = it.space_id
        where ($3::text is null or $3 = 'idea')
          and i.search @@ q.q and %1$s
          and ($4::text is null or (lower(its.slug) = lower($4) and %2$s)) %3$s
        """.formatted(permissions.readableIdeas(READER, "i", "c"), ideaSpace, filters.formatted("i"),
            permissions.readableThreads(READER, "it", "its"));
    // Challenges on title ('A'), summary and problem ('B'): public ones, and drafts for their org's team.
    String challengeSpace = permissions.readableSpaces(READER, "s");
    String challenges = """
        select 'challenge'::text, c.id, null::bigint, c.title, c.summary || E'\\n' || c.problem,
               ts_rank(c.search, q.q), c.created_at, c.created_by, case when %2$s then s.slug end
        from q, challenges c
        left join spaces s on s.id = c.space_id
        where ($3::text is null or $3 = 'challenge')
          and c.search @@ q.q and %1$s
          and ($4::text is null or (lower(s.slug) = lower($4) and %2$s))
          and ($5::text is null or c.created_by = (select id from users where lower(username) = lower($5)))
          and ($6::timestamptz is null or c.created_at >= $6) and ($7::timestamptz is null or c.created_at < $7)
        """.formatted(permissions.readableChallenges(READER, "c"), challengeSpace);
    String hits = String.join(" union all ", threads, posts, ideas, challenges);
    String marks = Highlight.MARKS;
    this.sql = """
        with q as (select websearch_to_tsquery('english', $1) as q),
        hits as (%s),
        page as (
          select * from hits
          where $9::real is null or rank < $9 or (rank = $9 and (type, id) > ($10::text, $11::bigint))
          order by rank desc, type, id limit $8
        )
        select page.type, page.id, page.thread_id, page.title, page.rank, page.created_at, page.space,
               au.username as author_username, au.display_name as author_display_name,
               ts_headline('english', translate(page.title, E'\\uE000\\uE001', ''), q.q, '%s, HighlightAll=true') as title_hl,
               ts_headline('english', translate(page.body, E'\\uE000\\uE001', ''), q.q,
                           '%s, MaxWords=35, MinWords=15') as snippet
        from page join users au on au.id = page.author_id cross join q
        order by page.rank desc, page.type, page.id
        """.formatted(hits, marks, marks);
  }

  /** The search's parameters; null filters mean "any". */
  record Query(String text, List<Object> reader, String type, String space, String author, OffsetDateTime from,
      OffsetDateTime to) {}

  /** Keyset of the last hit of the previous page. */
  record After(float rank, String type, long id) {}

  Future<List<SearchHit>> search(SqlClient db, Query q, After after, int limit) {
    Tuple params = Tuple.tuple()
        .addString(q.text()).addValue(q.reader().get(0)).addString(q.type()).addString(q.space())
        .addString(q.author()).addOffsetDateTime(q.from()).addOffsetDateTime(q.to()).addInteger(limit)
        .addFloat(after == null ? null : after.rank()).addString(after == null ? "" : after.type())
        .addLong(after == null ? 0L : after.id());
    return db.preparedQuery(sql).execute(params).map(rows -> {
      List<SearchHit> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(hit(r));
      }
      return out;
    });
  }

  private static SearchHit hit(Row r) {
    String type = r.getString("type");
    long id = r.getLong("id");
    Long threadId = r.getLong("thread_id");
    String url = switch (type) {
      case "thread" -> "/t/" + id;
      case "post" -> "/t/" + threadId + "/p/" + id + "#p" + id;
      // An idea is read and discussed on its own page, its thread's discussion included.
      case "idea" -> "/i/" + id;
      case "challenge" -> "/c/" + id;
      default -> "/";
    };
    return new SearchHit(type, id, threadId, r.getString("title"), Highlight.toHtml(r.getString("title_hl")),
        Highlight.toHtml(r.getString("snippet")), url, r.getString("space"), r.getString("author_username"),
        r.getString("author_display_name"), r.getOffsetDateTime("created_at"), r.getFloat("rank"));
  }
}
