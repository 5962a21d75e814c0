package dev.cocreate.codesign;

import dev.cocreate.platform.http.Fields;

/** Declining an amendment takes a reason, kept and shown with it: the proposer is owed one. */
public record AmendmentDecline(String reason) {
  static final int REASON_MAX = 2_000;

  public static AmendmentDecline from(Fields f) {
    String reason = f.string("reason", 1, REASON_MAX);
    f.validate();
    return new AmendmentDecline(reason);
  }
}
