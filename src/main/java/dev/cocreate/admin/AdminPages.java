package dev.cocreate.admin;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Invites;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.Router;

/** The admin's pages, mounted: the site settings with the invitation codes. */
public final class AdminPages {
  private final AdminSettingsPage settings;

  public AdminPages(Pages pages, SiteSettingsService settings, Invites invites, Permissions permissions) {
    this.settings = new AdminSettingsPage(pages, settings, invites, permissions);
  }

  public void mount(Router router) {
    router.get("/admin/settings").handler(settings::show);
    router.post("/admin/settings").handler(settings::save);
    router.post("/admin/invites").handler(settings::createInvite);
  }
}
