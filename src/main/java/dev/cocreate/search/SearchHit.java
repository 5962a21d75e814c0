package dev.cocreate.search;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * One search result. {@code titleHtml} and {@code snippet} are HTML: the matched text escaped,
 * with the matching terms in {@code <mark>} and nothing else.
 */
public record SearchHit(
    String type,
    long id,
    Long threadId,
    String title,
    String titleHtml,
    String snippet,
    String url,
    String space,
    String authorUsername,
    String authorDisplayName,
    OffsetDateTime createdAt,
    float rank) {

  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("type", type)
        .put("id", id)
        .put("title", title)
        .put("titleHtml", titleHtml)
        .put("snippet", snippet)
        .put("url", url)
        .put("author", new JsonObject().put("username", authorUsername).put("displayName", authorDisplayName))
        .put("createdAt", Times.iso(createdAt))
        .put("rank", rank);
    if (threadId != null) {
      j.put("threadId", threadId);
    }
    if (space != null) {
      j.put("space", space);
    }
    return j;
  }
}
