package dev.cocreate.challenge;

import dev.cocreate.web.FormValues;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The brief form: what it shows ({@code shown}, and the criteria table's rows) and, once posted,
 * the same input as the API's JSON ({@code api}), so it is validated by the API's own rules
 * ({@link BriefDraft#from}). The closing time is a datetime-local field, which has no
 * zone: the form says UTC.
 */
record BriefForm(JsonObject shown, JsonArray criteriaRows, JsonArray stageRows, JsonObject api) {
  /** Rows of the criteria table; empty rows are ignored. */
  static final int CRITERIA_ROWS = 5;
  /** Rows of the support stages table; empty rows are ignored, none filled is no stages. */
  static final int STAGE_ROWS = 4;
  private static final List<String> FIELDS = List.of("title", "summary", "problem", "desiredOutcomes", "constraints",
      "reward", "ipTerms", "closesAt", "supportThreshold");

  /** A new brief's form: closing in thirty days, the criteria table empty. */
  static BriefForm blank() {
    JsonArray rows = new JsonArray();
    while (rows.size() < CRITERIA_ROWS) {
      rows.add(new JsonObject().put("name", "").put("weight", ""));
    }
    return new BriefForm(new JsonObject().put("closesAt", minutes(OffsetDateTime.now(ZoneOffset.UTC).plusDays(30))),
        numbered(rows), stageRows(new JsonArray()), null);
  }

  /** The form filled from a challenge (its API JSON) to edit it. */
  static BriefForm of(ChallengeService.View view) {
    JsonObject c = view.toJson();
    JsonObject shown = c.copy().put("closesAt", minutes(view.challenge().closesAt()));
    JsonArray rows = new JsonArray();
    for (Object o : c.getJsonArray("criteria")) {
      JsonObject k = (JsonObject) o;
      rows.add(new JsonObject().put("name", k.getValue("name")).put("weight", String.valueOf(k.getValue("weight"))));
    }
    while (rows.size() < CRITERIA_ROWS) {
      rows.add(new JsonObject().put("name", "").put("weight", ""));
    }
    JsonObject share = c.getJsonObject("minSupportShare");
    shown.put("minShareType", share == null ? "" : share.getString("type"))
        .put("minSharePercent", share == null ? "" : String.valueOf(share.getValue("percent")));
    return new BriefForm(shown.put("supportBudget", c.getValue("supportBudget") == null ? "" : c.getValue("supportBudget")),
        numbered(rows), stageRows(c.getJsonArray("supportStages")), null);
  }

  /** The stages table's rows: the brief's stages, then empty rows up to {@link #STAGE_ROWS}. */
  private static JsonArray stageRows(JsonArray stages) {
    JsonArray rows = new JsonArray();
    for (Object o : stages) {
      JsonObject st = (JsonObject) o;
      rows.add(new JsonObject().put("supporters", String.valueOf(st.getValue("supporters")))
          .put("days", String.valueOf(st.getValue("withinDays"))));
    }
    while (rows.size() < STAGE_ROWS) {
      rows.add(new JsonObject().put("supporters", "").put("days", ""));
    }
    return numbered(rows);
  }

  /** The form as typed (to show again) and as the API's JSON (to validate with the API's own rules). */
  static BriefForm posted(MultiMap f) {
    JsonObject form = new JsonObject();
    JsonObject api = new JsonObject();
    for (String field : FIELDS) {
      String v = FormValues.orEmpty(f.get(field));
      form.put(field, v);
      if (!v.isBlank()) {
        api.put(field, v);
      }
    }
    String closes = form.getString("closesAt").strip();
    if (!closes.isEmpty()) {
      try {
        api.put("closesAt", LocalDateTime.parse(closes).atOffset(ZoneOffset.UTC).toString());
      } catch (DateTimeParseException e) {
        api.put("closesAt", closes);
      }
    }
    String threshold = form.getString("supportThreshold").strip();
    if (!threshold.isEmpty()) {
      try {
        api.put("supportThreshold", Integer.parseInt(threshold));
      } catch (NumberFormatException e) {
        api.put("supportThreshold", threshold);
      }
    }
    // The round this one follows, by its challenge number; left empty, the brief names none (or keeps its own).
    String previous = FormValues.orEmpty(f.get("previousRound")).strip();
    form.put("previousRound", previous);
    if (!previous.isEmpty()) {
      try {
        api.put("previousRound", Long.parseLong(previous));
      } catch (NumberFormatException e) {
        api.put("previousRound", previous);
      }
    }
    // A checkbox sends nothing when unticked: the form always says which it is.
    boolean publicRationale = f.get("publicRationale") != null;
    form.put("publicRationale", publicRationale);
    api.put("publicRationale", publicRationale);
    JsonArray rows = new JsonArray();
    JsonArray criteria = new JsonArray();
    for (int i = 0; i < CRITERIA_ROWS; i++) {
      String name = FormValues.orEmpty(f.get("criterionName" + i)).strip();
      String weight = FormValues.orEmpty(f.get("criterionWeight" + i)).strip();
      rows.add(new JsonObject().put("name", name).put("weight", weight));
      if (name.isEmpty() && weight.isEmpty()) {
        continue;
      }
      criteria.add(new JsonObject().put("name", name).put("weight", weight(weight)));
    }
    if (!criteria.isEmpty()) {
      api.put("criteria", criteria);
    }
    // Support stages and budget (issue #20): the form always says what it wants, so emptied rows and
    // an emptied budget remove them ([] and 0), as the API reads it.
    JsonArray stageRows = new JsonArray();
    JsonArray stages = new JsonArray();
    for (int i = 0; i < STAGE_ROWS; i++) {
      String supporters = FormValues.orEmpty(f.get("stageSupporters" + i)).strip();
      String days = FormValues.orEmpty(f.get("stageDays" + i)).strip();
      stageRows.add(new JsonObject().put("supporters", supporters).put("days", days));
      if (!supporters.isEmpty() || !days.isEmpty()) {
        stages.add(new JsonObject().put("supporters", weight(supporters)).put("withinDays", weight(days)));
      }
    }
    api.put("supportStages", stages);
    String budget = FormValues.orEmpty(f.get("supportBudget")).strip();
    form.put("supportBudget", budget);
    api.put("supportBudget", budget.isEmpty() ? 0 : weight(budget));
    // The required share (issue #21): no type chosen is none, sent as null as the API reads it.
    String shareType = FormValues.orEmpty(f.get("minShareType")).strip();
    String sharePercent = FormValues.orEmpty(f.get("minSharePercent")).strip();
    form.put("minShareType", shareType).put("minSharePercent", sharePercent);
    api.put("minSupportShare", shareType.isEmpty() ? null
        : new JsonObject().put("type", shareType).put("percent", weight(sharePercent)));
    return new BriefForm(form, numbered(rows), numbered(stageRows), api);
  }

  /** A weight as the API's JSON would carry it: a whole number, a decimal, or the text as typed for the API to refuse. */
  private static Object weight(String typed) {
    try {
      double d = Double.parseDouble(typed);
      return d == Math.rint(d) && Math.abs(d) < 1e9 ? (Object) (long) d : (Object) d;
    } catch (NumberFormatException e) {
      return typed;
    }
  }

  /** A time as the datetime-local field takes it: to the minute, in UTC. */
  private static String minutes(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).withSecond(0).withNano(0).toLocalDateTime().toString();
  }

  private static JsonArray numbered(JsonArray rows) {
    for (int i = 0; i < rows.size(); i++) {
      rows.getJsonObject(i).put("index", i).put("number", i + 1);
    }
    return rows;
  }
}
