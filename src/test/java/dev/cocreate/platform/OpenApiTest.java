package dev.cocreate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keeps {@code src/main/resources/openapi.json} true to the router: every API route the server
 * mounts is documented, and nothing is documented that is not mounted. Pages (HTML) are not part
 * of the document; everything under the prefixes below is.
 */
@DisplayName("GET /api/openapi.json describes exactly the routes the server mounts")
class OpenApiTest {
  static final String FILE = "src/main/resources/openapi.json";
  /** Paths that are machine interfaces, so they belong in the OpenAPI document. */
  static final List<String> API_PREFIXES = List.of("/api/", "/health/", "/metrics", "/feeds/", "/live");
  static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  static final Pattern COLON_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");
  static final Pattern BRACE_PARAM = Pattern.compile("\\{([^}]+)}");

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Resp served;
  static JsonObject doc;

  @BeforeAll
  static void start() {
    served = server.http().get("/api/openapi.json");
    doc = served.status() == 200 ? new JsonObject(served.body()) : null;
  }

  @Test
  @DisplayName("is served as JSON and is an OpenAPI 3.1 document")
  void isOpenApi31() {
    assertThat(served.status()).as(served.toString()).isEqualTo(200);
    assertThat(served.header("Content-Type")).startsWith("application/json");
    assertThat(doc.getString("openapi")).as("the 'openapi' member").startsWith("3.1");
    assertThat(doc.getJsonObject("info")).as("info").isNotNull();
    assertThat(doc.getJsonObject("info").getString("title")).isNotBlank();
    assertThat(doc.getJsonObject("info").getString("version")).isNotBlank();
    assertThat(doc.getJsonObject("paths")).as("paths").isNotNull();
  }

  @Test
  @DisplayName("every API route the router mounts is documented")
  void everyMountedRouteIsDocumented() {
    Set<String> missing = new TreeSet<>(mounted());
    missing.removeAll(documented());
    assertThat(missing)
        .withFailMessage(() -> missing.size() + " mounted API route(s) missing from " + FILE
            + "; add each operation under \"paths\":\n"
            + missing.stream().map(OpenApiTest::howToAdd).collect(Collectors.joining("\n")))
        .isEmpty();
  }

  @Test
  @DisplayName("every documented operation is mounted")
  void everyDocumentedOperationIsMounted() {
    Set<String> extra = new TreeSet<>(documented());
    extra.removeAll(mounted());
    assertThat(extra)
        .withFailMessage(() -> extra.size() + " operation(s) in " + FILE
            + " that the router does not mount; mount them or remove them from \"paths\":\n"
            + extra.stream().map(s -> "  - " + s).collect(Collectors.joining("\n")))
        .isEmpty();
  }

  @Test
  @DisplayName("every path parameter is declared, every operation has responses and every $ref resolves")
  void isInternallyConsistent() {
    List<String> problems = new ArrayList<>();
    Set<String> operationIds = new TreeSet<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      Set<String> inPath = new TreeSet<>();
      Matcher m = BRACE_PARAM.matcher(path);
      while (m.find()) {
        inPath.add(m.group(1));
      }
      for (String method : item.fieldNames()) {
        if (!HTTP_METHODS.contains(method)) {
          continue;
        }
        JsonObject op = item.getJsonObject(method);
        String name = method.toUpperCase() + " " + path;
        Set<String> declared = new TreeSet<>(pathParams(item.getJsonArray("parameters")));
        declared.addAll(pathParams(op.getJsonArray("parameters")));
        if (!declared.equals(inPath)) {
          problems.add(name + ": path parameters declared " + declared + " but the path has " + inPath);
        }
        JsonObject responses = op.getJsonObject("responses");
        if (responses == null || responses.isEmpty()) {
          problems.add(name + ": no responses");
        }
        String id = op.getString("operationId");
        if (id == null) {
          problems.add(name + ": no operationId");
        } else if (!operationIds.add(id)) {
          problems.add(name + ": operationId '" + id + "' is used twice");
        }
      }
    }
    checkRefs(doc, "#", problems);
    assertThat(problems).withFailMessage(() -> FILE + " is inconsistent:\n  - " + String.join("\n  - ", problems)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  /** "METHOD /path/{param}" for every API route of a freshly built router, sub-routers included. */
  static Set<String> mounted() {
    Router router = server.server().app().router(server.server().vertx());
    Set<String> out = new TreeSet<>();
    List<String> unverifiable = new ArrayList<>();
    walk(router, "", out, unverifiable);
    assertThat(unverifiable)
        .withFailMessage(() -> "API routes this test cannot check against " + FILE
            + " (mount them with a method and a plain or :param path):\n  - " + String.join("\n  - ", unverifiable))
        .isEmpty();
    assertThat(out).as("the walk found the account routes").contains("POST /api/auth/register");
    return out;
  }

  static void walk(Router router, String prefix, Set<String> out, List<String> unverifiable) {
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (route.getSubRouter() != null) {
        String mount = path == null ? "" : path.replaceAll("\\*$", "").replaceAll("/$", "");
        walk(route.getSubRouter(), prefix + mount, out, unverifiable);
        continue;
      }
      if (path == null) {
        if (route.isRegexPath() && isApi(prefix + "/")) {
          unverifiable.add("a regex route under '" + prefix + "'");
        }
        continue; // a handler for every path: middleware, failure handlers
      }
      String full = prefix + path;
      if (!isApi(full) || !route.isExactPath()) {
        continue; // pages, static files, prefix middleware such as "/api/*"
      }
      if (route.methods() == null || route.methods().isEmpty()) {
        unverifiable.add(full + " (mounted for every method)");
        continue;
      }
      String openApiPath = COLON_PARAM.matcher(full).replaceAll("{$1}");
      route.methods().forEach(method -> out.add(method.name() + " " + openApiPath));
    }
  }

  static boolean isApi(String path) {
    return API_PREFIXES.stream().anyMatch(p -> path.startsWith(p) || path.equals(p.replaceAll("/$", "")));
  }

  /** "METHOD /path/{param}" for every operation in the document. */
  static Set<String> documented() {
    Set<String> out = new TreeSet<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (HTTP_METHODS.contains(method)) {
          out.add(method.toUpperCase() + " " + path);
        }
      }
    }
    return out;
  }

  static String howToAdd(String operation) {
    String[] parts = operation.split(" ", 2);
    return "  - " + operation + "  ->  \"paths\": {\"" + parts[1] + "\": {\"" + parts[0].toLowerCase()
        + "\": {\"operationId\": ..., \"responses\": {...}}}}";
  }

  static Set<String> pathParams(JsonArray parameters) {
    Set<String> out = new TreeSet<>();
    if (parameters != null) {
      for (Object p : parameters) {
        JsonObject param = resolve((JsonObject) p);
        if (param != null && "path".equals(param.getString("in"))) {
          out.add(param.getString("name"));
        }
      }
    }
    return out;
  }

  static JsonObject resolve(JsonObject maybeRef) {
    String ref = maybeRef.getString("$ref");
    return ref == null ? maybeRef : lookup(ref);
  }

  static JsonObject lookup(String ref) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    Object node = doc;
    for (String part : ref.substring(2).split("/")) {
      String key = part.replace("~1", "/").replace("~0", "~");
      if (!(node instanceof JsonObject obj) || !obj.containsKey(key)) {
        return null;
      }
      node = obj.getValue(key);
    }
    return node instanceof JsonObject obj ? obj : null;
  }

  static void checkRefs(Object node, String where, List<String> problems) {
    if (node instanceof JsonObject obj) {
      Object ref = obj.getValue("$ref");
      if (ref instanceof String s && lookup(s) == null) {
        problems.add(where + ": $ref '" + s + "' does not resolve");
      }
      for (String key : obj.fieldNames()) {
        checkRefs(obj.getValue(key), where + "/" + key, problems);
      }
    } else if (node instanceof JsonArray arr) {
      for (int i = 0; i < arr.size(); i++) {
        checkRefs(arr.getValue(i), where + "/" + i, problems);
      }
    }
  }
}
