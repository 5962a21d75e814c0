package dev.cocreate.site;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.platform.i18n.Messages;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /settings}: a member's own account page: their language, their data to download, and the
 * form that deletes the account ({@link AccountDeletion}), whose refusals come back here.
 */
final class SettingsPage {
  private final Pages pages;

  SettingsPage(Pages pages) {
    this.pages = pages;
  }

  /** One choice of the language setting; the empty code follows the browser. */
  record LanguageChoice(String code, String name, boolean selected) {
    JsonObject toJson() {
      return new JsonObject().put("code", code).put("name", name).put("selected", selected);
    }
  }

  /** What settings.hbs reads besides the frame; {@code error} comes back from the deletion form. */
  record View(User account, List<LanguageChoice> languages, String error, List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      JsonArray choices = new JsonArray();
      languages.forEach(l -> choices.add(l.toJson()));
      return frame.put("account", account.toJson().put("email", account.email())).put("languageChoices", choices)
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
    Caller c = AuthHandler.caller(ctx);
    String chosen = c.user().locale();
    List<LanguageChoice> languages = new ArrayList<>();
    languages.add(new LanguageChoice("", pages.text(ctx, "settings.followBrowser"), Messages.supported(chosen) == null));
    for (Locale l : Messages.SUPPORTED) {
      languages.add(new LanguageChoice(l.getLanguage(), pages.messages().text(l, "language.name"), l.getLanguage().equals(chosen)));
    }
    pages.render(ctx, status, "settings", new View(c.user(), languages, error, pages.trail(ctx))
        .into(pages.frame(ctx, pages.text(ctx, "settings.title"))));
  }
}
