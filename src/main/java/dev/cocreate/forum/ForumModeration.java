package dev.cocreate.forum;

import dev.cocreate.access.Viewer;
import dev.cocreate.account.Caller;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Post;
import dev.cocreate.moderation.ModeratedContent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The forum's answers to moderation: its posts, threads and spaces, through the forum's own repositories. */
public final class ForumModeration implements ModeratedContent {
  private final ForumService forum;
  private final SpaceService spaceService;
  private final SpaceRepository spaces;
  private final ThreadRepository threads;
  private final PostRepository posts;

  public ForumModeration(ForumService forum, SpaceService spaceService, SpaceRepository spaces, ThreadRepository threads,
      PostRepository posts) {
    this.forum = forum;
    this.spaceService = spaceService;
    this.spaces = spaces;
    this.threads = threads;
    this.posts = posts;
  }

  @Override
  public Future<PostRef> readablePost(Caller caller, long postId) {
    return forum.post(caller, postId).map(ForumModeration::ref);
  }

  @Override
  public Future<Optional<PostRef>> post(SqlClient db, long postId) {
    return posts.byId(db, Viewer.ANONYMOUS, postId).map(p -> p.map(ForumModeration::ref));
  }

  @Override
  public Future<Optional<ThreadRef>> thread(SqlClient db, long threadId) {
    return threads.byId(db, Viewer.ANONYMOUS, threadId).map(t -> t.map(found -> new ThreadRef(found.id(), found.author().id(),
        found.space().id(), found.space().slug(), found.locked(), found.pinned())));
  }

  @Override
  public Future<Optional<SpaceRef>> space(SqlClient db, String slug) {
    return spaces.bySlug(db, Viewer.ANONYMOUS, slug).map(s -> s.map(found -> new SpaceRef(found.id(), found.slug())));
  }

  @Override
  public Future<Optional<Long>> spaceOf(SqlClient db, String targetType, long targetId) {
    return threads.spaceOf(db, targetType.equals("post"), targetId);
  }

  /** Hiding a thread's opening post hides the thread with it (its title is content too); showing it shows both. */
  @Override
  public Future<Boolean> setPostHidden(SqlConnection tx, long postId, boolean hidden) {
    return posts.setHidden(tx, postId, hidden)
        .compose(v -> posts.byId(tx, Viewer.ANONYMOUS, postId))
        .compose(p -> p.isEmpty() ? Future.succeededFuture(Optional.<ForumThread>empty()) : threads.byId(tx, Viewer.ANONYMOUS, p.get().threadId()))
        .compose(t -> t.isPresent() && t.get().firstPostId() != null && t.get().firstPostId() == postId
            ? threads.setHidden(tx, t.get().id(), hidden).map(true) : Future.succeededFuture(false));
  }

  @Override
  public Future<Void> setThreadLocked(SqlConnection tx, long threadId, boolean locked) {
    return threads.setLocked(tx, threadId, locked);
  }

  @Override
  public Future<Void> setThreadPinned(SqlConnection tx, long threadId, boolean pinned) {
    return threads.setPinned(tx, threadId, pinned);
  }

  @Override
  public Future<Void> moveThread(SqlConnection tx, long threadId, long toSpaceId) {
    return threads.moveTo(tx, threadId, toSpaceId);
  }

  @Override
  public Future<Map<Long, ThreadSummary>> readableThreads(Caller caller, Collection<Long> ids) {
    return forum.threadsById(caller, ids).map(found -> {
      Map<Long, ThreadSummary> out = new HashMap<>();
      found.forEach((id, t) -> out.put(id, new ThreadSummary(t.id(), t.title(), t.firstPostId(), t.space().id(),
          t.space().slug(), t.space().name(), t.locked(), t.pinned())));
      return out;
    });
  }

  @Override
  public Future<List<SpaceChoice>> readableSpaces(Caller caller) {
    return spaceService.readable(caller).map(list -> list.stream().map(s -> new SpaceChoice(s.id(), s.slug(), s.name())).toList());
  }

  @Override
  public Future<ReaderOverlap> readerOverlap(SqlClient db, long spaceA, long spaceB) {
    return forum.spaceReadersWithin(db, spaceA, spaceB).map(r -> new ReaderOverlap(r[0], r[1]));
  }

  @Override
  public Future<Map<Long, JsonObject>> postsForReview(SqlClient db, List<Long> postIds) {
    if (postIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return posts.byIds(db, Viewer.ANONYMOUS, postIds).map(list -> {
      Map<Long, JsonObject> out = new HashMap<>();
      list.forEach(p -> out.put(p.id(), p.redactedFor(true).toJson()));
      return out;
    });
  }

  @Override
  public Future<Map<Long, Long>> postCounts(SqlClient db, List<Long> authorIds) {
    return authorIds.isEmpty() ? Future.succeededFuture(Map.of()) : posts.countsByAuthor(db, authorIds);
  }

  @Override
  public Future<Long> postsWrittenBy(SqlClient db, long authorId) {
    return posts.countWrittenBy(db, authorId);
  }

  private static PostRef ref(Post p) {
    return new PostRef(p.id(), p.threadId(), p.author().id(), p.hidden(), p.deleted());
  }
}
