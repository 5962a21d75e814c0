package dev.cocreate.upload;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.account.User;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import dev.cocreate.platform.http.JsonBody;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /api/uploads} (one image or PDF as {@code multipart/form-data}, field {@code file}), the
 * files at {@code /uploads/<sha256>.<ext>}, and {@code PUT|DELETE /api/me/avatar}.
 *
 * <p>An upload is the one request body the server reads as multipart, and it reads it itself:
 * {@link #gate} runs before the request pipeline's body handler (which it tells to stand aside) and
 * refuses a body over the limit from its declared length, before a byte of it is read; the route
 * then reads the file as it streams in and stops at the limit. Nothing is written to disk.
 */
public final class UploadRoutes {
  /** Set on a request whose body {@link #gate} left unread for the upload route. */
  public static final String UNREAD_BODY = Http.UNREAD_MULTIPART;
  /** The file's limit and what a multipart envelope and a few small fields add to it. */
  static final long MAX_REQUEST_BYTES = ImageFile.MAX_BYTES + 16 * 1024;
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String PRIVATE_IMMUTABLE = "private, max-age=31536000, immutable";

  private final UploadService uploads;
  private final CsrfTokens csrf;

  public UploadRoutes(UploadService uploads, CsrfTokens csrf) {
    this.uploads = uploads;
    this.csrf = csrf;
  }

  /**
   * Ahead of the body handler, for {@code POST /api/uploads}: a multipart body over the limit by its
   * declared length is 413 at once (and the connection closes: a 100 MB body is never read); any
   * other multipart body is paused for the route. Other bodies go the usual way (JSON is read and
   * the route answers 415 once the caller is known, so a missing CSRF token is still 403 first).
   */
  public static void gate(RoutingContext ctx) {
    gate(ctx, MAX_REQUEST_BYTES);
  }

  /**
   * {@link #gate} for a page's form that sends other fields beside its file (an idea's iteration: a
   * summary and a whole text), which may add up to {@code fieldBytes} to the limit.
   */
  public static Handler<RoutingContext> gateWithFields(long fieldBytes) {
    return ctx -> gate(ctx, MAX_REQUEST_BYTES + fieldBytes);
  }

  private static void gate(RoutingContext ctx, long limit) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!base.equals("multipart/form-data")) {
      ctx.next();
      return;
    }
    closeIfUnread(ctx);
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        ctx.fail(ApiException.badRequest("The Content-Length is not a number."));
        return;
      }
      if (declared > limit) {
        ctx.fail(ImageFile.tooLarge());
        return;
      }
    }
    ctx.request().pause();
    ctx.put(UNREAD_BODY, Boolean.TRUE);
    ctx.next();
  }

  /** A response sent before the body was read ends the connection, rather than reading the rest to keep it. */
  private static void closeIfUnread(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    ctx.addHeadersEndHandler(v -> {
      if (!request.isEnded()) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      }
    });
    ctx.addEndHandler(v -> {
      if (!request.isEnded()) {
        request.connection().close();
      }
    });
  }

  /** The API's routes. */
  public void mount(Router api) {
    api.post("/uploads").handler(this::upload);
    api.put("/me/avatar").handler(this::setAvatar);
    api.delete("/me/avatar").handler(this::clearAvatar);
  }

  /** The files, outside /api: a post's {@code <img>} points here. */
  public void mountFiles(Router router) {
    router.get(UploadPaths.PREFIX + ":name").handler(this::file);
  }

  private void upload(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    uploads.admit(caller);
    if (ctx.get(UNREAD_BODY) == null) {
      throw ImageFile.unsupported();
    }
    respond(ctx, 201, readFile(ctx, caller).compose(file -> uploads.store(caller, file, true)), Upload::toJson);
  }

  /**
   * The bytes of the request's {@code file} part, read as they stream in and stopped at the limit
   * (413); 400 without one. A session cookie's CSRF token, which the gate let pass unread, is
   * checked here: the {@code X-CSRF-Token} header, or the form's {@code _csrf} field once it arrived.
   */
  Future<Received> readFile(RoutingContext ctx, Caller caller) {
    return readForm(ctx, caller).map(file -> file.orElseThrow(() -> ApiException.invalid("file", "must be an image file")));
  }

  /**
   * A page's multipart form left unread by {@link #gateWithFields}: its fields (then in the
   * request's form attributes) and its {@code file} part, read as {@link #readFile} reads it; none
   * when the form was sent without a file (an empty part with no name, as a browser sends it).
   */
  public Future<Optional<Received>> readForm(RoutingContext ctx, Caller caller) {
    Promise<Optional<Received>> result = Promise.promise();
    HttpServerRequest request = ctx.request();
    FileReader reader = new FileReader();
    request.setExpectMultipart(true);
    request.uploadHandler(part -> {
      if (!part.name().equals("file") || reader.seen) {
        part.handler(b -> {});
        return;
      }
      reader.seen = true;
      reader.name = part.filename();
      part.handler(chunk -> {
        if (reader.file.length() + chunk.length() > ImageFile.MAX_BYTES) {
          // Answered now, not after the rest arrives; the connection then closes (closeIfUnread).
          result.tryFail(ImageFile.tooLarge());
          return;
        }
        reader.file.appendBuffer(chunk);
      });
    });
    request.exceptionHandler(e -> result.tryFail(ApiException.badRequest("The upload could not be read as multipart/form-data.")));
    request.endHandler(v -> {
      if (caller.viaCookie() && !csrf.matches(ctx)) {
        result.tryFail(ApiException.forbidden("The CSRF token is missing or wrong; reload the page and try again."));
      } else if (!reader.seen || reader.file.length() == 0 && (reader.name == null || reader.name.isEmpty())) {
        result.tryComplete(Optional.empty());
      } else {
        result.tryComplete(Optional.of(new Received(reader.file.getBytes(), reader.name)));
      }
    });
    request.resume();
    return result.future();
  }

  /** What has arrived of the one file taken from a request. */
  private static final class FileReader {
    final Buffer file = Buffer.buffer();
    boolean seen;
    String name;
  }

  private void file(RoutingContext ctx) {
    Optional<UploadPaths.Name> name = UploadPaths.parseFileName(ctx.pathParam("name"));
    if (name.isEmpty()) {
      ctx.fail(ApiException.notFound("upload"));
      return;
    }
    uploads.file(AuthHandler.caller(ctx), name.get()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        ctx.fail(ApiException.notFound("upload"));
      } else {
        // The address is the hash of the bytes: they never change, and a browser may keep them; a
        // PDF, which only its uploader reads here, only in their own browser.
        send(ctx, name.get(), ar.result().get(), name.get().document() ? PRIVATE_IMMUTABLE : IMMUTABLE);
      }
    });
  }

  /**
   * Answers a stored file: an image as itself; a PDF as {@code application/pdf}, a download under its
   * uploaded name, sandboxed (no script, no same origin) should a browser open it anyway. Never
   * sniffed into anything else ({@code nosniff}), whatever the bytes hold.
   */
  public static void send(RoutingContext ctx, UploadPaths.Name name, UploadService.FileBytes file, String cacheControl) {
    var response = ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, file.mediaType())
        .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(HttpHeaders.ETAG, "\"" + name.sha256() + "\"");
    if (name.document()) {
      response.putHeader("Content-Security-Policy", "default-src 'none'; sandbox")
          .putHeader("Content-Disposition", ContentDisposition.attachment(file.name() == null ? name.fileName() : file.name()));
    }
    response.end(file.bytes());
  }

  private void setAvatar(RoutingContext ctx) {
    Caller caller = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String url = b.string("upload", 1, 200);
    b.validate();
    respond(ctx, uploads.setAvatar(caller, url), User::toJson);
  }

  private void clearAvatar(RoutingContext ctx) {
    Caller caller = AuthHandler.requireUser(ctx);
    respond(ctx, uploads.clearAvatar(caller), User::toJson);
  }
}
