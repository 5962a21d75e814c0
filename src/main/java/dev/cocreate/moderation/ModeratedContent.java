package dev.cocreate.moderation;

import dev.cocreate.account.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What moderation needs from the content it acts on, answered by the feature that owns it (the
 * forum's posts and threads; ideas later). Moderation never writes another feature's tables itself.
 */
public interface ModeratedContent {
  /** A post as far as moderation is concerned. */
  record PostRef(long id, long threadId, long authorId, boolean hidden, boolean deleted) {}

  /** A thread as far as moderation is concerned. */
  record ThreadRef(long id, long authorId, long spaceId, String spaceSlug, boolean locked, boolean pinned) {}

  record SpaceRef(long id, String slug) {}

  /** A thread as the queue and the log show it: its title, its space, and the state the queue's forms toggle. */
  record ThreadSummary(long id, String title, Long firstPostId, long spaceId, String spaceSlug, String spaceName,
      boolean locked, boolean pinned) {}

  /** A space as the queue offers it for moving a thread to. */
  record SpaceChoice(long id, String slug, String name) {}

  /** The post when the caller may read it; fails with 404 otherwise. */
  Future<PostRef> readablePost(Caller caller, long postId);

  Future<Optional<PostRef>> post(SqlClient db, long postId);

  Future<Optional<ThreadRef>> thread(SqlClient db, long threadId);

  Future<Optional<SpaceRef>> space(SqlClient db, String slug);

  /** The id of the space a post ({@code targetType} "post") or thread ("thread") is in; empty when it does not exist. */
  Future<Optional<Long>> spaceOf(SqlClient db, String targetType, long targetId);

  /**
   * Hides or shows a post; answers whether its thread was hidden or shown with it (an opening
   * post's thread is), which changes who may read the whole thread.
   */
  Future<Boolean> setPostHidden(SqlConnection tx, long postId, boolean hidden);

  Future<Void> setThreadLocked(SqlConnection tx, long threadId, boolean locked);

  Future<Void> setThreadPinned(SqlConnection tx, long threadId, boolean pinned);

  Future<Void> moveThread(SqlConnection tx, long threadId, long toSpaceId);

  /** The threads among {@code ids} the caller may read, by id; the queue and the log name them by title. */
  Future<Map<Long, ThreadSummary>> readableThreads(Caller caller, Collection<Long> ids);

  /** The spaces the caller may read, in the forum's order: where the queue can move a thread. */
  Future<List<SpaceChoice>> readableSpaces(Caller caller);
  /**
   * Whether everyone who may read space {@code a} may read space {@code b}, and the other way
   * round: a move names the other space only to the followers who may read it.
   */
  record ReaderOverlap(boolean aWithinB, boolean bWithinA) {}

  Future<ReaderOverlap> readerOverlap(SqlClient db, long spaceA, long spaceB);

  /** Posts in the API's {@code post} shape as a moderator sees them (hidden content shown), by id. */
  Future<Map<Long, JsonObject>> postsForReview(SqlClient db, List<Long> postIds);

  /** Posts each member has written (deleted ones excluded), by member id. */
  Future<Map<Long, Long>> postCounts(SqlClient db, List<Long> authorIds);

  /** Posts the member has written, deleted ones included; the pre-moderation of first posts counts them. */
  Future<Long> postsWrittenBy(SqlClient db, long authorId);
}
