package dev.cocreate.admin;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.Invite;
import dev.cocreate.account.Invites;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/settings}: the site settings form and the invitation codes, for admins. Works
 * without JavaScript; a refused form comes back as posted, each error beside its field.
 */
final class AdminSettingsPage {
  static final int RECENT_INVITES = 20;
  private static final Map<String, String> THRESHOLD_LABELS = Map.of(
      "daysVisited", "admin.tl.daysVisited",
      "postsRead", "admin.tl.postsRead",
      "replies", "admin.tl.replies",
      "votesGiven", "admin.tl.votesGiven",
      "votesReceived", "admin.tl.votesReceived",
      "maxFlagsUpheld", "admin.tl.maxFlagsUpheld");

  private final Pages pages;
  private final SiteSettingsService settings;
  private final Invites invites;
  private final Permissions permissions;

  AdminSettingsPage(Pages pages, SiteSettingsService settings, Invites invites, Permissions permissions) {
    this.pages = pages;
    this.settings = settings;
    this.invites = invites;
    this.permissions = permissions;
  }

  /**
   * What admin-settings.hbs reads besides the frame: the form, the recent invitations, the one
   * just made (once), and the settings' version.
   */
  record View(JsonObject form, List<Invite> invites, Invite newInvite, long version, List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      JsonArray recent = new JsonArray();
      invites.forEach(i -> recent.add(i.toJson()));
      return frame.put("form", form).put("invites", recent).put("newInvite", newInvite == null ? null : newInvite.toJson())
          .put("version", version).put("breadcrumbs", Crumb.toJson(breadcrumbs));
    }
  }

  void show(RoutingContext ctx) {
    show(ctx, 200, null, null, null);
  }

  /** Renders the form from the current settings, or from what was posted when it had errors. */
  private void show(RoutingContext ctx, int status, JsonObject posted, ApiException errors, Invite newInvite) {
    Caller c = requireAdmin(ctx);
    SiteSettings s = settings.current();
    JsonObject form = posted != null ? posted : SiteSettingsForm.of(s);
    invites.recent(c, RECENT_INVITES).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      labelThresholds(ctx, form);
      JsonObject model = new View(form, ar.result().items(), newInvite, s.version(), pages.trail(ctx))
          .into(pages.frame(ctx, pages.text(ctx, "admin.title")));
      if (errors != null) {
        pages.withErrors(ctx, model, errors);
        badgeLineErrors(ctx, model.getJsonObject("errors"));
      }
      pages.render(ctx, status, "admin-settings", model);
    });
  }

  /** A badge's error ({@code badges[2].min}) is shown under the badges' lines, naming its line. */
  private void badgeLineErrors(RoutingContext ctx, JsonObject errors) {
    for (String field : List.copyOf(errors.fieldNames())) {
      if (field.startsWith("badges[")) {
        int line = Integer.parseInt(field.substring("badges[".length(), field.indexOf(']'))) + 1;
        errors.put("badges", pages.text(ctx, "admin.badgeLine", "line", line) + ": " + errors.getString(field));
      }
    }
  }

  /** The trust level fields are named after the configuration keys; their labels say what they count. */
  private void labelThresholds(RoutingContext ctx, JsonObject form) {
    for (Object level : form.getJsonArray("levels")) {
      for (Object field : ((JsonObject) level).getJsonArray("fields")) {
        JsonObject f = (JsonObject) field;
        String key = THRESHOLD_LABELS.get(f.getString("label"));
        if (key != null) {
          f.put("label", pages.text(ctx, key));
        }
      }
    }
  }

  /** {@code POST /admin/settings}. */
  void save(RoutingContext ctx) {
    Caller c = requireAdmin(ctx);
    var f = ctx.request().formAttributes();
    JsonObject posted = SiteSettingsForm.posted(f);
    SettingsChange change;
    try {
      change = SettingsChange.fromForm(f);
    } catch (ApiException e) {
      show(ctx, 400, posted, e, null);
      return;
    }
    settings.update(c, change).onComplete(ar -> {
      if (ar.succeeded()) {
        pages.flashNotice(ctx, pages.text(ctx, "admin.saved"));
        pages.redirect(ctx, "/admin/settings");
      } else if (ar.cause() instanceof ApiException e && e.status() == 400) {
        show(ctx, 400, posted, e, null);
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  /** {@code POST /admin/invites}: a new invitation code, shown once on the page that answers. */
  void createInvite(RoutingContext ctx) {
    Caller c = requireAdmin(ctx);
    Integer days = null;
    String raw = ctx.request().getFormAttribute("expiresInDays");
    if (raw != null && !raw.isBlank()) {
      try {
        days = Math.max(1, Math.min(365, Integer.parseInt(raw.strip())));
      } catch (NumberFormatException e) {
        days = null;
      }
    }
    invites.create(c, days).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        show(ctx, 200, null, null, ar.result());
      }
    });
  }

  private Caller requireAdmin(RoutingContext ctx) {
    Caller c = AuthHandler.caller(ctx);
    if (!c.signedIn()) {
      throw ApiException.unauthorized("Sign in as an admin to change the site settings.");
    }
    if (!permissions.canAdministerSite(c)) {
      throw ApiException.forbidden("Only an admin can change the site settings.");
    }
    return c;
  }
}
