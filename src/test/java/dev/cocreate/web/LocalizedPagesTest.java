package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Pages in the member's language")
class LocalizedPagesTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  @BeforeAll
  static void start() {
    TestHttp admin = server.http();
    long id = admin.register("i18n_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + id);
    Resp space = admin.post("/api/spaces", new JsonObject().put("slug", "agora").put("name", "Agora").put("description", "")
        .put("visibility", "public"));
    assertThat(space.status()).as(space.toString()).isEqualTo(201);
  }

  static Resp get(TestHttp http, String path, String acceptLanguage) {
    HttpRequest.Builder b = http.builder(path).header("Accept", "text/html").GET();
    if (acceptLanguage != null) {
      b.header("Accept-Language", acceptLanguage);
    }
    return http.send(b);
  }

  static Document page(TestHttp http, String path, String acceptLanguage) {
    Resp r = get(http, path, acceptLanguage);
    assertThat(r.status()).as(path + " -> " + r).isEqualTo(200);
    return Jsoup.parse(r.body());
  }

  /** Signs a browser in through the login form. */
  static TestHttp browser(String username) {
    TestHttp http = server.http();
    http.register(username);
    http.token(null);
    http.getHtml("/login");
    Resp login = http.form("/login", Map.of("login", username, "password", "correct horse battery", "_csrf", http.cookie("cc_csrf")));
    assertThat(login.status()).isEqualTo(303);
    return http;
  }

  static Resp switchTo(TestHttp http, String locale, String back) {
    return http.form("/locale", Map.of("_csrf", http.cookie("cc_csrf"), "locale", locale, "back", back));
  }

  @Test
  @DisplayName("a French Accept-Language gets French pages; English, or a language we lack, gets English")
  void acceptLanguage() {
    TestHttp visitor = server.http();
    Resp french = get(visitor, "/", "fr-CH, fr;q=0.9, en;q=0.8");
    Document doc = Jsoup.parse(french.body());
    assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("fr");
    assertThat(french.header("Content-Language")).isEqualTo("fr");
    assertThat(doc.select("h2#active-heading").text()).isEqualTo("Discussions actives");
    assertThat(doc.select("a.skip-link").text()).isEqualTo("Aller au contenu");
    assertThat(doc.select("nav.site-nav").attr("aria-label")).isEqualTo("Navigation principale");

    Document english = page(visitor, "/", "en-GB,en;q=0.9");
    assertThat(english.selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(english.select("h2#active-heading").text()).isEqualTo("Active discussions");

    assertThat(page(visitor, "/", "de-DE,de;q=0.9").selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(page(visitor, "/", null).selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(page(visitor, "/", "de;q=1.0, fr;q=0.5").selectFirst("html").attr("lang"))
        .as("the best language we have among those accepted").isEqualTo("fr");
    assertThat(get(visitor, "/", "this is ;;; not a header").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a visitor's switch sets a cookie that beats Accept-Language, and goes back to the same page")
  void visitorSwitch() {
    TestHttp visitor = server.http();
    Document before = page(visitor, "/search", "en");
    Element form = before.selectFirst("footer form[action=/locale]");
    assertThat(form).as("the switch is in the layout's footer").isNotNull();
    assertThat(form.select("button[name=locale]").eachAttr("value")).containsExactly("en", "fr");
    assertThat(form.selectFirst("input[name=back]").val()).isEqualTo("/search");

    Resp switched = switchTo(visitor, "fr", "/search?q=x");
    assertThat(switched.status()).isEqualTo(303);
    assertThat(switched.header("Location")).isEqualTo("/search?q=x");
    assertThat(visitor.cookie(PageLocale.COOKIE)).isEqualTo("fr");
    Document after = page(visitor, "/search", "en-US,en;q=0.9");
    assertThat(after.selectFirst("html").attr("lang")).isEqualTo("fr");
    assertThat(after.select("h1#search-title").text()).isEqualTo("Recherche");
    assertThat(after.select("footer button[value=fr]").attr("aria-pressed")).isEqualTo("true");
  }

  @Test
  @DisplayName("the switch refuses a missing CSRF token and never redirects off the site")
  void switchIsSafe() {
    TestHttp visitor = server.http();
    page(visitor, "/", null);
    Resp forged = visitor.form("/locale", Map.of("locale", "fr", "back", "/"));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(visitor.cookie(PageLocale.COOKIE)).isNull();
    for (String hostile : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
        "evil.example", "/ok\r\nSet-Cookie: x=y"}) {
      Resp r = switchTo(visitor, "fr", hostile);
      assertThat(r.status()).as(hostile).isEqualTo(303);
      assertThat(r.header("Location")).as(hostile).isEqualTo("/");
    }
    assertThat(switchTo(visitor, "xx", "/").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("a member's switch is stored on the account: it follows them to another browser and beats the header")
  void memberSwitchPersists() {
    TestHttp member = browser("i18n_marie");
    assertThat(switchTo(member, "fr", "/settings").header("Location")).isEqualTo("/settings");
    Document settings = page(member, "/settings", "en");
    assertThat(settings.selectFirst("html").attr("lang")).isEqualTo("fr");
    assertThat(settings.select("h1").text()).isEqualTo("Votre compte");
    assertThat(settings.select("select#language option[selected]").val()).isEqualTo("fr");

    // Another browser, no cookie of the switch, an English Accept-Language: the account decides.
    TestHttp elsewhere = server.http();
    elsewhere.getHtml("/login");
    elsewhere.form("/login", Map.of("login", "i18n_marie", "password", "correct horse battery", "_csrf", elsewhere.cookie("cc_csrf")));
    assertThat(elsewhere.cookie(PageLocale.COOKIE)).isNull();
    assertThat(page(elsewhere, "/", "en-US,en;q=0.9").selectFirst("html").attr("lang")).isEqualTo("fr");

    TestHttp api = server.http();
    api.post("/api/auth/login", new JsonObject().put("login", "i18n_marie").put("password", "correct horse battery"));
    Resp login = api.post("/api/auth/login", new JsonObject().put("login", "i18n_marie").put("password", "correct horse battery"));
    api.token(login.json().getString("token"));
    assertThat(api.get("/api/me").json().getString("locale")).isEqualTo("fr");
  }

  @Test
  @DisplayName("the account's language beats a French header, and choosing the browser's language hands back to it")
  void accountBeatsHeader() {
    TestHttp member = browser("i18n_john");
    switchTo(member, "en", "/");
    assertThat(page(member, "/", "fr-FR,fr;q=0.9").selectFirst("html").attr("lang")).isEqualTo("en");
    member.form("/locale", Map.of("_csrf", member.cookie("cc_csrf"), "locale", "", "back", "/settings"));
    assertThat(page(member, "/", "fr-FR,fr;q=0.9").selectFirst("html").attr("lang")).isEqualTo("fr");
    assertThat(page(member, "/", "en").selectFirst("html").attr("lang")).isEqualTo("en");
  }

  @Test
  @DisplayName("PUT /api/me/locale sets the language, null follows the browser, anything else is 400")
  void apiSetsLocale() {
    TestHttp api = server.http();
    api.register("i18n_api");
    Resp set = api.put("/api/me/locale", new JsonObject().put("locale", "fr"));
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    assertThat(set.json().getString("locale")).isEqualTo("fr");
    assertThat(api.get("/api/me").json().getString("locale")).isEqualTo("fr");
    assertThat(api.put("/api/me/locale", new JsonObject().put("locale", "de")).status()).isEqualTo(400);
    assertThat(api.put("/api/me/locale", new JsonObject()).status()).isEqualTo(400);
    Resp cleared = api.put("/api/me/locale", new JsonObject().putNull("locale"));
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.json().containsKey("locale")).isTrue();
    assertThat(cleared.json().getString("locale")).isNull();
    assertThat(server.http().put("/api/me/locale", new JsonObject().put("locale", "fr")).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("dates and counts are written the page's language's way")
  void datesPerLocale() {
    TestHttp author = server.http();
    author.register("i18n_author");
    Resp created = author.post("/api/threads", new JsonObject().put("space", "agora").put("title", "Horaires d'ouverture")
        .put("body", "Ouvrir plus tôt ?"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    long id = created.json().getLong("id");

    Element frenchTime = page(server.http(), "/t/" + id, "fr").selectFirst("a.permalink time");
    Instant at = Instant.parse(frenchTime.attr("datetime"));
    assertThat(frenchTime.text()).isEqualTo(DateTimeFormatter.ofPattern("d MMM yyyy 'à' HH:mm 'UTC'", Locale.FRENCH)
        .withZone(ZoneOffset.UTC).format(at));
    assertThat(frenchTime.text()).contains(" à ").endsWith(" UTC");
    Element englishTime = page(server.http(), "/t/" + id, "en").selectFirst("a.permalink time");
    assertThat(englishTime.text()).isEqualTo(DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
        .withZone(ZoneOffset.UTC).format(at));

    Document frenchThread = page(server.http(), "/t/" + id, "fr");
    assertThat(frenchThread.select("p.muted").first().text()).contains("Lancée par").contains("0 réponse ·");
    Document frenchSpace = page(server.http(), "/s/agora", "fr");
    assertThat(frenchSpace.select("li.thread-item p.muted").first().text()).contains("0 réponse ·");
    assertThat(page(server.http(), "/s/agora", "en").select("li.thread-item p.muted").first().text()).contains("0 replies ·");
  }

  @Test
  @DisplayName("error pages, form errors and flashes built in Java are French on a French page")
  void javaTextsAreTranslated() {
    Resp missing = get(server.http(), "/no-such-page", "fr");
    assertThat(missing.status()).isEqualTo(404);
    Document error = Jsoup.parse(missing.body());
    assertThat(error.select("h1").text()).isEqualTo("Nous ne trouvons pas cette page");
    assertThat(error.select("main p").first().text()).startsWith("Le lien est peut-être mal saisi");
    assertThat(error.title()).startsWith("Nous ne trouvons pas cette page ·");

    TestHttp visitor = server.http();
    get(visitor, "/register", "fr");
    Resp refused = visitor.send(visitor.builder("/register").header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "text/html").header("Accept-Language", "fr")
        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + visitor.cookie("cc_csrf")
            + "&username=i18n_short&email=short%40example.test&password=short")));
    assertThat(refused.status()).isEqualTo(400);
    Document form = Jsoup.parse(refused.body());
    assertThat(form.select("p.form-error").text()).isEqualTo("Veuillez corriger les champs ci-dessous.");
    assertThat(form.select("#password-error").text().replace('\u00a0', ' '))
        .isEqualTo("Mot de passe : doit comporter au moins 10 caractères");

    TestHttp english = server.http();
    get(english, "/register", "en");
    Resp englishRefused = english.form("/register", Map.of("_csrf", english.cookie("cc_csrf"), "username", "i18n_short2",
        "email", "short2@example.test", "password", "short"));
    assertThat(Jsoup.parse(englishRefused.body()).select("#password-error").text())
        .isEqualTo("Password must be at least 10 characters");
  }
}
