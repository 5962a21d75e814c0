package dev.cocreate.search;

import static dev.cocreate.platform.http.Http.limitParam;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.platform.http.ApiException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /api/search}. */
public final class SearchRoutes {
  static final int MAX_QUERY = 500;

  private final SearchService search;

  public SearchRoutes(SearchService search) {
    this.search = search;
  }

  public void mount(Router api) {
    api.get("/search").handler(this::search);
  }

  private void search(RoutingContext ctx) {
    SearchService.Request req = read(ctx, search);
    int limit = limitParam(ctx);
    String cursor = ctx.request().getParam("cursor");
    respond(ctx, search.search(AuthHandler.caller(ctx), req, cursor == null || cursor.isEmpty() ? null : cursor, limit),
        page -> page.toJson(SearchHit::toJson));
  }

  /** Validates the query string's parameters (the API's and the search page's): 400 naming each bad one. */
  public static SearchService.Request read(RoutingContext ctx, SearchService search) {
    List<ApiException.FieldError> errors = new ArrayList<>();
    String q = ctx.request().getParam("q");
    if (q == null || q.isBlank()) {
      errors.add(new ApiException.FieldError("q", "must not be blank"));
    } else if (q.length() > MAX_QUERY) {
      errors.add(new ApiException.FieldError("q", "must be at most " + MAX_QUERY + " characters"));
    } else if (q.indexOf('\0') >= 0) {
      errors.add(new ApiException.FieldError("q", "must not contain NUL characters"));
    }
    String type = blankToNull(ctx.request().getParam("type"));
    if (type != null && !search.types().contains(type)) {
      errors.add(new ApiException.FieldError("type", "must be one of " + String.join(", ", search.types())));
    }
    String space = text(ctx, "space", 100, errors);
    String author = text(ctx, "author", 64, errors);
    OffsetDateTime from = date(ctx, "from", false, errors);
    OffsetDateTime to = date(ctx, "to", true, errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return new SearchService.Request(q.strip(), type, space, author, from, to);
  }

  private static String text(RoutingContext ctx, String name, int max, List<ApiException.FieldError> errors) {
    String v = blankToNull(ctx.request().getParam(name));
    if (v != null && (v.length() > max || v.indexOf('\0') >= 0)) {
      errors.add(new ApiException.FieldError(name, "must be at most " + max + " characters"));
      return null;
    }
    return v;
  }

  /** A date ({@code 2026-11-22}: the whole day, so {@code to} is the next midnight) or an instant. */
  private static OffsetDateTime date(RoutingContext ctx, String name, boolean end, List<ApiException.FieldError> errors) {
    String v = blankToNull(ctx.request().getParam(name));
    if (v == null) {
      return null;
    }
    try {
      if (v.length() == 10) {
        LocalDate d = LocalDate.parse(v);
        return (end ? d.plusDays(1) : d).atStartOfDay().atOffset(ZoneOffset.UTC);
      }
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException e) {
      errors.add(new ApiException.FieldError(name, "must be a date (2026-11-22) or an ISO-8601 time"));
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
