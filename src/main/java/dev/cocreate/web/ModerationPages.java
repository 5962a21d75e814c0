package dev.cocreate.web;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.forum.ForumService;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Post;
import dev.cocreate.content.Space;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.moderation.Flag;
import dev.cocreate.moderation.ModerationAction;
import dev.cocreate.moderation.ModerationLog;
import dev.cocreate.moderation.ModerationNotice;
import dev.cocreate.moderation.ModerationService;
import dev.cocreate.access.Permissions;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import dev.cocreate.platform.http.RateLimitPolicy;
import dev.cocreate.platform.http.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The moderators' pages (the queue with its action forms, the audit log), the flag form behind
 * every post and the member's own moderation notices. Forms post back here and redirect, so
 * moderation works without JavaScript; a form that cannot be taken (no reason, another
 * moderator's claim) shows the page again with the error next to that form.
 */
public final class ModerationPages {
  /** Set on the request when the signed-in member has moderation notices; the layout then links them. */
  public static final String HAS_NOTICES = "cocreate.hasNotices";
  static final int QUEUE_PAGE = 20;
  static final int LOG_PAGE = 50;
  static final int REASON_MAX = 1000;
  static final int NOTE_MAX = 1000;

  private static final Map<String, String> FLAG_REASONS = labels(
      "spam", "mod.flagReason.spam",
      "abuse", "mod.flagReason.abuse",
      "off_topic", "mod.flagReason.off_topic",
      "other", "mod.flagReason.other",
      Flag.NEW_MEMBER, "mod.flagReason.new_member");
  /** What a moderator reads in the log and the queue's history. */
  private static final Map<String, String> DONE = labels(
      "hide", "mod.done.hide",
      "unhide", "mod.done.unhide",
      "dismiss_flags", "mod.done.dismiss_flags",
      "lock", "mod.done.lock",
      "unlock", "mod.done.unlock",
      "pin", "mod.done.pin",
      "unpin", "mod.done.unpin",
      "move", "mod.done.move",
      "warn", "mod.done.warn",
      "suspend", "mod.done.suspend",
      "unsuspend", "mod.done.unsuspend",
      "set_role", "mod.done.set_role",
      "auto_hide", "mod.done.auto_hide",
      "hold", "mod.done.hold");
  /** What the member reads about their own content or account. */
  private static final Map<String, String> TOLD = labels(
      "hide", "mod.told.hide",
      "unhide", "mod.told.unhide",
      "auto_hide", "mod.told.auto_hide",
      "hold", "mod.told.hold",
      "lock", "mod.told.lock",
      "unlock", "mod.told.unlock",
      "move", "mod.told.move",
      "warn", "mod.told.warn",
      "suspend", "mod.told.suspend",
      "unsuspend", "mod.told.unsuspend",
      "set_role", "mod.told.set_role");
  /** The page's confirmation after an action form. */
  private static final Map<String, String> CONFIRM = labels(
      "hide", "mod.confirm.hide",
      "dismiss_flags", "mod.confirm.dismiss_flags",
      "lock", "mod.confirm.lock",
      "unlock", "mod.confirm.unlock",
      "pin", "mod.confirm.pin",
      "unpin", "mod.confirm.unpin",
      "move", "mod.confirm.move");

  private final Pages pages;
  private final ForumPages forumPages;
  private final ForumService forum;
  private final SpaceService spaces;
  private final ModerationService moderation;
  private final Permissions permissions;
  private final RateLimiter limiter;
  private final RateLimitPolicy policy;

  public ModerationPages(Pages pages, ForumPages forumPages, ForumService forum, SpaceService spaces,
      ModerationService moderation, Permissions permissions, RateLimiter limiter, RateLimitPolicy policy) {
    this.pages = pages;
    this.forumPages = forumPages;
    this.forum = forum;
    this.spaces = spaces;
    this.moderation = moderation;
    this.permissions = permissions;
    this.limiter = limiter;
    this.policy = policy;
  }

  /** Mount before the other pages: the notice check runs ahead of every page route. */
  public void mount(Router router) {
    router.get().handler(this::noticeIndicator);
    router.get("/mod").handler(this::queue);
    router.post("/mod/actions").handler(this::act);
    router.post("/mod/queue/:targetType/:targetId/claim").handler(ctx -> claim(ctx, true));
    router.post("/mod/queue/:targetType/:targetId/release").handler(ctx -> claim(ctx, false));
    router.get("/mod/log").handler(this::log);
    router.get("/notices").handler(this::notices);
    router.post("/posts/:id/flag").handler(this::flag);
  }

  /** One indexed probe per signed-in page view, so the header links notices only to members who have some. */
  private void noticeIndicator(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn() || !Http.wantsHtml(ctx) || ctx.normalizedPath().startsWith("/static/")) {
      ctx.next();
      return;
    }
    moderation.hasNotices(caller).onComplete(ar -> {
      // A failed probe only costs the link; the page's own queries report the database.
      if (ar.succeeded() && ar.result()) {
        ctx.put(HAS_NOTICES, true);
      }
      ctx.next();
    });
  }

  // The queue

  private void queue(RoutingContext ctx) {
    Caller caller = moderator(ctx);
    if (caller == null) {
      return;
    }
    String cursor = blankToNull(ctx.request().getParam("cursor"));
    queueModel(ctx, caller, cursor).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      pages.render(ctx, "mod-queue", ar.result());
    });
  }

  private Future<JsonObject> queueModel(RoutingContext ctx, Caller caller, String cursor) {
    return moderation.queue(caller, cursor, QUEUE_PAGE).compose(page -> {
      Set<Long> threadIds = new LinkedHashSet<>();
      page.items().forEach(i -> {
        if (i.content() != null) {
          threadIds.add(i.content().getLong("threadId"));
        }
      });
      Future<Map<Long, ForumThread>> threads = forum.threadsById(caller, threadIds);
      Future<List<Space>> allSpaces = spaces.readable(caller);
      return Future.all(threads, allSpaces).map(x -> {
        JsonArray items = new JsonArray();
        page.items().forEach(i -> items.add(queueItem(ctx, caller, i, threads.result(), allSpaces.result(), cursor)));
        return pages.frame(ctx, pages.text(ctx, "modQueue.title"))
            .put("items", items)
            .put("cursor", cursor)
            .put("nextCursor", page.nextCursor())
            .put("nextHref", page.nextCursor() == null ? null : "/mod?cursor=" + encode(page.nextCursor()))
            .put("onQueue", true);
      });
    });
  }

  private JsonObject queueItem(RoutingContext ctx, Caller caller, ModerationService.QueueItem item, Map<Long, ForumThread> threads,
      List<Space> allSpaces, String cursor) {
    String key = item.targetType() + "-" + item.targetId();
    JsonObject view = new JsonObject()
        .put("key", key)
        .put("targetType", item.targetType())
        .put("targetId", item.targetId())
        .put("firstFlaggedAt", iso(item.firstFlaggedAt()))
        .put("flagCount", item.flags().size())
        .put("oneFlag", item.flags().size() == 1)
        .put("logHref", "/mod/log?targetType=" + item.targetType() + "&targetId=" + item.targetId());

    Map<String, Integer> counts = new LinkedHashMap<>();
    JsonArray flags = new JsonArray();
    for (Flag f : item.flags()) {
      counts.merge(f.reason(), 1, Integer::sum);
      flags.add(new JsonObject()
          .put("by", f.flaggerId() == null ? null
              : new JsonObject().put("username", f.flaggerUsername()).put("displayName", f.flaggerDisplayName()))
          .put("reasonLabel", label(ctx, FLAG_REASONS, f.reason()))
          .put("note", f.note())
          .put("at", iso(f.createdAt())));
    }
    JsonArray reasons = new JsonArray();
    counts.forEach((reason, n) -> reasons.add(new JsonObject().put("reason", reason)
        .put("label", label(ctx, FLAG_REASONS, reason)).put("count", n)));
    view.put("reasons", reasons).put("flags", flags);

    JsonObject post = item.content();
    ForumThread thread = post == null ? null : threads.get(post.getLong("threadId"));
    if (post != null) {
      long postId = post.getLong("id");
      long anchor = post.getLong("parentId") == null ? postId : post.getLong("parentId");
      view.put("content", post).put("postHref", "/t/" + post.getLong("threadId") + "/p/" + anchor + "#p" + postId);
    }
    if (item.author() != null) {
      ModerationService.AuthorHistory a = item.author();
      JsonArray history = new JsonArray();
      a.previousActions().forEach(e -> history.add(entryView(ctx, e, Map.of(), Map.of())));
      view.put("author", new JsonObject().put("username", a.username()).put("displayName", a.displayName())
          .put("trustLevel", a.trustLevel()).put("postCount", a.postCount()).put("flagsUpheld", a.flagsUpheld())
          .put("previousActions", history));
    }
    JsonArray previous = new JsonArray();
    item.previousActions().forEach(e -> previous.add(entryView(ctx, e, Map.of(), Map.of())));
    view.put("previousActions", previous);

    if (item.claim() != null) {
      ModerationService.Claim c = item.claim();
      view.put("claim", new JsonObject().put("username", c.moderatorUsername()).put("until", iso(c.until()))
          .put("mine", c.moderatorId() == caller.id()));
    }
    String claimBase = "/mod/queue/" + item.targetType() + "/" + item.targetId();
    view.put("claimAction", claimBase + "/claim").put("releaseAction", claimBase + "/release");

    JsonArray postActions = new JsonArray();
    if (post != null && !post.getBoolean("deleted", false)) {
      postActions.add(actionForm(ctx, key, "hide", "post", item.targetId(), "modQueue.hide", "modQueue.hideReason")
          .put("danger", true));
    }
    postActions.add(actionForm(ctx, key, "dismiss_flags", "post", item.targetId(), "modQueue.dismiss", "modQueue.dismissReason"));
    view.put("postActions", postActions);

    if (thread != null) {
      boolean opening = thread.firstPostId() != null && thread.firstPostId() == item.targetId();
      view.put("thread", new JsonObject().put("id", thread.id()).put("title", thread.title())
          .put("spaceName", thread.space().name()).put("spaceSlug", thread.space().slug())
          .put("locked", thread.locked()).put("pinned", thread.pinned()).put("opening", opening));
      JsonArray threadActions = new JsonArray()
          .add(actionForm(ctx, key, thread.locked() ? "unlock" : "lock", "thread", thread.id(),
              thread.locked() ? "modQueue.unlock" : "modQueue.lock",
              thread.locked() ? "modQueue.unlockReason" : "modQueue.lockReason"))
          .add(actionForm(ctx, key, thread.pinned() ? "unpin" : "pin", "thread", thread.id(),
              thread.pinned() ? "modQueue.unpin" : "modQueue.pin",
              thread.pinned() ? "modQueue.unpinReason" : "modQueue.pinReason"));
      JsonArray destinations = new JsonArray();
      allSpaces.stream().filter(s -> s.id() != thread.space().id())
          .forEach(s -> destinations.add(new JsonObject().put("slug", s.slug()).put("name", s.name())));
      if (!destinations.isEmpty()) {
        threadActions.add(actionForm(ctx, key, "move", "thread", thread.id(), "modQueue.move", "modQueue.moveReason")
            .put("spaces", destinations));
      }
      view.put("threadActions", threadActions);
    }
    view.put("cursor", cursor);
    return view;
  }

  /** One small form of the queue: an action on a target, with its own labelled reason field. */
  private JsonObject actionForm(RoutingContext ctx, String itemKey, String action, String targetType, long targetId,
      String buttonKey, String labelKey) {
    String fieldId = "reason-" + itemKey + "-" + action;
    return new JsonObject()
        .put("item", itemKey)
        .put("action", action)
        .put("errorKey", errorKey(action))
        .put("targetType", targetType)
        .put("targetId", targetId)
        .put("button", pages.text(ctx, buttonKey))
        .put("label", pages.text(ctx, labelKey))
        .put("fieldId", fieldId)
        .put("spaceFieldId", "space-" + itemKey);
  }

  /** Lock and unlock (pin and unpin) share one form slot, so an error lands where the form is. */
  private static String errorKey(String action) {
    return switch (action) {
      case "unlock" -> "lock";
      case "unpin" -> "pin";
      default -> action;
    };
  }

  private void act(RoutingContext ctx) {
    Caller caller = moderator(ctx);
    if (caller == null) {
      return;
    }
    var form = ctx.request().formAttributes();
    ModerationAction action = ModerationAction.of(nz(form.get("action")));
    String targetType = nz(form.get("targetType"));
    if (action == null || !action.targetType().equals(targetType) || action == ModerationAction.WARN) {
      throw ApiException.badRequest("That is not an action the queue offers.");
    }
    long targetId = parseId(form.get("targetId"));
    String item = safeItemKey(form.get("item"));
    String cursor = blankToNull(form.get("cursor"));
    String reason = nz(form.get("reason")).strip();
    String toSpace = blankToNull(form.get("toSpace"));
    String error = null;
    if (reason.isEmpty()) {
      error = pages.text(ctx, "modQueue.reasonRequired");
    } else if (reason.codePointCount(0, reason.length()) > REASON_MAX) {
      error = pages.text(ctx, "modQueue.reasonTooLong", "max", REASON_MAX);
    } else if (action == ModerationAction.MOVE && toSpace == null) {
      error = pages.text(ctx, "modQueue.chooseSpace");
    }
    if (error != null) {
      queueWithError(ctx, caller, cursor, 400, item, errorKey(action.wire()), error, reason);
      return;
    }
    moderation.act(caller, new ModerationService.ActionRequest(action, targetType, targetId, reason,
        action == ModerationAction.MOVE ? toSpace : null)).onComplete(ar -> {
          if (ar.succeeded()) {
            String anchor = action == ModerationAction.HIDE || action == ModerationAction.DISMISS_FLAGS || item == null
                ? "" : "#item-" + item;
            if (CONFIRM.containsKey(action.wire())) {
              pages.flashNotice(ctx, pages.text(ctx, CONFIRM.get(action.wire())));
            }
            pages.redirect(ctx, "/mod" + (cursor == null ? "" : "?cursor=" + encode(cursor)) + anchor);
          } else if (ar.cause() instanceof ApiException e && e.status() < 500 && e.status() != 401 && e.status() != 403) {
            queueWithError(ctx, caller, cursor, e.status(), item, errorKey(action.wire()), message(ctx, e), reason);
          } else {
            ctx.fail(ar.cause());
          }
        });
  }

  private void claim(RoutingContext ctx, boolean take) {
    Caller caller = moderator(ctx);
    if (caller == null) {
      return;
    }
    String targetType = ctx.pathParam("targetType");
    if (!"post".equals(targetType)) {
      throw ApiException.notFound("queue item");
    }
    long targetId = Http.idParam(ctx, "targetId");
    String item = targetType + "-" + targetId;
    String cursor = blankToNull(ctx.request().getFormAttribute("cursor"));
    Future<?> done = take ? moderation.claim(caller, targetType, targetId) : moderation.release(caller, targetType, targetId);
    done.onComplete(ar -> {
      if (ar.succeeded()) {
        pages.redirect(ctx, "/mod" + (cursor == null ? "" : "?cursor=" + encode(cursor)) + "#item-" + item);
      } else if (ar.cause() instanceof ApiException e && (e.status() == 404 || e.status() == 409)) {
        queueWithError(ctx, caller, cursor, e.status(), item, null, message(ctx, e), null);
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  /**
   * The queue again, with an error on one item: next to the form that failed ({@code errorKey}),
   * or at the top of the item when the error is about the item itself (a claim).
   */
  private void queueWithError(RoutingContext ctx, Caller caller, String cursor, int status, String item, String errorKey,
      String error, String reason) {
    queueModel(ctx, caller, cursor).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonObject model = ar.result();
      JsonObject target = null;
      for (Object o : model.getJsonArray("items")) {
        if (((JsonObject) o).getString("key").equals(item)) {
          target = (JsonObject) o;
        }
      }
      JsonObject form = target == null || errorKey == null ? null : findForm(target, errorKey);
      if (form != null) {
        form.put("error", error).put("reason", reason);
        if (form.getString("targetType").equals("thread")) {
          target.put("threadActionsOpen", true);
        }
      } else if (target != null) {
        target.put("error", error);
      } else {
        model.put("error", error);
      }
      pages.render(ctx, status, "mod-queue", model);
    });
  }

  private static JsonObject findForm(JsonObject item, String errorKey) {
    for (String group : new String[] {"postActions", "threadActions"}) {
      JsonArray forms = item.getJsonArray(group);
      if (forms == null) {
        continue;
      }
      for (Object o : forms) {
        if (((JsonObject) o).getString("errorKey").equals(errorKey)) {
          return (JsonObject) o;
        }
      }
    }
    return null;
  }

  // The log

  private void log(RoutingContext ctx) {
    Caller caller = moderator(ctx);
    if (caller == null) {
      return;
    }
    String cursor = blankToNull(ctx.request().getParam("cursor"));
    String targetType = blankToNull(ctx.request().getParam("targetType"));
    String rawId = blankToNull(ctx.request().getParam("targetId"));
    Long targetId = null;
    if (targetType != null || rawId != null) {
      if (!Set.of("post", "thread", "user").contains(nz(targetType))) {
        throw ApiException.invalid("targetType", "must be post, thread or user, together with targetId");
      }
      targetId = parseId(rawId);
    }
    Long onlyId = targetId;
    pages.render(ctx, "mod-log", moderation.log(caller, cursor, LOG_PAGE, targetType, targetId).compose(page -> {
      Set<Long> threadIds = new LinkedHashSet<>();
      Set<Long> userIds = new LinkedHashSet<>();
      page.items().forEach(e -> {
        if (e.targetType().equals("thread")) {
          threadIds.add(e.targetId());
        } else if (e.targetType().equals("user")) {
          userIds.add(e.targetId());
        }
      });
      Future<Map<Long, ForumThread>> threads = forum.threadsById(caller, threadIds);
      Future<Map<Long, User>> users = moderation.members(caller, new ArrayList<>(userIds));
      return Future.all(threads, users).map(x -> {
        JsonArray entries = new JsonArray();
        page.items().forEach(e -> entries.add(entryView(ctx, e, threads.result(), users.result())));
        String filter = targetType == null ? null : "targetType=" + targetType + "&targetId=" + onlyId;
        JsonObject model = pages.frame(ctx, pages.text(ctx, "modLog.title"))
            .put("entries", entries)
            .put("onLog", true)
            .put("filtered", filter != null)
            .put("filterLabel", filter == null ? null : targetLabel(ctx, targetType, onlyId, threads.result(), users.result()));
        if (page.nextCursor() != null) {
          model.put("nextHref", "/mod/log?cursor=" + encode(page.nextCursor()) + (filter == null ? "" : "&" + filter));
        }
        return model;
      });
    }));
  }

  private JsonObject entryView(RoutingContext ctx, ModerationLog.Entry e, Map<Long, ForumThread> threads, Map<Long, User> users) {
    return new JsonObject()
        .put("id", e.id())
        .put("at", iso(e.at()))
        .put("actor", e.actorId() == null ? null
            : new JsonObject().put("username", e.actorUsername()).put("displayName", e.actorDisplayName()))
        .put("action", e.action())
        .put("actionLabel", label(ctx, DONE, e.action()))
        .put("targetLabel", targetLabel(ctx, e.targetType(), e.targetId(), threads, users))
        .put("targetHref", targetHref(e.targetType(), e.targetId(), users))
        .put("reason", e.reason());
  }

  private String targetLabel(RoutingContext ctx, String type, long id, Map<Long, ForumThread> threads,
      Map<Long, User> users) {
    // Ids are passed as text: they are names, not quantities to group by thousands.
    String number = Long.toString(id);
    return switch (type) {
      case "post" -> pages.text(ctx, "modQueue.postNumber", "id", number);
      case "thread" -> threads.containsKey(id) ? pages.text(ctx, "modLog.threadTitled", "title", threads.get(id).title())
          : pages.text(ctx, "modLog.threadNumber", "id", number);
      case "user" -> users.containsKey(id) ? "@" + users.get(id).username() : pages.text(ctx, "modLog.memberNumber", "id", number);
      default -> type + " #" + id;
    };
  }

  private static String targetHref(String type, long id, Map<Long, User> users) {
    return switch (type) {
      case "post" -> "/posts/" + id;
      case "thread" -> "/t/" + id;
      case "user" -> users.containsKey(id) ? "/u/" + users.get(id).username() : null;
      default -> null;
    };
  }

  // A member's notices

  private void notices(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      pages.redirect(ctx, "/login?next=" + encode("/notices"));
      return;
    }
    String cursor = blankToNull(ctx.request().getParam("cursor"));
    pages.render(ctx, "notices", moderation.notices(caller, cursor, QUEUE_PAGE, null).map(page -> {
      JsonArray items = new JsonArray();
      for (ModerationNotice n : page.items()) {
        items.add(new JsonObject()
            .put("id", n.id())
            .put("at", iso(n.at()))
            .put("action", n.action())
            .put("label", TOLD.containsKey(n.action()) ? pages.text(ctx, TOLD.get(n.action()))
                : pages.text(ctx, "mod.told.other", "action", n.action()))
            .put("reason", n.reason())
            .put("targetHref", n.targetType().equals("user") ? null : targetHref(n.targetType(), n.targetId(), Map.of()))
            .put("targetLabel", switch (n.targetType()) {
              case "post" -> pages.text(ctx, "notices.seePost");
              case "thread" -> pages.text(ctx, "notices.seeThread");
              default -> null;
            }));
      }
      JsonObject model = pages.frame(ctx, pages.text(ctx, "notices.title")).put("notices", items);
      if (page.nextCursor() != null) {
        model.put("nextHref", "/notices?cursor=" + encode(page.nextCursor()));
      }
      return model;
    }));
  }

  // Flagging a post

  private void flag(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      pages.redirect(ctx, "/login");
      return;
    }
    long postId = Http.idParam(ctx, "id");
    String reason = nz(ctx.request().getFormAttribute("reason"));
    String note = nz(ctx.request().getFormAttribute("note")).strip();
    forum.post(caller, postId).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      Post post = found.result();
      String error = null;
      if (!Flag.REASONS.contains(reason)) {
        error = pages.text(ctx, "flag.chooseReason");
      } else if (reason.equals("other") && note.isEmpty()) {
        error = pages.text(ctx, "flag.noteRequired");
      } else if (note.codePointCount(0, note.length()) > NOTE_MAX) {
        error = pages.text(ctx, "flag.noteTooLong", "max", NOTE_MAX);
      }
      if (error != null) {
        forumPages.renderFlagError(ctx, caller, post, 400, error);
        return;
      }
      Future<Flag> flagged;
      try {
        policy.check(limiter, RateLimitPolicy.Action.FLAG, caller.user().trustLevel(), permissions.isModerator(caller), caller.id());
        flagged = moderation.flagPost(caller, postId, reason, note.isEmpty() ? null : note);
      } catch (ApiException e) {
        flagged = Future.failedFuture(e);
      }
      flagged.onComplete(ar -> {
        if (ar.succeeded()) {
          long anchor = post.parentId() == null ? post.id() : post.parentId();
          pages.flashNotice(ctx, pages.text(ctx, "flag.thanks"));
          pages.redirect(ctx, "/t/" + post.threadId() + "/p/" + anchor + "#p" + post.id());
        } else if (ar.cause() instanceof ApiException e && (e.status() == 400 || e.status() == 403 || e.status() == 409
            || e.status() == 429)) {
          if (e.retryAfterSeconds() != null) {
            ctx.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
          }
          forumPages.renderFlagError(ctx, caller, post, e.status(), message(ctx, e));
        } else {
          ctx.fail(ar.cause());
        }
      });
    });
  }

  // Helpers

  /** The signed-in moderator; anonymous visitors are sent to sign in, members get 403. */
  private Caller moderator(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      String back = ctx.request().method().name().equals("GET") ? ctx.request().uri() : "/mod";
      pages.redirect(ctx, "/login?next=" + encode(back));
      return null;
    }
    if (!permissions.canModerate(caller)) {
      throw new ApiException(403, "forbidden", "Moderators only", "Only moderators can see the moderation queue and log.");
    }
    return caller;
  }

  private String message(RoutingContext ctx, ApiException e) {
    return pages.problem(ctx, e);
  }

  /** A code's label from one of the maps above, in the page's language; an unknown code shows as itself. */
  private String label(RoutingContext ctx, Map<String, String> keys, String code) {
    String key = keys.get(code);
    return key == null ? code : pages.text(ctx, key);
  }

  /** The queue item a form came from, as the page named it; anything else is ignored. */
  private static String safeItemKey(String raw) {
    return raw != null && raw.matches("(post|thread|user)-[0-9]{1,19}") ? raw : null;
  }

  private static long parseId(String raw) {
    try {
      long id = Long.parseLong(nz(raw).strip());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // falls through
    }
    throw ApiException.invalid("targetId", "must be an id");
  }

  private static String iso(java.time.OffsetDateTime t) {
    return dev.cocreate.platform.json.Times.iso(t);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Map<String, String> labels(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return Map.copyOf(out);
  }
}
