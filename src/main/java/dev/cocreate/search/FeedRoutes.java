package dev.cocreate.search;

import dev.cocreate.access.Permissions;
import dev.cocreate.access.SqlReader;
import dev.cocreate.access.SqlScope;
import dev.cocreate.account.Caller;
import dev.cocreate.content.Post;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * Atom feeds of public content: open challenges, a public space's new threads, a public thread's
 * posts. Feeds are read by anonymous feed readers, so every feed is decided as for an anonymous
 * caller whatever cookie comes with the request: anything not public is 404, and {@link
 * Permissions}' rules (their SQL scopes here) decide for that caller what is listed.
 */
public final class FeedRoutes {
  private static final int ENTRIES = 30;

  private final Database db;
  private final SpaceService spaces;
  private final ForumService forum;
  private final String siteUrl;
  private final Permissions permissions;

  public FeedRoutes(Database db, SpaceService spaces, ForumService forum, Permissions permissions, String siteUrl) {
    this.db = db;
    this.permissions = permissions;
    this.spaces = spaces;
    this.forum = forum;
    this.siteUrl = siteUrl;
  }

  public void mount(Router router) {
    router.get("/feeds/challenges.atom").handler(this::challenges);
    router.get("/feeds/spaces/:slug.atom").handler(this::space);
    router.get("/feeds/threads/:id.atom").handler(this::thread);
  }

  private void challenges(RoutingContext ctx) {
    String self = siteUrl + "/feeds/challenges.atom";
    SqlScope visible = permissions.readableChallenges(Caller.ANONYMOUS, "c", 2);
    respond(ctx, db.pool().preparedQuery("""
            select c.id, c.title, c.summary, c.problem_html, c.created_at, c.updated_at, o.name as org_name
            from challenges c join orgs o on o.id = c.org_id
            where\s""" + visible.sql() + " order by c.id desc limit $1")
        .execute(visible.addTo(Tuple.of(ENTRIES)))
        .map(rows -> {
          OffsetDateTime updated = OffsetDateTime.parse("2000-01-01T00:00:00Z");
          for (Row r : rows) {
            updated = max(updated, r.getOffsetDateTime("updated_at"));
          }
          AtomWriter feed = new AtomWriter(self, "Cocreate: challenges", siteUrl + "/challenges", self, updated);
          for (Row r : rows) {
            String url = siteUrl + "/c/" + r.getLong("id");
            String html = "<p>" + AtomWriter.text(r.getString("summary")) + "</p>" + r.getString("problem_html");
            feed.entry(url, r.getString("title"), url, r.getString("org_name"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"), html);
          }
          return feed.finish();
        }));
  }

  private void space(RoutingContext ctx) {
    String slug = ctx.pathParam("slug");
    if (slug == null || !slug.matches("[A-Za-z0-9-]{1,64}")) {
      ctx.fail(ApiException.notFound("space"));
      return;
    }
    String self = siteUrl + "/feeds/spaces/" + slug + ".atom";
    SqlReader visitor = permissions.reader(Caller.ANONYMOUS, 3);
    respond(ctx, spaces.space(Caller.ANONYMOUS, slug).compose(space -> db.pool().preparedQuery("""
            select t.id, t.idea_id, t.title, t.created_at, t.last_activity_at, u.display_name, p.html,
                   p.deleted_at is not null as deleted, %s as content_visible
            from threads t join spaces s on s.id = t.space_id join users u on u.id = t.author_id
            left join posts p on p.id = t.first_post_id
            where t.space_id = $1 and %s order by t.created_at desc, t.id desc limit $2"""
            .formatted(permissions.visiblePosts(visitor, "p"), permissions.readableThreads(visitor, "t", "s")))
        .execute(visitor.addTo(Tuple.of(space.id(), ENTRIES)))
        .map(rows -> {
          OffsetDateTime updated = space.createdAt();
          for (Row r : rows) {
            updated = max(updated, r.getOffsetDateTime("created_at"));
          }
          AtomWriter feed = new AtomWriter(self, "Cocreate: " + space.name(), siteUrl + "/s/" + space.slug(), self, updated);
          for (Row r : rows) {
            // An entry's id stays the thread's address, as readers first saw it; an idea's thread links to the idea's page.
            String id = siteUrl + "/t/" + r.getLong("id");
            Long ideaId = r.getLong("idea_id");
            String url = ideaId == null ? id : siteUrl + "/i/" + ideaId;
            feed.entry(id, r.getString("title"), url, r.getString("display_name"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("created_at"), openingHtml(r));
          }
          return feed.finish();
        })));
  }

  private void thread(RoutingContext ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      ctx.fail(ApiException.notFound("thread"));
      return;
    }
    String self = siteUrl + "/feeds/threads/" + id + ".atom";
    respond(ctx, forum.thread(Caller.ANONYMOUS, id).compose(t ->
        forum.posts(Caller.ANONYMOUS, id, ForumService.PostOrder.NEWEST, null, ENTRIES).map(page -> {
          OffsetDateTime updated = t.lastActivityAt();
          String home = t.ideaId() == null ? siteUrl + "/t/" + t.id() : siteUrl + "/i/" + t.ideaId();
          AtomWriter feed = new AtomWriter(self, t.title(), home, self, updated);
          for (Post p : page.items()) {
            String entryId = siteUrl + "/t/" + t.id() + "/p/" + p.id() + "#p" + p.id();
            String url = t.ideaId() == null ? entryId
                : p.parentId() == null ? home : home + "/p/" + p.id() + "#p" + p.id();
            String title = p.parentId() == null ? t.title() : "Reply by " + p.author().displayName();
            feed.entry(entryId, title, url, p.author().displayName(), p.createdAt(),
                p.editedAt() != null ? p.editedAt() : p.createdAt(), p.html());
          }
          return feed.finish();
        })));
  }

  /** The thread's opening post as a visitor reads it: a placeholder once deleted or while hidden. */
  private static String openingHtml(Row r) {
    if (r.getString("html") == null) {
      return "";
    }
    if (Boolean.TRUE.equals(r.getBoolean("content_visible"))) {
      return r.getString("html");
    }
    return "<p>" + (r.getBoolean("deleted") ? Post.DELETED_BODY : Post.HIDDEN_BODY) + "</p>";
  }

  private static OffsetDateTime max(OffsetDateTime a, OffsetDateTime b) {
    return b != null && b.isAfter(a) ? b : a;
  }

  private static void respond(RoutingContext ctx, Future<String> xml) {
    xml.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ctx.response().putHeader("Content-Type", "application/atom+xml; charset=utf-8")
            .putHeader("Cache-Control", "public, max-age=300")
            .end(ar.result());
      }
    });
  }
}
