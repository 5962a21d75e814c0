package dev.cocreate.bench;

import dev.cocreate.platform.i18n.Messages;
import dev.cocreate.web.Templates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Renders the thread page of a 150-post reply tree in a loop and prints the median time of a
 * render, for a visitor and for a member: the page's CPU without HTTP, sessions or SQL, to try
 * rendering changes quickly. {@code java -cp ... RenderBench [rounds]}
 */
public final class RenderBench {
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    Messages messages = Messages.load();
    Templates templates = Templates.forPages(messages);
    templates.register("asset", (context, options) -> "/static/" + context);
    for (boolean member : new boolean[] {false, true}) {
      long[] times = new long[rounds];
      int size = 0;
      for (int i = 0; i < rounds; i++) {
        JsonObject model = model(member);
        long t0 = System.nanoTime();
        size = templates.render("thread", model, Messages.ENGLISH).length();
        times[i] = System.nanoTime() - t0;
      }
      Arrays.sort(times);
      System.out.printf("%s: median %.0f µs, p90 %.0f µs, %,d chars%n", member ? "member" : "visitor",
          times[rounds / 2] / 1e3, times[rounds * 9 / 10] / 1e3, size);
    }
  }

  public static JsonObject model(boolean member) {
    JsonArray roots = new JsonArray();
    List<JsonObject> stack = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      int depth = i == 0 ? 0 : (i % 7);
      while (stack.size() > depth) {
        stack.remove(stack.size() - 1);
      }
      depth = stack.size();
      JsonObject node = new JsonObject().put("id", 1000 + i).put("threadId", 7).put("parentId", depth == 0 ? null : stack.get(depth - 1).getInteger("id"))
          .put("depth", depth)
          .put("author", new JsonObject().put("id", 3 + i % 5).put("username", "user" + i % 5).put("displayName", "User Number " + i % 5))
          .put("body", "A reply with some words " + i)
          .put("html", "<p>A reply with <em>some</em> words about the idea and why it matters, number " + i + ".</p>")
          .put("createdAt", "2026-11-22T10:" + String.format("%02d", i % 60) + ":00Z")
          .put("editedAt", false).put("deleted", false).put("hidden", false).put("voteScore", i % 9)
          .put("ownHidden", false).put("hiddenFromMembers", false).put("hiddenReason", false).put("flagError", false)
          .put("continueLink", false).put("oneReply", false).put("children", new JsonArray())
          .put("canVote", member).put("up", member && i % 3 == 0).put("down", false).put("canReply", member)
          .put("canEdit", member && i % 5 == 0).put("canDelete", member && i % 5 == 0).put("replyCount", 1)
          .put("canFlag", member && i % 5 != 0);
      // The rarer shapes of a post, so their markup is in the measure too.
      if (i % 11 == 0) {
        node.put("editedAt", "2026-11-22T11:00:00Z");
      }
      if (i % 13 == 0) {
        node.put("hidden", true).put("ownHidden", true).put("hiddenReason", i % 26 == 0 ? "spam <b>'x'</b> & \"y\"" : false);
      }
      if (i % 17 == 0) {
        node.put("hidden", true).put("hiddenFromMembers", true);
      }
      if (i % 19 == 0) {
        node.put("flagError", "Too 'fast' <now> & \"then\"");
      }
      if (i % 23 == 0) {
        node.put("continueLink", true).put("replyCount", 3);
      }
      if (i % 29 == 0) {
        node.put("deleted", true).put("html", "<p><em>deleted</em></p>");
      }
      if (i % 5 == 4) {
        node.getJsonObject("author").put("displayName", "O'Brien <b>&\"x\"</b>").put("username", "o'b<r>");
      }
      if (depth == 0) {
        roots.add(node);
      } else {
        stack.get(depth - 1).getJsonArray("children").add(node);
      }
      stack.add(node);
    }
    JsonObject model = new JsonObject().put("siteName", "Cocreate").put("title", "A busy debate").put("csrf", "csrf-token-value")
        .put("path", "/t/7").put("lang", "en").put("scriptTexts", "{}").put("here", "/t/7")
        .put("languages", new JsonArray().add(new JsonObject().put("code", "en").put("name", "English").put("current", true)))
        .put("thread", new JsonObject().put("id", 7).put("title", "A busy debate").put("replyCount", 149)
            .put("author", new JsonObject().put("username", "alice").put("displayName", "Alice")).put("space", "ideas")
            .put("pinned", false).put("locked", false).put("tags", new JsonArray()))
        .put("spaceName", "Ideas").put("posts", roots).put("position", 123).put("focus", false)
        .put("breadcrumbs", new JsonArray());
    if (member) {
      model.put("me", new JsonObject().put("id", 3).put("username", "user0").put("displayName", "User Number 0")
          .put("isModerator", false).put("isAdmin", false).put("hasNotices", false)).put("unreadCount", 0);
    }
    return model;
  }
}
