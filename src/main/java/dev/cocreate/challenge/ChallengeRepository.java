package dev.cocreate.challenge;

import dev.cocreate.access.ReadScope;
import dev.cocreate.access.SqlScope;
import dev.cocreate.platform.json.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** SQL for challenges, their revisions and participation figures. */
public final class ChallengeRepository {
  private static final String SELECT = """
      select c.*, o.slug as org_slug, o.name as org_name, s.slug as space_slug,
             (select n.id from challenges n where n.previous_round_id = c.id and n.phase <> 'draft') as next_round_id
        from challenges c
        join orgs o on o.id = c.org_id
        left join spaces s on s.id = c.space_id
      """;
  private static final String STATS = """
      , (select count(*) from ideas i where i.challenge_id = c.id and i.status <> 'merged') as stat_ideas
      , (select coalesce(sum(i.support_count), 0)::bigint from ideas i where i.challenge_id = c.id) as stat_supports
      , (select count(*) from (
           select i.author_id from ideas i where i.challenge_id = c.id
           union
           select s.user_id from idea_supports s join ideas i on i.id = s.idea_id where i.challenge_id = c.id) p
        ) as stat_participants
      """;
  private static final String SELECT_WITH_STATS = SELECT.replace("\n  from challenges c", STATS + "  from challenges c");

  /** The editable content of a brief, with its Markdown fields rendered. */
  record Content(
      String title,
      String summary,
      String problem,
      String problemHtml,
      String desiredOutcomes,
      String desiredOutcomesHtml,
      String constraints,
      String constraintsHtml,
      JsonArray criteria,
      String reward,
      String ipTerms,
      String ipTermsHtml,
      OffsetDateTime closesAt,
      int supportThreshold,
      Long spaceId,
      JsonArray supportStages,
      Integer supportBudget,
      boolean publicRationale,
      SupportShare minSupportShare) {

    /** Stored as the database holds them: no stages and no budget are null, whether sent as [] and 0 or not at all. */
    Content {
      supportStages = supportStages == null || supportStages.isEmpty() ? null : supportStages;
      supportBudget = SupportRules.normalBudget(supportBudget);
      minSupportShare = minSupportShare == null ? SupportShare.NONE : minSupportShare;
    }

    List<Object> values() {
      return Arrays.asList(title, summary, problem, problemHtml, desiredOutcomes, desiredOutcomesHtml, constraints,
          constraintsHtml, criteria, reward, ipTerms, ipTermsHtml, closesAt, supportThreshold, spaceId, supportStages,
          supportBudget, publicRationale, minSupportShare.storedType(), minSupportShare.storedPercent());
    }
  }

  Future<Long> insert(SqlClient tx, long orgId, Content content, long createdBy) {
    List<Object> values = new ArrayList<>(content.values());
    values.add(orgId);
    values.add(createdBy);
    return tx.preparedQuery("""
            insert into challenges (title, summary, problem, problem_html, desired_outcomes, desired_outcomes_html,
                constraints, constraints_html, criteria, reward, ip_terms, ip_terms_html, closes_at, support_threshold,
                space_id, support_stages, support_budget, public_rationale, min_share_type, min_share_percent, org_id, created_by)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
            returning id""")
        .execute(Tuple.wrap(values))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Void> update(SqlClient tx, long id, Content content) {
    List<Object> values = new ArrayList<>(content.values());
    values.add(id);
    return tx.preparedQuery("""
            update challenges set title = $1, summary = $2, problem = $3, problem_html = $4, desired_outcomes = $5,
                desired_outcomes_html = $6, constraints = $7, constraints_html = $8, criteria = $9, reward = $10,
                ip_terms = $11, ip_terms_html = $12, closes_at = $13, support_threshold = $14, space_id = $15,
                support_stages = $16, support_budget = $17, public_rationale = $18, min_share_type = $19,
                min_share_percent = $20, revision = revision + 1, updated_at = now()
            where id = $21""")
        .execute(Tuple.wrap(values))
        .mapEmpty();
  }

  public Future<Optional<Challenge>> byId(SqlClient db, long id) {
    return db.preparedQuery(SELECT + " where c.id = $1").execute(Tuple.of(id)).map(ChallengeRepository::first);
  }

  Future<Optional<Challenge>> byIdWithStats(SqlClient db, long id) {
    return db.preparedQuery(SELECT_WITH_STATS + " where c.id = $1").execute(Tuple.of(id)).map(ChallengeRepository::first);
  }

  /** The challenge, its row locked against concurrent edits and phase moves until the transaction ends. */
  Future<Optional<Challenge>> lock(SqlClient tx, long id) {
    return tx.preparedQuery(SELECT + " where c.id = $1 for update of c").execute(Tuple.of(id))
        .map(ChallengeRepository::first);
  }

  /** The challenge's phase and org, its row share-locked so its phase cannot change until the transaction ends. */
  Future<Optional<Challenge>> lockShared(SqlClient tx, long id) {
    return tx.preparedQuery(SELECT + " where c.id = $1 for share of c").execute(Tuple.of(id))
        .map(ChallengeRepository::first);
  }

  /** Compare-and-set on the phase: false when another request moved it first. */
  Future<Boolean> movePhase(SqlClient tx, long id, ChallengePhase from, ChallengePhase to) {
    return tx.preparedQuery("update challenges set phase = $3, phase_changed_at = now(), updated_at = now() "
            + "where id = $1 and phase = $2")
        .execute(Tuple.of(id, from.wire(), to.wire()))
        .map(rows -> rows.rowCount() == 1);
  }

  record Closed(long id, long orgId) {}

  /**
   * Moves every open challenge whose deadline is at or before {@code now} to review. Every node runs
   * it; the row update decides which transaction moves a challenge, so each moves once.
   */
  Future<List<Closed>> closeDue(SqlClient tx, Instant now) {
    return tx.preparedQuery("update challenges set phase = 'review', phase_changed_at = now(), updated_at = now() "
            + "where phase = 'open' and closes_at <= $1 returning id, org_id")
        .execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
        .map(rows -> {
          List<Closed> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Closed(r.getLong("id"), r.getLong("org_id"))));
          return out;
        });
  }

  Future<Void> insertRevision(SqlClient tx, long challengeId, int revision, JsonObject snapshot, List<String> changed,
      long editorId) {
    return tx.preparedQuery("insert into challenge_revisions (challenge_id, revision, snapshot, changed, editor_id) "
            + "values ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(challengeId, revision, snapshot, changed.toArray(String[]::new), editorId))
        .mapEmpty();
  }

  Future<JsonArray> revisions(SqlClient db, long challengeId) {
    return db.preparedQuery("""
            select r.revision, r.snapshot, r.changed, r.created_at, u.id as editor_id, u.username, u.display_name
              from challenge_revisions r join users u on u.id = r.editor_id
             where r.challenge_id = $1 order by r.revision desc""")
        .execute(Tuple.of(challengeId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            Object snapshot = r.getValue("snapshot");
            out.add(new JsonObject()
                .put("revision", r.getInteger("revision"))
                .put("editor", new JsonObject().put("id", r.getLong("editor_id")).put("username", r.getString("username"))
                    .put("displayName", r.getString("display_name")))
                .put("at", Times.iso(r.getOffsetDateTime("created_at")))
                .put("changed", new JsonArray(Arrays.asList(r.getArrayOfStrings("changed"))))
                .put("brief", snapshot instanceof JsonObject o ? o : new JsonObject(String.valueOf(snapshot))));
          }
          return out;
        });
  }

  /**
   * Challenges newest first among those {@code visible} (over {@code c}) lets the viewer see;
   * {@code phase} and {@code orgSlug} filter when not null.
   */
  Future<List<Challenge>> list(SqlClient db, ReadScope visible, String phase, String orgSlug, long beforeId, int limit) {
    SqlScope scope = visible.at(5);
    return db.preparedQuery(SELECT_WITH_STATS + """
             where ($1::text is null or c.phase = $1)
               and ($2::text is null or lower(o.slug) = lower($2))
               and c.id < $3
               and\s""" + scope.sql() + " order by c.id desc limit $4")
        .execute(scope.addTo(Tuple.of(phase, orgSlug, beforeId, limit)))
        .map(ChallengeRepository::all);
  }

  /**
   * The id of a space {@code readable} (over {@code s}) lets the reader read: a challenge's space
   * must be readable by anonymous visitors, since its ideas are public and their threads go there.
   */
  Future<Optional<Long>> spaceIdReadableBy(SqlClient db, String slug, ReadScope readable) {
    SqlScope scope = readable.at(2);
    return db.preparedQuery("select s.id from spaces s where lower(s.slug) = lower($1) and " + scope.sql())
        .execute(scope.addTo(Tuple.of(slug)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  private static Optional<Challenge> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(Challenge.of(rows.iterator().next()));
  }

  private static List<Challenge> all(RowSet<Row> rows) {
    List<Challenge> out = new ArrayList<>();
    rows.forEach(r -> out.add(Challenge.of(r)));
    return out;
  }
}
