package dev.cocreate.notify;

import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;

/**
 * What a digest suggests besides the member's notifications: the ideas recommended to them (a
 * feature above notifications answers it, wired in {@code App}, so this package imports none).
 */
@FunctionalInterface
public interface DigestSuggestions {
  /** None: a digest of notifications only. */
  DigestSuggestions NONE = (userId, locale) -> Future.succeededFuture(List.of());

  /** One suggestion: its title, why it is suggested in the member's language, and its path on the site. */
  record Suggestion(String title, String reason, String path) {}

  /** The member's suggestions, in their language; an empty list when there are none. */
  Future<List<Suggestion>> forDigest(long userId, Locale locale);
}
