package dev.cocreate.forum;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Post;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A page of posts as the reply tree shows them: nested, cut below a visible depth, each post with
 * what the caller may do to it. Public because a thread is shown in two places: the forum's thread
 * page and the discussion under a challenge's idea. The nodes are what the kit's ReplyTreeHelper
 * (and thread.js, for posts that arrive live) turn into HTML.
 */
public final class PostTree {
  /** Posts on one page of a thread or an idea's discussion; a longer thread continues on the next page. */
  public static final int POSTS_PER_PAGE = 150;
  /** Levels shown below a page's top posts before "continue this thread" takes over. */
  static final int VISIBLE_DEPTH = 6;

  private final Permissions permissions;

  public PostTree(Permissions permissions) {
    this.permissions = permissions;
  }

  /** Whether the caller may reply in the thread: a locked thread only takes replies from staff. */
  public boolean canReply(Caller caller, ForumThread thread) {
    return caller.signedIn() && permissions.canReply(caller, thread)
        && (!thread.locked() || permissions.canReplyWhenLocked(caller));
  }

  /**
   * Nests a page of posts (depth-first order) into the reply tree. Posts whose parent is not on
   * the page are the page's roots; below {@link #VISIBLE_DEPTH} levels a branch is cut and its
   * parent offers "continue this thread" instead, so deep debates stay readable on a phone.
   */
  public JsonArray nodes(Caller caller, ForumThread thread, List<Post> posts) {
    boolean canReply = canReply(caller, thread);
    JsonArray roots = new JsonArray();
    Map<Long, JsonObject> byId = new HashMap<>();
    Map<Long, Integer> baseDepth = new HashMap<>();
    Set<Long> cut = new HashSet<>();
    for (Post p : posts) {
      if (p.parentId() != null && cut.contains(p.parentId())) {
        cut.add(p.id());
        continue;
      }
      JsonObject parent = p.parentId() == null ? null : byId.get(p.parentId());
      int relative = parent == null ? 0 : baseDepth.get(p.parentId()) + 1;
      if (parent != null && relative > VISIBLE_DEPTH) {
        cut.add(p.id());
        continue;
      }
      JsonObject node = node(caller, thread, p, canReply);
      if (relative == VISIBLE_DEPTH && p.replyCount() > 0) {
        node.put("continueLink", true).put("oneReply", p.replyCount() == 1);
      }
      byId.put(p.id(), node);
      baseDepth.put(p.id(), relative);
      if (parent == null) {
        roots.add(node);
      } else {
        parent.getJsonArray("children").add(node);
      }
    }
    return roots;
  }

  private JsonObject node(Caller caller, ForumThread thread, Post p, boolean canReply) {
    JsonObject node = p.toJson();
    Integer mine = p.myVote();
    // Read by ReplyTreeHelper, which looks at this node only: a key left out means no, never an
    // ancestor's value (the recursive Handlebars partial it replaced had that bug).
    node.put("children", new JsonArray())
        .put("canVote", caller.signedIn() && !p.deleted() && permissions.canVote(caller, p))
        .put("up", mine != null && mine == 1)
        .put("down", mine != null && mine == -1)
        .put("canReply", canReply)
        .put("canEdit", caller.signedIn() && !p.deleted() && permissions.canEditPost(caller, p))
        .put("canDelete", caller.signedIn() && !p.deleted() && permissions.canDeletePost(caller, thread, p))
        // The author's own undo is the flash after deleting; a moderator may restore any deleted post from here.
        .put("canRestore", p.deleted() && permissions.isModerator(caller) && permissions.canRestorePost(caller, p, null))
        .put("replyCount", p.replyCount())
        .put("canFlag", caller.signedIn() && !p.deleted() && !p.hidden() && permissions.canFlag(caller, p.author().id()));
    if (p.hidden() && !p.deleted() && permissions.canSeeHiddenPost(caller, p.author().id())) {
      // The author reads why (the reason is added from their notices); a moderator is reminded members do not see it.
      node.put(p.author().id() == caller.id() ? "ownHidden" : "hiddenFromMembers", true);
    }
    return node;
  }

  /** The caller's own hidden posts among {@code posts}: the ones whose notices say why. */
  List<Long> ownHidden(Caller caller, List<Post> posts) {
    return posts.stream()
        .filter(p -> p.hidden() && !p.deleted() && p.author().id() == caller.id()
            && permissions.canSeeHiddenPost(caller, p.author().id()))
        .map(Post::id).toList();
  }

  /** Adds why each of the caller's hidden posts is hidden, where the tree shows it. */
  static void withHiddenReasons(JsonArray nodes, Map<Long, String> reasons) {
    if (reasons.isEmpty()) {
      return;
    }
    for (Object o : nodes) {
      JsonObject node = (JsonObject) o;
      String reason = reasons.get(node.getLong("id"));
      if (reason != null) {
        node.put("hiddenReason", reason);
      }
      withHiddenReasons(node.getJsonArray("children"), reasons);
    }
  }

  /** The node of post {@code id} in the tree, or null when the page does not show it. */
  static JsonObject find(JsonArray nodes, long id) {
    for (Object o : nodes) {
      JsonObject node = (JsonObject) o;
      if (node.getLong("id") == id) {
        return node;
      }
      JsonObject found = find(node.getJsonArray("children"), id);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
