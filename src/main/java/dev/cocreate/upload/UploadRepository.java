package dev.cocreate.upload;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** The uploads table: images stored by their owner and the hash of their bytes. */
final class UploadRepository {
  /** The bytes to serve and their type. */
  record Stored(Buffer bytes, String mediaType) {}

  private static Upload of(Row r) {
    return new Upload(r.getString("sha256"), r.getString("ext"), r.getString("media_type"), r.getInteger("width"),
        r.getInteger("height"), r.getInteger("size"), r.getOffsetDateTime("created_at"));
  }

  /** Stores the image for its owner; the same image uploaded again by them is the row they have. */
  Future<Upload> insert(SqlClient db, long ownerId, ImageFile.Encoded image) {
    return db.preparedQuery("""
            insert into uploads (owner_id, sha256, ext, media_type, width, height, bytes)
            values ($1, $2, $3, $4, $5, $6, $7)
            on conflict (owner_id, sha256) do update set owner_id = excluded.owner_id
            returning sha256, ext, media_type, width, height, length(bytes) as size, created_at""")
        .execute(Tuple.of(ownerId, image.sha256(), image.ext(), image.mediaType(), image.width(), image.height())
            .addValue(Buffer.buffer(image.bytes())))
        .map(rows -> of(rows.iterator().next()));
  }

  /** The bytes at an upload's address, whoever uploaded them. */
  Future<Optional<Stored>> bytes(SqlClient db, UploadPaths.Name name) {
    return db.preparedQuery("select bytes, media_type from uploads where sha256 = $1 and ext = $2 limit 1")
        .execute(Tuple.of(name.sha256(), name.ext()))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new Stored(rows.iterator().next().getBuffer("bytes"), rows.iterator().next().getString("media_type"))));
  }

  /** Whether the member uploaded the image at this address. */
  Future<Boolean> owns(SqlClient db, long ownerId, UploadPaths.Name name) {
    return db.preparedQuery("select 1 from uploads where owner_id = $1 and sha256 = $2 and ext = $3")
        .execute(Tuple.of(ownerId, name.sha256(), name.ext()))
        .map(rows -> rows.size() > 0);
  }
}
