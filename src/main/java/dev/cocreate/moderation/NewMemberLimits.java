package dev.cocreate.moderation;

import dev.cocreate.account.User;
import dev.cocreate.forum.markdown.RenderedMarkdown;
import dev.cocreate.platform.config.ModerationConfig;
import dev.cocreate.platform.http.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a member at trust level 0 may put in one post: a few links and a few mentions, so a fresh
 * spam account cannot post link farms or ping half the community. Staff are never limited.
 */
public final class NewMemberLimits {
  private final int maxLinks;
  private final int maxMentions;

  public NewMemberLimits(ModerationConfig config) {
    this.maxLinks = config.newMemberMaxLinks();
    this.maxMentions = config.newMemberMaxMentions();
  }

  public boolean applies(User author) {
    return author.trustLevel() == 0 && !author.isModerator();
  }

  /** Throws 400 (field {@code body}) when a new member's rendered body has too many links or mentions. */
  public void check(User author, RenderedMarkdown rendered) {
    if (!applies(author)) {
      return;
    }
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
}
