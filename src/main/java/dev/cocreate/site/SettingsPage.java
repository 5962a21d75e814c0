package dev.cocreate.site;

import dev.cocreate.account.AccountSettings;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.i18n.Messages;
import dev.cocreate.recommend.OptOutChange;
import dev.cocreate.recommend.RecommendationService;
import dev.cocreate.web.Avatars;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.PageLocale;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code /settings}: a member's own account page: profile (display name, bio), password, e-mail,
 * language, time zone, whether their supports and replies feed recommendations, their data to
 * download, and the form that deletes the account
 * ({@link AccountDeletion}). Each section is a form of its own posting to {@code /settings/...};
 * a refusal shows the page again with that section's errors and what was typed (never a password).
 */
final class SettingsPage {
  private final Pages pages;
  private final AccountSettings settings;
  private final RecommendationService recommendations;

  SettingsPage(Pages pages, AccountSettings settings, RecommendationService recommendations) {
    this.pages = pages;
    this.settings = settings;
    this.recommendations = recommendations;
  }

  /** One choice of the language setting; the empty code follows the browser. */
  record LanguageChoice(String code, String name, boolean selected) {
    JsonObject toJson() {
      return new JsonObject().put("code", code).put("name", name).put("selected", selected);
    }
  }

  /** A refused section: its name in the template, what was typed, the errors by field and the summary. */
  record Refusal(String section, JsonObject values, JsonObject errors, String error) {}

  /**
   * What settings.hbs reads besides the frame; {@code error} comes back from the deletion form,
   * {@code refusal} from any other section's. {@code optedOut}: the member keeps their supports and
   * replies out of recommendations.
   */
  record View(User account, List<LanguageChoice> languages, boolean optedOut, String error, Refusal refusal,
      List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      JsonArray choices = new JsonArray();
      languages.forEach(l -> choices.add(l.toJson()));
      JsonObject values = new JsonObject().put("displayName", account.displayName()).put("bio", account.bio())
          .put("email", account.email()).put("timeZone", account.timeZone() == null ? "" : account.timeZone());
      if (refusal != null) {
        values.mergeIn(refusal.values());
        frame.put(refusal.section(), new JsonObject().put("errors", refusal.errors()).put("error", refusal.error()));
      }
      return frame.put("account", account.toJson().put("email", account.email()).put("avatarSrc", Avatars.of(account)))
          .put("values", values).put("languageChoices", choices)
          .put("recommendationsOptOut", optedOut)
          .put("error", error).put("breadcrumbs", Crumb.toJson(breadcrumbs));
    }
  }

  /** The signed-in member, or false after sending the browser to sign in and come back here. */
  boolean signedIn(RoutingContext ctx) {
    if (AuthHandler.caller(ctx).signedIn()) {
      return true;
    }
    pages.redirect(ctx, "/login?next=/settings");
    return false;
  }

  void show(RoutingContext ctx) {
    if (signedIn(ctx)) {
      show(ctx, 200, null);
    }
  }

  void show(RoutingContext ctx, int status, String error) {
    render(ctx, status, AuthHandler.caller(ctx).user(), error, null);
  }

  private void render(RoutingContext ctx, int status, User account, String error, Refusal refusal) {
    String chosen = account.locale();
    List<LanguageChoice> languages = new ArrayList<>();
    languages.add(new LanguageChoice("", pages.text(ctx, "settings.followBrowser"), Messages.supported(chosen) == null));
    for (Locale l : Messages.SUPPORTED) {
      languages.add(new LanguageChoice(l.getLanguage(), pages.messages().text(l, "language.name"), l.getLanguage().equals(chosen)));
    }
    recommendations.optedOut(AuthHandler.caller(ctx)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      pages.render(ctx, status, "settings", new View(account, languages, ar.result(), error, refusal, pages.trail(ctx))
          .into(pages.frame(ctx, pages.text(ctx, "settings.title"))));
    });
  }

  void setRecommendationsOptOut(RoutingContext ctx) {
    if (!signedIn(ctx)) {
      return;
    }
    Caller c = AuthHandler.caller(ctx);
    submit(ctx, "recommendationsForm", new JsonObject(),
        () -> recommendations.setOptOut(c, OptOutChange.from(FormFields.of(ctx))), "settings.recommendationsSaved");
  }

  void changePassword(RoutingContext ctx) {
    if (!signedIn(ctx)) {
      return;
    }
    Caller c = AuthHandler.caller(ctx);
    submit(ctx, "passwordForm", new JsonObject(), () -> settings.changePassword(c, AccountSettings.PasswordChange.from(
        FormFields.of(ctx), ctx.request().getFormAttribute("currentPassword"), ctx.request().getFormAttribute("newPassword"),
        c.user().username())), "settings.passwordChanged");
  }

  void editProfile(RoutingContext ctx) {
    if (!signedIn(ctx)) {
      return;
    }
    Caller c = AuthHandler.caller(ctx);
    JsonObject typed = typed(ctx, "displayName", "bio");
    submit(ctx, "profileForm", typed, () -> settings.editProfile(c, AccountSettings.ProfileEdit.from(FormFields.of(ctx))),
        "settings.profileSaved");
  }

  void setTimeZone(RoutingContext ctx) {
    if (!signedIn(ctx)) {
      return;
    }
    Caller c = AuthHandler.caller(ctx);
    submit(ctx, "zoneForm", typed(ctx, "timeZone"),
        () -> settings.setTimeZone(c, AccountSettings.TimeZoneChoice.from(FormFields.of(ctx))), "settings.timeZoneSaved");
  }

  void changeEmail(RoutingContext ctx) {
    if (!signedIn(ctx)) {
      return;
    }
    Caller c = AuthHandler.caller(ctx);
    submit(ctx, "emailForm", typed(ctx, "email"), () -> settings.requestEmailChange(c, AccountSettings.EmailChange.from(
        FormFields.of(ctx), ctx.request().getFormAttribute("currentPassword")), PageLocale.of(ctx)), "settings.emailSent");
  }

  /** {@code GET /settings/email/confirm?token=}: the link sent to the new address; works signed in or not. */
  void confirmEmail(RoutingContext ctx) {
    settings.confirmEmailChange(ctx.request().getParam("token")).onComplete(ar -> {
      if (ar.succeeded()) {
        pages.flashNotice(ctx, pages.text(ctx, "settings.emailChanged", "email", ar.result().email()));
        pages.redirect(ctx, AuthHandler.caller(ctx).signedIn() ? "/settings" : "/login");
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  /**
   * One section's form: its command read and run, then back to the settings with a notice; a refusal
   * the member can fix (400, 403 for a wrong password, 409, 429) shows the section again with why.
   */
  private void submit(RoutingContext ctx, String section, JsonObject typed, Supplier<Future<?>> action, String doneKey) {
    Future<?> done;
    try {
      done = action.get();
    } catch (ApiException e) {
      again(ctx, section, typed, e);
      return;
    }
    pages.afterSubmit(ctx, done.onSuccess(v -> pages.flashNotice(ctx, pages.text(ctx, doneKey))), v -> "/settings",
        status -> status == 400 || status == 403 || status == 409 || status == 429 || status == 503,
        e -> again(ctx, section, typed, e));
  }

  private void again(RoutingContext ctx, String section, JsonObject typed, ApiException e) {
    Pages.retryAfter(ctx, e);
    JsonObject shown = pages.withErrors(ctx, new JsonObject(), e);
    render(ctx, e.status(), AuthHandler.caller(ctx).user(), null,
        new Refusal(section, typed, shown.getJsonObject("errors"), shown.getString("error")));
  }

  private static JsonObject typed(RoutingContext ctx, String... fields) {
    JsonObject typed = new JsonObject();
    for (String f : fields) {
      String v = ctx.request().getFormAttribute(f);
      typed.put(f, v == null ? "" : v);
    }
    return typed;
  }
}
