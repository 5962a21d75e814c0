package dev.cocreate.codesign;

import dev.cocreate.challenge.Challenge;
import dev.cocreate.challenge.IdeaAcceptance;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.json.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Accepting an idea whose challenge has a reward: refused (409) until its split is agreed, then the
 * split is frozen with the IP terms in force, their text and SHA-256, and the org is told by the
 * {@code idea.split_agreed} webhook. Runs in the acceptance's transaction with the idea's row
 * locked, which every change to a split also locks first, so a proposal racing the acceptance either
 * lands before it (and the acceptance sees its pending consents) or after it (and finds it frozen).
 */
public final class SplitAcceptance implements IdeaAcceptance {
  private final SplitRepository repo = new SplitRepository();

  @Override
  public Future<JsonObject> accepting(SqlConnection tx, long ideaId, Challenge challenge) {
    if (!RewardSplits.hasReward(challenge.reward())) {
      return Future.succeededFuture(null);
    }
    return repo.split(tx, ideaId).compose(found -> {
      RewardSplit split = found.orElseThrow(() -> ApiException.conflict(
          "This challenge has a reward: the idea's authors must propose how it is split, and everyone named must consent,"
              + " before the idea can be accepted."));
      if (!split.agreed()) {
        long pending = split.shares().stream().filter(s -> !s.consented()).count();
        throw ApiException.conflict("This challenge has a reward and the idea's split is not agreed yet ("
            + pending + " of " + split.shares().size() + " named people have not consented): it cannot be accepted until it is.");
      }
      String terms = challenge.ipTerms();
      String sha = sha256(terms);
      return repo.freeze(tx, ideaId, terms, sha)
          .compose(v -> repo.split(tx, ideaId))
          .map(frozen -> agreedJson(frozen.orElseThrow(), challenge, terms));
    });
  }

  /** The webhook's data: the frozen shares and the IP terms they were agreed under. */
  private static JsonObject agreedJson(RewardSplit split, Challenge challenge, String terms) {
    JsonArray shares = new JsonArray();
    split.shares().forEach(s -> shares.add(new JsonObject()
        .put("user", new JsonObject().put("id", s.userId()).put("username", s.username()).put("displayName", s.displayName()))
        .put("basisPoints", s.basisPoints())
        .put("percent", s.percent())));
    return new JsonObject()
        .put("ideaId", split.ideaId())
        .put("challengeId", challenge.id())
        .put("reward", challenge.reward())
        .put("round", split.round())
        .put("shares", shares)
        .put("ipTerms", new JsonObject().put("sha256", split.ipTermsSha256()).put("text", terms))
        .put("frozenAt", Times.iso(split.frozenAt()));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
