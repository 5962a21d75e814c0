package dev.cocreate.access;

import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * A read rule of {@link Permissions} as a SQL condition, with the values of its placeholders in
 * order. Splice {@link #sql} into a {@code where} clause (it is code, never input) and add
 * {@link #params} to the statement's tuple at the positions it was built for.
 */
public record SqlScope(String sql, List<Object> params) {
  public SqlScope {
    params = List.copyOf(params);
  }

  /** Adds the scope's values to the tuple, after whatever it holds (which must fill $1 up to the scope's first). */
  public Tuple addTo(Tuple tuple) {
    params.forEach(tuple::addValue);
    return tuple;
  }
}
