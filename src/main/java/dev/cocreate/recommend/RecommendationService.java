package dev.cocreate.recommend;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.notify.DigestSuggestions;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;

/**
 * Ideas a member would care about ({@link RecommendationRepository} has how they are found), and
 * the member's opt-out. An opted-out member's supports and replies feed nobody's recommendations;
 * they still get their own, which use what others shared and nothing of theirs beyond what they
 * already see (the ideas they supported and discussed, as the starting points).
 */
public final class RecommendationService implements DigestSuggestions {
  /** The most the API gives; the home page and the digest show fewer. */
  public static final int MAX = 10;
  /** On the home page and in a digest. */
  public static final int SHORT_LIST = 5;

  private final Database db;
  private final Permissions permissions;
  private final Messages messages;
  private final RecommendationRepository repo;

  public RecommendationService(Database db, Permissions permissions, Messages messages) {
    this.db = db;
    this.permissions = permissions;
    this.messages = messages;
    this.repo = new RecommendationRepository(permissions);
  }

  /** The caller's own recommendations, at most {@code limit}; none for a visitor or an account without rights. */
  public Future<List<Recommendation>> forCaller(Caller caller, int limit) {
    if (!permissions.canReceiveRecommendations(caller)) {
      return Future.succeededFuture(List.of());
    }
    return repo.forMember(db.pool(), caller.id(), Math.min(limit, MAX));
  }

  /** Whether the caller opted out of feeding recommendations. */
  public Future<Boolean> optedOut(Caller caller) {
    return signedIn(caller).compose(c -> repo.optedOut(db.pool(), c.id()));
  }

  /** Sets the caller's opt-out; answers it as stored. */
  public Future<Boolean> setOptOut(Caller caller, OptOutChange change) {
    return signedIn(caller).compose(c -> repo.setOptOut(db.pool(), c.id(), change.optOut()));
  }

  /** The reason of a recommendation in words, in {@code locale}. */
  public String reasonText(Recommendation r, Locale locale) {
    return r.reasonText(messages, locale);
  }

  public Messages messages() {
    return messages;
  }

  /**
   * A digest's "For you": the member's short list. The digest is sent by a job, not by a request,
   * so the member is named by id; the query decides what their row may read, as for a request.
   */
  @Override
  public Future<List<Suggestion>> forDigest(long userId, Locale locale) {
    return repo.forMember(db.pool(), userId, SHORT_LIST).map(list -> list.stream()
        .map(r -> new Suggestion(r.title(), r.reasonText(messages, locale), r.path())).toList());
  }

  private Future<Caller> signedIn(Caller caller) {
    return permissions.canReceiveRecommendations(caller) ? Future.succeededFuture(caller)
        : Future.failedFuture(ApiException.unauthorized("Sign in first."));
  }
}
