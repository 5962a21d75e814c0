package dev.cocreate.forum;

import dev.cocreate.access.Permissions;
import dev.cocreate.access.ReadScope;
import dev.cocreate.access.Viewer;
import dev.cocreate.account.AccountRules;
import dev.cocreate.account.Caller;
import dev.cocreate.content.Author;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Post;
import dev.cocreate.content.Space;
import dev.cocreate.forum.markdown.MarkdownRenderer;
import dev.cocreate.forum.markdown.RenderedMarkdown;
import dev.cocreate.live.TopicAccess;
import dev.cocreate.moderation.ModerationLog;
import dev.cocreate.moderation.NewMemberPolicy;
import dev.cocreate.moderation.TrustService;
import dev.cocreate.notify.Notifier;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Fields;
import dev.cocreate.platform.http.RateLimiter;
import dev.cocreate.platform.paging.Cursor;
import dev.cocreate.platform.paging.Page;
import dev.cocreate.reputation.ReputationLedger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Threads, posts, revisions and votes: the rules, in one transaction per write. Every write ends
 * with its live event (appended last, so the event lock is held only for the commit). Nothing a
 * caller may not read is ever confirmed to exist: it is 404, like something that does not.
 *
 * <p>It is one class because its writes share one lock order (the post's and thread's rows, then
 * the event-order lock, each held until COMMIT) and one set of steps (who may, the limit, render,
 * notify, announce): kept side by side, a new write is read against the others' order. The pages
 * and the API routes both call it.
 */
public final class ForumService {
  /**
   * New threads, replies and edits, per member: one bucket whichever way they come (the API or the
   * pages), because the limit is spent here, where both end up.
   */
  public static final RateLimiter.Limit POSTS = new RateLimiter.Limit("posts", 30, Duration.ofMinutes(1));
  /** Votes per member, the API's and the pages' alike. */
  public static final RateLimiter.Limit VOTES = new RateLimiter.Limit("votes", 120, Duration.ofMinutes(1));

  private final Vertx vertx;
  private final RateLimiter limiter;
  private final Database db;
  private final SpaceRepository spaces;
  private final ThreadRepository threads;
  private final PostRepository posts;
  private final Permissions permissions;
  private final EventLog events;
  private final MarkdownRenderer markdown;
  private final NewMemberPolicy newMembers;
  private final TrustService trust;
  private final Notifier notifier;
  private final ModerationLog moderationLog;
  /** When a deletion happened, and so whether its author's undo is still in time. */
  private final InstantSource clock;
  /** Upvotes earn their post's author reputation in the vote's transaction. */
  private final ReputationLedger reputation = new ReputationLedger();

  public ForumService(Vertx vertx, Database db, SpaceRepository spaces, ThreadRepository threads, PostRepository posts,
      Permissions permissions, EventLog events, MarkdownRenderer markdown, NewMemberPolicy newMembers, TrustService trust,
      Notifier notifier, RateLimiter limiter, ModerationLog moderationLog, InstantSource clock) {
    this.moderationLog = moderationLog;
    this.clock = clock;
    this.vertx = vertx;
    this.limiter = limiter;
    this.db = db;
    this.spaces = spaces;
    this.threads = threads;
    this.posts = posts;
    this.permissions = permissions;
    this.events = events;
    this.markdown = markdown;
    this.newMembers = newMembers;
    this.trust = trust;
    this.notifier = notifier;
  }

  /**
   * A new thread; {@code ideaId} links it to the idea it discusses (null for an ordinary thread).
   * The API's body and the new-thread form are read by the same {@link #from}.
   */
  public record NewThread(String space, String title, String body, List<String> tags, Long ideaId) {
    static final Pattern TAG = Pattern.compile("[a-z0-9-]{1,30}");
    static final int TITLE_MIN = 3;
    static final int TITLE_MAX = 200;
    static final int TAGS_MAX = 5;

    /** Reads and checks a thread: its space's slug, a title, a body and up to 5 distinct tags. */
    public static NewThread from(Fields f) {
      String space = f.string("space", 1, 100);
      String title = f.string("title", TITLE_MIN, TITLE_MAX);
      String text = f.string("body", 1, Post.BODY_MAX);
      List<String> tags = tags(f);
      f.validate();
      return new NewThread(space, title, text, tags, null);
    }

    /** Up to 5 distinct tags of lowercase a-z, 0-9 and -. */
    private static List<String> tags(Fields f) {
      List<String> raw = f.strings("tags", TAGS_MAX, 30);
      Set<String> out = new LinkedHashSet<>();
      for (String t : raw) {
        if (!TAG.matcher(t).matches()) {
          f.error("tags", "each tag must be 1 to 30 characters of lowercase a-z, 0-9 and -");
          return List.of();
        }
        out.add(t);
      }
      return new ArrayList<>(out);
    }
  }

  public record CreatedThread(ForumThread thread, Post firstPost) {
    public JsonObject toJson() {
      return thread.toJson().put("firstPost", firstPost.toJson());
    }
  }

  /** How a thread's posts are listed: depth-first (the reply tree), or flat by time. */
  public enum PostOrder {
    TREE,
    OLDEST,
    NEWEST
  }

  public record VoteResult(long postId, int voteScore, int myVote) {
    public JsonObject toJson() {
      return new JsonObject().put("voteScore", voteScore).put("myVote", myVote);
    }
  }

  /** A readable post with the thread it belongs to. */
  private record PostInThread(ForumThread thread, Post post) {}

  // Reads

  public Future<ForumThread> thread(Caller caller, long id) {
    return threads.byId(db.pool(), Viewer.of(caller), id)
        .map(t -> t.filter(found -> permissions.canReadThread(caller, found)).orElseThrow(() -> ApiException.notFound("thread")));
  }

  /** The threads among these ids that the caller may read, by id (one query for a whole list, e.g. the moderation queue). */
  public Future<Map<Long, ForumThread>> threadsById(Caller caller, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return threads.byIds(db.pool(), Viewer.of(caller), List.copyOf(ids)).map(list -> {
      Map<Long, ForumThread> out = new HashMap<>();
      list.stream().filter(t -> permissions.canReadThread(caller, t)).forEach(t -> out.put(t.id(), t));
      return out;
    });
  }

  public Future<Post> post(Caller caller, long id) {
    return readablePost(caller, id).map(p -> redact(caller, p.post()));
  }

  /** A space's threads, pinned first; {@code cursor} is the previous page's {@code nextCursor} or null. */
  public Future<Page<ForumThread>> threads(Caller caller, String spaceSlug, ThreadRepository.Sort sort, String cursor, int limit) {
    String kind = "threads-" + sort.name().toLowerCase(Locale.ROOT);
    return readableSpace(caller, spaceSlug).compose(space -> {
      Object[] after = null;
      if (cursor != null) {
        Cursor c = Cursor.decode(cursor, kind, 3);
        Object key = sort == ThreadRepository.Sort.TOP ? (Object) c.intAt(1) : c.timeAt(1);
        after = new Object[] {c.boolAt(0), key, c.longAt(2)};
      }
      return threads.list(db.pool(), Viewer.of(caller), space.id(), readableThreads(caller), sort, after, limit + 1)
          .map(rows -> page(rows, limit, t -> Cursor.encode(kind, t.pinned() ? 1 : 0, switch (sort) {
            case LATEST -> Cursor.micros(t.lastActivityAt());
            case NEW -> Cursor.micros(t.createdAt());
            case TOP -> (long) t.voteScore();
          }, t.id())));
    });
  }

  /** The most recently active threads among the given spaces, which the caller must be able to read. */
  public Future<List<ForumThread>> activeThreads(Caller caller, List<Space> readableSpaces, int limit) {
    if (readableSpaces.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return threads.latestIn(db.pool(), Viewer.of(caller), readableSpaces.stream().map(Space::id).toList(),
        readableThreads(caller), limit);
  }

  /** A thread's posts in tree (depth-first) or time order; stable while others keep posting. */
  public Future<Page<Post>> posts(Caller caller, long threadId, PostOrder order, String cursor, int limit) {
    return thread(caller, threadId).compose(t -> posts(caller, t, order, cursor, limit));
  }

  /** {@link #posts(Caller, long, PostOrder, String, int)} of a thread the caller was just found to read. */
  public Future<Page<Post>> posts(Caller caller, ForumThread t, PostOrder order, String cursor, int limit) {
    Future<List<Post>> rows;
    Function<Post, String> cursorOf;
    switch (order) {
      case TREE -> {
        Long[] after = cursor == null ? null : Cursor.decode(cursor, "tree", 1).pathAt(0);
        rows = posts.tree(db.pool(), Viewer.of(caller), t.id(), after, limit + 1);
        cursorOf = p -> Cursor.encode("tree", Cursor.path(p.path()));
      }
      default -> {
        String kind = order.name().toLowerCase(Locale.ROOT);
        Cursor c = cursor == null ? null : Cursor.decode(cursor, kind, 2);
        rows = posts.flat(db.pool(), Viewer.of(caller), t.id(), order == PostOrder.NEWEST, c == null ? null : c.timeAt(0),
            c == null ? null : c.longAt(1), limit + 1);
        cursorOf = p -> Cursor.encode(kind, Cursor.micros(p.createdAt()), p.id());
      }
    }
    return rows.map(list -> page(list, limit, cursorOf))
        .map(pg -> new Page<>(pg.items().stream().map(p -> redact(caller, p)).toList(), pg.nextCursor()))
        .onSuccess(pg -> recordRead(caller, t.id(), pg.items()));
  }

  /**
   * One branch of a thread: the post and its replies in tree order, paged like {@link #posts}.
   * Pages use it for "continue this thread" and for a post's permalink.
   */
  public Future<Page<Post>> branch(Caller caller, long threadId, long postId, String cursor, int limit) {
    return readablePost(caller, postId).compose(pt -> {
      if (pt.thread().id() != threadId) {
        return Future.failedFuture(ApiException.notFound("post"));
      }
      Long[] after = cursor == null ? null : Cursor.decode(cursor, "tree", 1).pathAt(0);
      return posts.branch(db.pool(), Viewer.of(caller), threadId, pt.post().path(), after, limit + 1)
          .map(list -> page(list, limit, p -> Cursor.encode("tree", Cursor.path(p.path()))))
          .map(pg -> new Page<>(pg.items().stream().map(p -> redact(caller, p)).toList(), pg.nextCursor()))
          .onSuccess(pg -> recordRead(caller, threadId, pg.items()));
    });
  }

  /**
   * {@code POST /api/threads/{id}/read}: the caller has seen the thread up to {@code postId}, a post of
   * it (400 otherwise; 404 for a thread they cannot read). Their read position never moves back.
   * Answers the position now kept.
   */
  public Future<Long> markRead(Caller caller, long threadId, long postId) {
    return thread(caller, threadId).compose(t -> posts.byId(db.pool(), Viewer.of(caller), postId))
        .compose(p -> p.isPresent() && p.get().threadId() == threadId ? Future.succeededFuture(p.get().id())
            : Future.failedFuture(ApiException.invalid("postId", "must be a post of this thread")))
        .compose(id -> trust.recordThreadRead(caller.id(), threadId, id))
        .compose(v -> thread(caller, threadId))
        .map(t -> t.reading() == null || t.reading().readPostId() == null ? 0L : t.reading().readPostId());
  }

  /**
   * The first post of a thread the caller has not read (the visible posts by others after their read
   * position), or empty when there is none or they never opened it; 404 for a thread they cannot read.
   */
  public Future<Optional<Post>> firstUnread(Caller caller, long threadId) {
    return thread(caller, threadId).compose(t -> t.reading() == null || t.reading().readPostId() == null
        ? Future.succeededFuture(Optional.<Post>empty())
        : posts.firstAfter(db.pool(), Viewer.of(caller), threadId, t.reading().readPostId()));
  }

  /** Every earlier version of a post, oldest first, with who replaced it, when and why. */
  public Future<Page<PostRevision>> revisions(Caller caller, long postId, String cursor, int limit) {
    return readablePost(caller, postId).compose(pt -> {
      long after = cursor == null ? 0 : Cursor.decode(cursor, "revisions", 1).longAt(0);
      // An edit's reason talks about the content ("removed my phone number"): it is withheld with it.
      String placeholder = permissions.canSeePostContent(caller, pt.post()) ? null
          : pt.post().deleted() ? Post.DELETED_BODY : Post.HIDDEN_BODY;
      return posts.revisions(db.pool(), postId, after, limit + 1)
          .map(rows -> page(rows, limit, r -> Cursor.encode("revisions", r.id())))
          .map(pg -> placeholder == null ? pg
              : new Page<>(pg.items().stream().map(r -> r.withContent(placeholder)).toList(), pg.nextCursor()));
    });
  }

  /**
   * Whether the caller may follow a live topic of this feature ({@code thread:<id>} or
   * {@code space:<slug>}); false for any other topic, and for anything the caller cannot read.
   */
  public Future<Boolean> canReadTopic(Caller caller, String topic) {
    Future<?> found;
    if (topic.startsWith("thread:")) {
      long id;
      try {
        id = Long.parseLong(topic.substring("thread:".length()));
      } catch (NumberFormatException e) {
        return Future.succeededFuture(false);
      }
      found = thread(caller, id);
    } else if (topic.startsWith("space:")) {
      found = readableSpace(caller, topic.substring("space:".length()));
    } else {
      return Future.succeededFuture(false);
    }
    return found.map(x -> true)
        .recover(e -> e instanceof ApiException api && api.status() == 404 ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  /**
   * Of these threads and spaces, those the caller can read now, in one query: a live replay leaves
   * out what names the others.
   */
  public Future<TopicAccess.Readable> readableNow(Caller caller, Set<Long> threadIds, Set<String> spaceSlugs) {
    return threads.readable(db.pool(), threadIds.toArray(Long[]::new), spaceSlugs.toArray(String[]::new),
        readableThreads(caller), first -> permissions.readableSpaces(caller, "s", first)).map(rows -> {
          Set<Long> readableThreads = new HashSet<>();
          Set<String> readableSpaces = new HashSet<>();
          for (Row r : rows) {
            if ("t".equals(r.getString(0))) {
              readableThreads.add(Long.parseLong(r.getString(1)));
            } else {
              readableSpaces.add(r.getString(1));
            }
          }
          return new TopicAccess.Readable(readableThreads, readableSpaces);
        });
  }

  /**
   * Whether every reader of space {@code a} reads space {@code b}, and the other way round: a move
   * names the other space only to the followers who may all read it.
   */
  public Future<boolean[]> spaceReadersWithin(SqlClient client, long a, long b) {
    return spaces.readersWithin(client, a, b, permissions.spaceReadersWithin("x", "y"));
  }

  /** Of these threads, those in the space now (a live hub asks when the space's readers change). */
  public Future<Set<Long>> threadsIn(long spaceId, Set<Long> threadIds) {
    return threads.inSpace(db.pool(), spaceId, threadIds.toArray(Long[]::new)).map(Set::copyOf);
  }

  // Writes

  /** Starts a thread with its first post; announces {@code thread.created} on {@code space:<slug>}. */
  public Future<CreatedThread> createThread(Caller caller, NewThread req) {
    return writer(caller).compose(v -> readableSpace(caller, req.space())).compose(space -> {
      if (!permissions.canStartThread(caller, space)) {
        return Future.failedFuture(ApiException.forbidden("You cannot start a thread here."));
      }
      return renderFor(caller, req.body()).compose(html -> db.tx(tx -> insertThread(tx, caller, space, req, html)));
    });
  }

  /**
   * {@link #createThread(Caller, NewThread)} inside the caller's transaction, for a feature whose
   * record comes with its thread (an idea and its discussion): both commit, or neither. The body is
   * already rendered. It appends {@code thread.created}, so call it after the feature's own writes.
   */
  public Future<CreatedThread> createThread(SqlConnection tx, Caller caller, NewThread req, RenderedMarkdown html) {
    return spaces.bySlug(tx, Viewer.of(caller), req.space()).compose(found -> {
      Space space = found.filter(s -> permissions.canReadSpace(caller, s)).orElse(null);
      if (space == null) {
        return Future.failedFuture(ApiException.notFound("space"));
      }
      if (!permissions.canStartThread(caller, space)) {
        return Future.failedFuture(ApiException.forbidden("You cannot start a thread here."));
      }
      return insertThread(tx, caller, space, req, html);
    });
  }

  private Future<CreatedThread> insertThread(SqlConnection tx, Caller caller, Space space, NewThread req,
      RenderedMarkdown html) {
    Author author = Author.of(caller.user());
    return mustHold(tx, caller).compose(hold -> threads
        .insert(tx, space.id(), req.title(), author.id(), req.tags(), req.ideaId())
        .compose(threadId -> posts.insert(tx, threadId, null, 0, List.of(), author, req.body(), html.html())
            .compose(first -> threads.setFirstPost(tx, threadId, first.id())
                .compose(v -> hold ? hold(tx, caller, first, true) : Future.succeededFuture())
                .compose(v -> threads.byId(tx, Viewer.of(caller), threadId))
                .compose(t -> posts.byId(tx, Viewer.of(caller), first.id())
                    .map(p -> new CreatedThread(t.orElseThrow(), p.orElseThrow().withVote(0, 0))))))
        .compose(created -> notified(tx, created.firstPost(), html).compose(announcements -> {
          List<EventLog.Pending> all = new ArrayList<>(announcements.size() + 1);
          // A thread held for review is not announced: others cannot read it until a moderator lets it through.
          if (!hold) {
            all.add(new EventLog.Pending("space:" + space.slug(), "thread.created", created.thread().toJson()));
          }
          all.addAll(announcements);
          return events.appendAll(tx, all).map(created);
        })));
  }


  /**
   * Replies to {@code parentId} (the thread's first post when null) and counts it on the parent
   * and the thread; announces {@code post.created} on {@code thread:<id>}.
   */
  /** A reply as the API's body or the thread page's form gave it. */
  public Future<Post> reply(Caller caller, long threadId, NewReply reply) {
    return reply(caller, threadId, reply.parentId(), reply.body());
  }

  public Future<Post> reply(Caller caller, long threadId, Long parentId, String body) {
    Future<Void> spent = writer(caller);
    // Over the limit, nothing is rendered or read.
    if (spent.failed()) {
      return spent.mapEmpty();
    }
    // Rendered on a worker while the thread is read: off the reply's critical path. Both are
    // awaited; the render's refusal (a new member's link limit) still comes after "not found" and
    // "you cannot reply here", as when it ran second.
    Future<RenderedMarkdown> rendered = renderFor(caller, body);
    Future<ForumThread> thread = thread(caller, threadId);
    return Future.join(thread, rendered).transform(both -> thread)
        .compose(t -> mayReply(caller, t))
        .compose(t -> parent(caller, t, parentId)
            .compose(parent -> rendered.compose(html -> db.tx(tx -> writeReply(tx, caller, t, parent, body, html)))))
        .map(p -> redact(caller, p.withVote(p.voteScore(), 0)));
  }

  /** The thread, when the caller may reply in it now (a locked thread takes staff). */
  private Future<ForumThread> mayReply(Caller caller, ForumThread t) {
    if (!permissions.canReply(caller, t)) {
      return Future.failedFuture(ApiException.forbidden("You cannot reply here."));
    }
    if (t.locked() && !permissions.canReplyWhenLocked(caller)) {
      return Future.failedFuture(locked());
    }
    return Future.succeededFuture(t);
  }

  /**
   * The reply's transaction, step by step. The statements that take contended locks come last,
   * each held only until COMMIT: the parent's and the thread's rows (every reply to a thread counts
   * on them), then the event-order lock, taken once for the post and all the notifications it causes.
   */
  private Future<Post> writeReply(SqlConnection tx, Caller caller, ForumThread t, Post parent, String body,
      RenderedMarkdown html) {
    return insertReply(tx, caller, t, parent, body, html)
        .compose(p -> notified(tx, p, html)
            .compose(announcements -> countAndAnnounce(tx, caller, t, parent, p, announcements)));
  }

  /** Inserts the post under its parent; a member whose posts wait for review has it held. */
  private Future<Post> insertReply(SqlConnection tx, Caller caller, ForumThread t, Post parent, String body,
      RenderedMarkdown html) {
    return mustHold(tx, caller)
        .compose(hold -> posts.insert(tx, t.id(), parent.id(), parent.depth() + 1, parent.path(), Author.of(caller.user()),
                body, html.html())
            .compose(p -> hold ? holdReply(tx, caller, p) : Future.succeededFuture(p)));
  }

  /**
   * Counts the reply on its parent and thread and appends its events (post.created first, then the
   * notifications' announcements), sent together so the locks are held for one exchange and the
   * COMMIT. A lock that won the race is seen here under the thread's row lock: failing then rolls
   * the counts and the events back with the post.
   */
  private Future<Post> countAndAnnounce(SqlConnection tx, Caller caller, ForumThread t, Post parent, Post p,
      List<EventLog.Pending> announcements) {
    List<EventLog.Pending> all = new ArrayList<>(announcements.size() + 1);
    all.add(new EventLog.Pending(topic(t), "post.created", p.forEveryone().toJson()));
    all.addAll(announcements);
    Future<Void> parentCounted = posts.countReply(tx, parent.id());
    Future<Boolean> threadCounted = threads.countReply(tx, t.id());
    Future<List<Long>> announced = events.appendAll(tx, all);
    return Future.all(parentCounted, threadCounted, announced).compose(v ->
        threadCounted.result() && !permissions.canReplyWhenLocked(caller)
            ? Future.<Post>failedFuture(locked())
            : Future.succeededFuture(p));
  }

  /** Replaces a post's body, keeping the replaced version as a revision; announces {@code post.edited}. */
  /** An edit as the API's body or the edit page's form gave it. */
  public Future<Post> edit(Caller caller, long postId, PostEdit edit) {
    return edit(caller, postId, edit.body(), edit.reason());
  }

  public Future<Post> edit(Caller caller, long postId, String body, String reason) {
    return writer(caller).compose(v -> readablePost(caller, postId)).compose(pt -> {
      if (!permissions.canEditPost(caller, pt.post())) {
        return Future.failedFuture(ApiException.forbidden("Only the author or a moderator can edit this post."));
      }
      if (pt.post().deleted()) {
        return Future.failedFuture(ApiException.conflict("A deleted post cannot be edited."));
      }
      return renderFor(caller, body).compose(html -> db.tx(tx -> posts.keepRevision(tx, postId, caller.id(), reason)
          .compose(v -> posts.updateBody(tx, postId, body, html.html()))
          .compose(v -> posts.byId(tx, Viewer.of(caller), postId))
          .map(p -> p.orElseThrow())
          .compose(p -> events.append(tx, topic(pt.thread()), "post.edited", p.forEveryone().toJson()).map(p))));
    }).map(p -> redact(caller, p));
  }

  /** Soft delete: the post stays in the tree (with its replies and counts) but shows a placeholder. */
  public Future<Void> delete(Caller caller, long postId) {
    return readablePost(caller, postId).compose(pt -> {
      if (!permissions.canDeletePost(caller, pt.thread(), pt.post())) {
        return Future.failedFuture(ApiException.forbidden(pt.post().author().id() == caller.id()
            ? "Only a moderator can delete the opening post of a thread that has replies."
            : "Only the author or a moderator can delete this post."));
      }
      if (pt.post().deleted()) {
        return Future.succeededFuture();
      }
      return db.tx(tx -> posts.softDelete(tx, postId, caller.id(), clock.instant())
          .compose(deleted -> !deleted ? Future.<Void>succeededFuture()
              : logForOthers(tx, caller, "delete_post", pt.post())
                  .compose(v -> posts.byId(tx, Viewer.ANONYMOUS, postId))
                  .compose(p -> events.append(tx, topic(pt.thread()), "post.deleted", p.orElseThrow().forEveryone().toJson()))
                  .mapEmpty()));
    });
  }

  /**
   * Takes a deletion back: the body comes back as it was (a soft delete never removed it), and
   * {@code post.restored} tells the thread's readers. The author may undo their own deletion for
   * {@link Permissions#RESTORE_WINDOW} (then 409), a moderator any deletion at any time; anyone
   * else is refused (403). A moderator's restore of another's post is kept in the moderation log.
   * Restoring a post that is not deleted changes nothing, so a second click on Undo is harmless.
   */
  public Future<Post> restore(Caller caller, long postId) {
    return readablePost(caller, postId).compose(pt -> db.tx(tx -> posts.deletedBy(tx, postId).compose(deletedBy -> {
      Post post = pt.post();
      if (!permissions.canRestorePost(caller, post, deletedBy.orElse(null))) {
        return Future.failedFuture(ApiException.forbidden("Only the author who deleted this post or a moderator can restore it."));
      }
      if (!post.deleted()) {
        return Future.succeededFuture(post);
      }
      if (!permissions.restoreWindowOpen(caller, post, clock.instant())) {
        return Future.failedFuture(ApiException.conflict("A deleted post can be restored by its author for "
            + Permissions.RESTORE_WINDOW.toHours() + " hours only; ask a moderator."));
      }
      return posts.restore(tx, postId)
          .compose(v -> logForOthers(tx, caller, "restore_post", post))
          .compose(v -> posts.byId(tx, Viewer.of(caller), postId))
          .map(Optional::orElseThrow)
          .compose(p -> events.append(tx, topic(pt.thread()), "post.restored", p.forEveryone().toJson()).map(p));
    }))).map(p -> redact(caller, p));
  }

  /** A moderator's deletion or restore of someone else's post is an act of moderation, and logged as one. */
  private Future<Void> logForOthers(SqlConnection tx, Caller caller, String action, Post post) {
    if (post.author().id() == caller.id()) {
      return Future.succeededFuture();
    }
    return moderationLog.record(tx, ModerationLog.Record.of(caller.user(), action, "post", post.id(), post.author().id(), null))
        .mapEmpty();
  }

  /**
   * Sets the caller's vote to 1, -1 or 0 (none). The score moves by the difference from the vote it
   * replaces. Votes on one post take turns on the post's row lock, and the vote is read and written
   * in one statement under it, so the score stays exact however many vote at once, and one member's
   * concurrent votes (a double click) each succeed, the last to commit being the one that stays.
   * The same vote twice changes nothing. The thread's score follows its first post's.
   */
  public Future<VoteResult> vote(Caller caller, long postId, PostVote vote) {
    int value = vote.value();
    return spend(VOTES, caller).compose(v -> readablePost(caller, postId)).compose(pt -> {
      if (!permissions.canVote(caller, pt.post())) {
        return Future.failedFuture(ApiException.forbidden("You cannot vote on your own post."));
      }
      if (pt.post().deleted()) {
        return Future.failedFuture(ApiException.conflict("A deleted post cannot be voted on."));
      }
      boolean first = pt.thread().firstPostId() != null && pt.thread().firstPostId() == postId;
      return db.tx(tx -> posts.lockForVotes(tx, postId)
          .compose(v -> posts.setVote(tx, postId, caller.id(), value))
          .compose(change -> {
            int score = change.voteScore();
            if (change.oldValue() == value) {
              return Future.succeededFuture(new VoteResult(postId, score, value));
            }
            boolean upvoteChanged = change.oldValue() == 1 || value == 1;
            return (first ? threads.syncScore(tx, pt.thread().id(), postId, score) : Future.<Void>succeededFuture())
                .compose(v -> upvoteChanged ? reputation.resyncVotes(tx, caller.id()) : Future.<Void>succeededFuture())
                .compose(v -> events.append(tx, topic(pt.thread()), "post.voted",
                    new JsonObject().put("postId", postId).put("voteScore", score)))
                .map(id -> new VoteResult(postId, score, value));
          }));
    });
  }

  /** A post's writer: not silenced (403 saying until when), then one of the {@code POSTS} tokens. */
  private Future<Void> writer(Caller caller) {
    return AccountRules.mayWrite(caller).compose(v -> spend(POSTS, caller));
  }

  /**
   * Takes one of the member's tokens for the action, or fails with 429 and the seconds until one is
   * free. Spent before anything is read, so a member over the limit costs no database work.
   */
  private Future<Void> spend(RateLimiter.Limit limit, Caller caller) {
    try {
      limiter.check(limit, Long.toString(caller.id()));
      return Future.succeededFuture();
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
  }

  /** Renders a Markdown body off the event loop and applies the limits on new members' links and mentions. */
  private Future<RenderedMarkdown> renderFor(Caller caller, String body) {
    return render(body).map(r -> {
      newMembers.checkBody(caller.user(), r);
      return r;
    });
  }

  /** Whether the caller's new post waits for a moderator (pre-moderation of new members' first posts). */
  private Future<Boolean> mustHold(SqlConnection tx, Caller caller) {
    if (!newMembers.premoderates(caller.user())) {
      return Future.succeededFuture(false);
    }
    return posts.countWrittenBy(tx, caller.id()).map(n -> newMembers.mustHold(caller.user(), n));
  }

  /** Hides a just-written post (and the thread it opens) and puts it in the moderation queue. */
  private Future<Void> hold(SqlConnection tx, Caller caller, Post p, boolean opening) {
    return posts.setHidden(tx, p.id(), true)
        .compose(v -> opening ? threads.setHidden(tx, p.threadId(), true) : Future.<Void>succeededFuture())
        .compose(v -> newMembers.recordHold(tx, caller.user(), p.id()));
  }

  /** The reply as held: hidden, so the live event and the answer carry the placeholder. */
  private Future<Post> holdReply(SqlConnection tx, Caller caller, Post p) {
    return hold(tx, caller, p, false).compose(v -> posts.byId(tx, Viewer.of(caller), p.id())).map(Optional::orElseThrow);
  }

  /**
   * A page of posts shown to a member moves their read position to its newest post: for a whole
   * thread that is exact; for a branch or one page of a long thread, older posts elsewhere count as
   * read too (as when one jumps to the end), and the page's script reports the rest as it is seen.
   */
  private void recordRead(Caller caller, long threadId, List<Post> shown) {
    if (caller.signedIn() && !shown.isEmpty()) {
      trust.noteThreadRead(caller.id(), threadId, shown.stream().mapToLong(Post::id).max().orElseThrow());
    }
  }

  /** Renders a Markdown body off the event loop. */
  public Future<RenderedMarkdown> render(String body) {
    return vertx.executeBlocking(() -> markdown.render(body), false);
  }

  // Steps

  /**
   * Tells whoever a new post concerns (the parent's author, the mentioned, the thread's watchers),
   * in the post's transaction; an opening post also makes its author watch the thread.
   */
  /** Stores the notifications a new post causes and answers their live announcements, not yet appended. */
  private Future<List<EventLog.Pending>> notified(SqlConnection tx, Post p, RenderedMarkdown html) {
    Future<Void> watch = p.parentId() == null ? notifier.threadStarted(tx, p.threadId(), p.author().id()) : Future.succeededFuture();
    // A post others cannot read (held for review) tells nobody.
    return p.hidden() ? watch.map(v -> List.<EventLog.Pending>of())
        : watch.compose(v -> notifier.postCreated(tx, p, html.mentions()));
  }

  private Future<Post> parent(Caller caller, ForumThread t, Long parentId) {
    long id = parentId == null ? (t.firstPostId() == null ? 0 : t.firstPostId()) : parentId;
    return posts.byId(db.pool(), Viewer.of(caller), id).map(p -> p.filter(found -> found.threadId() == t.id())
        .orElseThrow(() -> ApiException.invalid("parentId", "must be a post of this thread")));
  }

  /** The threads the caller may read, for ThreadRepository's lists (thread {@code t} in space {@code s}). */
  private ReadScope readableThreads(Caller caller) {
    return first -> permissions.readableThreads(caller, "t", "s", first);
  }

  private Future<Space> readableSpace(Caller caller, String slug) {
    return spaces.bySlug(db.pool(), Viewer.of(caller), slug)
        .map(s -> s.filter(found -> permissions.canReadSpace(caller, found)).orElseThrow(() -> ApiException.notFound("space")));
  }

  private Future<PostInThread> readablePost(Caller caller, long postId) {
    return posts.byId(db.pool(), Viewer.of(caller), postId).compose(p -> p.isEmpty()
        ? Future.failedFuture(ApiException.notFound("post"))
        : threads.byId(db.pool(), Viewer.of(caller), p.get().threadId())
            .map(t -> t.filter(found -> permissions.canReadThread(caller, found))
                .map(found -> new PostInThread(found, p.get()))
                .orElseThrow(() -> ApiException.notFound("post"))));
  }

  private Post redact(Caller caller, Post p) {
    return p.redactedFor(permissions.canSeeHiddenPost(caller, p.author().id()));
  }

  private static String topic(ForumThread t) {
    return "thread:" + t.id();
  }

  private static ApiException locked() {
    return ApiException.locked("This thread is locked.");
  }

  private static <T> Page<T> page(List<T> rows, int limit, Function<T, String> cursorOf) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<T> items = List.copyOf(rows.subList(0, limit));
    return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
  }
}
