package dev.cocreate.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The images and PDFs a member uploaded and their avatar. The export carries each file itself (base64, as
 * stored: an image's re-encoding, a PDF as sent) and the name it was sent with, not only its address, which stops answering once the account
 * is deleted; deletion removes the images and the avatar. Posts that showed them keep their text;
 * the image's address then answers 404 and browsers show its alt text.
 */
final class UploadData implements PersonalData {

  @Override
  public Future<ExportPart> export(SqlConnection c, long userId) {
    Tuple id = Tuple.of(userId);
    Future<Object> uploads = c.preparedQuery("""
            select '/uploads/' || sha256 || '.' || ext as url, name, media_type, width, height, length(bytes) as size,
                   created_at, encode(bytes, 'base64') as content_base64
            from uploads where owner_id = $1 order by id""")
        .execute(id).map(rows -> {
          JsonArray out = Rows.array(rows);
          // PostgreSQL breaks base64 into 76-character lines; the export carries it in one piece.
          out.forEach(o -> ((JsonObject) o).put("contentBase64", ((JsonObject) o).getString("contentBase64").replace("\n", "")));
          return out;
        });
    Future<Object> avatar = c.preparedQuery("select avatar_url from users where id = $1").execute(id)
        .map(rows -> rows.iterator().next().getString(0));
    return Future.all(uploads, avatar).map(all -> {
      // A HashMap: no avatar is a JSON null in the export, which Map.of would refuse.
      Map<String, Object> members = new HashMap<>();
      members.put("uploads", uploads.result());
      members.put("avatarUrl", avatar.result());
      return new ExportPart(members);
    });
  }

  @Override
  public Future<List<PendingEvent>> erase(SqlConnection tx, long userId) {
    Tuple id = Tuple.of(userId);
    return tx.preparedQuery("update users set avatar_url = null where id = $1").execute(id)
        .compose(v -> tx.preparedQuery("delete from uploads where owner_id = $1").execute(id))
        .map(v -> List.of());
  }
}
