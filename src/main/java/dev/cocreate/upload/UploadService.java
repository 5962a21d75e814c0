package dev.cocreate.upload;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.account.UserRepository;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Members' images and PDFs: kept in PostgreSQL (an image re-encoded, without metadata), served by
 * every node from there; one image may be the member's avatar, and another feature may attach the
 * member's files (an idea's iteration) and serve them under its own reading rule.
 */
public final class UploadService {
  /** A stored file's bytes, type and the name it was uploaded with (or null). */
  public record FileBytes(Buffer bytes, String mediaType, String name) {}

  /** Uploads per member: enough for a post with a few screenshots, not for filling the database. */
  static final RateLimiter.Limit UPLOADS = new RateLimiter.Limit("upload", 20, Duration.ofMinutes(10));

  private final Database db;
  private final UploadRepository uploads = new UploadRepository();
  private final UserRepository users;
  private final RateLimiter limiter;
  private final Permissions permissions;
  /**
   * One image decoded at a time per node: a decoded image can take 50 MB, and the heap is sized
   * for a forum server, not for a batch of photos.
   */
  private final WorkerExecutor decoder;

  public UploadService(Vertx vertx, Database db, UserRepository users, RateLimiter limiter, Permissions permissions) {
    this.permissions = permissions;
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

  /**
   * Checks the file off the event loop (an image is re-encoded, a PDF checked whole) and stores it
   * for the caller; with {@code documents} false only an image is taken (415 otherwise).
   */
  Future<Upload> store(Caller caller, Received file, boolean documents) {
    return decoder.executeBlocking(() -> UploadFiles.read(file.bytes(), documents), true)
        .compose(stored -> uploads.insert(db.pool(), caller.id(), stored, UploadFiles.cleanName(file.name())));
  }

  /**
   * Spends one of the member's uploads and stores the file (an image or a PDF) sent with a page's
   * form, for the feature that form belongs to: 401/429, 413, 415 as the API answers them.
   */
  public Future<Upload> storeFromForm(Caller caller, Received file) {
    try {
      admit(caller);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return store(caller, file, true);
  }

  /**
   * The bytes at an address. An image, for whoever asks: an upload is as public as the post that
   * shows it. A PDF only for its uploader ({@code caller}): it is shown nowhere but as an attachment,
   * whose feature serves it under its own reading rule ({@link #attached}).
   */
  Future<Optional<FileBytes>> file(Caller caller, UploadPaths.Name name) {
    if (!name.document()) {
      return uploads.bytes(db.pool(), name, null);
    }
    // The caller's own row or none: whoever else uploaded the same bytes, the caller must have too.
    Future<Boolean> uploader = caller.signedIn() ? uploads.owns(db.pool(), caller.id(), name) : Future.succeededFuture(false);
    return uploader.compose(own -> permissions.canReadUploadedDocument(caller, own)
        ? uploads.bytes(db.pool(), name, caller.id()) : Future.succeededFuture(Optional.empty()));
  }

  /** The bytes of a file another feature attached and has decided the caller may read. */
  public Future<Optional<FileBytes>> attached(UploadPaths.Name name) {
    return uploads.bytes(db.pool(), name, null);
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
   * The member's uploads at these addresses (images or PDFs), in the order given: what another
   * feature (an idea's iteration) may attach in their name; empty when one of them is not theirs.
   */
  public Future<Optional<List<Upload>>> ownedFiles(long ownerId, List<String> urls) {
    List<UploadPaths.Name> names = new ArrayList<>();
    for (String url : urls) {
      Optional<UploadPaths.Name> name = UploadPaths.parseFile(url);
      if (name.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      names.add(name.get());
    }
    if (names.isEmpty()) {
      return Future.succeededFuture(Optional.of(List.of()));
    }
    return uploads.owned(db.pool(), ownerId, names).map(found -> {
      Map<String, Upload> byUrl = new HashMap<>();
      found.forEach(u -> byUrl.put(u.url(), u));
      List<Upload> inOrder = new ArrayList<>();
      for (UploadPaths.Name n : names) {
        Upload u = byUrl.get(n.path());
        if (u == null) {
          return Optional.empty();
        }
        inOrder.add(u);
      }
      return Optional.of(inOrder);
    });
  }

  public Future<Void> close() {
    return decoder.close();
  }
}
