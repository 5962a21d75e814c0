package dev.cocreate.facilitation;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for facilitator terms and nominations. */
final class FacilitationRepository {
  private static final String TERM = """
      select t.id, t.user_id, u.username, u.display_name, t.starts_at, t.ends_at, t.nomination_id
        from facilitator_terms t join users u on u.id = t.user_id""";

  /** The space's open terms (neither removed nor credited as served), the latest named first. */
  Future<List<Term>> openTerms(SqlClient db, long spaceId) {
    return db.preparedQuery(TERM + " where t.space_id = $1 and t.removed_at is null and t.served_at is null order by t.id desc")
        .execute(Tuple.of(spaceId))
        .map(rows -> {
          List<Term> out = new ArrayList<>();
          rows.forEach(r -> out.add(Term.of(r)));
          return out;
        });
  }

  /** Ends the member's open term in the space early, as removed at {@code at}; answers whether there was one. */
  Future<Boolean> removeOpenTerm(SqlClient db, long spaceId, long userId, OffsetDateTime at) {
    return db.preparedQuery("""
            update facilitator_terms set removed_at = $3
             where space_id = $1 and user_id = $2 and removed_at is null and served_at is null""")
        .execute(Tuple.of(spaceId, userId, at))
        .map(rows -> rows.rowCount() > 0);
  }

  Future<Term> insertTerm(SqlClient db, long spaceId, long userId, long namedBy, Long nominationId, OffsetDateTime startsAt,
      OffsetDateTime endsAt) {
    return db.preparedQuery("""
            with t as (insert into facilitator_terms (space_id, user_id, named_by, nomination_id, starts_at, ends_at)
                       values ($1, $2, $3, $4, $5, $6) returning *)
            select t.id, t.user_id, u.username, u.display_name, t.starts_at, t.ends_at, t.nomination_id
              from t join users u on u.id = t.user_id""")
        .execute(Tuple.of(spaceId, userId, namedBy, nominationId, startsAt, endsAt))
        .map(rows -> Term.of(rows.iterator().next()));
  }

  /** The space's nominations on their way, and those confirmed in the last {@code recent} ones, newest first. */
  Future<List<Nomination>> nominations(SqlClient db, long spaceId, int limit) {
    return db.preparedQuery("select " + Nomination.COLUMNS + " where n.space_id = $1 order by n.state = 'confirmed', n.id desc limit $2")
        .execute(Tuple.of(spaceId, limit))
        .map(rows -> {
          List<Nomination> out = new ArrayList<>();
          rows.forEach(r -> out.add(Nomination.of(r)));
          return out;
        });
  }

  /** The nomination in the space, locked for the transaction deciding on it. */
  Future<Optional<Nomination>> lockNomination(SqlClient tx, long spaceId, long id) {
    return tx.preparedQuery("select " + Nomination.COLUMNS + " where n.id = $1 and n.space_id = $2 for update of n")
        .execute(Tuple.of(id, spaceId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Nomination.of(rows.iterator().next())));
  }

  Future<Long> insertNomination(SqlClient tx, long spaceId, long nomineeId, long nominatorId) {
    return tx.preparedQuery("""
            insert into facilitator_nominations (space_id, nominee_id, nominator_id) values ($1, $2, $3) returning id""")
        .execute(Tuple.of(spaceId, nomineeId, nominatorId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Void> second(SqlClient tx, long id, long seconderId, OffsetDateTime at) {
    return tx.preparedQuery("update facilitator_nominations set state = 'seconded', seconder_id = $2, seconded_at = $3 where id = $1")
        .execute(Tuple.of(id, seconderId, at))
        .mapEmpty();
  }

  Future<Void> confirm(SqlClient tx, long id, long ownerId, OffsetDateTime at) {
    return tx.preparedQuery("update facilitator_nominations set state = 'confirmed', confirmed_by = $2, confirmed_at = $3 where id = $1")
        .execute(Tuple.of(id, ownerId, at))
        .mapEmpty();
  }

  Future<Optional<Nomination>> nomination(SqlClient db, long id) {
    return db.preparedQuery("select " + Nomination.COLUMNS + " where n.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Nomination.of(rows.iterator().next())));
  }
}
