package dev.cocreate.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.io.WireFeedInput;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xml.sax.InputSource;

@DisplayName("Atom feeds of public content")
class FeedTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static long publicThread;
  static long groupThread;
  static long membersThread;

  @BeforeAll
  static void start() {
    community = Community.in(server).withAdmin("f_admin");
    TestHttp writer = community.member("f_writer");
    community.space("open-air", "public");
    community.space("backroom", "group");
    community.space("lounge", "members");
    publicThread = community.thread(writer, "open-air", "Benches & <tables>", "Opening with **bold** and <script>alert(1)</script>")
        .getLong("id");
    community.reply(writer, publicThread, null, "A reply with a control char \u0001 and an emoji 🙂");
    community.thread(writer, "open-air", "Second public thread", "More text.");
    groupThread = community.thread(community.admin(), "backroom", "Secret backroom plans", "Hush.").getLong("id");
    membersThread = community.thread(writer, "lounge", "Members lounge chat", "Members only.").getLong("id");

    TestHttp owner = community.member("f_owner");
    owner.post("/api/orgs", new JsonObject().put("slug", "feed-co").put("name", "Feed Co"));
    JsonObject brief = new JsonObject().put("org", "feed-co").put("summary", "Short summary.")
        .put("problem", "The *problem*.").put("desiredOutcomes", "Good.").put("constraints", "None.")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Fit").put("weight", 1)))
        .put("reward", "Thanks").put("ipTerms", "Yours.")
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(10).withNano(0).toString());
    long open = owner.post("/api/challenges", brief.copy().put("title", "Open brief")).json().getLong("id");
    owner.post("/api/challenges/" + open + "/transition", new JsonObject().put("to", "open"));
    owner.post("/api/challenges", brief.copy().put("title", "Draft brief"));
  }

  static Feed parse(String path) {
    Resp r = server.http().get(path);
    assertThat(r.status()).as(path + " " + r).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/atom+xml");
    try {
      WireFeedInput input = new WireFeedInput();
      input.setXmlHealerOn(false);
      Feed feed = (Feed) input.build(new InputSource(new StringReader(r.body())));
      assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
      assertThat(feed.getId()).isNotBlank();
      assertThat(feed.getTitle()).isNotBlank();
      assertThat(feed.getUpdated()).isNotNull();
      assertThat(feed.getAlternateLinks()).extracting(Link::getRel).containsExactly("alternate");
      assertThat(feed.getOtherLinks()).extracting(Link::getRel).contains("self");
      for (Entry e : feed.getEntries()) {
        assertThat(e.getId()).isNotBlank();
        assertThat(e.getUpdated()).isNotNull();
        assertThat(e.getAuthors()).isNotEmpty();
        assertThat(e.getAlternateLinks()).hasSize(1);
        assertThat(e.getContents()).hasSize(1);
        assertThat(e.getContents().get(0).getType()).isEqualTo(Content.HTML);
      }
      return feed;
    } catch (Exception e) {
      throw new AssertionError("not a valid Atom feed: " + path + "\n" + r.body(), e);
    }
  }

  @Test
  @DisplayName("a public thread's feed parses, with every post as sanitized HTML")
  void threadFeed() {
    Feed feed = parse("/feeds/threads/" + publicThread + ".atom");
    assertThat(feed.getTitle()).isEqualTo("Benches & <tables>");
    List<Entry> entries = feed.getEntries();
    assertThat(entries).hasSize(2);
    String opening = entries.get(1).getContents().get(0).getValue();
    assertThat(opening).contains("<strong>bold</strong>").doesNotContain("<script");
    assertThat(entries.get(0).getContents().get(0).getValue()).contains("and an emoji").doesNotContain("\u0001");
    assertThat(entries.get(0).getAlternateLinks().get(0).getHref()).startsWith("http").contains("/t/" + publicThread);
  }

  @Test
  @DisplayName("a public space's feed lists its threads; group and members-only spaces and threads are 404")
  void spaceFeedsArePublicOnly() {
    Feed feed = parse("/feeds/spaces/open-air.atom");
    assertThat(feed.getEntries()).extracting(Entry::getTitle).containsExactly("Second public thread", "Benches & <tables>");
    TestHttp anyone = server.http();
    assertThat(anyone.get("/feeds/spaces/backroom.atom").status()).isEqualTo(404);
    assertThat(anyone.get("/feeds/spaces/lounge.atom").status()).isEqualTo(404);
    assertThat(anyone.get("/feeds/spaces/nowhere.atom").status()).isEqualTo(404);
    assertThat(anyone.get("/feeds/threads/" + groupThread + ".atom").status()).isEqualTo(404);
    assertThat(anyone.get("/feeds/threads/" + membersThread + ".atom").status()).isEqualTo(404);
    // Signed in as a member who may read the group: the feed is still only for public content.
    assertThat(community.admin().get("/feeds/threads/" + groupThread + ".atom").status()).isEqualTo(404);
    assertThat(anyone.get("/feeds/threads/999999.atom").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("the challenges feed has open challenges and never drafts")
  void challengesFeed() {
    Feed feed = parse("/feeds/challenges.atom");
    assertThat(feed.getEntries()).extracting(Entry::getTitle).containsExactly("Open brief");
    assertThat(feed.getEntries().get(0).getContents().get(0).getValue()).contains("<em>problem</em>");
    assertThat(feed.getEntries().get(0).getAuthors().get(0).getName()).isEqualTo("Feed Co");
  }
}
