package dev.cocreate.upload;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The uploads table: images and PDFs stored by their owner and the hash of their bytes. */
final class UploadRepository {
  private static final String COLUMNS = "sha256, ext, media_type, width, height, length(bytes) as size, name, created_at";

  private static Upload of(Row r) {
    return new Upload(r.getString("sha256"), r.getString("ext"), r.getString("media_type"), r.getInteger("width"),
        r.getInteger("height"), r.getInteger("size"), r.getString("name"), r.getOffsetDateTime("created_at"));
  }

  /**
   * Stores the file for its owner; the same file uploaded again by them is the row they have, under
   * the name it was sent with this time (when it was sent with one).
   */
  Future<Upload> insert(SqlClient db, long ownerId, StoredFile file, String name) {
    return db.preparedQuery("""
            insert into uploads (owner_id, sha256, ext, media_type, width, height, bytes, name)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            on conflict (owner_id, sha256) do update set name = coalesce(excluded.name, uploads.name)
            returning\s""" + COLUMNS)
        .execute(Tuple.of(ownerId, file.sha256(), file.ext(), file.mediaType(), file.width(), file.height())
            .addValue(Buffer.buffer(file.bytes())).addValue(name))
        .map(rows -> of(rows.iterator().next()));
  }

  /**
   * The bytes at an upload's address: whoever uploaded them, or with {@code ownerId} only theirs.
   * The name is the uploader's (the oldest row's, when several members uploaded the same file).
   */
  Future<Optional<UploadService.FileBytes>> bytes(SqlClient db, UploadPaths.Name name, Long ownerId) {
    return db.preparedQuery("""
            select bytes, media_type, name from uploads
            where sha256 = $1 and ext = $2 and ($3::bigint is null or owner_id = $3) order by id limit 1""")
        .execute(Tuple.of(name.sha256(), name.ext(), ownerId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new UploadService.FileBytes(r.getBuffer("bytes"), r.getString("media_type"), r.getString("name")));
        });
  }

  /** Whether the member uploaded the file at this address. */
  Future<Boolean> owns(SqlClient db, long ownerId, UploadPaths.Name name) {
    return db.preparedQuery("select 1 from uploads where owner_id = $1 and sha256 = $2 and ext = $3")
        .execute(Tuple.of(ownerId, name.sha256(), name.ext()))
        .map(rows -> rows.size() > 0);
  }

  /** The member's uploads among these addresses, in no particular order (those that are not theirs are absent). */
  Future<List<Upload>> owned(SqlClient db, long ownerId, List<UploadPaths.Name> names) {
    List<String> paths = names.stream().map(UploadPaths.Name::path).toList();
    return db.preparedQuery("select " + COLUMNS + " from uploads where owner_id = $1 and '/uploads/' || sha256 || '.' || ext = any($2)")
        .execute(Tuple.of(ownerId).addArrayOfString(paths.toArray(String[]::new)))
        .map(rows -> {
          List<Upload> out = new ArrayList<>();
          rows.forEach(r -> out.add(of(r)));
          return out;
        });
  }
}
