package dev.cocreate.challenge;

import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.stakeholder.StakeholderType;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * The share of an idea's supports a challenge requires from one stakeholder type (towards its org)
 * before the idea counts as reaching its threshold: {@code {type: customer, percent: 30}}, so staff
 * support alone does not carry an idea to review. {@link #NONE} is a brief's "no requirement" (sent
 * as {@code null}); a brief that leaves the field out leaves it as it is.
 */
public record SupportShare(StakeholderType type, int percent) {
  static final SupportShare NONE = new SupportShare(null, 0);

  boolean on() {
    return type != null;
  }

  /** As a challenge row stores it ({@code min_share_type}, {@code min_share_percent}): NONE when unset. */
  static SupportShare of(Row r) {
    if (r.getColumnIndex("min_share_type") < 0 || r.getString("min_share_type") == null) {
      return NONE;
    }
    return new SupportShare(StakeholderType.parse(r.getString("min_share_type")).orElseThrow(),
        r.getInteger("min_share_percent"));
  }

  /** The API's {@code minSupportShare}: {type, percent}, or null without a requirement. */
  JsonObject toJson() {
    return on() ? new JsonObject().put("type", type.wire()).put("percent", percent) : null;
  }

  String storedType() {
    return on() ? type.wire() : null;
  }

  Integer storedPercent() {
    return on() ? percent : null;
  }

  /** Reads {@code minSupportShare} from a brief: absent is null (unchanged), JSON null is {@link #NONE}. */
  static SupportShare read(JsonBody b) {
    if (!b.raw().containsKey("minSupportShare")) {
      return null;
    }
    Object raw = b.raw().getValue("minSupportShare");
    if (raw == null) {
      return NONE;
    }
    if (!(raw instanceof JsonObject o)) {
      b.error("minSupportShare", "must be an object {type, percent}, or null for none");
      return null;
    }
    Object type = o.getValue("type");
    Object percent = o.getValue("percent");
    StakeholderType t = type instanceof String s ? StakeholderType.parse(s).orElse(null) : null;
    if (t == null) {
      b.error("minSupportShare.type", "must be one of " + String.join(", ", StakeholderType.wires().stream().sorted().toList()));
      return null;
    }
    if (!(percent instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1
        || n.doubleValue() > 100) {
      b.error("minSupportShare.percent", "must be a whole number between 1 and 100");
      return null;
    }
    return new SupportShare(t, n.intValue());
  }
}
