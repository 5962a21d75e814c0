package dev.cocreate.results;

import dev.cocreate.platform.http.Http;
import dev.cocreate.search.AtomWriter;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;

/**
 * {@code /c/:id/results.atom}: every update of a challenge's results, newest first, as an anonymous
 * visitor may read them (a draft challenge's is 404): where a participant follows what became of
 * the ideas without an account or a visit.
 */
final class ResultsFeed {
  private final ResultService results;
  private final String siteUrl;

  ResultsFeed(ResultService results, String siteUrl) {
    this.results = results;
    this.siteUrl = siteUrl;
  }

  void serve(RoutingContext ctx) {
    long id = Http.idParam(ctx, "id");
    results.feed(id).map(data -> {
      String page = siteUrl + "/c/" + id + "/results";
      String self = page + ".atom";
      OffsetDateTime updated = data.entries().isEmpty() ? data.challenge().challenge().updatedAt() : data.entries().get(0).at();
      AtomWriter feed = new AtomWriter(self, "Results: " + data.challenge().challenge().title(), page, self, updated);
      for (ResultRepository.FeedEntry e : data.entries()) {
        String status = e.status().replace('_', ' ');
        String html = "<p>" + AtomWriter.text(status + ", " + e.progress() + "%") + "</p>"
            + (e.note().isEmpty() ? "" : "<p>" + AtomWriter.text(e.note()) + "</p>");
        feed.entry(siteUrl + "/c/" + id + "/results/updates/" + e.updateId(), e.resultTitle() + ": " + status + " (" + e.progress() + "%)",
            page + "#result-" + e.resultId(), data.challenge().challenge().orgName(), e.at(), e.at(), html);
      }
      return feed.finish();
    }).onComplete(ar -> {
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
