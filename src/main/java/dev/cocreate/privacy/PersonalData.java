package dev.cocreate.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;

/**
 * One feature's part of a member's data: what it exports for them, and what it erases when they
 * delete their account. Each feature that stores something about members adds one, so the export
 * and the erasure grow with the features instead of being written once and forgotten.
 */
public interface PersonalData {
  /** The member's own records of this feature, read in the export's snapshot transaction. */
  Future<ExportPart> export(SqlConnection conn, long userId);

  /**
   * Removes or anonymizes what identifies the member, inside the deletion's transaction, keeping
   * every counter exact (counters that counted the member's actions are moved back by them).
   * Events that must reach live clients (a score that changed) are returned, not written: the
   * deletion writes them last, as the event log requires.
   */
  Future<List<PendingEvent>> erase(SqlConnection tx, long userId);

  /** Named members of the export object. */
  record ExportPart(Map<String, Object> members) {
    public static ExportPart of(String name, Object value) {
      return new ExportPart(Map.of(name, value));
    }
  }

  /** A live event to write once the erasure is done. */
  record PendingEvent(String topic, String type, JsonObject data) {}
}
