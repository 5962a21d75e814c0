package dev.cocreate.moderation;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.User;
import dev.cocreate.forum.markdown.RenderedMarkdown;
import dev.cocreate.platform.config.ModerationConfig;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * What a member at trust level 0 may post: a few links and a few mentions per post, so a fresh
 * spam account cannot post link farms or ping half the community; and, when pre-moderation is on,
 * their first posts wait hidden in the moderation queue. Staff are never limited.
 */
public final class NewMemberPolicy {
  private final ModerationConfig config;
  private final Permissions permissions;
  private final ModerationLog auditLog;
  private final FlagRepository flags = new FlagRepository();

  public NewMemberPolicy(ModerationConfig config, Permissions permissions, ModerationLog auditLog) {
    this.config = config;
    this.permissions = permissions;
    this.auditLog = auditLog;
  }

  /** Throws 400 (field {@code body}) when a new member's rendered body has too many links or mentions. */
  public void checkBody(User author, RenderedMarkdown rendered) {
    if (!permissions.isNewMember(author)) {
      return;
    }
    int maxLinks = config.newMemberMaxLinks();
    int maxMentions = config.newMemberMaxMentions();
    List<ApiException.FieldError> errors = new ArrayList<>();
    if (rendered.linkCount() > maxLinks) {
      errors.add(new ApiException.FieldError("body", "new members can include at most " + maxLinks + " link"
          + (maxLinks == 1 ? "" : "s") + " per post"));
    }
    if (rendered.mentions().size() > maxMentions) {
      errors.add(new ApiException.FieldError("body", "new members can mention at most " + maxMentions + " member"
          + (maxMentions == 1 ? "" : "s") + " per post"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }

  /** Whether the author's next posts may need holding: pre-moderation is on and they are a new member. */
  public boolean premoderates(User author) {
    return config.premoderateFirstPosts() > 0 && permissions.isNewMember(author);
  }

  /** Whether a new post by the author, who had written {@code postsBefore} posts, waits for a moderator. */
  public boolean mustHold(User author, long postsBefore) {
    return premoderates(author) && postsBefore < config.premoderateFirstPosts();
  }

  /**
   * Inside the transaction that created the (already hidden) post: puts it in the moderation queue
   * under a system flag and logs the hold. A moderator's {@code dismiss_flags} shows it; {@code hide}
   * keeps it hidden.
   */
  public Future<Void> recordHold(SqlConnection tx, User author, long postId) {
    return flags.insert(tx, "post", postId, author.id(), null, Flag.NEW_MEMBER, "First posts of new members wait for review.")
        .compose(f -> auditLog.record(tx, new ModerationLog.Record(null, "hold", "post", postId, author.id(),
            "Your first posts are reviewed by a moderator before others see them.", null, true)))
        .mapEmpty();
  }
}
