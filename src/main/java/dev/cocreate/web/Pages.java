package dev.cocreate.web;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AccountRestricted;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Renders pages: every template gets the same frame (who is signed in, the CSRF token, the site
 * name) so the layout and forms never have to ask for it.
 */
public final class Pages {
  /**
   * Set on the request (by the moderation feature, ahead of every page) when the signed-in member
   * has moderation notices; the layout then links them. A key of the kit's, so the layout need not
   * know who sets it.
   */
  public static final String HAS_NOTICES = "cocreate.hasNotices";

  private final Templates templates;
  /** For times Java puts in a sentence (a suspension's end); templates have their own {{date}}. */
  private final DateHelper dates;
  private final Messages messages;
  private final CsrfTokens csrf;
  private final Supplier<String> siteName;
  /** The description an admin wrote, or null while it is the built-in one. */
  private final Supplier<String> ownDescription;
  /** The signed-in member's unread notifications, for the header: one cheap query per page. */
  private final LongFunction<Future<Integer>> unreadCount;
  /** Decides which of the header's staff links (moderation, settings) a member is shown. */
  private final Permissions permissions;
  /** What a form's redirect tells the next page: the only source of messages that are not the page's own. */
  private final Flash flash;
  /** Where members reach the site, for the absolute addresses a shared link carries. */
  private final String siteUrl;

  /**
   * With the name and description from the site settings, as they are when each page renders.
   *
   * @param ownDescription the description an admin wrote, or null while the site has the built-in
   *     one: that one is ours to translate, and the layout shows it as its tagline
   */
  public Pages(Templates templates, Messages messages, CsrfTokens csrf, Flash flash,
      Supplier<String> siteName, Supplier<String> ownDescription,
      LongFunction<Future<Integer>> unreadCount, Permissions permissions, String siteUrl) {
    this.siteUrl = siteUrl;
    this.permissions = permissions;
    this.templates = templates;
    this.messages = messages;
    this.dates = new DateHelper(messages);
    this.csrf = csrf;
    this.flash = flash;
    this.siteName = siteName;
    this.ownDescription = ownDescription;
    this.unreadCount = unreadCount;
  }

  /** A text of the page's language, for what Java puts on a page (titles, flashes, labels, errors). */
  public String text(RoutingContext ctx, String key, Object... args) {
    return messages.text(PageLocale.of(ctx), key, args);
  }

  public Messages messages() {
    return messages;
  }

  /** What a refused request tells the member on a page: its message, or its first field's error. */
  public String problem(RoutingContext ctx, ApiException e) {
    Locale locale = PageLocale.of(ctx);
    if (e instanceof AccountRestricted r) {
      return restriction(ctx, r);
    }
    if (e.errors().isEmpty()) {
      return ProblemText.translate(messages, locale, e.getMessage(), e.status());
    }
    ApiException.FieldError first = e.errors().get(0);
    return first.field() + " " + ProblemText.field(messages, locale, first.message());
  }

  /**
   * A suspension's or silence's refusal with its end in the reader's language and zone ("until 14
   * December 2026, 01:00 (Paris)"); a reader with no zone of their own reads it in the account's.
   */
  public String restriction(RoutingContext ctx, AccountRestricted r) {
    return restriction(ctx, r.kind(), r.until().toInstant(), r.reason(), r.accountTimeZone());
  }

  /**
   * What a page says in place of its reply form and support button to a silenced reader: until
   * when, as their refusal would; null for anyone else, whose forms the page shows as usual.
   */
  public String silenceNotice(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn() || !caller.user().isSilenced()) {
      return null;
    }
    return restriction(ctx, AccountRestricted.Kind.SILENCED, caller.user().silencedUntil().toInstant(),
        caller.user().silenceReason(), caller.user().timeZone());
  }

  private String restriction(RoutingContext ctx, AccountRestricted.Kind kind, Instant end, String reason,
      String accountTimeZone) {
    ZoneId zone = PageZone.of(ctx);
    if (zone.equals(ZoneOffset.UTC) && PageZone.parse(accountTimeZone) != null) {
      zone = PageZone.parse(accountTimeZone);
    }
    String until = dates.longText(PageLocale.of(ctx), zone, end);
    String key = kind == AccountRestricted.Kind.SUSPENDED ? "account.suspendedUntil" : "account.silencedUntil";
    String text = text(ctx, key, "until", until);
    return reason == null || reason.isBlank() ? text : text + " " + text(ctx, "account.restrictionReason", "reason", reason);
  }

  /** Puts field errors where the template shows them next to their inputs, in the page's language. */
  public JsonObject withErrors(RoutingContext ctx, JsonObject model, ApiException e) {
    return model.put("errors", ProblemText.formErrors(messages, PageLocale.of(ctx), e))
        .put("error", e.errors().isEmpty() ? ProblemText.translate(messages, PageLocale.of(ctx), e.getMessage(), e.status())
            : text(ctx, "form.correctFields"));
  }

  /** Tells the next page this browser shows that something was done ({@code text} is already in its language). */
  public void flashNotice(RoutingContext ctx, String text) {
    flash.set(ctx, Flash.Kind.NOTICE, text);
  }

  /** A notice with an "Undo" button that posts to {@code undoPath}: after a deletion, say. */
  public void flashUndoable(RoutingContext ctx, String text, String undoPath) {
    flash.set(ctx, Flash.Kind.NOTICE, text, undoPath);
  }

  /** Tells the next page why something the member asked for was refused. */
  public void flashError(RoutingContext ctx, String text) {
    flash.set(ctx, Flash.Kind.ERROR, text);
  }

  public JsonObject frame(RoutingContext ctx, String title) {
    Caller caller = AuthHandler.caller(ctx);
    Locale locale = PageLocale.of(ctx);
    JsonArray languages = new JsonArray();
    for (Locale l : Messages.SUPPORTED) {
      languages.add(new JsonObject().put("code", l.getLanguage()).put("name", messages.text(l, "language.name"))
          .put("current", l.equals(locale)));
    }
    JsonObject model = new JsonObject()
        .put("siteName", siteName.get())
        // The built-in description is ours to translate (the layout's tagline); one an admin wrote is shown as written.
        .put("siteDescription", ownDescription.get())
        .put("title", title)
        .put("csrf", csrf.tokenFor(ctx))
        .put("path", ctx.request().path())
        .put("lang", locale.getLanguage())
        .put("scriptTexts", messages.scriptTexts(locale))
        .put("languages", languages)
        // Where the language switch sends the visitor back to: this page, or home after a form post.
        .put("here", "GET".equals(ctx.request().method().name()) ? ctx.request().uri() : "/");
    // The layout shows it: a notice politely, an error as an alert.
    Flash.Message left = flash.take(ctx);
    if (left != null) {
      model.put(left.kind() == Flash.Kind.ERROR ? "flashError" : "flash", left.text());
      if (left.undo() != null) {
        model.put("flashUndo", left.undo());
      }
    }
    if (caller.signedIn()) {
      model.put("me", caller.user().toJson().put("isModerator", permissions.canModerate(caller))
          .put("isAdmin", permissions.canAdministerSite(caller))
          .put("hasNotices", Boolean.TRUE.equals(ctx.get(HAS_NOTICES))));
    }
    return model;
  }

  public void render(RoutingContext ctx, int status, String template, JsonObject model) {
    JsonObject me = model.getJsonObject("me");
    if (unreadCount != null && me != null && !model.containsKey("unreadCount")) {
      // A page still renders when the count cannot be had (the error page for a database outage, say).
      unreadCount.apply(me.getLong("id")).onComplete(ar -> {
        model.put("unreadCount", ar.succeeded() ? ar.result() : 0);
        render(ctx, status, template, model);
      });
      return;
    }
    String html;
    try {
      html = templates.render(template, model, PageLocale.of(ctx), PageZone.of(ctx));
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Language", PageLocale.of(ctx).getLanguage())
        .putHeader("Cache-Control", "no-store")
        .end(html);
  }

  public void render(RoutingContext ctx, String template, JsonObject model) {
    render(ctx, 200, template, model);
  }

  /** Renders after the model's data arrives; failures go to the failure handler. */
  public void render(RoutingContext ctx, String template, Future<JsonObject> model) {
    model.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        render(ctx, template, ar.result());
      }
    });
  }

  /**
   * The end of a form's POST: on success, redirect (303) to where the action leads; a refusal whose
   * status the form can explain goes back to the form with it; anything else to the failure handler.
   */
  public <T> void afterSubmit(RoutingContext ctx, Future<T> action, Function<T, String> whereTo,
      IntPredicate formExplains, Consumer<ApiException> formAgain) {
    action.onComplete(ar -> {
      if (ar.succeeded()) {
        redirect(ctx, whereTo.apply(ar.result()));
      } else if (ar.cause() instanceof ApiException e && formExplains.test(e.status())) {
        formAgain.accept(e);
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  /**
   * A 303 to a path on this site. The target passes {@link RedirectTargets} here too, whoever built
   * it, so no Location can lead off the site or carry a character the HTTP encoder refuses (which
   * left the request unanswered).
   */
  public void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", RedirectTargets.sameSitePath(location, "/")).end();
  }

  /**
   * The signed-in caller, or null after sending the browser to sign in: a page asked for (GET) is
   * where sign-in leads back to; after a form post, home, since the form's data is gone.
   */
  public Caller signedInOrSignIn(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      String back = ctx.request().method().name().equals("GET") ? ctx.request().uri() : "/";
      redirect(ctx, "/login?next=" + FormValues.encode(back));
      return null;
    }
    return caller;
  }

  /** A refusal for going too fast says when to try again, on a page as in the API. */
  public static void retryAfter(RoutingContext ctx, ApiException e) {
    if (e.retryAfterSeconds() != null) {
      ctx.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
    }
  }

  /** The start of every breadcrumb trail: home, in the page's language, then {@code after}. */
  public List<Crumb> trail(RoutingContext ctx, Crumb... after) {
    List<Crumb> crumbs = new ArrayList<>(after.length + 1);
    crumbs.add(new Crumb(text(ctx, "nav.home"), "/"));
    crumbs.addAll(List.of(after));
    return crumbs;
  }

  /**
   * What a destructive form asks before it acts, in the page's language: the question (the page's
   * title), what will happen, the button that does it, and where "keep it" leads back to.
   */
  public record Confirm(String question, String consequence, String button, String back) {}

  /**
   * Whether the form's sender has confirmed ({@code confirm=1}). If not, answers a page that says
   * what will happen, with the same form's fields and a button that sends them again confirmed, and
   * returns false: without JavaScript a destructive button never acts on its first click (with it,
   * {@code js/confirm.js} asks in a dialog and sends {@code confirm=1} itself).
   */
  public boolean confirmed(RoutingContext ctx, Confirm ask) {
    if ("1".equals(ctx.request().getFormAttribute("confirm"))) {
      return true;
    }
    JsonArray fields = new JsonArray();
    ctx.request().formAttributes().forEach(e -> {
      if (!"_csrf".equals(e.getKey()) && !"confirm".equals(e.getKey())) {
        fields.add(new JsonObject().put("name", e.getKey()).put("value", e.getValue()));
      }
    });
    JsonObject model = frame(ctx, ask.question()).put("confirm", new JsonObject()
        .put("consequence", ask.consequence())
        .put("button", ask.button())
        .put("back", RedirectTargets.sameSitePath(ask.back(), "/"))
        .put("action", ctx.request().path())
        .put("fields", fields));
    render(ctx, "confirm", model);
    return false;
  }

  /**
   * The error page used by the failure handler for browsers. A page that is missing, closed to the
   * reader or gone is said in people's words, with a search and the way home, rather than the
   * API's text for it ("challenge not found").
   */
  public void errorPage(RoutingContext ctx, JsonObject problem) {
    JsonObject shown = ProblemText.forPage(messages, PageLocale.of(ctx), problem);
    int status = problem.getInteger("status", 500);
    String type = problem.getString("type", "");
    if ((type.endsWith("/silenced") || type.endsWith("/suspended")) && problem.getValue("until") instanceof String until) {
      // The API states the end as ISO; the error page says it in the reader's language and zone.
      shown.put("detail", restriction(ctx, type.endsWith("/silenced") ? AccountRestricted.Kind.SILENCED
          : AccountRestricted.Kind.SUSPENDED, Instant.parse(until), problem.getString("reason"), null));
    } else if (status == 403 || status == 404 || status == 410) {
      shown.put("title", text(ctx, "error." + status + ".title")).put("detail", text(ctx, "error." + status + ".text"))
          .put("wayOn", true);
    }
    JsonObject model = frame(ctx, shown.getString("title")).put("problem", shown);
    render(ctx, status, "error", model);
  }

  /**
   * What a link to this page shows where it is shared (Open Graph, Twitter cards) and what search
   * engines quote: the page's title, {@code description} (plain text: see {@link #plainText} for
   * HTML) cut to a sentence or two, its address on this site ({@code path}) and its Open Graph {@code type}.
   * A page without a description of its own is described by the site's.
   */
  public JsonObject share(RoutingContext ctx, JsonObject model, String type, String description, String path) {
    String text = excerpt(description);
    if (text.isEmpty()) {
      text = ownDescription.get() != null ? ownDescription.get() : text(ctx, "layout.tagline");
    }
    boolean french = "fr".equals(PageLocale.of(ctx).getLanguage());
    return model.put("share", new JsonObject().put("title", model.getString("title")).put("description", text)
        .put("url", siteUrl + path).put("type", type).put("locale", french ? "fr_FR" : "en_GB"));
  }

  /** Links the page's Atom feed ({@code href} on this site) for readers and browsers to find. */
  public JsonObject feed(JsonObject model, String title, String href) {
    JsonArray feeds = model.getJsonArray("feeds");
    if (feeds == null) {
      feeds = new JsonArray();
      model.put("feeds", feeds);
    }
    feeds.add(new JsonObject().put("title", title).put("href", href));
    return model;
  }

  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final int EXCERPT_MAX = 200;

  /** Text made safe to put into HTML a template writes unescaped (a placeholder's words, say). */
  public static String escape(String text) {
    return TranslateHelper.escape(text);
  }

  /**
   * The text of sanitized HTML (a rendered post) for a description: tags out, and the entities it
   * carried read back to characters, since the layout escapes the description again.
   */
  public static String plainText(String html) {
    if (html == null) {
      return null;
    }
    return TAG.matcher(html).replaceAll(" ")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'")
        .replace("&#34;", "\"").replace("&nbsp;", " ").replace("&amp;", "&");
  }

  /** Plain text on one line, of at most 200 characters, cut at a word. */
  static String excerpt(String text) {
    if (text == null) {
      return "";
    }
    String plain = text.replaceAll("\\s+", " ").strip();
    if (plain.length() <= EXCERPT_MAX) {
      return plain;
    }
    int cut = plain.lastIndexOf(' ', EXCERPT_MAX - 1);
    return plain.substring(0, cut > EXCERPT_MAX / 2 ? cut : EXCERPT_MAX - 1).strip() + "\u2026";
  }
}
