package dev.cocreate.recommend;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.web.PageLocale;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** {@code /api/me/recommendations} and the member's opt-out, {@code /api/me/recommendations/opt-out}. */
public final class RecommendationRoutes {
  private final RecommendationService recommendations;

  public RecommendationRoutes(RecommendationService recommendations) {
    this.recommendations = recommendations;
  }

  public void mount(Router api) {
    api.get("/me/recommendations").handler(this::list);
    api.get("/me/recommendations/opt-out").handler(this::optOut);
    api.put("/me/recommendations/opt-out").handler(this::setOptOut);
  }

  /** The caller's recommendations, each reason in the request's language, with whether they opted out. */
  private void list(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    Locale locale = PageLocale.of(ctx);
    respond(ctx, recommendations.forCaller(c, RecommendationService.MAX)
        .compose(list -> recommendations.optedOut(c).map(out -> {
          JsonArray items = new JsonArray();
          list.forEach(r -> items.add(r.toJson(recommendations.messages(), locale)));
          return new JsonObject().put("items", items).put("optedOut", out);
        })), j -> j);
  }

  private void optOut(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, recommendations.optedOut(c), RecommendationRoutes::optOutJson);
  }

  private void setOptOut(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    OptOutChange change = OptOutChange.from(body(ctx));
    respond(ctx, recommendations.setOptOut(c, change), RecommendationRoutes::optOutJson);
  }

  static JsonObject optOutJson(boolean optOut) {
    return new JsonObject().put("optOut", optOut);
  }
}
