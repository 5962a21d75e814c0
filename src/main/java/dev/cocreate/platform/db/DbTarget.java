package dev.cocreate.platform.db;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Where the database is: parsed once from a postgres:// URL, used for both Flyway (JDBC) and the pool. */
public record DbTarget(String host, int port, String database, String user, String password) {

  public static DbTarget parse(String url) {
    URI uri = URI.create(url);
    String userInfo = uri.getRawUserInfo();
    String user = "postgres";
    String password = "";
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    String path = uri.getPath();
    String database = path == null || path.length() <= 1 ? user : path.substring(1);
    int port = uri.getPort() > 0 ? uri.getPort() : 5432;
    return new DbTarget(uri.getHost(), port, database, user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256)
        .setReconnectAttempts(0);
  }
}
