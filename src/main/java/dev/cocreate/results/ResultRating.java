package dev.cocreate.results;

import dev.cocreate.platform.http.Fields;

/** A supporter's rating of a delivered result: 1 to 5 stars and a comment, from the API or the page. */
record ResultRating(int stars, String comment) {
  static final int COMMENT_MAX = 2000;

  static ResultRating from(Fields f) {
    Integer stars = f.integer("stars", 1, 5, true);
    String comment = f.optionalString("comment", COMMENT_MAX);
    f.validate();
    return new ResultRating(stars, comment == null ? "" : comment);
  }
}
