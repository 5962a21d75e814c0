package dev.cocreate.site;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AccountService;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.challenge.IdeaService;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.MemberPosts;
import dev.cocreate.moderation.MemberModeration;
import dev.cocreate.moderation.MemberRestriction;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.reputation.BadgeRule;
import dev.cocreate.reputation.BadgeTexts;
import dev.cocreate.reputation.ReputationService;
import dev.cocreate.web.Avatars;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.PageZone;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code /u/:username}: a member's public profile, and for the moderators who may act on the member
 * the forms that suspend or silence them and lift either. The forms post here, and a refusal comes
 * back to this page with the moderator's input and the errors.
 */
final class ProfilePage {
  private final Pages pages;
  private final AccountService accounts;
  private final MemberModeration members;
  private final Permissions permissions;
  private final ForumService forum;
  private final MemberPosts posts;
  private final IdeaService ideas;
  private final ReputationService reputation;
  private final BadgeTexts badgeTexts;

  ProfilePage(Pages pages, AccountService accounts, MemberModeration members, Permissions permissions, ForumService forum,
      MemberPosts posts, IdeaService ideas, ReputationService reputation) {
    this.reputation = reputation;
    this.badgeTexts = new BadgeTexts(pages);
    this.forum = forum;
    this.posts = posts;
    this.ideas = ideas;
    this.pages = pages;
    this.accounts = accounts;
    this.members = members;
    this.permissions = permissions;
  }

  /** Posts and supports shown at a time on a profile. */
  static final int ACTIVITY_PAGE = 10;

  /** Which restriction a moderator's form sets or lifts. */
  enum Restriction { SUSPENSION, SILENCE }

  /**
   * What profile.hbs reads besides the frame: the member, their role in words, whether the viewer
   * may act on them, and a refused form's input and errors ({@code form} names which form).
   */
  record View(User member, String roleLabel, String bioHtml, JsonObject activity, JsonObject reputationBreakdown,
      JsonArray badges, boolean canAct, String form, JsonObject values, JsonObject errors, String error, List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      JsonObject profile = member.toJson().put("reputationBreakdown", reputationBreakdown).put("badges", badges).put("roleLabel", roleLabel).put("bioHtml", bioHtml).put("avatarSrc", Avatars.of(member));
      if (member.isSuspended()) {
        profile.put("suspensionReason", member.suspensionReason());
      }
      if (member.isSilenced()) {
        profile.put("silenceReason", member.silenceReason());
      }
      frame.put("profile", profile).put("activity", activity).put("canAct", canAct).put("breadcrumbs", Crumb.toJson(breadcrumbs));
      if (form != null) {
        frame.put(form, new JsonObject().put("values", values).put("errors", errors).put("error", error));
      }
      return frame;
    }
  }

  void show(RoutingContext ctx) {
    String asked = ctx.pathParam("username");
    accounts.byUsername(asked).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (!ar.result().username().equals(asked)) {
        // One address per member: /u/alice and /u/ALICE lead to the name as its member spells it.
        String query = ctx.request().query();
        ctx.response().setStatusCode(301).putHeader("Location", "/u/" + FormValues.encode(ar.result().username())
            + (query == null || query.isEmpty() ? "" : "?" + query)).end();
      } else {
        render(ctx, 200, ar.result(), null, null, null, null);
      }
    });
  }

  void suspend(RoutingContext ctx) {
    restrict(ctx, Restriction.SUSPENSION);
  }

  void silence(RoutingContext ctx) {
    restrict(ctx, Restriction.SILENCE);
  }

  void liftSuspension(RoutingContext ctx) {
    lift(ctx, Restriction.SUSPENSION);
  }

  void liftSilence(RoutingContext ctx) {
    lift(ctx, Restriction.SILENCE);
  }

  private void restrict(RoutingContext ctx, Restriction which) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    String username = ctx.pathParam("username");
    FormFields form = FormFields.of(ctx);
    MemberRestriction r;
    try {
      // A restriction is confirmed by a box the moderator ticks, so it works without JavaScript.
      if (!"on".equals(ctx.request().getFormAttribute("confirm"))) {
        form.error("confirm", "must be ticked to confirm");
      }
      r = MemberRestriction.from(form, OffsetDateTime.now(), PageZone.of(ctx));
    } catch (ApiException e) {
      formAgain(ctx, username, which, e);
      return;
    }
    Future<User> done = which == Restriction.SUSPENSION
        ? members.suspend(caller, username, r.until(), r.reason())
        : members.silence(caller, username, r);
    pages.afterSubmit(ctx, done.onSuccess(u -> pages.flashNotice(ctx, pages.text(ctx,
            which == Restriction.SUSPENSION ? "profile.suspended" : "profile.silenced"))),
        u -> "/u/" + FormValues.encode(u.username()), status -> status == 400 || status == 409,
        e -> formAgain(ctx, username, which, e));
  }

  private void lift(RoutingContext ctx, Restriction which) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    String username = ctx.pathParam("username");
    Future<User> done = which == Restriction.SUSPENSION ? members.unsuspend(caller, username) : members.unsilence(caller, username);
    pages.afterSubmit(ctx, done.onSuccess(u -> pages.flashNotice(ctx, pages.text(ctx,
            which == Restriction.SUSPENSION ? "profile.suspensionLifted" : "profile.silenceLifted"))),
        u -> "/u/" + FormValues.encode(u.username()), status -> false, e -> {});
  }

  private void formAgain(RoutingContext ctx, String username, Restriction which, ApiException e) {
    JsonObject values = new JsonObject().put("until", nonNull(ctx.request().getFormAttribute("until")))
        .put("reason", nonNull(ctx.request().getFormAttribute("reason")));
    accounts.byUsername(username).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonObject shown = pages.withErrors(ctx, new JsonObject(), e);
      render(ctx, e.status(), ar.result(), which == Restriction.SUSPENSION ? "suspendForm" : "silenceForm", values,
          shown.getJsonObject("errors"), shown.getString("error"));
    });
  }

  private void render(RoutingContext ctx, int status, User member, String form, JsonObject values, JsonObject errors,
      String error) {
    Caller viewer = AuthHandler.caller(ctx);
    boolean canAct = permissions.canActOnMember(viewer, member) && viewer.id() != member.id();
    // The bio is Markdown, rendered and sanitized by the posts' own pipeline.
    Future<String> bio = member.bio() == null || member.bio().isBlank() ? Future.succeededFuture(null)
        : forum.render(member.bio()).map(r -> r.html());
    Future<JsonObject> activity;
    try {
      // Each list pages on its own (?posts=, ?supports=), with what the viewer may read only.
      activity = Future.all(posts.of(viewer, member.id(), ctx.request().getParam("posts"), ACTIVITY_PAGE),
              ideas.supportedBy(viewer, member.username(), ctx.request().getParam("supports"), ACTIVITY_PAGE))
          .map(all -> new JsonObject()
              .put("posts", withNextHref(all.resultAt(0), member, "posts"))
              .put("supports", withNextHref(all.resultAt(1), member, "supports")));
    } catch (ApiException badCursor) {
      activity = Future.failedFuture(badCursor);
    }
    Future<JsonObject> earned = reputation.breakdown(member.id()).map(ReputationService::toJson);
    Future<JsonArray> badges = reputation.badges(member.id()).map(held -> badgeTexts.shown(ctx, BadgeRule.toJson(held)));
    Future.all(bio, activity, earned, badges).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonObject frame = pages.frame(ctx, member.displayName() + " (@" + member.username() + ")");
      pages.render(ctx, status, "profile", new View(member, roleLabel(ctx, member.role()), ar.result().resultAt(0),
          ar.result().resultAt(1), ar.result().resultAt(2), ar.result().resultAt(3), canAct, form, values, errors, error, pages.trail(ctx)).into(frame));
    });
  }

  /** The pager's link to a list's next page, the other list starting over. */
  private static JsonObject withNextHref(JsonObject page, User member, String list) {
    String next = page.getString("nextCursor");
    return next == null ? page
        : page.put("nextHref", "/u/" + FormValues.encode(member.username()) + "?" + list + "=" + next + "#" + list + "-heading");
  }

  private String roleLabel(RoutingContext ctx, String role) {
    return switch (role) {
      case "admin" -> pages.text(ctx, "role.admin");
      case "moderator" -> pages.text(ctx, "role.moderator");
      case "member" -> pages.text(ctx, "role.member");
      default -> role;
    };
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
