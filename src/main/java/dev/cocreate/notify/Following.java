package dev.cocreate.notify;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * One thing a member follows, as their following list shows it: a thread (an idea's discussion
 * names its idea) or a challenge, the level they chose, since when, and for a thread they have
 * opened, how many posts by others came after their read position (0 when muted).
 */
public record Following(String targetType, long targetId, String title, Long ideaId, WatchLevel level,
    OffsetDateTime since, Long readPostId, int unread) {

  static final String SQL = """
      select w.target_type, w.target_id, w.level, w.created_at, coalesce(t.title, c.title) as title, t.idea_id,
             rr.last_post_id,
             case when t.id is null or rr.user_id is null or w.level = 'muted' then 0
                  else (select count(*)::int from posts up where up.thread_id = t.id and up.id > rr.last_post_id
                        and up.deleted_at is null and not up.hidden and up.author_id <> w.user_id) end as unread
      from watches w
      join users wu on wu.id = w.user_id
      left join threads t on w.target_type = 'thread' and t.id = w.target_id
      left join spaces s on s.id = t.space_id
      left join challenges c on w.target_type = 'challenge' and c.id = w.target_id
      left join thread_reads rr on rr.user_id = w.user_id and rr.thread_id = t.id
      where w.user_id = $1
        and ((t.id is not null and %s) or (c.id is not null and %s))
        and ($2::timestamptz is null or (w.created_at, w.target_type, w.target_id) < ($2, $3, $4))
      order by w.created_at desc, w.target_type desc, w.target_id desc
      limit $5""";

  static Following of(Row r) {
    return new Following(r.getString("target_type"), r.getLong("target_id"), r.getString("title"), r.getLong("idea_id"),
        WatchLevel.of(r.getString("level")), r.getOffsetDateTime("created_at"), r.getLong("last_post_id"),
        r.getInteger("unread"));
  }

  /** The page it is read on: an idea's discussion on its thread. */
  public String url() {
    return targetType.equals("challenge") ? "/c/" + targetId : "/t/" + targetId;
  }

  /** Where "jump to first unread" goes: the thread's first unread post, or the thread when none is known. */
  public String unreadUrl() {
    return targetType.equals("thread") && readPostId != null ? "/t/" + targetId + "/unread" : url();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("targetType", targetType)
        .put("targetId", targetId)
        .put("title", title)
        .put("ideaId", ideaId)
        .put("level", level.wire())
        .put("since", Times.iso(since))
        .put("url", url())
        .put("readPostId", readPostId)
        .put("unread", unread);
  }
}
