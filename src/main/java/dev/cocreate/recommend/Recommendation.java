package dev.cocreate.recommend;

import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * An idea recommended to a member, with why: {@code count} other members who supported (or
 * discussed) the idea {@code viaId}, which the member supported (or discussed) too, also support
 * (or discussed) this one. The count is never under {@link RecommendationRepository#MIN_COUNT}.
 */
public record Recommendation(long ideaId, String title, String pitch, int supportCount, long challengeId,
    String challengeTitle, Kind kind, int count, long viaId, String viaTitle) {

  /** What the members counted in the reason share with the member. */
  public enum Kind {
    /** They supported the idea the member supported, and support this one. */
    CO_SUPPORT("co-support", "recommend.reason.coSupport"),
    /** They replied in the discussion of the idea the member replied in, and in this one's. */
    CO_DISCUSSION("co-discussion", "recommend.reason.coDiscussion");

    private final String wire;
    private final String textKey;

    Kind(String wire, String textKey) {
      this.wire = wire;
      this.textKey = textKey;
    }

    public String wire() {
      return wire;
    }

    static Kind ofSql(String s) {
      return "support".equals(s) ? CO_SUPPORT : CO_DISCUSSION;
    }
  }

  public String path() {
    return "/i/" + ideaId;
  }

  public String viaPath() {
    return "/i/" + viaId;
  }

  /** The reason in words: "12 members who supported “X” also support this". */
  public String reasonText(Messages messages, Locale locale) {
    return messages.text(locale, kind.textKey, "count", count, "title", viaTitle);
  }

  /** As {@code GET /api/me/recommendations} gives it: the idea, the structured reason, and the reason in words. */
  public JsonObject toJson(Messages messages, Locale locale) {
    return new JsonObject()
        .put("idea", new JsonObject().put("id", ideaId).put("title", title).put("pitch", pitch)
            .put("supportCount", supportCount).put("url", path())
            .put("challenge", new JsonObject().put("id", challengeId).put("title", challengeTitle)))
        .put("reason", new JsonObject().put("kind", kind.wire()).put("count", count)
            .put("idea", new JsonObject().put("id", viaId).put("title", viaTitle).put("url", viaPath())))
        .put("text", reasonText(messages, locale));
  }
}
