package dev.cocreate.codesign;

import dev.cocreate.content.Post;
import dev.cocreate.platform.http.Fields;
import java.util.List;

/**
 * A new iteration of an idea: what changed ({@code summary}), the whole new text ({@code body},
 * Markdown) and up to {@link #ATTACHMENTS_MAX} images the author uploaded ({@code attachments}:
 * their {@code /uploads/…} addresses). The API's body and the page's form are read by one {@link #from}.
 */
public record NewIteration(String summary, String body, List<String> attachments) {
  static final int SUMMARY_MAX = 500;
  static final int ATTACHMENTS_MAX = 10;

  public static NewIteration from(Fields f) {
    String summary = f.string("summary", 1, SUMMARY_MAX);
    String body = f.string("body", 1, Post.BODY_MAX);
    List<String> attachments = f.has("attachments") ? f.strings("attachments", ATTACHMENTS_MAX, 200) : List.of();
    f.validate();
    return new NewIteration(summary, body, attachments == null ? List.of() : attachments);
  }
}
