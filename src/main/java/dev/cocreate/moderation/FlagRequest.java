package dev.cocreate.moderation;

import dev.cocreate.platform.http.Fields;

/**
 * A member's flag on a post: one of {@link Flag#REASONS} and a note, required with {@code other}.
 * The API's body and the flag form behind every post are read by the same {@link #from}; the
 * flagging limit is spent by {@link ModerationService#flagPost}, whichever sent it.
 */
public record FlagRequest(String reason, String note) {
  public static final int NOTE_MAX = 1000;

  /** Reads and checks a flag; a blank note is no note. */
  public static FlagRequest from(Fields f) {
    String reason = f.oneOf("reason", Flag.REASONS, true);
    String note = f.optionalString("note", NOTE_MAX);
    if (note != null && note.isEmpty()) {
      note = null;
    }
    if ("other".equals(reason) && f.blank("note")) {
      f.error("note", "is required when the reason is other");
    }
    f.validate();
    return new FlagRequest(reason, note);
  }
}
