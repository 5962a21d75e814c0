package dev.cocreate.results;

import dev.cocreate.challenge.IdeaService;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.Router;

/** The results pages, mounted: a challenge's results with the firm's and supporters' forms, and their feed. */
public final class ResultPages {
  private final ResultsPage page;
  private final ResultsFeed feed;

  public ResultPages(Pages pages, ResultService results, IdeaService ideas, String siteUrl) {
    this.page = new ResultsPage(pages, results, ideas);
    this.feed = new ResultsFeed(results, siteUrl);
  }

  public void mount(Router router) {
    router.get("/c/:id/results.atom").handler(feed::serve);
    router.get("/c/:id/results").handler(page::show);
    router.post("/c/:id/results").handler(page::record);
    router.post("/c/:id/results/:resultId/updates").handler(page::update);
    router.post("/c/:id/results/:resultId/rating").handler(page::rate);
  }
}
