package dev.cocreate.forum;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Post;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A page of posts as the reply tree shows them: nested to a depth, then flat, each post with
 * what the caller may do to it. Public because a thread is shown in two places: the forum's thread
 * page and the discussion under a challenge's idea. The nodes are what the kit's ReplyTreeHelper
 * (and thread.js, for posts that arrive live) turn into HTML.
 */
public final class PostTree {
  /** Posts on one page of a thread or an idea's discussion; a longer thread continues on the next page. */
  public static final int POSTS_PER_PAGE = 150;
  /**
   * Levels a branch nests below a page's top posts on a wide screen; a reply deeper than that is
   * shown flat under the last nested level, saying whom it answers, so a long debate keeps its
   * order without each level shaving the text column. The stylesheet stops indenting sooner on a
   * phone ({@link #PHONE_DEPTH}).
   */
  static final int NESTED_DEPTH = 8;
  /** From this level down a phone no longer indents, so each reply there says whom it answers. */
  static final int PHONE_DEPTH = 4;

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
   * the page are the page's roots (level 0). A post's {@code level} is how deep it is drawn; below
   * {@link #NESTED_DEPTH} replies are {@code flat}: they join the list their parent is in, after it,
   * which depth-first order keeps in reading order. Each node with replies counts the posts under
   * it ({@code branchSize}) for the control that folds its branch.
   */
  public JsonArray nodes(Caller caller, ForumThread thread, List<Post> posts) {
    boolean canReply = canReply(caller, thread);
    JsonArray roots = new JsonArray();
    Map<Long, JsonObject> byId = new HashMap<>();
    // The list each shown post was put in: a flat reply goes into its parent's.
    Map<Long, JsonArray> listOf = new HashMap<>();
    Map<Long, List<JsonObject>> ancestorsOf = new HashMap<>();
    for (Post p : posts) {
      JsonObject parent = p.parentId() == null ? null : byId.get(p.parentId());
      JsonObject node = node(caller, thread, p, canReply);
      int level = parent == null ? 0 : Math.min(parent.getInteger("level") + 1, NESTED_DEPTH);
      boolean flat = parent != null && parent.getInteger("level") == NESTED_DEPTH;
      node.put("level", level).put("flat", flat);
      if (parent != null && (flat || level > PHONE_DEPTH)) {
        JsonObject author = parent.getJsonObject("author");
        node.put("inReplyTo", new JsonObject().put("id", parent.getLong("id")).put("username", author.getString("username"))
            .put("displayName", author.getString("displayName")));
      }
      JsonArray list = parent == null ? roots : flat ? listOf.get(p.parentId()) : parent.getJsonArray("children");
      list.add(node);
      byId.put(p.id(), node);
      listOf.put(p.id(), list);
      // Every ancestor on the page whose branch this post is in: the ones that nest it, not a flat parent.
      List<JsonObject> ancestors = new ArrayList<>();
      if (parent != null) {
        ancestors.addAll(ancestorsOf.get(p.parentId()));
        if (!flat) {
          ancestors.add(parent);
        }
      }
      for (JsonObject a : ancestors) {
        a.put("branchSize", a.getInteger("branchSize", 0) + 1);
      }
      ancestorsOf.put(p.id(), ancestors);
    }
    return roots;
  }

  /**
   * What thread.js may give a reply that arrives live, as {@link #node} would for this caller:
   * flag on another's post, edit and delete on their own, and on anyone's for staff.
   */
  public JsonObject liveControls(Caller caller) {
    boolean active = caller.signedIn() && permissions.canFlag(caller, -1);
    return new JsonObject().put("flag", active).put("edit", active).put("staff", active && permissions.canModerate(caller));
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
