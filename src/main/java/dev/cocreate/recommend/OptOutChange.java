package dev.cocreate.recommend;

import dev.cocreate.platform.http.Fields;

/**
 * "Don't use my supports and replies for recommendations": {@code optOut} true keeps the member's
 * activity out of everyone's recommendations. The API sends a boolean; the settings page's checkbox
 * is checked or not, so the page always says which.
 */
public record OptOutChange(boolean optOut) {
  public static OptOutChange from(Fields f) {
    Boolean optOut = f.bool("optOut");
    if (optOut == null && !f.has("optOut")) {
      f.error("optOut", "is required");
    }
    f.validate();
    return new OptOutChange(Boolean.TRUE.equals(optOut));
  }
}
