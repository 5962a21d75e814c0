package dev.cocreate.support;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The machine-interface routes a real router mounts, as {@code "METHOD /path/{}"} (every path
 * parameter written {@code {}}), sub-routers included. Pages, static files and middleware are left
 * out. Tests that must cover every route compare their tables with this.
 */
public final class MountedRoutes {
  /** Paths that are machine interfaces (the same prefixes OpenApiTest checks). */
  public static final List<String> API_PREFIXES = List.of("/api/", "/health/", "/metrics", "/feeds/", "/live");
  private static final Pattern COLON_PARAM = Pattern.compile(":[A-Za-z0-9_]+");
  private static final Pattern BRACE_PARAM = Pattern.compile("\\{[^}]*}");

  private MountedRoutes() {}

  /** Every API route of a freshly built router of this node. */
  public static Set<String> of(TestServer server) {
    Router router = server.server().app().router(server.server().vertx());
    Set<String> out = new TreeSet<>();
    walk(router, "", out);
    return out;
  }

  /** Every page route that takes a form post, as {@code "POST /t/{}/reply"}: the forms a browser sends. */
  public static Set<String> pageForms(TestServer server) {
    Router router = server.server().app().router(server.server().vertx());
    Set<String> all = new TreeSet<>();
    walkAll(router, "", all);
    Set<String> out = new TreeSet<>();
    for (String route : all) {
      String path = route.substring(route.indexOf(' ') + 1);
      if (route.startsWith("POST ") && !isApi(path)) {
        out.add(route);
      }
    }
    return out;
  }

  private static void walkAll(Router router, String prefix, Set<String> out) {
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (route.getSubRouter() != null) {
        walkAll(route.getSubRouter(), prefix + (path == null ? "" : path.replaceAll("\\*$", "").replaceAll("/$", "")), out);
      } else if (path != null && route.isExactPath() && route.methods() != null) {
        route.methods().forEach(m -> out.add(key(m.name(), prefix + path)));
      }
    }
  }

  /** {@code "GET /api/threads/{}"} for a route written with {@code :id} or {@code {anything}} parameters. */
  public static String key(String method, String path) {
    int query = path.indexOf('?');
    String p = BRACE_PARAM.matcher(query < 0 ? path : path.substring(0, query)).replaceAll("{}");
    p = COLON_PARAM.matcher(p).replaceAll("{}");
    return method.toUpperCase() + " " + p;
  }

  private static void walk(Router router, String prefix, Set<String> out) {
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (route.getSubRouter() != null) {
        String mount = path == null ? "" : path.replaceAll("\\*$", "").replaceAll("/$", "");
        walk(route.getSubRouter(), prefix + mount, out);
        continue;
      }
      if (path == null || !route.isExactPath()) {
        continue; // middleware, failure handlers, "/api/*" prefixes
      }
      String full = prefix + path;
      if (!isApi(full)) {
        continue;
      }
      if (route.methods() == null || route.methods().isEmpty()) {
        out.add(key("*", full));
        continue;
      }
      route.methods().forEach(m -> out.add(key(m.name(), full)));
    }
  }

  static boolean isApi(String path) {
    return API_PREFIXES.stream().anyMatch(p -> path.startsWith(p) || path.equals(p.replaceAll("/$", "")));
  }
}
