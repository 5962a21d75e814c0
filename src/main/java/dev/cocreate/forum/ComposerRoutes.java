package dev.cocreate.forum;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.account.UserRepository;
import dev.cocreate.content.Post;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.platform.http.RateLimiter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the reply composer asks while a member writes: {@code POST /api/preview} (the body as it
 * would be posted, through the same Markdown renderer and sanitizer as a post) and {@code GET
 * /api/users?prefix=} (the members an {@code @} may name).
 */
public final class ComposerRoutes {
  /** A preview on every pause in typing, at most: two a second over a minute. */
  static final RateLimiter.Limit PREVIEWS = new RateLimiter.Limit("preview", 120, Duration.ofMinutes(1));
  static final RateLimiter.Limit MENTION_LOOKUPS = new RateLimiter.Limit("mention-lookup", 120, Duration.ofMinutes(1));
  static final int MENTION_CANDIDATES = 8;
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9_-]{1,32}");

  private final ForumService forum;
  private final Database db;
  private final UserRepository users;
  private final RateLimiter limiter;

  public ComposerRoutes(ForumService forum, Database db, UserRepository users, RateLimiter limiter) {
    this.forum = forum;
    this.db = db;
    this.users = users;
    this.limiter = limiter;
  }

  public void mount(Router api) {
    api.post("/preview").handler(this::preview);
    api.get("/users").handler(this::mentionCandidates);
  }

  private void preview(RoutingContext ctx) {
    Caller caller = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    // Empty is allowed here: the preview of nothing is nothing, not an error under the box.
    String source = b.optionalString("body", Post.BODY_MAX);
    b.validate();
    limiter.check(PREVIEWS, "user:" + caller.id());
    respond(ctx, forum.render(source == null ? "" : source), r -> new JsonObject().put("html", r.html()));
  }

  /**
   * Any active member may be mentioned (a mention of someone who cannot read the thread notifies
   * nobody), so the candidates are the active members whose username starts with the prefix.
   */
  private void mentionCandidates(RoutingContext ctx) {
    Caller caller = AuthHandler.requireUser(ctx);
    String prefix = ctx.request().getParam("prefix", "").strip().toLowerCase(Locale.ROOT);
    if (prefix.startsWith("@")) {
      prefix = prefix.substring(1);
    }
    if (!PREFIX.matcher(prefix).matches()) {
      throw ApiException.invalid("prefix", "must be 1 to 32 characters of a-z, 0-9, _ and -");
    }
    limiter.check(MENTION_LOOKUPS, "user:" + caller.id());
    respond(ctx, users.byUsernamePrefix(db.pool(), prefix, MENTION_CANDIDATES), list -> {
      JsonArray items = new JsonArray();
      for (User u : list) {
        items.add(u.toAuthorJson().put("avatarUrl", u.avatarUrl()));
      }
      return new JsonObject().put("items", items).put("nextCursor", (Object) null);
    });
  }
}
