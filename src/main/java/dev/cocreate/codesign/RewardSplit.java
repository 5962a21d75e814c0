package dev.cocreate.codesign;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An idea's proposed split of its challenge's reward: shares in basis points (10000 = 100%) to the
 * people it names, each with their answer. {@code round} counts the proposals (each new one replaces
 * the last and clears the answers); {@code frozenAt} is when the firm accepted the idea, after which
 * nothing changes, with the SHA-256 of the IP terms in force then (the terms' text is kept beside it).
 */
public record RewardSplit(long ideaId, int round, Long proposedById, String proposedByUsername, String proposedByDisplayName,
    OffsetDateTime proposedAt, OffsetDateTime frozenAt, String ipTermsSha256, List<Share> shares) {

  /** One named person's share and answer: {@code pending}, {@code consented} or {@code declined}. */
  public record Share(long userId, String username, String displayName, int basisPoints, String consent,
      OffsetDateTime answeredAt) {
    public boolean consented() {
      return "consented".equals(consent);
    }

    public boolean declined() {
      return "declined".equals(consent);
    }

    /** The share as a percentage with two decimals at most ("33.33"). */
    public String percent() {
      return RewardSplit.percent(basisPoints);
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("user", new JsonObject().put("id", userId).put("username", username).put("displayName", displayName))
          .put("basisPoints", basisPoints)
          .put("percent", percent())
          .put("consent", consent)
          .put("answeredAt", Times.iso(answeredAt));
    }
  }

  static String percent(int basisPoints) {
    return basisPoints % 100 == 0 ? Integer.toString(basisPoints / 100)
        : java.math.BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString();
  }

  /**
   * Where it stands: {@code frozen} (the idea is accepted), {@code declined} (someone declined: back
   * to the authors for a new proposal), {@code agreed} (everyone named consented) or {@code open}.
   */
  public String status() {
    if (frozenAt != null) {
      return "frozen";
    }
    if (shares.stream().anyMatch(Share::declined)) {
      return "declined";
    }
    return shares.stream().allMatch(Share::consented) ? "agreed" : "open";
  }

  public boolean agreed() {
    return frozenAt == null && "agreed".equals(status());
  }

  /** The named person's share, or null when the split does not name them. */
  public Share shareOf(long userId) {
    return shares.stream().filter(s -> s.userId() == userId).findFirst().orElse(null);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    shares.forEach(s -> list.add(s.toJson()));
    return new JsonObject()
        .put("ideaId", ideaId)
        .put("round", round)
        .put("status", status())
        .put("proposedBy", proposedById == null ? null
            : new JsonObject().put("id", proposedById).put("username", proposedByUsername).put("displayName", proposedByDisplayName))
        .put("proposedAt", Times.iso(proposedAt))
        .put("frozenAt", Times.iso(frozenAt))
        .put("ipTermsSha256", ipTermsSha256)
        .put("shares", list);
  }
}
