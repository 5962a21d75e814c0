package dev.cocreate.site;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.search.SearchRoutes;
import dev.cocreate.search.SearchService;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code /search}: one search across the features (threads, posts, ideas, challenges), with the
 * API's own rules for the query; the form alone until something is asked.
 */
final class SearchPage {
  static final int RESULTS_PER_PAGE = 20;
  private static final Map<String, String> TYPE_PLURALS = Map.of(
      "thread", "search.type.threads", "post", "search.type.posts", "idea", "search.type.ideas",
      "challenge", "search.type.challenges");
  private static final Map<String, String> TYPE_NAMES = Map.of(
      "thread", "search.badge.thread", "post", "search.badge.post", "idea", "search.badge.idea",
      "challenge", "search.badge.challenge");

  private final Pages pages;
  private final SearchService search;

  SearchPage(Pages pages, SearchService search) {
    this.pages = pages;
    this.search = search;
  }

  /** The form as asked, kept in the next page's link. */
  record Query(String q, String type, String space, String author) {
    JsonObject toJson() {
      return new JsonObject().put("q", q == null ? "" : q).put("type", type).put("space", space).put("author", author);
    }

    String nextHref(String searched, String cursor) {
      return "/search?" + param("q", searched) + "&" + param("type", type) + "&" + param("space", space) + "&"
          + param("author", author) + "&" + param("cursor", cursor);
    }

    private static String param(String name, String value) {
      return name + "=" + FormValues.encode(value == null ? "" : value);
    }
  }

  /** What search.hbs reads besides the frame: the form, the kinds to choose from and, once asked, the results. */
  record View(Query form, JsonArray types) {
    JsonObject into(JsonObject frame) {
      return frame.put("form", form.toJson()).put("types", types);
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    var params = ctx.request();
    Query form = new Query(params.getParam("q"), params.getParam("type", ""), params.getParam("space", ""),
        params.getParam("author", ""));
    JsonObject model = new View(form, types(ctx, form.type())).into(pages.frame(ctx, pages.text(ctx, "nav.search")));
    if (form.q() == null) {
      pages.render(ctx, "search", model);
      return;
    }
    SearchService.Request req;
    try {
      req = SearchRoutes.read(ctx, search);
    } catch (ApiException e) {
      pages.render(ctx, 400, "search", pages.withErrors(ctx, model, e));
      return;
    }
    String cursor = FormValues.blankToNull(ctx.request().getParam("cursor"));
    pages.render(ctx, "search", search.search(caller, req, cursor, RESULTS_PER_PAGE).map(page -> {
      JsonArray results = new JsonArray();
      page.items().forEach(h -> {
        JsonObject hit = h.toJson();
        results.add(hit.put("typeLabel", typeLabel(ctx, hit.getString("type"))));
      });
      String next = page.nextCursor() == null ? null : form.nextHref(req.q(), page.nextCursor());
      return model.put("searched", true).put("results", results).put("nextHref", next);
    }));
  }

  private JsonArray types(RoutingContext ctx, String selected) {
    JsonArray out = new JsonArray().add(new JsonObject().put("value", "").put("label", pages.text(ctx, "search.everything"))
        .put("selected", selected.isEmpty()));
    for (String t : search.types()) {
      String key = TYPE_PLURALS.get(t);
      out.add(new JsonObject().put("value", t).put("label", key == null ? t : pages.text(ctx, key))
          .put("selected", t.equals(selected)));
    }
    return out;
  }

  /** A result's kind on its badge; the search's own word when the bundle has none. */
  private String typeLabel(RoutingContext ctx, String type) {
    String key = TYPE_NAMES.get(type);
    return key == null ? type : pages.text(ctx, key);
  }
}
