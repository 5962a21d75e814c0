package dev.cocreate.web;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.Invites;
import dev.cocreate.admin.SiteSettings;
import dev.cocreate.admin.SiteSettingsService;
import dev.cocreate.access.Permissions;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /admin/settings}: the site settings form and invitation codes, for admins. Works without JavaScript. */
public final class AdminPages {
  private static final java.util.Map<String, String> THRESHOLD_LABELS = java.util.Map.of(
      "daysVisited", "admin.tl.daysVisited",
      "postsRead", "admin.tl.postsRead",
      "replies", "admin.tl.replies",
      "votesGiven", "admin.tl.votesGiven",
      "votesReceived", "admin.tl.votesReceived",
      "maxFlagsUpheld", "admin.tl.maxFlagsUpheld");
  static final List<String> THRESHOLDS =
      List.of("daysVisited", "postsRead", "replies", "votesGiven", "votesReceived", "maxFlagsUpheld");

  private final Pages pages;
  private final SiteSettingsService settings;
  private final Invites invites;
  private final Permissions permissions;

  public AdminPages(Pages pages, SiteSettingsService settings, Invites invites, Permissions permissions) {
    this.pages = pages;
    this.settings = settings;
    this.invites = invites;
    this.permissions = permissions;
  }

  public void mount(Router router) {
    router.get("/admin/settings").handler(ctx -> show(ctx, 200, null, null, null));
    router.post("/admin/settings").handler(this::save);
    router.post("/admin/invites").handler(this::createInvite);
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

  /** Renders the form from the current settings, or from what was posted when it had errors. */
  private void show(RoutingContext ctx, int status, JsonObject posted, ApiException errors, JsonObject newInvite) {
    Caller c = requireAdmin(ctx);
    SiteSettings s = settings.current();
    JsonObject form = posted != null ? posted : formOf(s);
    invites.recent(c, 20).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      labelThresholds(ctx, form);
      JsonObject model = pages.frame(ctx, pages.text(ctx, "admin.title"))
          .put("form", form)
          .put("invites", ar.result())
          .put("newInvite", newInvite)
          .put("version", s.version())
          .put("breadcrumbs", new JsonArray().add(new JsonObject().put("label", pages.text(ctx, "nav.home")).put("href", "/")));
      if (errors != null) {
        pages.withErrors(ctx, model, errors);
      }
      pages.render(ctx, status, "admin-settings", model);
    });
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

  static JsonObject formOf(SiteSettings s) {
    StringBuilder limits = new StringBuilder();
    s.rateLimits().forEach((name, capacity) -> limits.append(name).append(" = ").append(capacity).append('\n'));
    JsonObject form = new JsonObject()
        .put("siteName", s.siteName())
        .put("description", s.description())
        .put("defaultSupportThreshold", String.valueOf(s.defaultSupportThreshold()))
        .put("registration", s.registration().value())
        .put("rateLimits", limits.toString());
    form.put("levels", levels(level -> {
      var t = s.threshold(level);
      return new int[] {t.daysVisited(), t.postsRead(), t.replies(), t.votesGiven(), t.votesReceived(), t.maxFlagsUpheld()};
    }));
    selectRegistration(form);
    return form;
  }

  private static void selectRegistration(JsonObject form) {
    String r = form.getString("registration");
    form.put("regOpen", "open".equals(r)).put("regClosed", "closed".equals(r)).put("regInvite", "invite-only".equals(r));
  }

  private static JsonArray levels(java.util.function.IntFunction<Object> valuesOf) {
    JsonArray levels = new JsonArray();
    for (int level = 1; level <= 3; level++) {
      Object values = valuesOf.apply(level);
      JsonArray fields = new JsonArray();
      for (int i = 0; i < THRESHOLDS.size(); i++) {
        Object v = values instanceof int[] ints ? String.valueOf(ints[i]) : ((String[]) values)[i];
        fields.add(new JsonObject().put("name", "tl" + level + "_" + THRESHOLDS.get(i)).put("label", THRESHOLDS.get(i))
            .put("value", v));
      }
      levels.add(new JsonObject().put("level", level).put("fields", fields));
    }
    return levels;
  }

  private void save(RoutingContext ctx) {
    Caller c = requireAdmin(ctx);
    MultiMap f = ctx.request().formAttributes();
    JsonObject posted = new JsonObject()
        .put("siteName", value(f, "siteName"))
        .put("description", value(f, "description"))
        .put("defaultSupportThreshold", value(f, "defaultSupportThreshold"))
        .put("registration", value(f, "registration"))
        .put("rateLimits", value(f, "rateLimits"))
        .put("levels", levels(level -> THRESHOLDS.stream().map(t -> value(f, "tl" + level + "_" + t)).toArray(String[]::new)));
    selectRegistration(posted);
    JsonObject change;
    try {
      change = changeOf(f);
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

  /** The form as the API's change: numbers as numbers, the rate-limit lines as an object. */
  static JsonObject changeOf(MultiMap f) {
    List<ApiException.FieldError> errors = new java.util.ArrayList<>();
    JsonObject change = new JsonObject()
        .put("siteName", value(f, "siteName"))
        .put("description", value(f, "description"))
        .put("registration", value(f, "registration"))
        .put("defaultSupportThreshold", number(value(f, "defaultSupportThreshold"), "defaultSupportThreshold", errors));
    JsonObject limits = new JsonObject();
    for (String line : value(f, "rateLimits").split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] kv = line.split("=", 2);
      if (kv.length != 2) {
        errors.add(new ApiException.FieldError("rateLimits", "must be lines of name = capacity, not '" + line.strip() + "'"));
        continue;
      }
      limits.put(kv[0].strip(), number(kv[1], "rateLimits", errors));
    }
    change.put("rateLimits", limits);
    JsonObject levels = new JsonObject();
    for (int level = 1; level <= 3; level++) {
      JsonObject t = new JsonObject();
      for (String name : THRESHOLDS) {
        t.put(name, number(value(f, "tl" + level + "_" + name), "trustLevels", errors));
      }
      levels.put(Integer.toString(level), t);
    }
    change.put("trustLevels", levels);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return change;
  }

  private static Object number(String raw, String field, List<ApiException.FieldError> errors) {
    try {
      return Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      errors.add(new ApiException.FieldError(field, "must be whole numbers"));
      return 0;
    }
  }

  private static String value(MultiMap f, String name) {
    String v = f.get(name);
    return v == null ? "" : v;
  }

  private void createInvite(RoutingContext ctx) {
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
}
