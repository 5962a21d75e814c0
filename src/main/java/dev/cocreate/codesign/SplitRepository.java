package dev.cocreate.codesign;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for an idea's reward split: who may be named in it, the split and its shares. */
final class SplitRepository {

  /** A person the split may name: in the idea's credit ledger, its author and accepted co-authors included. */
  record Person(long id, String username, String displayName) {}

  /**
   * The idea's author, its accepted co-authors and everyone its credit ledger names (the ledger
   * credits co-authorship but not the author who submitted it, who is in it by right); deleted
   * accounts are no longer anyone's to pay.
   */
  Future<List<Person>> eligible(SqlClient db, long ideaId) {
    return db.preparedQuery("""
            select u.id, u.username, u.display_name from users u
             where u.deleted_at is null and u.id in (
                   select author_id from ideas where id = $1
                   union select user_id from idea_coauthors where idea_id = $1 and status = 'accepted'
                   union select user_id from idea_credits where idea_id = $1 and user_id is not null)
             order by u.display_name, u.id""")
        .execute(Tuple.of(ideaId))
        .map(rows -> {
          List<Person> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Person(r.getLong("id"), r.getString("username"), r.getString("display_name"))));
          return out;
        });
  }

  /** The idea's status and its challenge's reward, with the idea's row locked: every change to a split takes turns with its acceptance. */
  record LockedIdea(String status, String reward) {}

  Future<Optional<LockedIdea>> lockIdea(SqlClient tx, long ideaId) {
    return tx.preparedQuery("""
            select i.status, c.reward from ideas i join challenges c on c.id = i.challenge_id
             where i.id = $1 for update of i""")
        .execute(Tuple.of(ideaId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new LockedIdea(rows.iterator().next().getString("status"), rows.iterator().next().getString("reward"))));
  }

  /** The challenge's reward, as its brief states it ('' for none). */
  Future<String> reward(SqlClient db, long challengeId) {
    return db.preparedQuery("select reward from challenges where id = $1").execute(Tuple.of(challengeId))
        .map(rows -> rows.iterator().next().getString(0));
  }

  Future<Optional<RewardSplit>> split(SqlClient db, long ideaId) {
    return db.preparedQuery("""
            select s.idea_id, s.round, s.proposed_by, s.proposed_at, s.frozen_at, s.ip_terms_sha256,
                   u.username, u.display_name
              from idea_splits s left join users u on u.id = s.proposed_by where s.idea_id = $1""")
        .execute(Tuple.of(ideaId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<RewardSplit>empty());
          }
          Row r = rows.iterator().next();
          return shares(db, ideaId).map(shares -> Optional.of(new RewardSplit(ideaId, r.getInteger("round"),
              r.getLong("proposed_by"), r.getString("username"), r.getString("display_name"), r.getOffsetDateTime("proposed_at"),
              r.getOffsetDateTime("frozen_at"), r.getString("ip_terms_sha256"), shares)));
        });
  }

  private Future<List<RewardSplit.Share>> shares(SqlClient db, long ideaId) {
    return db.preparedQuery("""
            select sh.user_id, sh.basis_points, sh.consent, sh.answered_at, u.username, u.display_name
              from idea_split_shares sh join users u on u.id = sh.user_id
             where sh.idea_id = $1 order by sh.basis_points desc, u.display_name, sh.user_id""")
        .execute(Tuple.of(ideaId))
        .map(rows -> {
          List<RewardSplit.Share> out = new ArrayList<>();
          rows.forEach(r -> out.add(new RewardSplit.Share(r.getLong("user_id"), r.getString("username"),
              r.getString("display_name"), r.getInteger("basis_points"), r.getString("consent"),
              r.getOffsetDateTime("answered_at"))));
          return out;
        });
  }

  /**
   * Replaces the idea's split with a new proposal (the next round): every share pending, but the
   * proposer's own, which their proposal is their consent to.
   */
  Future<Void> propose(SqlClient tx, long ideaId, long proposerId, Map<Long, Integer> shares) {
    List<Tuple> rows = new ArrayList<>();
    shares.forEach((userId, bp) -> rows.add(Tuple.of(ideaId, userId, bp, userId == proposerId ? "consented" : "pending")));
    return tx.preparedQuery("""
            insert into idea_splits (idea_id, proposed_by) values ($1, $2)
            on conflict (idea_id) do update set round = idea_splits.round + 1, proposed_by = $2, proposed_at = now()""")
        .execute(Tuple.of(ideaId, proposerId))
        .compose(v -> tx.preparedQuery("delete from idea_split_shares where idea_id = $1").execute(Tuple.of(ideaId)))
        .compose(v -> tx.preparedQuery("""
                insert into idea_split_shares (idea_id, user_id, basis_points, consent, answered_at)
                values ($1, $2, $3, $4, case when $4 = 'consented' then now() end)""")
            .executeBatch(rows))
        .mapEmpty();
  }

  /** The named person's answer. */
  Future<Void> answer(SqlClient tx, long ideaId, long userId, String consent) {
    return tx.preparedQuery("update idea_split_shares set consent = $3, answered_at = now() where idea_id = $1 and user_id = $2")
        .execute(Tuple.of(ideaId, userId, consent)).mapEmpty();
  }

  /** Freezes the split with the IP terms in force. */
  Future<Void> freeze(SqlClient tx, long ideaId, String ipTerms, String sha256) {
    return tx.preparedQuery("update idea_splits set frozen_at = now(), ip_terms = $2, ip_terms_sha256 = $3 where idea_id = $1")
        .execute(Tuple.of(ideaId, ipTerms, sha256)).mapEmpty();
  }

  /** The opening post of the idea's discussion, which a dispute over credit flags; null without one. */
  Future<Long> openingPost(SqlClient db, long ideaId) {
    return db.preparedQuery("select t.first_post_id from threads t where t.idea_id = $1")
        .execute(Tuple.of(ideaId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }
}
