package dev.cocreate.reputation;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;

/**
 * The reputation ledger's SQL. Each write runs inside the transaction of what earns the points, so
 * the row, the member's total and the act itself commit together or not at all. A row is inserted
 * {@code on conflict do nothing}, and the total moves by what the statement inserted (or deleted),
 * never by what the caller thinks happened: a retry, a double click or a second node writing the
 * same event moves nothing.
 *
 * <p><b>Which upvotes earn.</b> An upvote (value 1) on a post earns its author
 * {@link ReputationKind#REPLY_UPVOTED} points while it stands, unless
 * <ul>
 *   <li>the voter is the author (a self-vote), or
 *   <li>voter and author are a <i>mutual-only pair</i>: every upvote the voter has given is on the
 *       author's posts, and every upvote the author has given is on the voter's posts (both having
 *       given at least one). Such a pair's upvotes earn neither of them anything; as soon as either
 *       upvotes a third member, all their upvotes to each other count again.
 * </ul>
 * Downvotes earn and cost nothing. Withdrawing an upvote (or turning it into a downvote) deletes its
 * row and takes its points back: the ledger holds the upvotes that count now, so the recompute can
 * rebuild it from {@code post_votes} alone.
 *
 * <p>Whether an upvote counts depends on both members' whole voting, so a member's vote re-decides
 * every upvote by or to that member ({@link #resyncVotes}). Those decisions take turns on one
 * advisory lock: two votes deciding the same pair from two snapshots could otherwise both miss the
 * other. Every vote already takes turns on the event-order lock a moment later, so this lock costs
 * little more.
 */
public final class ReputationLedger {
  /** Key of the advisory lock under which upvotes are re-decided and the ledger is rebuilt. */
  private static final String VOTES_LOCK = "reputation:votes";

  /**
   * Upvotes that can earn: not self-votes. {@code %s} is a further condition on {@code pv}/{@code p}.
   */
  private static final String UPVOTES = """
      select pv.post_id, pv.user_id as voter, p.author_id as author, pv.created_at
        from post_votes pv join posts p on p.id = pv.post_id
       where pv.value = 1 and pv.user_id <> p.author_id and %s""";

  /**
   * The counting upvotes among {@code involved}, as {@code earning}: {@code single} is each involved
   * member's one author when they have upvoted only one, and a pair whose single authors are each
   * other is mutual-only.
   */
  private static final String EARNING = """
      single as (
        select pv.user_id as voter, min(p.author_id) as only_author
          from post_votes pv join posts p on p.id = pv.post_id
         where pv.value = 1 and pv.user_id <> p.author_id
           and pv.user_id in (select voter from involved union select author from involved)
         group by pv.user_id
        having min(p.author_id) = max(p.author_id)
      ),
      earning as (
        select i.* from involved i
         where not exists (
           select 1 from single s1 join single s2 on s2.voter = s1.only_author and s2.only_author = s1.voter
            where s1.voter = i.voter and s1.only_author = i.author)
      )""";

  /**
   * Records that {@code userId} earned {@code kind} from {@code source} ("idea:12", "post:42"), once:
   * a second call with the same three changes nothing. Returns whether this call recorded it.
   */
  public Future<Boolean> earn(SqlClient tx, long userId, ReputationKind kind, String source) {
    return tx.preparedQuery("""
            with added as (
              insert into reputation_ledger (user_id, kind, category, points, source)
              values ($1, $2, $3, $4, $5)
              on conflict (user_id, kind, source) do nothing
              returning user_id, points
            )
            update users u set reputation = u.reputation + a.points from added a where u.id = a.user_id
            returning u.id""")
        .execute(Tuple.of(userId, kind.wire(), kind.category().wire(), kind.points(), source))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * The stages an idea reached, each earning its author once: {@code %s} limits them (to one idea,
   * or none). Sources are {@code idea:<id>/stage:<n>}, the time the stage was reached.
   */
  private static final String STAGES_REACHED = """
      select i.author_id, $1, $2, $3, 'idea:' || s.idea_id || '/stage:' || s.stage, s.reached_at
        from idea_stages_reached s join ideas i on i.id = s.idea_id
       where %s""";

  /**
   * Credits the idea's author for each stage of it recorded in {@code idea_stages_reached} that has
   * not earned yet, in the transaction that records the stage (the idea's row locked).
   */
  public Future<Void> stagesReached(SqlClient tx, long ideaId) {
    ReputationKind kind = ReputationKind.IDEA_STAGE_REACHED;
    return tx.preparedQuery("""
            with added as (
              insert into reputation_ledger (user_id, kind, category, points, source, created_at)
              %s
              on conflict (user_id, kind, source) do nothing
              returning user_id, points
            ),
            moved as (select user_id, sum(points)::int as delta from added group by user_id)
            update users u set reputation = u.reputation + m.delta from moved m where u.id = m.user_id"""
            .formatted(STAGES_REACHED.formatted("s.idea_id = $4")))
        .execute(Tuple.of(kind.wire(), kind.category().wire(), kind.points(), ideaId))
        .mapEmpty();
  }

  /**
   * Incorporated replies that earn: each reply credited in an idea's ledger earns its author, unless
   * the member who marked it wrote it (the marking refuses that; the rule is here too, so the
   * recompute and the running write agree whatever the marking allows).
   */
  private static final String INCORPORATED = """
      select cr.user_id, $1, $2, $3, 'post:' || cr.source_id, cr.created_at
        from idea_credits cr
       where cr.kind = 'reply' and cr.user_id is not null and cr.by_id is distinct from cr.user_id and %s""";

  /**
   * Credits the author of a reply just marked incorporated, in the marking's transaction, once (a
   * repeated or concurrent mark finds the row there). Returns whether this call recorded it.
   */
  public Future<Boolean> replyIncorporated(SqlClient tx, long ideaId, long postId) {
    ReputationKind kind = ReputationKind.REPLY_INCORPORATED;
    return tx.preparedQuery("""
            with added as (
              insert into reputation_ledger (user_id, kind, category, points, source, created_at)
              %s
              on conflict (user_id, kind, source) do nothing
              returning user_id, points
            )
            update users u set reputation = u.reputation + a.points from added a where u.id = a.user_id
            returning u.id"""
            .formatted(INCORPORATED.formatted("cr.idea_id = $4 and cr.source_id = $5")))
        .execute(Tuple.of(kind.wire(), kind.category().wire(), kind.points(), ideaId, postId))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * The judges of a challenge who judged it through: every idea of it (merged ones aside) scored or
   * stepped aside from with a declared conflict, and at least one scored. {@code %s} is the
   * challenge's id, or a column holding it.
   */
  private static final String JUDGED_THROUGH = """
      select m.user_id, m.challenge_id from jury_members m
       where m.challenge_id = %s
         and exists (select 1 from jury_scores s join ideas i on i.id = s.idea_id
                      where s.judge_id = m.user_id and i.challenge_id = m.challenge_id)
         and not exists (select 1 from ideas i
                          where i.challenge_id = m.challenge_id and i.status <> 'merged'
                            and not exists (select 1 from jury_scores s where s.idea_id = i.id and s.judge_id = m.user_id)
                            and not exists (select 1 from jury_conflicts c where c.idea_id = i.id and c.judge_id = m.user_id))""";

  /**
   * Credits the judges who judged the challenge through, once each, in the transaction that moves it
   * to decided: the scores are final from then on.
   */
  public Future<Void> judgingCompleted(SqlClient tx, long challengeId) {
    ReputationKind kind = ReputationKind.JUDGING_COMPLETED;
    return tx.preparedQuery("""
            with added as (
              insert into reputation_ledger (user_id, kind, category, points, source)
              select j.user_id, $2, $3, $4, 'challenge:' || j.challenge_id from (%s) j
              on conflict (user_id, kind, source) do nothing
              returning user_id, points
            )
            update users u set reputation = u.reputation + a.points from added a where u.id = a.user_id"""
            .formatted(JUDGED_THROUGH.formatted("$1")))
        .execute(Tuple.of(challengeId, kind.wire(), kind.category().wire(), kind.points()))
        .mapEmpty();
  }

  /**
   * Credits every facilitator term that ended served by {@code now} (its end passed, it was not
   * removed), once each, in one statement: the term is marked served and its row written together,
   * so two nodes sweeping at once credit it once (the second finds it served after the first's lock).
   * Returns how many terms this call credited.
   */
  public Future<Integer> facilitationServed(SqlClient tx, OffsetDateTime now) {
    ReputationKind kind = ReputationKind.FACILITATION;
    return tx.preparedQuery("""
            with served as (
              update facilitator_terms set served_at = $1
               where ends_at <= $1 and removed_at is null and served_at is null
              returning id, user_id, ends_at
            ),
            added as (
              insert into reputation_ledger (user_id, kind, category, points, source, created_at)
              select user_id, $2, $3, $4, 'term:' || id, ends_at from served
              on conflict (user_id, kind, source) do nothing
              returning user_id, points
            ),
            moved as (select user_id, sum(points)::int as delta from added group by user_id),
            credited as (update users u set reputation = u.reputation + m.delta from moved m where u.id = m.user_id)
            select count(*)::int from served""")
        .execute(Tuple.of(now, kind.wire(), kind.category().wire(), kind.points()))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /**
   * Re-decides every upvote given or received by {@code memberId} after that member's vote changed:
   * inserts the rows of those that now count, deletes those that no longer do, and moves each
   * member's total by the difference, in one statement after the lock.
   */
  public Future<Void> resyncVotes(SqlClient tx, long memberId) {
    String sql = "with involved as (" + UPVOTES.formatted("pv.user_id = $1") + " union all "
        + UPVOTES.formatted("p.author_id = $1") + "),\n" + EARNING + """
        ,
        desired as (
          select author as user_id, 'post:' || post_id || '/voter:' || voter as source, voter as actor_id from earning
        ),
        removed as (
          delete from reputation_ledger l
           where l.kind = 'reply_upvoted' and (l.actor_id = $1 or l.user_id = $1)
             and not exists (select 1 from desired d where d.user_id = l.user_id and d.source = l.source)
          returning l.user_id, -l.points as points
        ),
        added as (
          insert into reputation_ledger (user_id, kind, category, points, source, actor_id)
          select user_id, 'reply_upvoted', $3, $2, source, actor_id from desired
          on conflict (user_id, kind, source) do nothing
          returning user_id, points
        ),
        moved as (
          select user_id, sum(points)::int as delta
            from (select * from removed union all select * from added) x group by user_id
        )
        update users u set reputation = u.reputation + m.delta from moved m where u.id = m.user_id and m.delta <> 0""";
    ReputationKind k = ReputationKind.REPLY_UPVOTED;
    return lockVotes(tx)
        .compose(v -> tx.preparedQuery(sql).execute(Tuple.of(memberId, k.points(), k.category().wire())))
        .mapEmpty();
  }

  private static Future<Void> lockVotes(SqlClient tx) {
    return tx.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))").execute(Tuple.of(VOTES_LOCK))
        .mapEmpty();
  }

  /** A member's points per category (a category with no rows is 0). */
  public Future<Map<ReputationKind.Category, Integer>> breakdown(SqlClient db, long userId) {
    return db.preparedQuery("select category, sum(points)::int as points from reputation_ledger where user_id = $1 group by category")
        .execute(Tuple.of(userId))
        .map(rows -> {
          Map<ReputationKind.Category, Integer> out = new EnumMap<>(ReputationKind.Category.class);
          for (ReputationKind.Category c : ReputationKind.Category.values()) {
            out.put(c, 0);
          }
          for (Row r : rows) {
            for (ReputationKind.Category c : ReputationKind.Category.values()) {
              if (c.wire().equals(r.getString("category"))) {
                out.put(c, r.getInteger("points"));
              }
            }
          }
          return out;
        });
  }

  /**
   * Rebuilds the whole ledger from the tables its events come from (ideas, the stages they reached,
   * their answers, votes, incorporated replies, flags, juries, facilitator terms served) with the same
   * rules as the running writes, then sets every total to its rows' sum. Returns how many members'
   * totals this changed: 0 when the running sums were right. The ledger is locked against the running
   * writes meanwhile (they wait and then apply to the rebuilt rows).
   */
  public Future<Integer> rebuild(SqlClient tx) {
    String votes = "with involved as (" + UPVOTES.formatted("true") + "),\n" + EARNING + """

        insert into reputation_ledger (user_id, kind, category, points, source, actor_id, created_at)
        select author, 'reply_upvoted', $2, $1, 'post:' || post_id || '/voter:' || voter, voter, created_at from earning""";
    ReputationKind up = ReputationKind.REPLY_UPVOTED;
    return lockVotes(tx)
        .compose(v -> tx.query("lock table reputation_ledger in exclusive mode").execute())
        .compose(v -> tx.query("delete from reputation_ledger").execute())
        .compose(v -> insert(tx, """
            insert into reputation_ledger (user_id, kind, category, points, source, created_at)
            select author_id, $1, $2, $3, 'idea:' || id, threshold_reached_at from ideas where threshold_reached_at is not null""",
            ReputationKind.IDEA_THRESHOLD))
        .compose(v -> insert(tx, "insert into reputation_ledger (user_id, kind, category, points, source, created_at) "
            + STAGES_REACHED.formatted("true"), ReputationKind.IDEA_STAGE_REACHED))
        .compose(v -> answered(tx, ReputationKind.IDEA_SHORTLISTED, "shortlisted"))
        .compose(v -> answered(tx, ReputationKind.IDEA_ACCEPTED, "accepted"))
        .compose(v -> answered(tx, ReputationKind.IDEA_IMPLEMENTED, "implemented"))
        .compose(v -> tx.preparedQuery(votes).execute(Tuple.of(up.points(), up.category().wire())))
        .compose(v -> insert(tx, "insert into reputation_ledger (user_id, kind, category, points, source, created_at) "
            + INCORPORATED.formatted("true"), ReputationKind.REPLY_INCORPORATED))
        .compose(v -> insert(tx, """
            insert into reputation_ledger (user_id, kind, category, points, source, created_at)
            select distinct on (target_id) target_author_id, $1, $2, $3, 'post:' || target_id, handled_at
              from flags where target_type = 'post' and state = 'resolved' and target_author_id is not null
             order by target_id, handled_at""", ReputationKind.FLAG_UPHELD))
        .compose(v -> insert(tx, """
            insert into reputation_ledger (user_id, kind, category, points, source, created_at)
            select j.user_id, $1, $2, $3, 'challenge:' || c.id, c.phase_changed_at
              from challenges c cross join lateral (%s) j
             where c.phase in ('decided', 'closed')""".formatted(JUDGED_THROUGH.formatted("c.id")),
            ReputationKind.JUDGING_COMPLETED))
        .compose(v -> insert(tx, """
            insert into reputation_ledger (user_id, kind, category, points, source, created_at)
            select user_id, $1, $2, $3, 'term:' || id, ends_at from facilitator_terms where served_at is not null""",
            ReputationKind.FACILITATION))
        .compose(v -> tx.query("""
            with totals as (
              select u.id, coalesce((select sum(points) from reputation_ledger l where l.user_id = u.id), 0)::int as total
                from users u
            )
            update users u set reputation = t.total from totals t where u.id = t.id and u.reputation <> t.total""")
            .execute())
        .map(rows -> rows.rowCount());
  }

  /** The rows of the first answer of each idea with {@code status}, for its author. */
  private static Future<Void> answered(SqlClient tx, ReputationKind kind, String status) {
    return tx.preparedQuery("""
            insert into reputation_ledger (user_id, kind, category, points, source, created_at)
            select distinct on (r.idea_id) i.author_id, $1, $2, $3, 'idea:' || r.idea_id, r.created_at
              from idea_responses r join ideas i on i.id = r.idea_id
             where r.status = $4
             order by r.idea_id, r.id""")
        .execute(Tuple.of(kind.wire(), kind.category().wire(), kind.points(), status))
        .mapEmpty();
  }

  private static Future<Void> insert(SqlClient tx, String sql, ReputationKind kind) {
    return tx.preparedQuery(sql).execute(Tuple.of(kind.wire(), kind.category().wire(), kind.points())).mapEmpty();
  }
}
