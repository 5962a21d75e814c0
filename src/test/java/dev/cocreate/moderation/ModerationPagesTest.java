package dev.cocreate.moderation;

import static dev.cocreate.support.Community.action;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Moderation pages")
class ModerationPagesTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  /** The moderator, signed in through the login form like a person. */
  static TestHttp mod;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("mp");
    community.space("plaza", "public");
    community.space("archive", "public");
    mod = browser("mp_moderator", "moderator");
  }

  /** Registers a member (with a role other than member when given) and signs them in through the login form. */
  static TestHttp browser(String username, String role) {
    server.http().register(username);
    if (role != null) {
      community.exec("update users set role = '" + role + "' where username = '" + username + "'");
    }
    TestHttp http = server.http();
    http.getHtml("/login");
    Resp login = http.form("/login", Map.of("login", username, "password", "correct horse battery", "_csrf", http.cookie("cc_csrf")));
    assertThat(login.status()).as(login.toString()).isEqualTo(303);
    return http;
  }

  /** The same member as an API client (bearer token), for setting the scene quickly. */
  static TestHttp api(String username) {
    TestHttp http = server.http();
    Resp r = http.post("/api/auth/login", new JsonObject().put("login", username).put("password", "correct horse battery"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return http.token(r.json().getString("token"));
  }

  static Document page(TestHttp http, String path) {
    Resp r = http.getHtml(path);
    assertThat(r.status()).as(path + " -> " + r).isEqualTo(200);
    return Jsoup.parse(r.body(), server.baseUrl());
  }

  static Resp form(TestHttp http, String path, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("_csrf", http.cookie("cc_csrf"));
    return http.form(path, all);
  }

  static Map<String, String> act(String action, String targetType, long targetId, String item, String reason) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("action", action);
    m.put("targetType", targetType);
    m.put("targetId", String.valueOf(targetId));
    m.put("item", item);
    m.put("reason", reason);
    // As sent from the confirmation page (or with the dialog's yes): hide and lock ask first.
    m.put("confirm", "1");
    return m;
  }

  static long id(JsonObject o) {
    return o.getLong("id");
  }

  @Test
  @DisplayName("the queue is for moderators: visitors are sent to sign in, members are refused")
  void onlyModerators() {
    Resp anon = server.http().getHtml("/mod");
    assertThat(anon.status()).isEqualTo(303);
    assertThat(anon.header("Location")).isEqualTo("/login?next=%2Fmod");
    assertThat(server.http().getHtml("/mod/log").status()).isEqualTo(303);

    TestHttp member = browser("mp_nosy", null);
    for (String path : List.of("/mod", "/mod/log")) {
      Resp r = member.getHtml(path);
      assertThat(r.status()).as(path).isEqualTo(403);
      Document doc = Jsoup.parse(r.body());
      assertThat(doc.selectFirst("h1").text()).isEqualTo("This page is not open to you");
      assertThat(doc.select("header.site-header a[href=/mod]")).isEmpty();
    }
    long before = community.logRows();
    Resp act = form(member, "/mod/actions", act("hide", "post", 1, "post-1", "because"));
    assertThat(act.status()).isEqualTo(403);
    assertThat(community.logRows()).isEqualTo(before);
    // The header's own link, and its copy in the menu for narrow screens.
    assertThat(page(mod, "/").select("header.site-header a[href=/mod]")).hasSize(2);
  }

  @Test
  @DisplayName("the queue groups open flags by post, oldest first, with the content, reasons, notes, the author's history and labelled forms")
  void queueGroupsFlags() {
    TestHttp author = community.member("mp_q_author");
    long thread = id(community.thread(author, "plaza", "Grouped flags"));
    long older = id(community.reply(author, thread, "Cheap **watches** here"));
    long newer = id(community.reply(author, thread, "You are all idiots"));
    TestHttp a = community.member("mp_q_a");
    TestHttp b = community.member("mp_q_b");
    assertThat(community.flag(a, older, "spam").status()).isEqualTo(201);
    assertThat(b.post("/api/posts/" + older + "/flags", new JsonObject().put("reason", "other").put("note", "links to a casino"))
        .status()).isEqualTo(201);
    assertThat(community.flag(a, newer, "abuse").status()).isEqualTo(201);

    Document doc = page(mod, "/mod");
    assertThat(doc.select("h1")).hasSize(1);
    assertThat(doc.selectFirst("h1").text()).isEqualTo("Moderation queue");
    assertThat(doc.select("main")).hasSize(1);
    List<String> order = doc.select("li.mod-item").eachAttr("id");
    assertThat(order).containsSubsequence("item-post-" + older, "item-post-" + newer);

    Element item = doc.getElementById("item-post-" + older);
    assertThat(item.selectFirst("h2").text()).contains("MP_Q_AUTHOR").contains("Grouped flags");
    assertThat(item.select(".badge").eachText()).contains("2 flags");
    assertThat(item.selectFirst(".mod-content").html()).contains("<strong>watches</strong>");
    assertThat(item.select(".reason-counts li").eachText()).containsExactlyInAnyOrder("Spam × 1", "Something else × 1");
    assertThat(item.select(".history").text()).contains("links to a casino").contains("MP_Q_A").contains("MP_Q_B");
    assertThat(item.select(".facts").text()).contains("Posts");
    assertThat(item.selectFirst("a[href^=/t/" + thread + "/p/]")).isNotNull();
    assertThat(item.selectFirst("form[action=/mod/queue/post/" + older + "/claim] button").text()).isEqualTo("Claim it");

    Element hide = item.selectFirst("form.mod-action:has(input[name=action][value=hide])");
    assertThat(hide.selectFirst("input[name=_csrf]").val()).isEqualTo(mod.cookie("cc_csrf"));
    assertThat(hide.selectFirst("input[name=targetId]").val()).isEqualTo(String.valueOf(older));
    assertThat(item.selectFirst("form.mod-action:has(input[name=action][value=dismiss_flags])")).isNotNull();
    assertThat(item.selectFirst("form.mod-action:has(input[name=action][value=lock]) input[name=targetId]").val())
        .isEqualTo(String.valueOf(thread));
    assertThat(item.selectFirst("form.mod-action:has(input[name=action][value=pin])")).isNotNull();
    assertThat(item.select("form.mod-action:has(input[name=action][value=move]) select[name=toSpace] option").eachAttr("value"))
        .contains("archive").doesNotContain("plaza");
    for (Element field : doc.select("main input:not([type=hidden]), main select, main textarea")) {
      assertThat(doc.select("label[for=" + field.id() + "]")).as("label for #" + field.id()).hasSize(1);
    }
    assertThat(doc.getElementById("item-post-" + newer).select(".reason-counts").text()).contains("Abuse or harassment × 1");
  }

  @Test
  @DisplayName("an action without a reason shows the error by its form and writes nothing; with one it is logged and the log lists it")
  void actionsThroughForms() {
    TestHttp author = community.member("mp_act_author");
    JsonObject t = community.thread(author, "plaza", "Heated debate");
    long thread = id(t);
    long spam = id(community.reply(author, thread, "Buy my course"));
    long rude = id(community.reply(author, thread, "Rude remark"));
    TestHttp flagger = community.member("mp_act_flagger");
    community.flag(flagger, spam, "spam");
    community.flag(flagger, rude, "abuse");
    long before = community.logRows();

    Resp missing = form(mod, "/mod/actions", act("hide", "post", spam, "post-" + spam, "  "));
    assertThat(missing.status()).isEqualTo(400);
    Document doc = Jsoup.parse(missing.body());
    Element field = doc.getElementById("reason-post-" + spam + "-hide");
    assertThat(field.attr("aria-invalid")).isEqualTo("true");
    assertThat(doc.getElementById("reason-post-" + spam + "-hide-error").text()).contains("Give a reason");
    assertThat(field.attr("aria-describedby")).isEqualTo("reason-post-" + spam + "-hide-error");
    assertThat(community.logRows()).as("a refused form writes nothing").isEqualTo(before);
    assertThat(community.post(flagger, spam).getBoolean("hidden")).isFalse();

    Resp noLockReason = form(mod, "/mod/actions", act("lock", "thread", thread, "post-" + rude, ""));
    assertThat(noLockReason.status()).isEqualTo(400);
    Document lockDoc = Jsoup.parse(noLockReason.body());
    assertThat(lockDoc.selectFirst("#item-post-" + rude + " details.mod-thread-actions").hasAttr("open")).isTrue();
    assertThat(lockDoc.getElementById("reason-post-" + rude + "-lock-error").text()).contains("Give a reason");
    assertThat(community.logRows()).isEqualTo(before);

    Resp hidden = form(mod, "/mod/actions", act("hide", "post", spam, "post-" + spam, "Spam link"));
    assertThat(hidden.status()).as(hidden.toString()).isEqualTo(303);
    // The confirmation comes in a flash cookie, not in the URL, and shows once.
    assertThat(hidden.header("Location")).startsWith("/mod").doesNotContain("done=");
    Document after = page(mod, hidden.header("Location"));
    assertThat(after.selectFirst(".flash").text()).contains("Post hidden");
    assertThat(page(mod, "/mod").select(".flash")).isEmpty();
    assertThat(after.getElementById("item-post-" + spam)).as("a hidden post leaves the queue").isNull();
    assertThat(community.post(flagger, spam).getBoolean("hidden")).isTrue();

    Resp locked = form(mod, "/mod/actions", act("lock", "thread", thread, "post-" + rude, "Cooling off"));
    assertThat(locked.status()).as(locked.toString()).isEqualTo(303);
    Element item = page(mod, "/mod").getElementById("item-post-" + rude);
    assertThat(item.select(".badge").eachText()).contains("Thread locked");
    assertThat(item.selectFirst("form.mod-action:has(input[name=action][value=unlock])")).isNotNull();

    Map<String, String> move = act("move", "thread", thread, "post-" + rude, "Belongs in the archive");
    move.put("toSpace", "archive");
    assertThat(form(mod, "/mod/actions", move).status()).isEqualTo(303);
    assertThat(flagger.get("/api/threads/" + thread).json().getString("space")).isEqualTo("archive");

    Resp dismissed = form(mod, "/mod/actions", act("dismiss_flags", "post", rude, "post-" + rude, "Blunt, not abusive"));
    assertThat(dismissed.status()).isEqualTo(303);
    assertThat(community.logRows()).isEqualTo(before + 4);

    Document log = page(mod, "/mod/log");
    assertThat(log.select("h1").text()).isEqualTo("Moderation log");
    Element hideRow = log.selectFirst("tr[data-action=hide]:has(a[href=/posts/" + spam + "])");
    assertThat(hideRow).isNotNull();
    assertThat(hideRow.text()).contains("MP_MODERATOR").contains("Hid post").contains("Spam link");
    Element lockRow = log.selectFirst("tr[data-action=lock]:has(a[href=/t/" + thread + "])");
    assertThat(lockRow.text()).contains("Locked thread").contains("Heated debate").contains("Cooling off");
    assertThat(log.selectFirst("tr[data-action=move]:has(a[href=/t/" + thread + "])").text()).contains("Belongs in the archive");
    assertThat(log.selectFirst("tr[data-action=dismiss_flags]:has(a[href=/posts/" + rude + "])").text())
        .contains("Blunt, not abusive");
    List<String> ids = log.select("tbody tr").eachAttr("id");
    assertThat(ids.indexOf(log.selectFirst("tr[data-action=dismiss_flags]:has(a[href=/posts/" + rude + "])").id()))
        .as("newest first").isLessThan(ids.indexOf(hideRow.id()));

    Document onePost = page(mod, "/mod/log?targetType=post&targetId=" + spam);
    assertThat(onePost.select("tbody tr")).hasSize(1);
    assertThat(onePost.text()).contains("Post #" + spam + " only");
    Resp link = mod.getHtml("/posts/" + spam);
    assertThat(link.status()).isEqualTo(303);
    assertThat(link.header("Location")).isEqualTo("/t/" + thread + "/p/" + t.getJsonObject("firstPost").getLong("id") + "#p" + spam);
  }

  @Test
  @DisplayName("a claimed item shows who holds it; another moderator's action on it is refused on the page until it is released")
  void claims() {
    TestHttp author = community.member("mp_claim_author");
    long thread = id(community.thread(author, "plaza", "Claimed"));
    long post = id(community.reply(author, thread, "Questionable"));
    community.flag(community.member("mp_claim_flagger"), post, "off_topic");
    TestHttp other = browser("mp_other_mod", "moderator");

    Resp claimed = form(mod, "/mod/queue/post/" + post + "/claim", Map.of());
    assertThat(claimed.status()).isEqualTo(303);
    assertThat(claimed.header("Location")).isEqualTo("/mod#item-post-" + post);
    Element mine = page(mod, "/mod").getElementById("item-post-" + post);
    assertThat(mine.selectFirst(".mod-claim").text()).contains("You are working on this until");
    assertThat(mine.selectFirst("form[action=/mod/queue/post/" + post + "/release]")).isNotNull();
    Element theirs = page(other, "/mod").getElementById("item-post-" + post);
    assertThat(theirs.selectFirst(".mod-claim").text()).contains("Claimed by @mp_moderator until");

    long before = community.logRows();
    Resp refused = form(other, "/mod/actions", act("hide", "post", post, "post-" + post, "Off topic"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(Jsoup.parse(refused.body()).getElementById("reason-post-" + post + "-hide-error").text())
        .contains("@mp_moderator is working on this item");
    assertThat(community.logRows()).isEqualTo(before);

    assertThat(form(mod, "/mod/queue/post/" + post + "/release", Map.of()).status()).isEqualTo(303);
    assertThat(page(other, "/mod").selectFirst("#item-post-" + post + " form[action=/mod/queue/post/" + post + "/claim]"))
        .isNotNull();
  }

  @Test
  @DisplayName("members flag a post from the thread page and are thanked; authors and visitors get no flag form")
  void flagFromThreadPage() {
    TestHttp author = browser("mp_flag_author", null);
    long thread = id(community.thread(api("mp_flag_author"), "plaza", "Flag me"));
    long post = id(community.reply(api("mp_flag_author"), thread, "Selling watches, cheap"));
    TestHttp reader = browser("mp_flag_reader", null);

    Document readerPage = page(reader, "/t/" + thread);
    Element box = readerPage.selectFirst("#p" + post + " > article details.flag-box");
    assertThat(box.selectFirst("summary").text()).isEqualTo("Flag");
    Element flagForm = box.selectFirst("form[action=/posts/" + post + "/flag]");
    assertThat(flagForm.selectFirst("input[name=_csrf]").val()).isEqualTo(reader.cookie("cc_csrf"));
    assertThat(flagForm.select("select[name=reason] option").eachAttr("value")).containsExactly("spam", "abuse", "off_topic", "other");
    for (Element field : flagForm.select("select, input:not([type=hidden])")) {
      assertThat(flagForm.select("label[for=" + field.id() + "]")).hasSize(1);
    }
    assertThat(page(author, "/t/" + thread).select("#p" + post + " > article .flag-box")).as("not on one's own post").isEmpty();
    assertThat(page(server.http(), "/t/" + thread).select(".flag-box")).as("not for visitors").isEmpty();

    Resp noNote = form(reader, "/posts/" + post + "/flag", Map.of("reason", "other", "note", " "));
    assertThat(noNote.status()).isEqualTo(400);
    Element open = Jsoup.parse(noNote.body()).selectFirst("#p" + post + " > article details.flag-box");
    assertThat(open.hasAttr("open")).isTrue();
    assertThat(open.selectFirst(".form-error").text()).contains("Something else");
    assertThat(community.count("select count(*) from flags where target_id = " + post)).isZero();

    Resp sent = form(reader, "/posts/" + post + "/flag", Map.of("reason", "spam", "note", "selling watches"));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(303);
    assertThat(sent.header("Location")).doesNotContain("flagged=").endsWith("#p" + post);
    Document thanked = page(reader, sent.header("Location").replaceAll("#.*", ""));
    assertThat(thanked.selectFirst(".flash").text()).isEqualTo("Thanks, a moderator will look at it.");
    assertThat(community.count("select count(*) from flags where state = 'open' and reason = 'spam' and note = 'selling watches' and target_id = "
        + post)).isEqualTo(1);

    Resp again = form(reader, "/posts/" + post + "/flag", Map.of("reason", "spam", "note", ""));
    assertThat(again.status()).isEqualTo(409);
    assertThat(Jsoup.parse(again.body()).selectFirst("#p" + post + " .flag-box .form-error").text()).contains("already flagged");
    assertThat(page(mod, "/mod").getElementById("item-post-" + post).text()).contains("selling watches");
  }

  @Test
  @DisplayName("the author of a hidden post reads it with the moderator's reason and finds it in their notices; others see the placeholder")
  void authorIsTold() {
    TestHttp author = browser("mp_told_author", null);
    TestHttp authorApi = api("mp_told_author");
    long thread = id(community.thread(authorApi, "plaza", "Told"));
    long post = id(community.reply(authorApi, thread, "Something rude about Bob"));
    TestHttp reader = browser("mp_told_reader", null);
    assertThat(page(author, "/").select("header a[href=/notices]")).as("no notices yet, no link").isEmpty();
    community.flag(api("mp_told_reader"), post, "abuse");
    assertThat(community.act(community.mod(), action("hide", "post", post, "Personal attack")).status()).isEqualTo(200);

    Element own = page(author, "/t/" + thread).getElementById("p" + post);
    assertThat(own.selectFirst(".hidden-notice").text()).contains("Hidden by a moderator: Personal attack");
    assertThat(own.selectFirst(".post-body").text()).isEqualTo("Something rude about Bob");
    assertThat(authorApi.get("/api/posts/" + post).json().getString("body")).isEqualTo("Something rude about Bob");

    Document others = page(reader, "/t/" + thread);
    assertThat(others.selectFirst("#p" + post + " .post-body").text()).isEqualTo("[hidden by a moderator]");
    assertThat(others.select("#p" + post + " .hidden-notice")).isEmpty();
    assertThat(others.select("#p" + post + " .flag-box")).as("nothing left to flag").isEmpty();
    assertThat(others.select("header a[href=/notices]")).isEmpty();

    Document home = page(author, "/");
    assertThat(home.select("header a[href=/notices]")).hasSize(1);
    Document notices = page(author, "/notices");
    assertThat(notices.select("h1").text()).isEqualTo("Moderation notices");
    Element notice = notices.selectFirst("li.notice-item[data-action=hide]");
    assertThat(notice.text()).contains("Your post was hidden by a moderator").contains("Personal attack");
    assertThat(notice.selectFirst("a").attr("href")).isEqualTo("/posts/" + post);

    assertThat(page(reader, "/notices").selectFirst(".empty")).isNotNull();
    assertThat(server.http().getHtml("/notices").header("Location")).isEqualTo("/login?next=%2Fnotices");
  }
}
