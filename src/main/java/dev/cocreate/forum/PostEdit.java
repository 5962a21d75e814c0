package dev.cocreate.forum;

import dev.cocreate.content.Post;
import dev.cocreate.platform.http.Fields;

/**
 * An edit of a post: its new body and why, optional. The API's body and the edit page's form are
 * read by the same {@link #from}; the posting limit is {@link ForumService#edit}'s.
 */
public record PostEdit(String body, String reason) {
  /** The longest reason, through the API and the edit page alike (whose field says {@code maxlength="500"}). */
  public static final int REASON_MAX = 500;

  /** Reads and checks an edit; a blank reason is no reason. */
  public static PostEdit from(Fields f) {
    String body = f.string("body", 1, Post.BODY_MAX);
    String reason = f.optionalString("reason", REASON_MAX);
    f.validate();
    return new PostEdit(body, reason == null || reason.isEmpty() ? null : reason);
  }
}
