package dev.cocreate.challenge;

import dev.cocreate.content.Post;
import dev.cocreate.content.Space;
import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * An idea as stored, with what its views need from its author, challenge and thread, and what
 * deciding who reads it needs ({@link Reading}). {@code hidden} says, once {@link #forViewer} has
 * decided for a viewer, that its content is withheld from them or (for staff, who still read it)
 * that its thread is hidden by moderation. {@code unread} is how many posts of its discussion the viewer
 * has not read since they last did, read only with a challenge's list of ideas (0 elsewhere and for an
 * idea withheld from them).
 */
public record Idea(
    long id,
    long challengeId,
    Long threadId,
    long authorId,
    String authorUsername,
    String authorDisplayName,
    String title,
    String pitch,
    String body,
    String html,
    IdeaStatus status,
    int supportCount,
    int supportThreshold,
    Long mergedInto,
    OffsetDateTime thresholdReachedAt,
    OffsetDateTime createdAt,
    OffsetDateTime statusChangedAt,
    long orgId,
    ChallengePhase challengePhase,
    JsonArray responses,
    Boolean supported,
    Reading reading,
    boolean hidden,
    int unread,
    IdeaStage stage) {

  /** Shown instead of an idea's title, pitch and body to whoever may not read them, as for a hidden post. */
  public static final String PLACEHOLDER = Post.HIDDEN_BODY;

  /**
   * The facts {@code Permissions.canReadIdea} decides on, loaded with the idea for one viewer: its
   * thread's space (null without a thread) and whether moderation hid the thread, and whether the
   * viewer is on the challenge's org team.
   */
  public record Reading(Space threadSpace, boolean threadHidden, boolean viewerOnTeam, boolean publicRationale) {}

  public boolean challengeDraft() {
    return challengePhase == ChallengePhase.DRAFT;
  }

  /**
   * This idea as a viewer sees it: its content when {@code readable}, else a placeholder title,
   * pitch and body (the author, status and counts stay, as a hidden post keeps its author).
   */
  public Idea forViewer(boolean readable) {
    if (readable) {
      return new Idea(id, challengeId, threadId, authorId, authorUsername, authorDisplayName, title, pitch, body, html,
          status, supportCount, supportThreshold, mergedInto, thresholdReachedAt, createdAt, statusChangedAt, orgId,
          challengePhase, responses, supported, reading, reading != null && reading.threadHidden(), unread, stage);
    }
    return new Idea(id, challengeId, threadId, authorId, authorUsername, authorDisplayName, PLACEHOLDER, PLACEHOLDER,
        PLACEHOLDER, "<p>" + PLACEHOLDER + "</p>", status, supportCount, supportThreshold, mergedInto, thresholdReachedAt,
        createdAt, statusChangedAt, orgId, challengePhase, responses, supported, reading, true, 0, stage);
  }

  /** This idea with its answers' rationales left out, for a viewer who may not read them. */
  public Idea withoutRationale() {
    if (responses == null) {
      return this;
    }
    JsonArray kept = new JsonArray();
    for (Object o : responses) {
      JsonObject r = ((JsonObject) o).copy();
      r.remove("rationale");
      kept.add(r);
    }
    return new Idea(id, challengeId, threadId, authorId, authorUsername, authorDisplayName, title, pitch, body, html,
        status, supportCount, supportThreshold, mergedInto, thresholdReachedAt, createdAt, statusChangedAt, orgId,
        challengePhase, kept, supported, reading, hidden, unread, stage);
  }

  /** Whether {@link #forViewer} withheld this idea's words, so a page says so in its own language. */
  public boolean withheld() {
    return PLACEHOLDER.equals(title) && PLACEHOLDER.equals(pitch) && PLACEHOLDER.equals(body);
  }

  static Idea of(Row r) {
    JsonArray responses = null;
    if (r.getColumnIndex("responses") >= 0) {
      Object raw = r.getValue("responses");
      responses = new JsonArray();
      JsonArray stored = raw instanceof JsonArray a ? a : new JsonArray(String.valueOf(raw));
      for (Object o : stored) {
        JsonObject resp = (JsonObject) o;
        JsonObject shown = resp.copy().put("at", Times.iso(OffsetDateTime.parse(resp.getString("at"))));
        if (shown.getValue("rationale") == null) {
          shown.remove("rationale");
        }
        responses.add(shown);
      }
    }
    return new Idea(
        r.getLong("id"),
        r.getLong("challenge_id"),
        r.getLong("thread_id"),
        r.getLong("author_id"),
        r.getString("author_username"),
        r.getString("author_display_name"),
        r.getString("title"),
        r.getString("pitch"),
        r.getString("body"),
        r.getString("html"),
        IdeaStatus.of(r.getString("status")),
        r.getInteger("support_count"),
        r.getInteger("support_threshold"),
        r.getLong("merged_into"),
        r.getOffsetDateTime("threshold_reached_at"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("status_changed_at"),
        r.getLong("org_id"),
        ChallengePhase.of(r.getString("challenge_phase")),
        responses,
        r.getColumnIndex("supported") >= 0 ? r.getBoolean("supported") : null,
        new Reading(Space.ofNullable(r), Boolean.TRUE.equals(r.getBoolean("thread_hidden")),
            Boolean.TRUE.equals(r.getBoolean("viewer_on_team")), Boolean.TRUE.equals(r.getBoolean("public_rationale"))),
        Boolean.TRUE.equals(r.getBoolean("thread_hidden")),
        r.getColumnIndex("reading_unread") >= 0 ? r.getInteger("reading_unread") : 0,
        IdeaStage.of(r));
  }

  public JsonObject author() {
    return new JsonObject().put("id", authorId).put("username", authorUsername).put("displayName", authorDisplayName);
  }

  /**
   * The API's `idea`. Lists leave out {@code body} and {@code html} to stay small; a single idea
   * carries them.
   */
  public JsonObject toJson(boolean withBody) {
    JsonObject j = new JsonObject()
        .put("id", id)
        .put("challengeId", challengeId)
        .put("threadId", threadId)
        .put("title", title)
        .put("pitch", pitch)
        .put("author", author())
        .put("status", status.wire())
        .put("supportCount", supportCount)
        .put("supportThreshold", supportThreshold)
        .put("createdAt", Times.iso(createdAt))
        .put("statusChangedAt", Times.iso(statusChangedAt))
        .put("thresholdReachedAt", Times.iso(thresholdReachedAt))
        .put("mergedInto", mergedInto)
        .put("hidden", hidden)
        .put("responses", responses == null ? new JsonArray() : responses.copy())
        .put("stage", stage.toJson());
    if (supported != null) {
      j.put("supported", supported);
    }
    if (withBody) {
      j.put("body", body).put("html", html);
    }
    return j;
  }
}
