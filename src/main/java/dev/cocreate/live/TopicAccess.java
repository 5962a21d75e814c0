package dev.cocreate.live;

import dev.cocreate.account.Caller;
import dev.cocreate.platform.events.Topics;
import io.vertx.core.Future;
import java.util.Set;

/**
 * Whether a caller may follow a live topic, and what of a replay they may see now. It must answer
 * exactly as the read API does for the same thing: a topic is subscribable if and only if the
 * caller could read what it announces. The topic is as the client wrote it and already
 * syntactically valid ({@link Topics#isValid}). Answer false (never an error) for something that
 * does not exist, so existence is not revealed.
 *
 * <p>Only {@link #canSubscribe} is needed by a hub that never replays space topics or moves
 * threads (the hub tests); the defaults of the rest fail, or redact, rather than let anything through.
 */
public interface TopicAccess {
  Future<Boolean> canSubscribe(Caller caller, String topic);

  /** What {@link #readable} found the caller may read: thread ids, and space slugs in lower case. */
  record Readable(Set<Long> threads, Set<String> spaces) {}

  /** Of these threads (by id) and spaces (by slug), those the caller can read now, in one query. */
  default Future<Readable> readable(Caller caller, Set<Long> threadIds, Set<String> spaceSlugs) {
    return Future.failedFuture(new UnsupportedOperationException("no replay rules"));
  }

  /** Of these threads, those that are in the space now (one query). */
  default Future<Set<Long>> threadsIn(long spaceId, Set<Long> threadIds) {
    return Future.failedFuture(new UnsupportedOperationException("no space lookups"));
  }

  /**
   * Of the caller's own notifications (by id), those their notification list shows now: a {@code me}
   * replay leaves out the others' {@code notification.created}, whose title names what the caller
   * can no longer read. One query.
   */
  default Future<Set<Long>> shownNotifications(Caller caller, Set<Long> notificationIds) {
    return Future.failedFuture(new UnsupportedOperationException("no notification rules"));
  }

  /** Whether the caller sees a hidden post of this author as it is (else its placeholder). */
  default boolean canSeeHiddenPost(Caller caller, long authorId) {
    return false;
  }
}
