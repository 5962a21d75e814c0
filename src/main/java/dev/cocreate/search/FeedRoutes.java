package dev.cocreate.search;

import dev.cocreate.account.Caller;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.Post;
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
 * caller whatever cookie comes with the request: anything not public is 404.
 */
public final class FeedRoutes {
  private static final int ENTRIES = 30;

  private final Database db;
  private final SpaceService spaces;
  private final ForumService forum;
  private final String siteUrl;

  public FeedRoutes(Database db, SpaceService spaces, ForumService forum, String siteUrl) {
    this.db = db;
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
    respond(ctx, db.pool().preparedQuery("""
            select c.id, c.title, c.summary, c.problem_html, c.created_at, c.updated_at, o.name as org_name
            from challenges c join orgs o on o.id = c.org_id
            where c.phase <> 'draft' order by c.id desc limit $1""")
        .execute(Tuple.of(ENTRIES))
        .map(rows -> {
          OffsetDateTime updated = OffsetDateTime.parse("2000-01-01T00:00:00Z");
          for (Row r : rows) {
            updated = max(updated, r.getOffsetDateTime("updated_at"));
          }
          AtomWriter feed = new AtomWriter(self, "Cocreate: challenges", siteUrl + "/", self, updated);
          for (Row r : rows) {
            String url = siteUrl + "/api/challenges/" + r.getLong("id");
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
    respond(ctx, spaces.space(Caller.ANONYMOUS, slug).compose(space -> db.pool().preparedQuery("""
            select t.id, t.title, t.created_at, t.last_activity_at, u.display_name,
                   case when p.deleted_at is not null then '<p>[deleted]</p>'
                        when p.hidden then '<p>[hidden by a moderator]</p>' else p.html end as html
            from threads t join users u on u.id = t.author_id left join posts p on p.id = t.first_post_id
            where t.space_id = $1 and not t.hidden order by t.created_at desc, t.id desc limit $2""")
        .execute(Tuple.of(space.id(), ENTRIES))
        .map(rows -> {
          OffsetDateTime updated = space.createdAt();
          for (Row r : rows) {
            updated = max(updated, r.getOffsetDateTime("created_at"));
          }
          AtomWriter feed = new AtomWriter(self, "Cocreate: " + space.name(), siteUrl + "/s/" + space.slug(), self, updated);
          for (Row r : rows) {
            String url = siteUrl + "/t/" + r.getLong("id");
            feed.entry(url, r.getString("title"), url, r.getString("display_name"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("created_at"), r.getString("html") == null ? "" : r.getString("html"));
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
          AtomWriter feed = new AtomWriter(self, t.title(), siteUrl + "/t/" + t.id(), self, updated);
          for (Post p : page.items()) {
            String url = siteUrl + "/t/" + t.id() + "/p/" + p.id() + "#p" + p.id();
            String title = p.parentId() == null ? t.title() : "Reply by " + p.author().displayName();
            feed.entry(url, title, url, p.author().displayName(), p.createdAt(),
                p.editedAt() != null ? p.editedAt() : p.createdAt(), p.html());
          }
          return feed.finish();
        })));
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
