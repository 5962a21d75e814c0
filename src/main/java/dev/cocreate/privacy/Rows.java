package dev.cocreate.privacy;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;

/** Rows to JSON for the export: column names in camelCase, times as ISO-8601 UTC. */
final class Rows {
  private Rows() {}

  static JsonArray array(RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    rows.forEach(r -> out.add(object(r)));
    return out;
  }

  static JsonObject object(Row r) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < r.size(); i++) {
      Object v = r.getValue(i);
      if (v instanceof OffsetDateTime t) {
        v = Times.iso(t);
      } else if (v instanceof LocalDate d) {
        v = d.toString();
      } else if (v instanceof Object[] arr) {
        v = new JsonArray(Arrays.asList(arr));
      }
      o.put(camel(r.getColumnName(i)), v);
    }
    return o;
  }

  static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char ch : snake.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return b.toString();
  }
}
