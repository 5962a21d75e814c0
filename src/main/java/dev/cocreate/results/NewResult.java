package dev.cocreate.results;

import dev.cocreate.platform.http.JsonBody;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A result the firm records: {@code {title, ideaIds, owner, milestones: [{title, due}]}}, read by one
 * {@link #from} for the API's body and the results page's form alike (the form is first put in the
 * API's shape, {@link #formAsJson}). {@code owner} is free text, the person or team who carries the
 * result out, as the firm names it: often someone outside the site (a supplier, a department), so
 * it is not a member's username. Whether the ideas are the challenge's is the service's to check.
 */
record NewResult(String title, String owner, List<Long> ideaIds, List<Result.Milestone> milestones) {
  static final int TITLE_MAX = 200;
  static final int OWNER_MAX = 200;
  static final int IDEAS_MAX = 50;
  static final int MILESTONES_MAX = 20;
  /** How many milestone rows the page's form offers. */
  static final int FORM_MILESTONES = 3;

  static NewResult from(JsonBody b) {
    String title = b.string("title", 1, TITLE_MAX);
    String owner = b.string("owner", 1, OWNER_MAX);
    List<Long> ideas = ideaIds(b);
    List<Result.Milestone> milestones = milestones(b);
    b.validate();
    return new NewResult(title, owner, ideas, milestones);
  }

  private static List<Long> ideaIds(JsonBody b) {
    Object raw = b.raw().getValue("ideaIds");
    if (!(raw instanceof JsonArray arr) || arr.isEmpty() || arr.size() > IDEAS_MAX) {
      b.error("ideaIds", "must be an array of 1 to " + IDEAS_MAX + " idea ids");
      return List.of();
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (Object o : arr) {
      if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
        b.error("ideaIds", "must be an array of 1 to " + IDEAS_MAX + " idea ids");
        return List.of();
      }
      ids.add(n.longValue());
    }
    return new ArrayList<>(ids);
  }

  private static List<Result.Milestone> milestones(JsonBody b) {
    Object raw = b.raw().getValue("milestones");
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray arr) || arr.size() > MILESTONES_MAX) {
      b.error("milestones", "must be an array of at most " + MILESTONES_MAX + " {title, due} objects");
      return List.of();
    }
    List<Result.Milestone> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      String field = "milestones[" + i + "]";
      if (!(arr.getValue(i) instanceof JsonObject m)) {
        b.error(field, "must be an object {title, due}");
        continue;
      }
      Object title = m.getValue("title");
      Object due = m.getValue("due");
      if (!(title instanceof String t) || t.isBlank() || t.strip().length() > TITLE_MAX || t.indexOf('\u0000') >= 0) {
        b.error(field + ".title", "must be 1 to " + TITLE_MAX + " characters");
        continue;
      }
      try {
        out.add(new Result.Milestone(t.strip(), LocalDate.parse(String.valueOf(due))));
      } catch (DateTimeParseException e) {
        b.error(field + ".due", "must be a date such as 2027-03-31");
      }
    }
    return out;
  }

  /**
   * The page's form in the API's shape: ticked {@code ideaIds} boxes, and the milestone rows
   * ({@code milestoneTitle-N}, {@code milestoneDue-N}) that are not left empty.
   */
  static JsonObject formAsJson(MultiMap form) {
    JsonArray ideas = new JsonArray();
    for (String id : form.getAll("ideaIds")) {
      try {
        ideas.add(Long.parseLong(id.strip()));
      } catch (NumberFormatException e) {
        ideas.add(id);
      }
    }
    JsonArray milestones = new JsonArray();
    for (int i = 1; i <= FORM_MILESTONES; i++) {
      String title = form.get("milestoneTitle-" + i);
      String due = form.get("milestoneDue-" + i);
      if ((title != null && !title.isBlank()) || (due != null && !due.isBlank())) {
        milestones.add(new JsonObject().put("title", title == null ? "" : title).put("due", due == null ? "" : due));
      }
    }
    return new JsonObject().put("title", form.get("title")).put("owner", form.get("owner")).put("ideaIds", ideas)
        .put("milestones", milestones);
  }
}
