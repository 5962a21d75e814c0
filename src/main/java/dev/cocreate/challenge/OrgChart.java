package dev.cocreate.challenge;

import dev.cocreate.web.PageLocale;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The firm's statistics as org.hbs draws them: ideas and supports per day as an SVG bar chart, and
 * the ideas' statuses as a funnel. The geometry is worked out here because the page's CSP allows no
 * inline style, so the template only places numbers in attributes.
 */
final class OrgChart {
  static final int HEIGHT = 120;
  /** Width of one day's pair of bars. */
  static final int SLOT = 20;
  /** Width of the funnel's longest row. */
  static final double FUNNEL_WIDTH = 200.0;

  private final Pages pages;
  private final ChallengeTexts texts;

  OrgChart(Pages pages, ChallengeTexts texts) {
    this.pages = pages;
    this.texts = texts;
  }

  /** The statistics (the API's JSON) with the chart's bars and the funnel's rows added. */
  JsonObject of(RoutingContext ctx, JsonObject stats) {
    JsonArray perDay = stats.getJsonArray("perDay");
    long max = 1;
    for (Object o : perDay) {
      JsonObject d = (JsonObject) o;
      max = Math.max(max, Math.max(d.getLong("ideas"), d.getLong("supports")));
    }
    JsonArray bars = new JsonArray();
    for (int i = 0; i < perDay.size(); i++) {
      JsonObject d = perDay.getJsonObject(i);
      long ideasN = d.getLong("ideas");
      long supportsN = d.getLong("supports");
      int hi = (int) Math.round(ideasN * (double) HEIGHT / max);
      int hs = (int) Math.round(supportsN * (double) HEIGHT / max);
      bars.add(new JsonObject()
          .put("date", day(ctx, d.getString("date")))
          .put("ideas", ideasN).put("supports", supportsN)
          .put("x1", i * SLOT + 2).put("x2", i * SLOT + 10)
          .put("y1", HEIGHT - hi).put("h1", hi)
          .put("y2", HEIGHT - hs).put("h2", hs));
    }
    JsonArray funnel = new JsonArray();
    JsonObject f = stats.getJsonObject("funnel");
    long top = 1;
    for (String k : f.fieldNames()) {
      top = Math.max(top, f.getLong(k));
    }
    for (IdeaStatus s : IdeaStatus.values()) {
      long n = f.getLong(s.wire(), 0L);
      funnel.add(new JsonObject().put("status", s.wire()).put("label", texts.status(ctx, s.wire())).put("count", n)
          .put("width", Math.max(n > 0 ? 2 : 0, Math.round(n * FUNNEL_WIDTH / top))));
    }
    return stats.copy().put("bars", bars).put("chartWidth", Math.max(1, perDay.size()) * SLOT).put("chartHeight", HEIGHT)
        .put("max", max).put("funnelRows", funnel)
        .put("from", perDay.isEmpty() ? "" : day(ctx, perDay.getJsonObject(0).getString("date")))
        .put("to", perDay.isEmpty() ? "" : day(ctx, perDay.getJsonObject(perDay.size() - 1).getString("date")));
  }

  /** A day of the statistics ("2026-11-22") as the page's language writes it. */
  private String day(RoutingContext ctx, String isoDay) {
    try {
      return LocalDate.parse(isoDay).format(DateTimeFormatter.ofPattern(pages.text(ctx, "format.day"), PageLocale.of(ctx)));
    } catch (RuntimeException e) {
      return isoDay;
    }
  }
}
