package dev.cocreate.site;

import dev.cocreate.account.AccountService;
import dev.cocreate.account.User;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /u/:username}: a member's public profile. */
final class ProfilePage {
  private final Pages pages;
  private final AccountService accounts;

  ProfilePage(Pages pages, AccountService accounts) {
    this.pages = pages;
    this.accounts = accounts;
  }

  /** What profile.hbs reads besides the frame: the member, their role in words. */
  record View(User member, String roleLabel, List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      return frame.put("profile", member.toJson().put("roleLabel", roleLabel)).put("breadcrumbs", Crumb.toJson(breadcrumbs));
    }
  }

  void show(RoutingContext ctx) {
    pages.render(ctx, "profile", accounts.byUsername(ctx.pathParam("username")).map(u ->
        new View(u, roleLabel(ctx, u.role()), pages.trail(ctx)).into(pages.frame(ctx, u.displayName() + " (@" + u.username() + ")"))));
  }

  private String roleLabel(RoutingContext ctx, String role) {
    return switch (role) {
      case "admin" -> pages.text(ctx, "role.admin");
      case "moderator" -> pages.text(ctx, "role.moderator");
      case "member" -> pages.text(ctx, "role.member");
      default -> role;
    };
  }
}
