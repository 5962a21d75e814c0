package dev.cocreate.notify;

import dev.cocreate.access.Permissions;
import dev.cocreate.access.SqlReader;
import dev.cocreate.content.Post;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.Topics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hook other features call, inside the transaction of the change that causes a notification,
 * so a notification exists exactly when its cause committed. Each call works out who hears of it
 * (never the actor, never someone who muted the thing or cannot read it), gives each person one
 * notification of the strongest kind that applies, coalesces it into their unread one of the same
 * kind and target, and announces it on their {@code me} topic as {@code notification.created}.
 */
public final class Notifier {
  public static final String CREATED = "notification.created";
  public static final String READ = "notification.read";

  /** Each candidate recipient, as {@link Permissions}' read scopes see them: the row {@code u} of users. */
  private static final SqlReader RECIPIENT = SqlReader.eachUser("u");

  private final EventLog events;
  private final NotificationRepository repo;
  private final String postCreatedSql;
  private final String ideaStatusSql;
  private final String thresholdSql;
  private final String ideaSubmittedSql;
  private final String ideaIteratedSql;
  private final String coauthorInvitedSql;
  private final String splitProposedSql;

  /**
   * @param permissions whose read scopes decide who hears of what: nobody is told of something
   *     they cannot read (a thread in a group space, a hidden thread, an idea whose thread is hidden
   *     unless they are the challenge's staff), since the notification carries its title
   */
  public Notifier(EventLog events, Permissions permissions) {
    this.events = events;
    this.repo = new NotificationRepository(permissions);
    String readableThread = permissions.readableThreads(RECIPIENT, "t", "s");
    String readableIdea = permissions.readableIdeas(RECIPIENT, "i", "c");
    // The idea's thread when the recipient may read it (its page is where an idea is discussed),
    // else null: the link then goes to the idea's own page.
    String ideaThread = "case when %s then it.id end as thread_id".formatted(permissions.readableThreads(RECIPIENT, "it", "its"));
    String ideaJoins = """
        join challenges c on c.id = i.challenge_id
        left join threads it on it.idea_id = i.id
        left join spaces its on its.id = it.space_id
        """;
    String notMuted = """
        not exists (select 1 from watches m where m.user_id = u.id and m.target_type = 'thread'
                    and m.target_id = %s and m.level = 'muted')
        """;
    this.postCreatedSql = """
        with cand as (
          select p.author_id as user_id, 'reply' as kind, 2 as strength from posts p where p.id = $2
          union all
          select u.id, 'mention', 3 from users u where lower(u.username) = any($3::text[])
          union all
          select w.user_id, 'post', 1 from watches w
          where w.target_type = 'thread' and w.target_id = $1 and w.level = 'watching'
        ), best as (
          select distinct on (user_id) user_id, kind from cand where user_id <> $4 order by user_id, strength desc
        )
        select b.user_id, b.kind, t.title
        from best b join users u on u.id = b.user_id
        cross join threads t join spaces s on s.id = t.space_id
        where t.id = $1 and u.deleted_at is null and %s and %s
        order by b.user_id""".formatted(notMuted.formatted("t.id"), readableThread);
    this.ideaStatusSql = """
        with who as (select author_id as user_id from ideas where id = $1
                     union select s.user_id from idea_supports s where s.idea_id = $1)
        select who.user_id, i.title, %s
        from who join users u on u.id = who.user_id
        cross join ideas i %s
        where i.id = $1 and who.user_id <> $2 and u.deleted_at is null
          and (it.id is null or %s) and %s
        order by who.user_id""".formatted(ideaThread, ideaJoins, notMuted.formatted("it.id"), readableIdea);
    // Everyone who carried the idea there hears of it, the supporter whose support tipped it too (it
    // is their moment as much as anyone's); its author besides, unless the author is the actor.
    this.thresholdSql = """
        select u.id as user_id, i.title, %s
        from ideas i
        join users u on (u.id = i.author_id and u.id <> $2)
                     or u.id in (select sp.user_id from idea_supports sp where sp.idea_id = i.id) %s
        where i.id = $1 and u.deleted_at is null and %s
        order by u.id""".formatted(ideaThread, ideaJoins, readableIdea);
    this.ideaSubmittedSql = """
        select w.user_id, c.title, %s
        from watches w join users u on u.id = w.user_id
        cross join ideas i %s
        where i.id = $3 and c.id = $1 and w.target_type = 'challenge' and w.target_id = $1 and w.level = 'watching'
          and w.user_id <> $2 and u.deleted_at is null and %s
        order by w.user_id""".formatted(ideaThread, ideaJoins, readableIdea);
    // Co-design: who wrote or co-authors the idea, supports or follows it hears of each new iteration.
    this.ideaIteratedSql = """
        with who as (select author_id as user_id from ideas where id = $1
                     union select ca.user_id from idea_coauthors ca where ca.idea_id = $1 and ca.status = 'accepted'
                     union select s.user_id from idea_supports s where s.idea_id = $1
                     union select w.user_id from watches w join threads wt on wt.id = w.target_id
                            where w.target_type = 'thread' and wt.idea_id = $1 and w.level = 'watching')
        select who.user_id, i.title, %s
        from who join users u on u.id = who.user_id
        cross join ideas i %s
        where i.id = $1 and who.user_id <> $2 and u.deleted_at is null
          and (it.id is null or %s) and %s
        order by who.user_id""".formatted(ideaThread, ideaJoins, notMuted.formatted("it.id"), readableIdea);
    this.coauthorInvitedSql = """
        select u.id as user_id, i.title, %s
        from users u cross join ideas i %s
        where i.id = $1 and u.id = $2 and u.id <> $3 and u.deleted_at is null and %s""".formatted(ideaThread, ideaJoins,
        readableIdea);
    this.splitProposedSql = """
        select u.id as user_id, i.title
        from users u cross join ideas i %s
        where i.id = $1 and u.id = any ($2) and u.id <> $3 and u.deleted_at is null and %s""".formatted(ideaJoins, readableIdea);
  }

  /** The author of a new thread watches it: they hear of every post in it. */
  public Future<Void> threadStarted(SqlConnection tx, long threadId, long authorId) {
    return repo.setWatch(tx, authorId, "thread", threadId, WatchLevel.WATCHING, true);
  }

  /** A member follows a thread by taking part in it (supporting its idea, say), unless they chose otherwise. */
  public Future<Void> follow(SqlConnection tx, long userId, String targetType, long targetId) {
    return repo.setWatch(tx, userId, targetType, targetId, WatchLevel.WATCHING, true);
  }

  /**
   * A new post: its parent's author hears of a reply, each member it mentions of a mention, and
   * the thread's watchers of a new post; one notification each, of the strongest kind (mention,
   * then reply, then post). Given the post itself, whose thread, parent and author are four ids
   * too easily passed in the wrong order.
   */
  public Future<List<EventLog.Pending>> postCreated(SqlConnection tx, Post post, List<String> mentions) {
    long threadId = post.threadId();
    long postId = post.id();
    Long parentId = post.parentId();
    long actorId = post.author().id();
    return tx.preparedQuery(postCreatedSql)
        .execute(Tuple.tuple().addLong(threadId).addLong(parentId == null ? 0L : parentId)
            .addArrayOfString(mentions.stream().map(String::toLowerCase).toArray(String[]::new)).addLong(actorId))
        .compose(rows -> {
          String url = "/t/" + threadId + "/p/" + (parentId != null ? parentId : postId) + "#p" + postId;
          List<NotificationRepository.Draft> drafts = new ArrayList<>();
          for (Row r : rows) {
            // firstPostId and firstUrl stay those of the first post while later ones coalesce into it:
            // opening "6 new replies" lands on the earliest of them.
            JsonObject data = new JsonObject().put("title", r.getString("title")).put("threadId", threadId)
                .put("postId", postId).put("url", url).put("firstPostId", postId).put("firstUrl", url);
            drafts.add(new NotificationRepository.Draft(r.getLong("user_id"), NotificationKind.of(r.getString("kind")),
                "thread", threadId, actorId, data));
          }
          // Stored now, announced by the caller together with the post: one append for all.
          return store(tx, drafts);
        });
  }

  /** A supporter follows the idea's thread (watching), unless they chose a level for it before. */
  public Future<Void> supported(SqlConnection tx, long ideaId, long userId) {
    return tx.preparedQuery("""
            insert into watches (user_id, target_type, target_id, level)
            select $2, 'thread', t.id, 'watching' from threads t where t.idea_id = $1
            on conflict do nothing""")
        .execute(Tuple.of(ideaId, userId))
        .mapEmpty();
  }

  /**
   * An idea's status changed or the firm answered it: its author and supporters hear of it, except
   * the one who did it and whoever muted the idea's thread.
   */
  public Future<Void> ideaStatus(SqlConnection tx, long ideaId, String status, String note, long actorId) {
    return tx.preparedQuery(ideaStatusSql)
        .execute(Tuple.of(ideaId, actorId))
        .compose(rows -> {
          List<NotificationRepository.Draft> drafts = new ArrayList<>();
          for (Row r : rows) {
            JsonObject data = new JsonObject().put("title", r.getString("title")).put("ideaId", ideaId)
                .put("status", status).put("note", note).put("url", ideaUrl(ideaId, r.getLong("thread_id")));
            drafts.add(new NotificationRepository.Draft(r.getLong("user_id"), NotificationKind.IDEA_STATUS, "idea", ideaId,
                actorId, data));
          }
          return deliver(tx, drafts);
        });
  }

  /** The idea reached its challenge's support threshold: its author and every supporter hear of it, once. */
  public Future<Void> thresholdReached(SqlConnection tx, long ideaId, long actorId) {
    return carriers(tx, ideaId, actorId, NotificationKind.IDEA_THRESHOLD, new JsonObject());
  }

  /**
   * The idea reached support stage {@code stage} of {@code of}: its author and every supporter hear
   * of it, as of the threshold (the last stage is the threshold, and both are told then).
   */
  public Future<Void> stageReached(SqlConnection tx, long ideaId, int stage, int of, long actorId) {
    return carriers(tx, ideaId, actorId, NotificationKind.IDEA_STAGE, new JsonObject().put("stage", stage).put("of", of));
  }

  private Future<Void> carriers(SqlConnection tx, long ideaId, long actorId, NotificationKind kind, JsonObject extra) {
    return tx.preparedQuery(thresholdSql).execute(Tuple.of(ideaId, actorId))
        .compose(rows -> {
          List<NotificationRepository.Draft> drafts = new ArrayList<>();
          for (Row r : rows) {
            drafts.add(new NotificationRepository.Draft(r.getLong("user_id"), kind, "idea", ideaId, actorId,
                extra.copy().put("title", r.getString("title")).put("ideaId", ideaId).put("url", ideaUrl(ideaId, r.getLong("thread_id")))));
          }
          return deliver(tx, drafts);
        });
  }

  /** A new idea: members watching its challenge hear of it. */
  public Future<Void> ideaSubmitted(SqlConnection tx, long challengeId, long ideaId, long actorId) {
    return tx.preparedQuery(ideaSubmittedSql)
        .execute(Tuple.of(challengeId, actorId, ideaId))
        .compose(rows -> {
          List<NotificationRepository.Draft> drafts = new ArrayList<>();
          for (Row r : rows) {
            drafts.add(new NotificationRepository.Draft(r.getLong("user_id"), NotificationKind.IDEA, "challenge", challengeId,
                actorId, new JsonObject().put("title", r.getString("title")).put("challengeId", challengeId)
                    .put("ideaId", ideaId).put("url", ideaUrl(ideaId, r.getLong("thread_id")))));
          }
          return deliver(tx, drafts);
        });
  }

  /** Co-design: iteration {@code n} of an idea was published; one notification per person and iteration. */
  public Future<Void> ideaIterated(SqlConnection tx, long ideaId, int n, long actorId) {
    return tx.preparedQuery(ideaIteratedSql).execute(Tuple.of(ideaId, actorId))
        .compose(rows -> {
          List<NotificationRepository.Draft> drafts = new ArrayList<>();
          for (Row r : rows) {
            drafts.add(new NotificationRepository.Draft(r.getLong("user_id"), NotificationKind.IDEA_ITERATED, "idea", ideaId,
                actorId, new JsonObject().put("title", r.getString("title")).put("ideaId", ideaId).put("iteration", n)
                    .put("url", "/i/" + ideaId + "/iterations/" + n)));
          }
          return deliver(tx, drafts);
        });
  }

  /**
   * Co-design: the people a new proposal of an idea's reward split names (its proposer aside) are
   * asked to consent, with a link to the split; a re-proposal while one is unread coalesces with it.
   */
  public Future<Void> splitProposed(SqlConnection tx, long ideaId, List<Long> namedIds, long actorId) {
    return tx.preparedQuery(splitProposedSql).execute(Tuple.of(ideaId, namedIds.toArray(Long[]::new), actorId))
        .compose(rows -> {
          List<NotificationRepository.Draft> drafts = new ArrayList<>();
          for (Row r : rows) {
            drafts.add(new NotificationRepository.Draft(r.getLong("user_id"), NotificationKind.SPLIT_PROPOSED, "idea", ideaId,
                actorId, new JsonObject().put("title", r.getString("title")).put("ideaId", ideaId)
                    .put("url", "/i/" + ideaId + "/split")));
          }
          return drafts.isEmpty() ? Future.succeededFuture() : deliver(tx, drafts);
        });
  }

  /** Co-design: a member is invited to co-author an idea they may read. */
  public Future<Void> coauthorInvited(SqlConnection tx, long ideaId, long inviteeId, long actorId) {
    return tx.preparedQuery(coauthorInvitedSql).execute(Tuple.of(ideaId, inviteeId, actorId))
        .compose(rows -> {
          List<NotificationRepository.Draft> drafts = new ArrayList<>();
          for (Row r : rows) {
            drafts.add(new NotificationRepository.Draft(r.getLong("user_id"), NotificationKind.COAUTHOR_INVITED, "idea",
                ideaId, actorId, new JsonObject().put("title", r.getString("title")).put("ideaId", ideaId)
                    .put("url", ideaUrl(ideaId, r.getLong("thread_id")))));
          }
          return deliver(tx, drafts);
        });
  }

  /**
   * The firm named these members judges of its challenge: each hears of it once, with a link to the
   * scoring screen. The challenge is in review, so every one of them may read it.
   */
  public Future<Void> namedJudges(SqlConnection tx, long challengeId, String title, List<Long> judgeIds, long actorId) {
    List<NotificationRepository.Draft> drafts = new ArrayList<>();
    for (long judge : judgeIds) {
      if (judge != actorId) {
        drafts.add(new NotificationRepository.Draft(judge, NotificationKind.JURY, "challenge", challengeId, actorId,
            new JsonObject().put("title", title).put("challengeId", challengeId).put("url", "/c/" + challengeId + "/jury")));
      }
    }
    return drafts.isEmpty() ? Future.succeededFuture() : deliver(tx, drafts);
  }

  /**
   * A result of a challenge was updated: each of {@code recipients} (the authors, supporters and
   * followers of its ideas, as the results feature found them under the challenge's read rule, each
   * once, never the actor) hears of it once, coalesced with their unread news of the same result.
   * {@code data} carries the result's {@code title}, {@code challengeId}, {@code status},
   * {@code progress} and {@code url}.
   */
  public Future<Void> resultUpdated(SqlConnection tx, List<Long> recipients, long resultId, long actorId, JsonObject data) {
    List<NotificationRepository.Draft> drafts = new ArrayList<>();
    for (long userId : recipients) {
      if (userId != actorId) {
        drafts.add(new NotificationRepository.Draft(userId, NotificationKind.RESULT_UPDATE, "result", resultId, actorId,
            data.copy().put("resultId", resultId)));
      }
    }
    return deliver(tx, drafts);
  }

  /**
   * A moderator acted on a member's content or account (the moderation notice they are told):
   * one notification per target, with the action and the reason.
   */
  public Future<Void> moderated(SqlConnection tx, long userId, Long actorId, String action, String targetType, long targetId,
      String reason) {
    if (actorId != null && actorId == userId) {
      return Future.succeededFuture();
    }
    String url = switch (targetType) {
      case "thread" -> "/t/" + targetId;
      case "post" -> "/posts/" + targetId + "/revisions";
      default -> "/notifications";
    };
    JsonObject data = new JsonObject().put("title", targetType + " #" + targetId).put("action", action).put("reason", reason)
        .put("url", url);
    return deliver(tx, List.of(new NotificationRepository.Draft(userId, NotificationKind.MODERATION, targetType, targetId,
        actorId, data)));
  }

  /**
   * An idea is read and discussed on its own page, which shows its thread's discussion to whoever
   * may read the thread; {@code threadId} (null when the recipient may not) no longer changes where.
   */
  static String ideaUrl(long ideaId, Long threadId) {
    return "/i/" + ideaId;
  }

  /**
   * Stores the drafts (one per person: the strongest kind wins, the actor is left out by the
   * caller's query) and announces each on its member's {@code me} topic with their unread count.
   */
  Future<Void> deliver(SqlConnection tx, List<NotificationRepository.Draft> drafts) {
    return store(tx, drafts).compose(pending -> events.appendAll(tx, pending)).mapEmpty();
  }

  /** Stores the drafts and answers the {@code me} events that announce them, for the caller to append. */
  Future<List<EventLog.Pending>> store(SqlConnection tx, List<NotificationRepository.Draft> drafts) {
    Map<Long, NotificationRepository.Draft> onePerPerson = new LinkedHashMap<>();
    for (NotificationRepository.Draft d : drafts) {
      onePerPerson.merge(d.userId(), d, (a, b) -> b.kind().strength > a.kind().strength ? b : a);
    }
    if (onePerPerson.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<NotificationRepository.Draft> sorted = new ArrayList<>(onePerPerson.values());
    sorted.sort(Comparator.comparingLong(NotificationRepository.Draft::userId));
    return repo.upsert(tx, sorted).compose(stored -> repo.unreadCounts(tx, stored.stream().map(Notification::userId).toList())
        .map(counts -> {
          List<EventLog.Pending> pending = new ArrayList<>(stored.size());
          for (Notification n : stored) {
            // Without the summary: it spells out the actor's name, which the replay log must not keep
            // as text (a deleted member is renamed wherever they appear as an {id, username} object).
            JsonObject notification = n.toJson();
            notification.remove("summary");
            JsonObject event = new JsonObject().put("notification", notification)
                .put("unreadCount", counts.getOrDefault(n.userId(), 0));
            pending.add(new EventLog.Pending(Topics.user(n.userId()), CREATED, event));
          }
          return pending;
        }));
  }

}
