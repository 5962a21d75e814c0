package dev.cocreate.upload;

import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.account.UserRepository;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Members' images: kept (re-encoded, without metadata) in PostgreSQL, served by every node from
 * there, and one of them chosen as the member's avatar.
 */
public final class UploadService {
  /** Uploads per member: enough for a post with a few screenshots, not for filling the database. */
  static final RateLimiter.Limit UPLOADS = new RateLimiter.Limit("upload", 20, Duration.ofMinutes(10));

  private final Database db;
  private final UploadRepository uploads = new UploadRepository();
  private final UserRepository users;
  private final RateLimiter limiter;
  /**
   * One image decoded at a time per node: a decoded image can take 50 MB, and the heap is sized
   * for a forum server, not for a batch of photos.
   */
  private final WorkerExecutor decoder;

  public UploadService(Vertx vertx, Database db, UserRepository users, RateLimiter limiter) {
    this.db = db;
    this.users = users;
    this.limiter = limiter;
    this.decoder = vertx.createSharedWorkerExecutor("cocreate-image-decoder", 1);
  }

  /** Spends one of the member's uploads, or 401/429; checked before the file is read. */
  void admit(Caller caller) {
    if (!caller.signedIn()) {
      throw ApiException.unauthorized("Sign in to upload images.");
    }
    limiter.check(UPLOADS, "user:" + caller.id());
  }

  /** Re-encodes the file off the event loop and stores it for the caller. */
  Future<Upload> store(Caller caller, byte[] file) {
    return decoder.executeBlocking(() -> ImageFile.reencode(file), true)
        .compose(image -> uploads.insert(db.pool(), caller.id(), image));
  }

  /** The bytes at an address, for whoever asks: an upload is as public as the post that shows it. */
  Future<Optional<UploadRepository.Stored>> file(UploadPaths.Name name) {
    return uploads.bytes(db.pool(), name);
  }

  /** Makes one of the caller's own uploads their avatar; 400 when the address is not one of theirs. */
  Future<User> setAvatar(Caller caller, String url) {
    Optional<UploadPaths.Name> name = UploadPaths.parse(url);
    if (name.isEmpty()) {
      return Future.failedFuture(ApiException.invalid("upload", "must be the url of an image you uploaded"));
    }
    return uploads.owns(db.pool(), caller.id(), name.get())
        .compose(owned -> owned ? users.setAvatar(db.pool(), caller.id(), name.get().path())
            : Future.failedFuture(ApiException.invalid("upload", "must be the url of an image you uploaded")))
        .map(user -> user.orElseThrow(() -> ApiException.unauthorized("Sign in first.")));
  }

  Future<User> clearAvatar(Caller caller) {
    return users.setAvatar(db.pool(), caller.id(), null)
        .map(user -> user.orElseThrow(() -> ApiException.unauthorized("Sign in first.")));
  }

  /**
   * Whether every address is an image the member uploaded: what another feature (an idea's
   * iteration) may attach in their name.
   */
  public Future<Boolean> ownsAll(long ownerId, List<String> urls) {
    Future<Boolean> all = Future.succeededFuture(true);
    for (String url : urls) {
      Optional<UploadPaths.Name> name = UploadPaths.parse(url);
      if (name.isEmpty()) {
        return Future.succeededFuture(false);
      }
      all = all.compose(ok -> ok ? uploads.owns(db.pool(), ownerId, name.get()) : Future.succeededFuture(false));
    }
    return all;
  }

  public Future<Void> close() {
    return decoder.close();
  }
}
