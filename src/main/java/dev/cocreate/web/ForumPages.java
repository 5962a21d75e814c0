package dev.cocreate.web;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.forum.ForumRoutes;
import dev.cocreate.forum.ForumService;
import dev.cocreate.content.ForumThread;
import dev.cocreate.platform.paging.Page;
import dev.cocreate.content.Post;
import dev.cocreate.forum.PostRevision;
import dev.cocreate.content.Space;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.forum.ThreadRepository;
import dev.cocreate.live.TopicPosition;
import dev.cocreate.moderation.ModerationService;
import dev.cocreate.access.Permissions;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import dev.cocreate.platform.http.JsonBody;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forum's pages: a space's threads, a thread's reply tree, and the forms to start, reply, vote,
 * edit and delete. Every form posts back here (CSRF-checked by AuthHandler) and redirects, so the
 * pages work without JavaScript; thread.js adds live updates on top.
 */
public final class ForumPages {
  /** Posts on one page of a thread; a longer thread continues on the next page. */
  static final int POSTS_PER_PAGE = 150;
  /** Levels shown below a page's top posts before "continue this thread" takes over. */
  static final int VISIBLE_DEPTH = 6;

  private final Pages pages;
  private final SpaceService spaces;
  private final ForumService forum;
  private final Permissions permissions;
  private final Database db;
  private final ModerationService moderation;
  private final TopicPosition positions = new TopicPosition();

  public ForumPages(Pages pages, SpaceService spaces, ForumService forum, Permissions permissions, Database db,
      ModerationService moderation) {
    this.moderation = moderation;
    this.pages = pages;
    this.spaces = spaces;
    this.forum = forum;
    this.permissions = permissions;
    this.db = db;
  }

  public void mount(Router router) {
    router.get("/").handler(this::home);
    router.get("/s/:slug").handler(this::space);
    router.get("/s/:slug/new").handler(this::newThreadForm);
    router.post("/s/:slug/new").handler(this::createThread);
    router.get("/t/:id").handler(ctx -> thread(ctx, null));
    router.get("/t/:id/p/:postId").handler(ctx -> thread(ctx, Http.idParam(ctx, "postId")));
    router.post("/t/:id/reply").handler(this::reply);
    router.post("/posts/:id/vote").handler(this::vote);
    router.get("/posts/:id/edit").handler(this::editForm);
    router.post("/posts/:id/edit").handler(this::edit);
    router.post("/posts/:id/delete").handler(this::delete);
    router.get("/posts/:id/revisions").handler(this::revisions);
    router.get("/posts/:id").handler(this::permalink);
  }

  private void home(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    pages.render(ctx, "home", spaces.readable(caller).compose(list -> forum.activeThreads(caller, list, 20).map(threads -> {
      JsonArray spaceJson = new JsonArray();
      list.forEach(s -> spaceJson.add(s.toJson().put("visibilityLabel", pages.text(ctx, visibilityLabel(s)))));
      JsonArray threadJson = new JsonArray();
      Map<Long, String> names = new HashMap<>();
      list.forEach(s -> names.put(s.id(), s.name()));
      threads.forEach(t -> threadJson.add(t.toJson()));
      return pages.frame(ctx, pages.text(ctx, "home.title")).put("spaces", spaceJson).put("threads", threadJson)
          .put("challenges", ctx.get(ChallengePages.HOME_CHALLENGES));
    })));
  }

  private void space(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String sortParam = ctx.request().getParam("sort", "latest");
    ThreadRepository.Sort sort = switch (sortParam) {
      case "top" -> ThreadRepository.Sort.TOP;
      case "new" -> ThreadRepository.Sort.NEW;
      default -> ThreadRepository.Sort.LATEST;
    };
    String cursor = blankToNull(ctx.request().getParam("cursor"));
    pages.render(ctx, "space", spaces.space(caller, ctx.pathParam("slug")).compose(space ->
        forum.threads(caller, space.slug(), sort, cursor, 30).map(page -> {
          JsonArray threads = new JsonArray();
          page.items().forEach(t -> threads.add(t.toJson()));
          return pages.frame(ctx, space.name())
              .put("space", space.toJson())
              .put("visibilityLabel", pages.text(ctx, visibilityLabel(space)))
              .put("threads", threads)
              .put("nextCursor", page.nextCursor())
              // The pager partial takes a whole address; Handlebars cannot join one.
              .put("nextHref", page.nextCursor() == null ? null : "/s/" + space.slug() + "?sort=" + sort.name().toLowerCase()
                  + "&cursor=" + java.net.URLEncoder.encode(page.nextCursor(), java.nio.charset.StandardCharsets.UTF_8))
              .put("sort", sort.name().toLowerCase())
              .put("sort" + capitalize(sort.name().toLowerCase()), true)
              .put("breadcrumbs", crumbs(ctx));
        })));
  }

  private void newThreadForm(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    pages.render(ctx, "new-thread", spaces.space(caller, ctx.pathParam("slug")).map(space ->
        pages.frame(ctx, pages.text(ctx, "space.startThread")).put("space", space.toJson()).put("form", new JsonObject())
            .put("breadcrumbs", crumbs(ctx).add(crumb(space.name(), "/s/" + space.slug())))));
  }

  private void createThread(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    var form = ctx.request().formAttributes();
    JsonObject input = new JsonObject()
        .put("title", nz(form.get("title")))
        .put("body", nz(form.get("body")))
        .put("tags", nz(form.get("tags")));
    spaces.space(caller, ctx.pathParam("slug")).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      Space space = found.result();
      JsonObject model = pages.frame(ctx, pages.text(ctx, "space.startThread")).put("space", space.toJson()).put("form", input)
          .put("breadcrumbs", crumbs(ctx).add(crumb(space.name(), "/s/" + space.slug())));
      ForumService.NewThread req;
      try {
        JsonBody b = new JsonBody(new JsonObject().put("title", input.getString("title")).put("body", input.getString("body"))
            .put("tags", splitTags(input.getString("tags"))));
        req = ForumRoutes.readNewThread(b, space.slug());
      } catch (ApiException e) {
        pages.render(ctx, e.status(), "new-thread", pages.withErrors(ctx, model, e));
        return;
      }
      forum.createThread(caller, req).onComplete(ar -> {
        if (ar.succeeded()) {
          pages.redirect(ctx, "/t/" + ar.result().thread().id());
        } else if (ar.cause() instanceof ApiException e && (e.status() == 400 || e.status() == 429)) {
          retryAfter(ctx, e);
          pages.render(ctx, e.status(), "new-thread", pages.withErrors(ctx, model, e));
        } else {
          ctx.fail(ar.cause());
        }
      });
    });
  }

  /** The whole thread (paged), or one branch of it when {@code focusPostId} is set. */
  private void thread(RoutingContext ctx, Long focusPostId) {
    Caller caller = AuthHandler.caller(ctx);
    long threadId = Http.idParam(ctx, "id");
    String after = blankToNull(ctx.request().getParam("after"));
    // The live position is read before the posts: what commits in between is replayed, not lost.
    Future<Long> position = positions.of(db.pool(), "thread:" + threadId);
    pages.render(ctx, "thread", position.compose(pos -> forum.thread(caller, threadId).compose(thread -> {
      Future<Page<Post>> posts = focusPostId == null
          ? forum.posts(caller, threadId, ForumService.PostOrder.TREE, after, POSTS_PER_PAGE)
          : forum.branch(caller, threadId, focusPostId, after, POSTS_PER_PAGE);
      return posts.compose(page -> hiddenReasons(caller, page.items()).map(reasons -> {
        JsonObject model = threadModel(ctx, caller, thread, thread.space(), page, pos, focusPostId != null);
        withHiddenReasons(model.getJsonArray("posts"), reasons);
        return model;
      }));
    })));
  }

  /**
   * Why the caller's own hidden posts on the page are hidden, from the notices they were given;
   * asked only when the page shows such a post, so a normal thread costs no extra query.
   */
  private Future<Map<Long, String>> hiddenReasons(Caller caller, List<Post> posts) {
    List<Long> own = posts.stream()
        .filter(p -> p.hidden() && !p.deleted() && p.author().id() == caller.id() && permissions.canSeeHiddenPost(caller, p.author().id()))
        .map(Post::id).toList();
    if (own.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return moderation.hiddenReasons(caller, own).map(notices -> {
      Map<Long, String> out = new HashMap<>();
      notices.forEach((id, n) -> out.put(id, n.reason()));
      return out;
    });
  }

  private static void withHiddenReasons(JsonArray nodes, Map<Long, String> reasons) {
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

  /**
   * Shows the branch around a post again with an error in that post's flag form, opened; for a
   * flag the moderation pages could not take (no reason, already flagged, rate limited).
   */
  public void renderFlagError(RoutingContext ctx, Caller caller, Post post, int status, String error) {
    long anchor = post.parentId() == null ? post.id() : post.parentId();
    forum.thread(caller, post.threadId()).compose(thread ->
        forum.branch(caller, post.threadId(), anchor, null, POSTS_PER_PAGE)
            .map(page -> threadModel(ctx, caller, thread, thread.space(), page, 0, true)))
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
            return;
          }
          JsonObject node = findNode(ar.result().getJsonArray("posts"), post.id());
          if (node != null) {
            node.put("flagError", error);
          } else {
            ar.result().put("error", error);
          }
          pages.render(ctx, status, "thread", ar.result());
        });
  }

  private static JsonObject findNode(JsonArray nodes, long id) {
    for (Object o : nodes) {
      JsonObject node = (JsonObject) o;
      if (node.getLong("id") == id) {
        return node;
      }
      JsonObject found = findNode(node.getJsonArray("children"), id);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  JsonObject threadModel(RoutingContext ctx, Caller caller, ForumThread thread, Space space, Page<Post> page, long position,
      boolean focus) {
    boolean canReply = caller.signedIn() && permissions.canReply(caller, thread)
        && (!thread.locked() || permissions.canReplyWhenLocked(caller));
    JsonArray roots = tree(caller, thread, page.items(), canReply);
    return pages.frame(ctx, thread.title())
        .put("thread", thread.toJson())
        .put("spaceName", space.name())
        .put("posts", roots)
        .put("nextCursor", page.nextCursor())
        .put("nextHref", page.nextCursor() == null ? null : "/t/" + thread.id() + "?after=" + java.net.URLEncoder.encode(page.nextCursor(), java.nio.charset.StandardCharsets.UTF_8))
        .put("position", position)
        .put("focus", focus)
        .put("breadcrumbs", crumbs(ctx).add(crumb(space.name(), "/s/" + space.slug())));
  }

  /**
   * Nests a page of posts (depth-first order) into the reply tree. Posts whose parent is not on
   * the page are the page's roots; below {@link #VISIBLE_DEPTH} levels a branch is cut and its
   * parent offers "continue this thread" instead, so deep debates stay readable on a phone.
   */
  JsonArray tree(Caller caller, ForumThread thread, List<Post> posts, boolean canReply) {
    JsonArray roots = new JsonArray();
    Map<Long, JsonObject> byId = new HashMap<>();
    Map<Long, Integer> baseDepth = new HashMap<>();
    java.util.Set<Long> cut = new java.util.HashSet<>();
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
      JsonObject node = postView(caller, thread, p, canReply);
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

  private JsonObject postView(Caller caller, ForumThread thread, Post p, boolean canReply) {
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
        .put("replyCount", p.replyCount())
        .put("canFlag", caller.signedIn() && !p.deleted() && !p.hidden() && permissions.canFlag(caller, p.author().id()));
    if (p.hidden() && !p.deleted() && permissions.canSeeHiddenPost(caller, p.author().id())) {
      // The author reads why (the reason is added from their notices); a moderator is reminded members do not see it.
      node.put(p.author().id() == caller.id() ? "ownHidden" : "hiddenFromMembers", true);
    }
    return node;
  }

  private void reply(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long threadId = Http.idParam(ctx, "id");
    String body = nz(ctx.request().getFormAttribute("body"));
    Long parentId = parseId(ctx.request().getFormAttribute("parentId"));
    JsonBody b = new JsonBody(new JsonObject().put("body", body));
    String checked = b.string("body", 1, 50_000);
    if (checked == null) {
      replyFormWithError(ctx, caller, threadId, parentId, 400, body, pages.text(ctx, "thread.writeSomething"));
      return;
    }
    forum.reply(caller, threadId, parentId, checked).onComplete(ar -> {
      if (ar.succeeded()) {
        Post p = ar.result();
        long anchor = p.parentId() == null ? p.id() : p.parentId();
        pages.redirect(ctx, "/t/" + threadId + "/p/" + anchor + "#p" + p.id());
      } else if (ar.cause() instanceof ApiException e && (e.status() == 400 || e.status() == 423 || e.status() == 429)) {
        retryAfter(ctx, e);
        replyFormWithError(ctx, caller, threadId, parentId, e.status(), body, pages.problem(ctx, e));
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  /** Shows the thread again with the reply form's error next to the field and the draft kept. */
  private void replyFormWithError(RoutingContext ctx, Caller caller, long threadId, Long parentId, int status, String draft,
      String error) {
    forum.thread(caller, threadId).compose(thread ->
        (parentId == null
            ? forum.posts(caller, threadId, ForumService.PostOrder.TREE, null, POSTS_PER_PAGE)
            : forum.branch(caller, threadId, parentId, null, POSTS_PER_PAGE))
            .map(page -> threadModel(ctx, caller, thread, thread.space(), page, 0, parentId != null)
                .put("error", error).put("draft", draft)))
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else {
            pages.render(ctx, status, "thread", ar.result());
          }
        });
  }

  private void vote(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long postId = Http.idParam(ctx, "id");
    int value;
    try {
      value = Integer.parseInt(nz(ctx.request().getFormAttribute("value")));
    } catch (NumberFormatException e) {
      throw ApiException.invalid("value", "must be 1, 0 or -1");
    }
    forum.vote(caller, postId, value).compose(r -> forum.post(caller, postId)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Post p = ar.result();
        pages.redirect(ctx, "/t/" + p.threadId() + "/p/" + (p.parentId() == null ? p.id() : p.parentId()) + "#p" + p.id());
      }
    });
  }

  private void editForm(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    pages.render(ctx, "edit-post", forum.post(caller, Http.idParam(ctx, "id")).map(p -> {
      if (!permissions.canEditPost(caller, p) || p.deleted()) {
        throw ApiException.forbidden("Only the author or a moderator can edit this post.");
      }
      return pages.frame(ctx, pages.text(ctx, "editPost.title")).put("post", p.toJson()).put("form", new JsonObject().put("body", p.body()));
    }));
  }

  private void edit(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long postId = Http.idParam(ctx, "id");
    JsonObject input = new JsonObject().put("body", nz(ctx.request().getFormAttribute("body")))
        .put("reason", nz(ctx.request().getFormAttribute("reason")));
    forum.post(caller, postId).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      Post p = found.result();
      JsonObject model = pages.frame(ctx, pages.text(ctx, "editPost.title")).put("post", p.toJson()).put("form", input);
      JsonBody b = new JsonBody(input);
      String body = b.string("body", 1, 50_000);
      String reason = b.optionalString("reason", 300);
      try {
        b.validate();
      } catch (ApiException e) {
        pages.render(ctx, 400, "edit-post", pages.withErrors(ctx, model, e));
        return;
      }
      forum.edit(caller, postId, body, reason == null || reason.isEmpty() ? null : reason).onComplete(ar -> {
        if (ar.failed() && ar.cause() instanceof ApiException e && (e.status() == 400 || e.status() == 429)) {
          // Over the posting limit (shared with the API's edits) or refused by the new-member
          // rules: the form comes back with the draft kept and the reason above it.
          retryAfter(ctx, e);
          pages.render(ctx, e.status(), "edit-post", pages.withErrors(ctx, model, e));
        } else if (ar.failed()) {
          ctx.fail(ar.cause());
        } else {
          Post edited = ar.result();
          pages.redirect(ctx, "/t/" + edited.threadId() + "/p/" + edited.id() + "#p" + edited.id());
        }
      });
    });
  }

  private void delete(RoutingContext ctx) {
    Caller caller = requireSignedIn(ctx);
    if (caller == null) {
      return;
    }
    long postId = Http.idParam(ctx, "id");
    forum.post(caller, postId).compose(p -> forum.delete(caller, postId).map(p)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Post p = ar.result();
        pages.redirect(ctx, "/t/" + p.threadId() + "/p/" + p.id() + "#p" + p.id());
      }
    });
  }

  /** A post's place in its thread, for links that know only the post (the moderation log, notices). */
  private void permalink(RoutingContext ctx) {
    long postId = Http.idParam(ctx, "id");
    forum.post(AuthHandler.caller(ctx), postId).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Post p = ar.result();
        pages.redirect(ctx, "/t/" + p.threadId() + "/p/" + (p.parentId() == null ? p.id() : p.parentId()) + "#p" + p.id());
      }
    });
  }

  private void revisions(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long postId = Http.idParam(ctx, "id");
    pages.render(ctx, "revisions", forum.post(caller, postId).compose(p ->
        forum.revisions(caller, postId, null, 100).map(page -> {
          JsonArray revs = new JsonArray();
          List<PostRevision> items = new ArrayList<>(page.items());
          java.util.Collections.reverse(items);
          items.forEach(r -> revs.add(r.toJson()));
          return pages.frame(ctx, pages.text(ctx, "revisions.title")).put("post", p.toJson()).put("revisions", revs);
        })));
  }

  /** A refusal for going too fast says when to try again, on a page as in the API. */
  private static void retryAfter(RoutingContext ctx, ApiException e) {
    if (e.retryAfterSeconds() != null) {
      ctx.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
    }
  }

  /** The signed-in caller, or null after redirecting a browser to sign in. */
  private Caller requireSignedIn(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      String back = ctx.request().method().name().equals("GET") ? ctx.request().uri() : "/";
      pages.redirect(ctx, "/login?next=" + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8));
      return null;
    }
    return caller;
  }

  /** The bundle key of a space's visibility, as its page and the home page describe it. */
  static String visibilityLabel(Space s) {
    return switch (s.visibility()) {
      case PUBLIC -> "space.visibility.public";
      case MEMBERS -> "space.visibility.members";
      case GROUP -> "space.visibility.group";
    };
  }

  private JsonArray crumbs(RoutingContext ctx) {
    return new JsonArray().add(crumb(pages.text(ctx, "nav.home"), "/"));
  }

  private static JsonObject crumb(String label, String href) {
    return new JsonObject().put("label", label).put("href", href);
  }

  private static JsonArray splitTags(String raw) {
    JsonArray tags = new JsonArray();
    if (raw != null) {
      Arrays.stream(raw.split(",")).map(String::strip).filter(t -> !t.isEmpty()).map(String::toLowerCase).forEach(tags::add);
    }
    return tags;
  }

  private static Long parseId(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(raw.strip());
      return id > 0 ? id : null;
    } catch (NumberFormatException e) {
      throw ApiException.invalid("parentId", "must be a post of this thread");
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
