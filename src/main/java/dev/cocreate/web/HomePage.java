package dev.cocreate.web;

import io.vertx.ext.web.Router;

/** The front page. */
public final class HomePage {
  private final Pages pages;

  public HomePage(Pages pages) {
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/").handler(ctx -> pages.render(ctx, "home", pages.frame(ctx, "Cocreate")));
  }
}
