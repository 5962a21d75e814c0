package dev.cocreate.notify;

import dev.cocreate.access.Permissions;
import dev.cocreate.access.SqlReader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** SQL for notifications and watches. */
final class NotificationRepository {
  /**
   * Whether the notification under {@code n} is about something its member may read now. A
   * notification was only made for a member who could read its subject, but that changes (a thread
   * moved into a group space, hidden, a member removed from a group, a role lowered): the list, the
   * unread counts and the digest ask again each time, by the same read rules. A thread's posts,
   * replies and mentions need the thread; an idea's status, threshold and a challenge's new idea
   * need the idea (and with it its challenge); a result's update needs its challenge. A moderation notice stays: it is about the member's
   * own content or account, names no title, and telling them what happened to it is its purpose.
   * Any other kind is left out until a rule is written for it.
   */
  private final String stillReadable;
  /** A member's following list, with the same read rules: what they can no longer read drops out. */
  private final String followingSql;

  NotificationRepository(Permissions permissions) {
    SqlReader follower = SqlReader.eachUser("wu");
    this.followingSql = Following.SQL.formatted(permissions.readableThreads(follower, "t", "s"),
        permissions.readableChallenges(follower, "c"));
    SqlReader member = SqlReader.eachUser("nu");
    this.stillReadable = """
        exists (select 1 from users nu where nu.id = n.user_id and (
          n.kind = 'moderation'
          or (n.kind in ('post', 'reply', 'mention') and exists (
                select 1 from threads nt join spaces ns on ns.id = nt.space_id where nt.id = n.target_id and %1$s))
          or (n.kind in ('idea_status', 'idea_threshold', 'idea_stage', 'idea', 'idea_iterated', 'coauthor_invited',
                             'split_proposed') and exists (
                select 1 from ideas ni join challenges nc on nc.id = ni.challenge_id
                where ni.id = case when n.kind = 'idea' then (n.data->>'ideaId')::bigint else n.target_id end
                  and %2$s))
          or (n.kind = 'jury' and exists (select 1 from challenges njc where njc.id = n.target_id and %3$s))
          or (n.kind = 'result_update' and exists (
                select 1 from challenges nrc where nrc.id = (n.data->>'challengeId')::bigint and %4$s))))"""
        .formatted(permissions.readableThreads(member, "nt", "ns"), permissions.readableIdeas(member, "ni", "nc"),
            permissions.readableChallenges(member, "njc"), permissions.readableChallenges(member, "nrc"));
  }

  /** A notification to store: inserted, or coalesced into the member's unread one of the same kind and target. */
  record Draft(long userId, NotificationKind kind, String targetType, long targetId, Long actorId, JsonObject data) {}

  /**
   * Stores the drafts in one statement. An unread notification of the same member, kind and target
   * absorbs the new event (count + 1, latest actor and data, moved up); otherwise a row is added.
   * Drafts must name each (member, kind, target) once.
   */
  Future<List<Notification>> upsert(SqlClient db, List<Draft> drafts) {
    int n = drafts.size();
    Long[] users = new Long[n];
    String[] kinds = new String[n];
    String[] types = new String[n];
    Long[] targets = new Long[n];
    Long[] actors = new Long[n];
    String[] data = new String[n];
    for (int i = 0; i < n; i++) {
      Draft d = drafts.get(i);
      users[i] = d.userId();
      kinds[i] = d.kind().wire();
      types[i] = d.targetType();
      targets[i] = d.targetId();
      actors[i] = d.actorId() == null ? 0L : d.actorId();
      data[i] = d.data().encode();
    }
    return db.preparedQuery("""
            with n as (
              insert into notifications as n (user_id, kind, target_type, target_id, actor_id, data)
              select u, k, tt, ti, nullif(a, 0), d::jsonb
              from unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[]) as x(u, k, tt, ti, a, d)
              order by u
              on conflict (user_id, kind, target_type, target_id) where read_at is null
              do update set count = n.count + 1, actor_id = excluded.actor_id,
                            data = n.data || (excluded.data - 'firstPostId' - 'firstUrl'),
                            updated_at = now()
              returning n.*
            )
            select\s""" + Notification.COLUMNS + " from n left join users a on a.id = n.actor_id order by n.user_id")
        .execute(Tuple.tuple().addArrayOfLong(users).addArrayOfString(kinds).addArrayOfString(types).addArrayOfLong(targets)
            .addArrayOfLong(actors).addArrayOfString(data))
        .map(NotificationRepository::list);
  }

  /** Unread notifications per member, for the given members (absent means none). */
  Future<Map<Long, Integer>> unreadCounts(SqlClient db, List<Long> userIds) {
    return db.preparedQuery("""
            select n.user_id, count(*)::int from notifications n
            where n.user_id = any($1) and n.read_at is null and %s group by n.user_id""".formatted(stillReadable))
        .execute(Tuple.tuple().addArrayOfLong(userIds.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, Integer> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getLong(0), r.getInteger(1)));
          return out;
        });
  }

  Future<Integer> unreadCount(SqlClient db, long userId) {
    return db.preparedQuery("select count(*)::int from notifications n where n.user_id = $1 and n.read_at is null and "
            + stillReadable)
        .execute(Tuple.of(userId))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Newest (most recently updated) first, after the keyset (updatedAt, id) when given; only what the member may read now. */
  Future<List<Notification>> list(SqlClient db, long userId, boolean unreadOnly, OffsetDateTime beforeAt, Long beforeId,
      int limit) {
    return db.preparedQuery("select " + Notification.COLUMNS + """
             from notifications n left join users a on a.id = n.actor_id
            where n.user_id = $1 and (not $2 or n.read_at is null)
              and ($3::timestamptz is null or (n.updated_at, n.id) < ($3, $4)) and %s
            order by n.updated_at desc, n.id desc limit $5""".formatted(stillReadable))
        .execute(Tuple.of(userId, unreadOnly, beforeAt, beforeId == null ? 0L : beforeId, limit))
        .map(NotificationRepository::list);
  }

  /** Of these ids, the member's notifications that the list shows now. */
  Future<Set<Long>> shown(SqlClient db, long userId, Long[] ids) {
    return db.preparedQuery("select n.id from notifications n where n.user_id = $1 and n.id = any($2) and " + stillReadable)
        .execute(Tuple.tuple().addLong(userId).addArrayOfLong(ids))
        .map(rows -> {
          Set<Long> out = new HashSet<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  /** The member's notification with this id, if it is theirs and their list shows it now. */
  Future<Optional<Notification>> one(SqlClient db, long userId, long id) {
    return db.preparedQuery("select " + Notification.COLUMNS + """
             from notifications n left join users a on a.id = n.actor_id
            where n.user_id = $1 and n.id = $2 and %s""".formatted(stillReadable))
        .execute(Tuple.of(userId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Notification.of(rows.iterator().next())));
  }

  /** Marks the member's given notifications (or all of them) read; answers how many changed. */
  Future<Integer> markRead(SqlClient db, long userId, List<Long> ids, boolean all) {
    return db.preparedQuery("""
            update notifications set read_at = now()
            where user_id = $1 and read_at is null and ($3 or id = any($2))""")
        .execute(Tuple.tuple().addLong(userId).addArrayOfLong(ids.toArray(Long[]::new)).addBoolean(all))
        .map(RowSet::rowCount);
  }

  /**
   * Unread notifications updated after {@code since} (all unread when null), newest first, for a
   * digest; only what the member may read now.
   */
  Future<List<Notification>> unreadSince(SqlClient db, long userId, OffsetDateTime since, int limit) {
    return db.preparedQuery("select " + Notification.COLUMNS + """
             from notifications n left join users a on a.id = n.actor_id
            where n.user_id = $1 and n.read_at is null and ($2::timestamptz is null or n.updated_at > $2) and %s
            order by n.updated_at desc, n.id desc limit $3""".formatted(stillReadable))
        .execute(Tuple.of(userId, since, limit))
        .map(NotificationRepository::list);
  }

  // Watches

  /** The member's watches they may still read, after the keyset (since, type, id) when given. */
  Future<List<Following>> following(SqlClient db, long userId, OffsetDateTime beforeAt, String beforeType, long beforeId,
      int limit) {
    return db.preparedQuery(followingSql)
        .execute(Tuple.of(userId, beforeAt, beforeType, beforeId, limit))
        .map(rows -> {
          List<Following> out = new ArrayList<>();
          rows.forEach(r -> out.add(Following.of(r)));
          return out;
        });
  }

  /** Sets the level; with {@code onlyIfNone} an existing choice (a mute, say) is kept. */
  Future<Void> setWatch(SqlClient db, long userId, String targetType, long targetId, WatchLevel level, boolean onlyIfNone) {
    return db.preparedQuery("insert into watches (user_id, target_type, target_id, level) values ($1, $2, $3, $4) "
            + (onlyIfNone ? "on conflict do nothing" : "on conflict (user_id, target_type, target_id) do update set level = excluded.level"))
        .execute(Tuple.of(userId, targetType, targetId, level.wire()))
        .mapEmpty();
  }

  Future<Void> deleteWatch(SqlClient db, long userId, String targetType, long targetId) {
    return db.preparedQuery("delete from watches where user_id = $1 and target_type = $2 and target_id = $3")
        .execute(Tuple.of(userId, targetType, targetId))
        .mapEmpty();
  }

  Future<Optional<WatchLevel>> watch(SqlClient db, long userId, String targetType, long targetId) {
    return db.preparedQuery("select level from watches where user_id = $1 and target_type = $2 and target_id = $3")
        .execute(Tuple.of(userId, targetType, targetId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(WatchLevel.of(rows.iterator().next().getString(0))));
  }

  private static List<Notification> list(RowSet<Row> rows) {
    List<Notification> out = new ArrayList<>();
    rows.forEach(r -> out.add(Notification.of(r)));
    return out;
  }
}
