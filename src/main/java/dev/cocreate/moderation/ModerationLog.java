package dev.cocreate.moderation;

import dev.cocreate.account.User;
import dev.cocreate.notify.Notifier;
import dev.cocreate.platform.json.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log writer and reader. {@link #record} runs inside the caller's transaction, together
 * with the action it records, so an action that fails leaves no row and a row never lacks its
 * action. When the action concerns a member who should hear about it (the author of hidden
 * content, a warned or suspended member), the same call stores the notice they read.
 */
public final class ModerationLog {
  /** Also tells the member in their notifications (null: the notice is only stored). */
  private final Notifier notifier;

  public ModerationLog() {
    this(null);
  }

  public ModerationLog(Notifier notifier) {
    this.notifier = notifier;
  }

  /**
   * What to record. {@code actor} null means the system acted (auto-hide, pre-moderation).
   * {@code spaceId} is the entry's scope: the space the action was taken in (null for site-wide
   * ones, on a member's account), whose log its owners and facilitators read.
   */
  public record Record(User actor, String action, String targetType, long targetId, Long subjectUserId, String reason,
      JsonObject details, boolean tellSubject, Long spaceId) {

    public Record {
      details = details == null ? new JsonObject() : details;
    }

    public Record(User actor, String action, String targetType, long targetId, Long subjectUserId, String reason,
        JsonObject details, boolean tellSubject) {
      this(actor, action, targetType, targetId, subjectUserId, reason, details, tellSubject, null);
    }

    /** The same record scoped to the space it was taken in. */
    public Record in(long space) {
      return new Record(actor, action, targetType, targetId, subjectUserId, reason, details, tellSubject, space);
    }

    public static Record of(User actor, String action, String targetType, long targetId, Long subjectUserId, String reason) {
      return new Record(actor, action, targetType, targetId, subjectUserId, reason, new JsonObject(), false);
    }

    public Record with(JsonObject moreDetails) {
      return new Record(actor, action, targetType, targetId, subjectUserId, reason, details.copy().mergeIn(moreDetails), tellSubject,
          spaceId);
    }

    /** Also tells the subject (the content's author or the member acted on), when there is one and it is not the actor. */
    public Record tellingSubject() {
      return new Record(actor, action, targetType, targetId, subjectUserId, reason, details, true, spaceId);
    }
  }

  /** A row of the log as moderators read it; {@code spaceSlug} and {@code spaceId} name its scope (null: site-wide). */
  public record Entry(long id, Long actorId, String actorUsername, String actorDisplayName, String action, String targetType,
      long targetId, Long subjectUserId, String reason, JsonObject details, OffsetDateTime at, String spaceSlug, Long spaceId) {

    static final String COLUMNS = "l.id, l.actor_id, a.username as actor_username, a.display_name as actor_display_name, "
        + "l.action, l.target_type, l.target_id, l.subject_user_id, l.reason, l.details, l.created_at, "
        + "(select ls.slug from spaces ls where ls.id = l.space_id) as space_slug, l.space_id";

    static Entry of(Row r) {
      Object details = r.getValue("details");
      return new Entry(r.getLong("id"), r.getLong("actor_id"), r.getString("actor_username"), r.getString("actor_display_name"),
          r.getString("action"), r.getString("target_type"), r.getLong("target_id"), r.getLong("subject_user_id"),
          r.getString("reason"), details instanceof JsonObject o ? o : new JsonObject(), r.getOffsetDateTime("created_at"),
          r.getString("space_slug"), r.getLong("space_id"));
    }

    /** {@code {id, actor, action, targetType, targetId, reason, details, at, space}}; actor is null for the system, space for a site-wide entry. */
    public JsonObject toJson() {
      JsonObject actor = actorId == null ? null
          : new JsonObject().put("id", actorId).put("username", actorUsername).put("displayName", actorDisplayName);
      return new JsonObject()
          .put("id", id)
          .put("actor", actor)
          .put("action", action)
          .put("targetType", targetType)
          .put("targetId", targetId)
          .put("reason", reason)
          .put("details", details)
          .put("at", Times.iso(at))
          .put("space", spaceSlug);
    }
  }

  public Future<Entry> record(SqlConnection tx, Record r) {
    // Demo seeding acts through a stand-in admin that is not a stored user (id 0): logged as the system.
    Long actorId = r.actor() == null || r.actor().id() <= 0 ? null : r.actor().id();
    return tx.preparedQuery("""
            insert into moderation_log (actor_id, action, target_type, target_id, subject_user_id, reason, details, space_id)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            returning id, created_at, (select slug from spaces where id = $8) as space_slug
            """)
        .execute(Tuple.of(actorId, r.action(), r.targetType(), r.targetId(), r.subjectUserId(), r.reason(), r.details())
            .addValue(r.spaceId()))
        .compose(rows -> {
          Row row = rows.iterator().next();
          Entry e = new Entry(row.getLong("id"), actorId, actorId == null ? null : r.actor().username(),
              actorId == null ? null : r.actor().displayName(), r.action(), r.targetType(), r.targetId(),
              r.subjectUserId(), r.reason(), r.details(), row.getOffsetDateTime("created_at"), row.getString("space_slug"),
              r.spaceId());
          boolean tell = r.tellSubject() && r.subjectUserId() != null && !r.subjectUserId().equals(actorId);
          return tell ? notice(tx, e).map(e) : Future.succeededFuture(e);
        });
  }

  private Future<Void> notice(SqlConnection tx, Entry e) {
    return tx.preparedQuery("""
            insert into moderation_notices (user_id, log_id, action, target_type, target_id, reason)
            values ($1, $2, $3, $4, $5, $6)
            """)
        .execute(Tuple.of(e.subjectUserId(), e.id(), e.action(), e.targetType(), e.targetId(), e.reason()))
        .compose(v -> notifier == null ? Future.<Void>succeededFuture()
            : notifier.moderated(tx, e.subjectUserId(), e.actorId(), e.action(), e.targetType(), e.targetId(), e.reason()));
  }

  /** Newest first, entries with an id below {@code beforeId} (null for the first page); optionally one target's only. */
  public Future<List<Entry>> page(SqlClient db, Long beforeId, int limit, String targetType, Long targetId) {
    return db.preparedQuery("select " + Entry.COLUMNS + """
             from moderation_log l left join users a on a.id = l.actor_id
            where ($1::bigint is null or l.id < $1)
              and ($3::text is null or (l.target_type = $3 and l.target_id = $4))
            order by l.id desc limit $2
            """)
        .execute(Tuple.of(beforeId, limit, targetType, targetId))
        .map(ModerationLog::entries);
  }

  /** One space's entries (its scope), newest first, with an id below {@code beforeId} (null for the first page). */
  public Future<List<Entry>> pageOfSpace(SqlClient db, long spaceId, Long beforeId, int limit) {
    return db.preparedQuery("select " + Entry.COLUMNS + """
             from moderation_log l left join users a on a.id = l.actor_id
            where l.space_id = $1 and ($2::bigint is null or l.id < $2)
            order by l.id desc limit $3
            """)
        .execute(Tuple.of(spaceId, beforeId, limit))
        .map(ModerationLog::entries);
  }

  /** The latest entries on each of the given targets, at most {@code perTarget} each. */
  public Future<List<Entry>> latestOn(SqlClient db, String[] types, Long[] ids, int perTarget) {
    return db.preparedQuery("select * from (select " + Entry.COLUMNS + """
            , row_number() over (partition by l.target_type, l.target_id order by l.id desc) as n
             from moderation_log l
             join unnest($1::text[], $2::bigint[]) as t(type, id) on l.target_type = t.type and l.target_id = t.id
             left join users a on a.id = l.actor_id) x where x.n <= $3 order by x.id desc
            """)
        .execute(Tuple.tuple().addArrayOfString(types).addArrayOfLong(ids).addInteger(perTarget))
        .map(ModerationLog::entries);
  }

  /** The latest entries concerning each of the given members, at most {@code perMember} each. */
  public Future<List<Entry>> latestAbout(SqlClient db, Long[] userIds, int perMember) {
    return db.preparedQuery("select * from (select " + Entry.COLUMNS + """
            , row_number() over (partition by l.subject_user_id order by l.id desc) as n
             from moderation_log l left join users a on a.id = l.actor_id
            where l.subject_user_id = any($1)) x where x.n <= $2 order by x.id desc
            """)
        .execute(Tuple.tuple().addArrayOfLong(userIds).addInteger(perMember))
        .map(ModerationLog::entries);
  }

  /** The last hide-like action on a post: tells whether the system or a moderator hid it. */
  Future<String> lastVisibilityAction(SqlClient db, String targetType, long targetId) {
    return db.preparedQuery("""
            select action from moderation_log where target_type = $1 and target_id = $2
              and action in ('hide', 'unhide', 'auto_hide', 'hold') order by id desc limit 1
            """)
        .execute(Tuple.of(targetType, targetId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** A member's notices, newest first, below {@code beforeId}; {@code action} narrows to one kind (e.g. warn). */
  public Future<List<ModerationNotice>> noticesOf(SqlClient db, long userId, Long beforeId, int limit, String action) {
    return db.preparedQuery("""
            select id, action, target_type, target_id, reason, created_at from moderation_notices
             where user_id = $1 and ($2::bigint is null or id < $2) and ($4::text is null or action = $4)
             order by id desc limit $3
            """)
        .execute(Tuple.of(userId, beforeId, limit, action))
        .map(rows -> {
          List<ModerationNotice> out = new ArrayList<>();
          rows.forEach(r -> out.add(ModerationNotice.of(r)));
          return out;
        });
  }

  /** The member's latest notice on each of the given targets, among the given actions only. */
  public Future<List<ModerationNotice>> latestNoticesOn(SqlClient db, long userId, String targetType, Long[] targetIds,
      String[] actions) {
    return db.preparedQuery("""
            select distinct on (target_id) id, action, target_type, target_id, reason, created_at from moderation_notices
             where user_id = $1 and target_type = $2 and target_id = any($3) and action = any($4)
             order by target_id, id desc
            """)
        .execute(Tuple.tuple().addLong(userId).addString(targetType).addArrayOfLong(targetIds).addArrayOfString(actions))
        .map(rows -> {
          List<ModerationNotice> out = new ArrayList<>();
          rows.forEach(r -> out.add(ModerationNotice.of(r)));
          return out;
        });
  }

  /** Whether the member has any notice at all (an index probe, cheap enough for every page). */
  public Future<Boolean> hasNotices(SqlClient db, long userId) {
    return db.preparedQuery("select exists (select 1 from moderation_notices where user_id = $1)")
        .execute(Tuple.of(userId))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  private static List<Entry> entries(Iterable<Row> rows) {
    List<Entry> out = new ArrayList<>();
    rows.forEach(r -> out.add(Entry.of(r)));
    return out;
  }
}
