package dev.cocreate.recommend;

import dev.cocreate.access.Permissions;
import dev.cocreate.access.SqlReader;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The recommendations query and the opt-out setting. One statement computes a member's
 * recommendations in PostgreSQL, from two kinds of evidence:
 *
 * <ul>
 *   <li><b>co-support</b>: for each idea X the member supports, the other members who support X,
 *       and the other ideas they support, counted per (X, idea);
 *   <li><b>co-discussion</b>: for each idea X in whose discussion the member replied, the other
 *       members who replied there, and the other ideas' discussions they replied in.
 * </ul>
 *
 * <p>Only members who feed recommendations ({@link Permissions#feedsRecommendations}: not opted
 * out, not deleted) are counted, and a (X, idea) pair counted by fewer than {@link #MIN_COUNT} of
 * them is dropped, never shown with a smaller number, so no reason lets anyone infer what a few
 * members did. Each idea keeps its strongest reason. Both X and the idea recommended must be
 * readable by the member ({@link Permissions#readableIdeas}, for the member's {@code users} row);
 * the idea must be open (its challenge open, the idea neither merged, expired, declined nor
 * implemented), not theirs (author or accepted co-author) and not already supported by them.
 *
 * <p>What it reads is bounded, so a member's cost does not grow with the community nor with the
 * most active members: their {@link #OWN_RECENT} most recent supports and discussions, of each the
 * {@link #PEERS_PER_IDEA} most recent supporters or repliers, of each of those their
 * {@link #PEER_RECENT} most recent supports or replies. Every step walks an index in that order:
 * {@code idea_supports_user} (a member's supports, newest first), {@code idea_supports_idea_recent} (an idea's supporters, newest first), {@code posts_author_replies}
 * (a member's replies, newest first), {@code posts_thread_visible} (a thread's replies).
 * {@code bench/recommend.sh} measures it on a generated community.
 */
public final class RecommendationRepository {
  /** The fewest members a reason may count: fewer, and the candidate is dropped. */
  public static final int MIN_COUNT = 5;
  /** The member's most recent supports (and discussions) a recommendation starts from. */
  public static final int OWN_RECENT = 20;
  /**
   * Of each, the most recent supporters (or repliers) counted: in a larger community a reason's
   * count is a lower bound ("at least N members who ..."), never more than there are.
   */
  public static final int PEERS_PER_IDEA = 100;
  /** Of each of those, the most recent supports (or replies) looked at. */
  public static final int PEER_RECENT = 30;
  /** The statuses of an idea still open to support and discussion. */
  private static final String OPEN_STATUSES = "('submitted', 'in_review', 'shortlisted', 'accepted')";

  private final String sql;

  public RecommendationRepository(Permissions permissions) {
    this.sql = sql(permissions);
  }

  /**
   * The statement, for the member at {@code $1} and at most {@code $2} rows: the same text for
   * everyone, so it is prepared once (the benchmark runs this text too).
   */
  public static String sql(Permissions permissions) {
    SqlReader me = SqlReader.eachUser("me");
    return """
        with my_support as (
          select s.idea_id as via
          from idea_supports s
          join ideas x on x.id = s.idea_id
          join challenges xc on xc.id = x.challenge_id
          join users me on me.id = s.user_id
          where s.user_id = $1 and %1$s
          order by s.created_at desc, s.idea_id desc
          limit %7$d
        ), my_talk as (
          select t.idea_id as via
          from posts p
          join threads t on t.id = p.thread_id
          join ideas x on x.id = t.idea_id
          join challenges xc on xc.id = x.challenge_id
          join users me on me.id = p.author_id
          where p.author_id = $1 and p.deleted_at is null and not p.hidden and p.parent_id is not null
            and t.idea_id is not null and %1$s
          group by t.idea_id
          order by max(p.created_at) desc, t.idea_id desc
          limit %7$d
        ), co_support as (
          select m.via, o.idea_id as idea, count(*) as n
          from my_support m
          cross join lateral (
            select s.user_id from idea_supports s where s.idea_id = m.via and s.user_id <> $1
            order by s.created_at desc limit %8$d) s
          join users su on su.id = s.user_id
          cross join lateral (
            select o.idea_id from idea_supports o where o.user_id = s.user_id and o.idea_id <> m.via
            order by o.created_at desc limit %9$d) o
          where %3$s
          group by m.via, o.idea_id
          having count(*) >= %5$d
        ), talkers as (
          select distinct m.via, p.author_id as user_id
          from my_talk m
          join threads t on t.idea_id = m.via
          cross join lateral (
            select p.author_id from posts p
            where p.thread_id = t.id and p.deleted_at is null and not p.hidden and p.id <> t.first_post_id and p.author_id <> $1
            order by p.id desc limit %8$d) p
        ), co_discussion as (
          select k.via, t.idea_id as idea, count(distinct k.user_id) as n
          from talkers k
          join users ku on ku.id = k.user_id
          cross join lateral (
            select p.thread_id from posts p
            where p.author_id = k.user_id and p.deleted_at is null and not p.hidden and p.parent_id is not null
            order by p.created_at desc limit %9$d) p
          join threads t on t.id = p.thread_id and t.idea_id is not null and t.idea_id <> k.via
          where %4$s
          group by k.via, t.idea_id
          having count(distinct k.user_id) >= %5$d
        ), reasons as (
          select 'support' as kind, via, idea, n from co_support
          union all
          select 'discussion', via, idea, n from co_discussion
        ), best as (
          select distinct on (r.idea) r.kind, r.via, r.idea, r.n
          from reasons r
          join ideas y on y.id = r.idea
          join challenges yc on yc.id = y.challenge_id
          join users me on me.id = $1
          where yc.phase = 'open' and y.status in %6$s and y.author_id <> $1
            and not exists (select 1 from idea_supports ms where ms.idea_id = y.id and ms.user_id = $1)
            and not exists (select 1 from idea_coauthors mc where mc.idea_id = y.id and mc.user_id = $1 and mc.status = 'accepted')
            and %2$s
          order by r.idea, r.n desc, r.kind desc, r.via
        )
        select b.kind, b.n, y.id, y.title, y.pitch, y.support_count, yc.id as challenge_id, yc.title as challenge_title,
               x.id as via_id, x.title as via_title
        from best b
        join ideas y on y.id = b.idea
        join challenges yc on yc.id = y.challenge_id
        join ideas x on x.id = b.via
        order by b.n desc, b.idea desc
        limit $2"""
        .formatted(permissions.readableIdeas(me, "x", "xc"), permissions.readableIdeas(me, "y", "yc"),
            permissions.feedsRecommendations("su"), permissions.feedsRecommendations("ku"), MIN_COUNT, OPEN_STATUSES,
            OWN_RECENT, PEERS_PER_IDEA, PEER_RECENT);
  }

  /** The member's recommendations, strongest reason first, at most {@code limit}. */
  public Future<List<Recommendation>> forMember(SqlClient db, long userId, int limit) {
    return db.preparedQuery(sql).execute(Tuple.of(userId, limit)).map(rows -> {
      List<Recommendation> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new Recommendation(r.getLong("id"), r.getString("title"), r.getString("pitch"), r.getInteger("support_count"),
            r.getLong("challenge_id"), r.getString("challenge_title"), Recommendation.Kind.ofSql(r.getString("kind")),
            r.getLong("n").intValue(), r.getLong("via_id"), r.getString("via_title")));
      }
      return out;
    });
  }

  /** Whether the member opted out of feeding recommendations (false for no such member). */
  public Future<Boolean> optedOut(SqlClient db, long userId) {
    return db.preparedQuery("select recommendations_opt_out from users where id = $1").execute(Tuple.of(userId))
        .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean(0));
  }

  public Future<Boolean> setOptOut(SqlClient db, long userId, boolean optOut) {
    return db.preparedQuery("update users set recommendations_opt_out = $2 where id = $1 returning recommendations_opt_out")
        .execute(Tuple.of(userId, optOut))
        .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean(0));
  }
}
