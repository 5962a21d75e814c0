package dev.cocreate.search;

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
 *
 * <p>Parameters: $1 the query (websearch syntax), $2 the viewer's id (0 when anonymous), $3
 * whether the viewer is a moderator, $4 type, $5 space slug, $6 author username, $7 from, $8 to
 * (each null for "any"), $9 the limit, $10..$12 the keyset (rank, type, id) after which to start.
 */
final class SearchRepository {
  /**
   * Whether the viewer may read thread {@code t} in space {@code s}: {@code Permissions.canReadSpace}
   * and {@code canReadThread}, as SQL. Group spaces are readable by their members and moderators only.
   */
  static final String THREAD_READABLE = """
      (s.visibility = 'public' or (s.visibility = 'members' and $2 > 0)
       or (s.visibility = 'group' and ($3 or exists (select 1 from space_members sm where sm.space_id = s.id and sm.user_id = $2))))
      and (not t.hidden or $3)
      """;

  /** A post's content counts only when every reader would see it: not deleted, and hidden only for moderators. */
  private static final String POST_VISIBLE = "%1$s.deleted_at is null and (not %1$s.hidden or $3)";

  private static final String FILTERS = """
      and ($5::text is null or lower(s.slug) = lower($5))
      and ($6::text is null or %1$s.author_id = (select id from users where lower(username) = lower($6)))
      and ($7::timestamptz is null or %1$s.created_at >= $7) and ($8::timestamptz is null or %1$s.created_at < $8)
      """;

  /** A thread matches on its title ('A') or its opening post ('B'), ranked on both. */
  private static final String THREADS = """
      select 'thread'::text as type, t.id, t.id as thread_id, t.title,
             case when fp.id is not null and %2$s then fp.body else '' end as body,
             ts_rank(t.search || case when fp.id is not null and %2$s then fp.search else ''::tsvector end, q.q) as rank,
             t.created_at, t.author_id, s.slug as space
      from q, threads t
      join spaces s on s.id = t.space_id
      left join posts fp on fp.id = t.first_post_id
      where ($4::text is null or $4 = 'thread')
        and t.id in (select th.id from threads th where th.search @@ q.q
                     union
                     select p.thread_id from posts p where p.search @@ q.q and p.parent_id is null and %3$s)
        and %1$s %4$s
      """.formatted(THREAD_READABLE, POST_VISIBLE.formatted("fp"), POST_VISIBLE.formatted("p"), FILTERS.formatted("t"));

  /** Replies match on their body; the opening post is its thread's result. */
  private static final String POSTS = """
      select 'post'::text, p.id, p.thread_id, t.title, p.body, ts_rank(p.search, q.q), p.created_at, p.author_id, s.slug
      from q, posts p
      join threads t on t.id = p.thread_id
      join spaces s on s.id = t.space_id
      where ($4::text is null or $4 = 'post')
        and p.search @@ q.q and p.parent_id is not null and %2$s
        and %1$s %3$s
      """.formatted(THREAD_READABLE, POST_VISIBLE.formatted("p"), FILTERS.formatted("p"));

  /** Ideas of public (not draft) challenges, on title ('A'), pitch and body ('B'); space is their thread's. */
  private static final String IDEAS = """
      select 'idea'::text, i.id, (select t.id from threads t where t.idea_id = i.id), i.title, i.pitch || E'\\n' || i.body,
             ts_rank(i.search, q.q), i.created_at, i.author_id,
             (select s.slug from threads t join spaces s on s.id = t.space_id where t.idea_id = i.id)
      from q, ideas i
      join challenges c on c.id = i.challenge_id
      where ($4::text is null or $4 = 'idea')
        and i.search @@ q.q and c.phase <> 'draft'
        and ($5::text is null or exists (select 1 from threads t join spaces s on s.id = t.space_id
                                         where t.idea_id = i.id and lower(s.slug) = lower($5)))
        and ($6::text is null or i.author_id = (select id from users where lower(username) = lower($6)))
        and ($7::timestamptz is null or i.created_at >= $7) and ($8::timestamptz is null or i.created_at < $8)
      """;

  /** Public (not draft) challenges, on title ('A'), summary and problem ('B'); drafts are for their org's pages. */
  private static final String CHALLENGES = """
      select 'challenge'::text, c.id, null::bigint, c.title, c.summary || E'\\n' || c.problem,
             ts_rank(c.search, q.q), c.created_at, c.created_by, s.slug
      from q, challenges c
      left join spaces s on s.id = c.space_id
      where ($4::text is null or $4 = 'challenge')
        and c.search @@ q.q and c.phase <> 'draft'
        and ($5::text is null or lower(s.slug) = lower($5))
        and ($6::text is null or c.created_by = (select id from users where lower(username) = lower($6)))
        and ($7::timestamptz is null or c.created_at >= $7) and ($8::timestamptz is null or c.created_at < $8)
      """;

  private final String sql;

  SearchRepository() {
    String hits = String.join(" union all ", THREADS, POSTS, IDEAS, CHALLENGES);
    String marks = Highlight.MARKS;
    this.sql = """
        with q as (select websearch_to_tsquery('english', $1) as q),
        hits as (%s),
        page as (
          select * from hits
          where $10::real is null or rank < $10 or (rank = $10 and (type, id) > ($11::text, $12::bigint))
          order by rank desc, type, id limit $9
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
  record Query(String text, long viewerId, boolean moderator, String type, String space, String author, OffsetDateTime from,
      OffsetDateTime to) {}

  /** Keyset of the last hit of the previous page. */
  record After(float rank, String type, long id) {}

  Future<List<SearchHit>> search(SqlClient db, Query q, After after, int limit) {
    Tuple params = Tuple.tuple()
        .addString(q.text()).addLong(q.viewerId()).addBoolean(q.moderator()).addString(q.type()).addString(q.space())
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
      // An idea is read and discussed on its thread's page; challenges have no page yet.
      case "idea" -> threadId != null ? "/t/" + threadId : "/api/ideas/" + id;
      case "challenge" -> "/api/challenges/" + id;
      default -> "/";
    };
    return new SearchHit(type, id, threadId, r.getString("title"), Highlight.toHtml(r.getString("title_hl")),
        Highlight.toHtml(r.getString("snippet")), url, r.getString("space"), r.getString("author_username"),
        r.getString("author_display_name"), r.getOffsetDateTime("created_at"), r.getFloat("rank"));
  }
}
