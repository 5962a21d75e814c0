package dev.cocreate.account;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.respond;
import static dev.cocreate.platform.http.Http.respondNoContent;

import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** /api/auth, /api/me, /api/users/{username} and /api/orgs; staff actions on a member are {@code moderation.MemberModerationRoutes}. */
public final class AccountRoutes {
  /**
   * A username keeps the case its member typed ({@code Alice}) and is unique whatever the case (the
   * index is on lower(username)); ASCII only, so no look-alike or invisible character gets in.
   */
  public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_-]{3,32}");
  /** Deleted accounts are renamed deleted-ID; nobody may register such a name. */
  public static final String DELETED_PREFIX = "deleted-";
  static final Pattern ORG_SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

  private final AccountService accounts;
  private final SessionService sessions;
  private final OrgService orgs;

  private final Signup signup;
  private final Function<User, Future<JsonObject>> profileJson;

  public AccountRoutes(AccountService accounts, SessionService sessions, OrgService orgs, Signup signup) {
    this(accounts, sessions, orgs, signup, u -> Future.succeededFuture(u.toJson()));
  }

  /**
   * {@code profileJson} writes a member for {@code GET /api/users/{u}}: what features above this one
   * add to it (the reputation's breakdown) is handed in, so account imports none of them.
   */
  public AccountRoutes(AccountService accounts, SessionService sessions, OrgService orgs, Signup signup,
      Function<User, Future<JsonObject>> profileJson) {
    this.profileJson = profileJson;
    this.signup = signup;
    this.accounts = accounts;
    this.sessions = sessions;
    this.orgs = orgs;
  }

  public void mount(Router api) {
    api.post("/auth/register").handler(this::register);
    api.post("/auth/login").handler(this::login);
    api.post("/auth/logout").handler(this::logout);
    api.get("/me").handler(this::me);
    api.put("/me/locale").handler(this::setLocale);
    api.get("/users/:username").handler(this::profile);
    api.post("/orgs").handler(this::createOrg);
    api.get("/orgs/:slug").handler(this::org);
    api.put("/orgs/:slug/members/:username").handler(this::putMember);
    api.delete("/orgs/:slug/members/:username").handler(this::removeMember);
  }

  /** Read before the per-address limit is spent, so a malformed request does not use it up. */
  private void register(RoutingContext ctx) {
    NewAccount account = NewAccount.from(body(ctx));
    respond(ctx, 201, signup.register(account, clientIp(ctx)).compose(this::tokenResponse), j -> j);
  }

  private void login(RoutingContext ctx) {
    JsonBody b = body(ctx);
    String login = b.string("login", 1, 254);
    Object pw = b.raw().getValue("password");
    if (!(pw instanceof String)) {
      b.error("password", pw == null ? "is required" : "must be a string");
    } else if (((String) pw).indexOf('\u0000') >= 0) {
      b.error("password", "must not contain NUL characters");
    }
    b.validate();
    // Rate limited by the service, per address and per account, in one bucket with the page's sign-in.
    respond(ctx, accounts.authenticate(login, (String) pw, clientIp(ctx)).compose(this::tokenResponse), j -> j);
  }

  private Future<JsonObject> tokenResponse(User u) {
    return sessions.issueToken(u).map(token -> new JsonObject().put("token", token).put("user", u.toJson()));
  }

  private void logout(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respondNoContent(ctx, sessions.revoke(c.sessionId()));
  }

  private void me(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, orgs.membershipsOf(c.id()), list -> {
      JsonArray arr = new JsonArray();
      list.forEach(m -> arr.add(new JsonObject().put("slug", m.slug()).put("name", m.name()).put("role", m.role())));
      return c.user().toJson().put("email", c.user().email()).put("locale", c.user().locale()).put("orgs", arr);
    });
  }

  /** The language of the member's pages and digests; null follows the browser again. */
  private void setLocale(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    Object raw = b.raw().getValue("locale");
    if (!b.raw().containsKey("locale") || raw != null && !SUPPORTED_LOCALES.contains(raw)) {
      b.error("locale", "must be one of " + String.join(", ", SUPPORTED_LOCALES) + ", or null");
    }
    b.validate();
    respond(ctx, accounts.setLocale(c, (String) raw), u -> new JsonObject().put("locale", u.locale()));
  }

  private static final List<String> SUPPORTED_LOCALES =
      Messages.SUPPORTED.stream().map(Locale::getLanguage).toList();

  private void profile(RoutingContext ctx) {
    respond(ctx, accounts.byUsername(ctx.pathParam("username")).compose(profileJson), j -> j);
  }

  private void createOrg(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String slug = b.matching("slug", ORG_SLUG, "must be 1 to 40 characters of a-z, 0-9 and -", 1, 40);
    String name = b.string("name", 1, 120);
    String description = b.optionalString("description", 5000);
    b.validate();
    respond(ctx, 201, orgs.create(c, slug, name, description == null ? "" : description)
        .compose(org -> orgs.view(org.slug(), c)), j -> j);
  }

  private void org(RoutingContext ctx) {
    respond(ctx, orgs.view(ctx.pathParam("slug"), AuthHandler.caller(ctx)), j -> j);
  }

  private void putMember(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String role = b.oneOf("role", Set.of("owner", "member"), true);
    b.validate();
    respond(ctx, orgs.putMember(c, ctx.pathParam("slug"), ctx.pathParam("username"), role)
        .compose(v -> orgs.view(ctx.pathParam("slug"), c)), j -> j);
  }

  private void removeMember(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respondNoContent(ctx, orgs.removeMember(c, ctx.pathParam("slug"), ctx.pathParam("username")));
  }

  public static String clientIp(RoutingContext ctx) {
    var addr = ctx.request().remoteAddress();
    return addr == null ? "unknown" : addr.host();
  }

}
