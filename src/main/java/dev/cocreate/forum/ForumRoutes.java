package dev.cocreate.forum;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.limitParam;
import static dev.cocreate.platform.http.Http.respond;
import static dev.cocreate.platform.http.Http.respondNoContent;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Post;
import dev.cocreate.content.Space;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.platform.paging.Page;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * /api/spaces, /api/threads and /api/posts: parse, authenticate, call the services, respond. The
 * posting and voting limits are the service's, shared with the pages.
 */
public final class ForumRoutes {
  static final Pattern SPACE_SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");
  private final SpaceService spaces;
  private final ForumService forum;
  private final CachedThreadReads cached;

  public ForumRoutes(SpaceService spaces, ForumService forum, CachedThreadReads cached) {
    this.spaces = spaces;
    this.forum = forum;
    this.cached = cached;
  }

  public void mount(Router api) {
    api.get("/spaces").handler(this::listSpaces);
    api.post("/spaces").handler(this::createSpace);
    api.get("/spaces/:slug").handler(this::space);
    api.patch("/spaces/:slug").handler(this::updateSpace);
    api.put("/spaces/:slug/members/:username").handler(this::putMember);
    api.delete("/spaces/:slug/members/:username").handler(this::removeMember);
    api.get("/spaces/:slug/threads").handler(this::threads);
    api.post("/threads").handler(this::createThread);
    api.get("/threads/:id").handler(this::thread);
    api.get("/threads/:id/posts").handler(this::posts);
    api.post("/threads/:id/posts").handler(this::reply);
    api.post("/threads/:id/read").handler(this::markRead);
    api.get("/posts/:id").handler(this::post);
    api.patch("/posts/:id").handler(this::edit);
    api.delete("/posts/:id").handler(this::delete);
    api.post("/posts/:id/restore").handler(this::restore);
    api.get("/posts/:id/revisions").handler(this::revisions);
    api.put("/posts/:id/vote").handler(this::vote);
  }

  private void listSpaces(RoutingContext ctx) {
    respond(ctx, spaces.readable(AuthHandler.caller(ctx)), list -> new Page<>(list, null).toJson(Space::toJson));
  }

  private void space(RoutingContext ctx) {
    respond(ctx, spaces.space(AuthHandler.caller(ctx), ctx.pathParam("slug")), Space::toJson);
  }

  private void createSpace(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String slug = b.matching("slug", SPACE_SLUG, "must be 1 to 40 characters of a-z, 0-9 and -, not starting or ending with -", 1, 40);
    String name = b.string("name", 1, 80);
    String description = b.optionalString("description", 2000);
    String visibility = b.oneOf("visibility", Set.of("public", "members", "group"), true);
    List<String> members = b.strings("groupMembers", 1000, 32);
    b.validate();
    respond(ctx, 201, spaces.create(c, new SpaceService.NewSpace(slug, name, description == null ? "" : description,
        Space.Visibility.of(visibility), members)), SpaceService.SpaceDetail::toJson);
  }

  private void updateSpace(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String name = b.has("name") ? b.string("name", 1, 80) : null;
    String description = b.optionalString("description", 2000);
    String visibility = b.oneOf("visibility", Set.of("public", "members", "group"), false);
    if (!b.has("name") && !b.has("description") && !b.has("visibility")) {
      b.error("visibility", "give at least one of name, description, visibility");
    }
    b.validate();
    respond(ctx, spaces.update(c, ctx.pathParam("slug"), new SpaceService.SpaceUpdate(name, description,
        visibility == null ? null : Space.Visibility.of(visibility))), SpaceService.SpaceDetail::toJson);
  }

  private void putMember(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, spaces.putMember(c, ctx.pathParam("slug"), ctx.pathParam("username")), SpaceService.SpaceDetail::toJson);
  }

  private void removeMember(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respondNoContent(ctx, spaces.removeMember(c, ctx.pathParam("slug"), ctx.pathParam("username")));
  }

  private void threads(RoutingContext ctx) {
    ThreadRepository.Sort sort = enumParam(ctx, "sort", ThreadRepository.Sort.class, ThreadRepository.Sort.LATEST);
    int limit = limitParam(ctx);
    respond(ctx, forum.threads(AuthHandler.caller(ctx), ctx.pathParam("slug"), sort, cursorParam(ctx), limit),
        page -> page.toJson(ForumThread::toViewerJson));
  }

  private void createThread(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    ForumService.NewThread req = ForumService.NewThread.from(body(ctx));
    respond(ctx, 201, forum.createThread(c, req), ForumService.CreatedThread::toJson);
  }

  private void thread(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    respond(ctx, forum.thread(AuthHandler.caller(ctx), id), ForumThread::toViewerJson);
  }

  private void posts(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    ForumService.PostOrder order = enumParam(ctx, "order", ForumService.PostOrder.class, ForumService.PostOrder.TREE);
    int limit = limitParam(ctx);
    Caller caller = AuthHandler.caller(ctx);
    // A visitor's answer may come from memory; the stamp is taken before anything is read (see ThreadPageCache).
    ThreadPageCache.Key key = cached.jsonKey(ctx, id);
    if (key == null) {
      respond(ctx, forum.posts(caller, id, order, cursorParam(ctx), limit), page -> page.toJson(Post::toJson));
      return;
    }
    if (cached.serveJson(ctx, key)) {
      return;
    }
    long stamp = cached.stamp();
    forum.thread(caller, id).compose(t -> forum.posts(caller, t, order, cursorParam(ctx), limit)
        .map(page -> new ThreadPosts(t, page.toJson(Post::toJson)))).onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
            return;
          }
          ThreadPosts read = ar.result();
          cached.keepAndSendJson(ctx, key, stamp, read.thread().space().id(),
              CachedThreadReads.authors(read.thread().author().id(), read.json().getJsonArray("items")), read.json());
        });
  }

  private record ThreadPosts(ForumThread thread, JsonObject json) {}

  private void reply(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long threadId = idParam(ctx, "id");
    NewReply reply = NewReply.from(body(ctx));
    respond(ctx, 201, forum.reply(c, threadId, reply), Post::toJson);
  }

  private void post(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    respond(ctx, forum.post(AuthHandler.caller(ctx), id), Post::toJson);
  }

  private void edit(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    PostEdit edit = PostEdit.from(body(ctx));
    respond(ctx, forum.edit(c, id, edit), Post::toJson);
  }

  private void delete(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    respondNoContent(ctx, forum.delete(c, id));
  }

  private void restore(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    respond(ctx, forum.restore(c, id), Post::toJson);
  }

  private void revisions(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    int limit = limitParam(ctx);
    respond(ctx, forum.revisions(AuthHandler.caller(ctx), id, cursorParam(ctx), limit), page -> page.toJson(PostRevision::toJson));
  }

  private void vote(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    respond(ctx, forum.vote(c, id, PostVote.from(body(ctx))), ForumService.VoteResult::toJson);
  }

  private void markRead(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    JsonBody b = body(ctx);
    Long postId = b.requiredLong("postId");
    b.validate();
    respond(ctx, forum.markRead(c, id, postId), at -> new JsonObject().put("readPostId", at));
  }

  private static String cursorParam(RoutingContext ctx) {
    String c = ctx.request().getParam("cursor");
    return c == null || c.isEmpty() ? null : c;
  }

  private static <E extends Enum<E>> E enumParam(RoutingContext ctx, String name, Class<E> type, E fallback) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(raw)) {
        return e;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.name().toLowerCase(Locale.ROOT));
    }
    throw ApiException.invalid(name, "must be one of " + String.join(", ", allowed));
  }
}
