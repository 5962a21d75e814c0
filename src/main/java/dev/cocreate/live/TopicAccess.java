package dev.cocreate.live;

import dev.cocreate.platform.events.Topics;
import dev.cocreate.account.Caller;
import io.vertx.core.Future;

/**
 * Whether a caller may follow a live topic. It must answer exactly as the read API does for the
 * same thing: a topic is subscribable if and only if the caller could read what it announces.
 * The topic is as the client wrote it and already syntactically valid ({@link Topics#isValid}).
 * Answer false (never an error) for something that does not exist, so existence is not revealed.
 */
public interface TopicAccess {
  Future<Boolean> canSubscribe(Caller caller, String topic);
}
