package dev.cocreate.challenge;

import dev.cocreate.access.ReadScope;
import dev.cocreate.access.SqlScope;
import dev.cocreate.forum.SpaceRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for ideas, supports and official responses. Every idea is read with what deciding who may
 * read it needs ({@link Idea.Reading}: its thread's space and hidden flag, and whether the viewer
 * is on the org's team), so the service decides with {@code Permissions} and nothing here does.
 */
public final class IdeaRepository {
  /** $1 is the viewer's user id (0 for anonymous): it decides {@code supported}, the space's membership and the team's. */
  private static final String COLUMNS = """
      select i.id, i.challenge_id, i.author_id, i.title, i.pitch, i.body, i.html, i.status, i.support_count,
             i.merged_into, i.threshold_reached_at, i.created_at, i.status_changed_at, i.stage_reached, i.stage_deadline,
             c.support_stages,
             u.username as author_username, u.display_name as author_display_name,
             c.support_threshold, c.org_id, c.phase as challenge_phase, c.public_rationale,
             it.id as thread_id, it.hidden as thread_hidden,
             exists (select 1 from org_members om where om.org_id = c.org_id and om.user_id = $1) as viewer_on_team,
      """ + SpaceRepository.COLUMNS + """
             ,
             (select coalesce(json_agg(json_build_object('status', r.status, 'note', r.note, 'rationale', r.rationale, 'at', r.created_at,
                       'by', json_build_object('id', ru.id, 'username', ru.username, 'displayName', ru.display_name))
                       order by r.id), '[]'::json)
                from idea_responses r join users ru on ru.id = r.by_id where r.idea_id = i.id) as responses,
             case when $1 = 0 then null
                  else exists (select 1 from idea_supports sup where sup.idea_id = i.id and sup.user_id = $1) end as supported
      """;
  /**
   * The viewer's unread posts in the idea's thread, counted as a thread list counts them
   * (forum.ThreadRepository): visible posts by others after their read position, none when they never
   * opened the discussion, muted it, or are anonymous. A column of the list's own statement, so a board
   * of ideas costs no query more.
   */
  private static final String UNREAD = """
      coalesce((select (select count(*)::int from posts up where up.thread_id = it.id and up.id > rr.last_post_id
                        and up.deleted_at is null and not up.hidden and up.author_id <> $1)
                  from thread_reads rr
                  left join watches rw on rw.user_id = rr.user_id and rw.target_type = 'thread' and rw.target_id = rr.thread_id
                 where rr.user_id = $1 and rr.thread_id = it.id and rw.level is distinct from 'muted'), 0) as reading_unread
      """;
  private static final String FROM = """
        from ideas i
        join users u on u.id = i.author_id
        join challenges c on c.id = i.challenge_id
        left join threads it on it.idea_id = i.id
        left join spaces s on s.id = it.space_id
      """;

  /** {@code stageDeadline}: when its first support stage ends, null without stages. */
  Future<Long> insert(SqlClient tx, long challengeId, long authorId, String title, String pitch, String body, String html,
      OffsetDateTime stageDeadline) {
    return tx.preparedQuery("insert into ideas (challenge_id, author_id, title, pitch, body, html, stage_deadline) "
            + "values ($1, $2, $3, $4, $5, $6, $7) returning id")
        .execute(Tuple.of(challengeId, authorId, title, pitch, body, html, stageDeadline))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The idea as stored, with its reading facts for the viewer; not yet decided for them. */
  public Future<Optional<Idea>> byId(SqlClient db, long viewerId, long id) {
    return db.preparedQuery(COLUMNS + FROM + " where i.id = $2").execute(Tuple.of(viewerId, id))
        .map(IdeaRepository::first);
  }

  /** What a write needs to decide, read with the idea's row locked until the transaction ends. */
  record Locked(long id, long challengeId, long authorId, IdeaStatus status, int supportCount,
      OffsetDateTime thresholdReachedAt, long orgId, ChallengePhase phase, int supportThreshold, IdeaStage stage,
      Integer supportBudget, Long threadId, SupportShare share) {
    static Locked of(Row r) {
      return new Locked(r.getLong("id"), r.getLong("challenge_id"), r.getLong("author_id"),
          IdeaStatus.of(r.getString("status")), r.getInteger("support_count"), r.getOffsetDateTime("threshold_reached_at"),
          r.getLong("org_id"), ChallengePhase.of(r.getString("phase")), r.getInteger("support_threshold"), IdeaStage.of(r),
          r.getInteger("support_budget"), r.getLong("thread_id"), SupportShare.of(r));
    }
  }

  private static final String LOCK = """
      select i.id, i.challenge_id, i.author_id, i.status, i.support_count, i.threshold_reached_at,
             i.stage_reached, i.stage_deadline, c.org_id, c.phase, c.support_threshold, c.support_stages, c.support_budget,
             c.min_share_type, c.min_share_percent,
             (select t.id from threads t where t.idea_id = i.id) as thread_id
        from ideas i join challenges c on c.id = i.challenge_id
      """;

  /**
   * Locks the idea for update and its challenge for share: supports, responses and merges of one
   * idea take turns, and the challenge cannot change phase under a support being counted.
   */
  Future<Optional<Locked>> lock(SqlClient tx, long id) {
    return tx.preparedQuery(LOCK + " where i.id = $1 for update of i for share of c").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Locked.of(rows.iterator().next())));
  }

  /** Locks several ideas in id order (so two merges cannot deadlock). */
  Future<List<Locked>> lockAll(SqlClient tx, List<Long> ids) {
    return tx.preparedQuery(LOCK + " where i.id = any ($1) order by i.id for update of i for share of c")
        .execute(Tuple.of(ids.toArray(Long[]::new)))
        .map(rows -> {
          List<Locked> out = new ArrayList<>();
          rows.forEach(r -> out.add(Locked.of(r)));
          return out;
        });
  }

  /**
   * The org's ideas that have the supports their open challenge asks for but have not reached its
   * threshold, because the share of a stakeholder type it requires did not hold: in id order.
   */
  Future<List<Long>> waitingOnShare(SqlClient tx, long orgId) {
    return tx.preparedQuery("""
            select i.id from ideas i join challenges c on c.id = i.challenge_id
             where c.org_id = $1 and c.phase = 'open' and c.min_share_type is not null
               and i.threshold_reached_at is null and i.status not in ('merged', 'expired')
               and i.support_count >= c.support_threshold
             order by i.id""")
        .execute(Tuple.of(orgId))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong("id")));
          return out;
        });
  }

  /** 1 when this call added the support, 0 when the member already supported the idea. */
  Future<Integer> addSupport(SqlClient tx, long ideaId, long userId) {
    return tx.preparedQuery("insert into idea_supports (idea_id, user_id) values ($1, $2) on conflict do nothing")
        .execute(Tuple.of(ideaId, userId)).map(RowSet::rowCount);
  }

  Future<Integer> removeSupport(SqlClient tx, long ideaId, long userId) {
    return tx.preparedQuery("delete from idea_supports where idea_id = $1 and user_id = $2")
        .execute(Tuple.of(ideaId, userId)).map(RowSet::rowCount);
  }

  /** Moves every support of {@code from} to {@code into}; a member who supported both keeps one. */
  Future<Void> moveSupports(SqlClient tx, long from, long into) {
    return tx.preparedQuery("insert into idea_supports (idea_id, user_id, created_at) "
            + "select $2, user_id, created_at from idea_supports where idea_id = $1 on conflict do nothing")
        .execute(Tuple.of(from, into))
        .compose(v -> tx.preparedQuery("delete from idea_supports where idea_id = $1").execute(Tuple.of(from)))
        .mapEmpty();
  }

  Future<Integer> countSupports(SqlClient tx, long ideaId) {
    return tx.preparedQuery("select count(*) from idea_supports where idea_id = $1").execute(Tuple.of(ideaId))
        .map(rows -> rows.iterator().next().getLong(0).intValue());
  }

  /** Stores a new support count with the status and threshold time the service decided for it. */
  Future<Void> setSupport(SqlClient tx, long ideaId, int supportCount, IdeaStatus status, boolean statusChanged,
      boolean thresholdReached) {
    return tx.preparedQuery("""
            update ideas set support_count = $2, status = $3,
                   status_changed_at = case when $4 then now() else status_changed_at end,
                   threshold_reached_at = case when $5 then now() else threshold_reached_at end
             where id = $1""")
        .execute(Tuple.of(ideaId, supportCount, status.wire(), statusChanged, thresholdReached))
        .mapEmpty();
  }

  Future<Void> setStatus(SqlClient tx, long ideaId, IdeaStatus status) {
    return tx.preparedQuery("update ideas set status = $2, status_changed_at = now() where id = $1")
        .execute(Tuple.of(ideaId, status.wire())).mapEmpty();
  }

  Future<Void> markMerged(SqlClient tx, long ideaId, long into) {
    return tx.preparedQuery("update ideas set status = 'merged', merged_into = $2, support_count = 0, "
            + "status_changed_at = now() where id = $1")
        .execute(Tuple.of(ideaId, into)).mapEmpty();
  }

  Future<Void> insertResponse(SqlClient tx, long ideaId, IdeaStatus status, String note, long byId) {
    return insertResponse(tx, ideaId, status, note, null, byId);
  }

  /** An answer with its rationale per criterion ({@code {name: text}}, null for none). */
  Future<Void> insertResponse(SqlClient tx, long ideaId, IdeaStatus status, String note, JsonObject rationale, long byId) {
    return tx.preparedQuery("insert into idea_responses (idea_id, status, note, rationale, by_id) values ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(ideaId, status.wire(), note, rationale, byId)).mapEmpty();
  }

  /**
   * A page of a challenge's ideas (merged duplicates left out), {@code limit + 1} rows so the
   * caller can tell whether there is more. {@code after} is the decoded cursor or null.
   */
  Future<List<Ranked>> list(SqlClient db, long viewerId, long challengeId, IdeaSort sort, String status, long[] after,
      int limit) {
    String base = COLUMNS + ", (select count(*) from idea_supports sup where sup.idea_id = i.id "
        + "and sup.created_at > now() - interval '72 hours') as trend, " + UNREAD + FROM
        + " where i.challenge_id = $2 and i.status <> 'merged' and ($3::text is null or i.status = $3)";
    String sql = switch (sort) {
      case RECENT -> "select * from (" + base + ") x where ($4::bigint is null or x.id < $4) "
          + "order by x.id desc limit $7";
      case SUPPORT -> "select * from (" + base + ") x where ($4::bigint is null or (x.support_count, x.id) < ($5, $4)) "
          + "order by x.support_count desc, x.id desc limit $7";
      case TRENDING -> "select * from (" + base + ") x "
          + "where ($4::bigint is null or (x.trend, x.support_count, x.id) < ($6, $5, $4)) "
          + "order by x.trend desc, x.support_count desc, x.id desc limit $7";
    };
    Long id = after == null ? null : after[0];
    Long support = after == null || after.length < 2 ? 0L : after[1];
    Long trend = after == null || after.length < 3 ? 0L : after[2];
    return db.preparedQuery(sql).execute(Tuple.of(viewerId, challengeId, status, id, support, trend, limit))
        .map(rows -> {
          List<Ranked> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Ranked(Idea.of(r), r.getLong("trend"))));
          return out;
        });
  }

  /** An idea with its supports of the last 72 hours, the trending order's key. */
  record Ranked(Idea idea, long trend) {}

  /** Ideas a member supports, most recently supported first. */
  record Supported(Idea idea, OffsetDateTime supportedAt) {}

  /** Ideas a member supports, most recently supported first, of the challenges {@code visible} (over {@code c}) lets the viewer see. */
  Future<List<Supported>> supportedBy(SqlClient db, long viewerId, long userId, OffsetDateTime beforeAt, long beforeIdea,
      int limit, ReadScope visible) {
    SqlScope scope = visible.at(6);
    return db.preparedQuery(COLUMNS + ", sp.created_at as supported_at " + FROM
            + " join idea_supports sp on sp.idea_id = i.id "
            + " where sp.user_id = $2 and ($3::timestamptz is null or (sp.created_at, sp.idea_id) < ($3, $4)) "
            + " and " + scope.sql()
            + " order by sp.created_at desc, sp.idea_id desc limit $5")
        .execute(scope.addTo(Tuple.of(viewerId, userId, beforeAt, beforeIdea, limit)))
        .map(rows -> {
          List<Supported> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Supported(Idea.of(r), r.getOffsetDateTime("supported_at"))));
          return out;
        });
  }

  /**
   * Ideas of the challenge whose title and pitch resemble {@code text}, best first, among those
   * {@code readable} (over {@code i} and {@code c}) lets the viewer read: a match on withheld text
   * would tell what it says.
   */
  Future<List<Idea>> similar(SqlClient tx, long viewerId, long challengeId, String text, int limit, ReadScope readable) {
    SqlScope scope = readable.at(5);
    return tx.query("select set_config('pg_trgm.word_similarity_threshold', '0.3', true)").execute()
        .compose(v -> tx.preparedQuery(COLUMNS + ", word_similarity($3, i.title || ' ' || i.pitch) as score " + FROM
                + " where i.challenge_id = $2 and i.status <> 'merged' and $3 <% (i.title || ' ' || i.pitch)"
                + " and " + scope.sql()
                + " order by score desc, i.support_count desc, i.id desc limit $4")
            .execute(scope.addTo(Tuple.of(viewerId, challengeId, text, limit))))
        .map(rows -> {
          List<Idea> out = new ArrayList<>();
          rows.forEach(r -> out.add(Idea.of(r)));
          return out;
        });
  }

  /** An idea of the export with its supporters' usernames, in the order they supported it. */
  record Exported(Idea idea, List<String> supporters) {}

  /** Every idea of a challenge, merged ones included, oldest first, with its reading facts and supporters: the export. */
  Future<List<Exported>> export(SqlClient db, long viewerId, long challengeId) {
    return db.preparedQuery(COLUMNS + """
            , array(select su.username from idea_supports sp join users su on su.id = sp.user_id
                    where sp.idea_id = i.id order by sp.created_at, su.id) as supporter_usernames
            """ + FROM + " where i.challenge_id = $2 order by i.id")
        .execute(Tuple.of(viewerId, challengeId))
        .map(rows -> {
          List<Exported> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Exported(Idea.of(r), List.of(r.getArrayOfStrings("supporter_usernames")))));
          return out;
        });
  }

  private static Optional<Idea> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(Idea.of(rows.iterator().next()));
  }
}
