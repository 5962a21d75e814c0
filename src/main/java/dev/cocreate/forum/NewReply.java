package dev.cocreate.forum;

import dev.cocreate.content.Post;
import dev.cocreate.platform.http.Fields;

/**
 * A reply to a thread, or to one of its posts, as the API's body and the thread page's reply form
 * both give it; the posting limit is spent by {@link ForumService#reply}, whichever sent it.
 */
public record NewReply(String body, Long parentId) {
  /** Reads and checks a reply: a body of 1 to {@link Post#BODY_MAX} characters, a parent that is a post id. */
  public static NewReply from(Fields f) {
    String body = f.string("body", 1, Post.BODY_MAX);
    Long parentId = f.optionalLong("parentId");
    if (parentId != null && parentId <= 0) {
      f.error("parentId", "must be a post of this thread");
    }
    f.validate();
    return new NewReply(body, parentId);
  }
}
