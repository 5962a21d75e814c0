package dev.cocreate.challenge;

import dev.cocreate.account.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What a feature built on ideas adds to an idea's page (co-design: iterations, co-authors,
 * amendments, credits), handed in by {@code NodeRouter} so this package never imports that feature.
 * The model goes under {@code codesign} for idea.hbs; null adds nothing.
 */
@FunctionalInterface
public interface IdeaPageBlock {
  Future<JsonObject> model(RoutingContext ctx, Caller caller, Idea idea);
}
