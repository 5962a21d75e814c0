package dev.cocreate.notify;

import dev.cocreate.account.Caller;
import io.vertx.core.Future;
import java.util.function.BiFunction;

/**
 * What a member may follow, decided by the features that own it and handed in (wired in App), so
 * notifications need not know the forum or challenges. Each answers the watch's target id when the
 * caller may read the thing, else fails with 404. An idea is followed through its thread, where it
 * is discussed: watching an idea is watching that thread.
 */
public record WatchTargets(
    BiFunction<Caller, Long, Future<Long>> thread,
    BiFunction<Caller, Long, Future<Long>> challenge,
    BiFunction<Caller, Long, Future<Long>> ideaThread) {

  /** A kind of thing a member follows, as the API and the forms name it. */
  public enum Kind {
    THREAD("thread"),
    CHALLENGE("challenge"),
    IDEA("thread");

    /** The watches row's target_type. */
    final String stored;

    Kind(String stored) {
      this.stored = stored;
    }

    static Kind of(String wire) {
      return switch (wire) {
        case "thread" -> THREAD;
        case "challenge" -> CHALLENGE;
        case "idea" -> IDEA;
        default -> null;
      };
    }
  }

  /** The stored target id for {@code id} of this kind, when the caller may read it (404 otherwise). */
  Future<Long> resolve(Caller caller, Kind kind, long id) {
    return switch (kind) {
      case THREAD -> thread.apply(caller, id);
      case CHALLENGE -> challenge.apply(caller, id);
      case IDEA -> ideaThread.apply(caller, id);
    };
  }
}
