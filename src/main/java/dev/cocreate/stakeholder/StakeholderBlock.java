package dev.cocreate.stakeholder;

import dev.cocreate.account.Caller;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What the org's page (challenge.OrgPage) shows of stakeholders: the signed-in member's own relation
 * to the org, with its form (posted to {@link StakeholderPages}), and the statistics' breakdown rows.
 */
public final class StakeholderBlock {
  private final Pages pages;
  private final StakeholderService stakeholders;
  private final StakeholderTexts texts;

  public StakeholderBlock(Pages pages, StakeholderService stakeholders) {
    this.pages = pages;
    this.stakeholders = stakeholders;
    this.texts = new StakeholderTexts(pages);
  }

  /**
   * What the org's page shows a signed-in member of their own relation to it: {@code {type, status,
   * statusText, options}}; null for a visitor, who is shown nothing to declare.
   */
  public Future<JsonObject> relation(RoutingContext ctx, Caller caller, String slug) {
    if (!caller.signedIn()) {
      return Future.succeededFuture(null);
    }
    return stakeholders.mine(caller, slug).map(mine -> {
      String type = mine.getString("type");
      String status = mine.getString("status");
      return mine.put("options", texts.options(ctx, type))
          .put("statusText", type == null ? null
              : pages.text(ctx, "stakeholder.status." + status, "type", texts.label(ctx, type)));
    });
  }

  /** A breakdown ({@code {supports, participants}}) as the breakdown partial's rows. */
  public JsonArray rows(RoutingContext ctx, JsonObject breakdown) {
    return texts.rows(ctx, breakdown);
  }

}
