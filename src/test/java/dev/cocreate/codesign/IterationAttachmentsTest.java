package dev.cocreate.codesign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.upload.TestImages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("An iteration's attachments: images and PDFs its author uploaded, as private as the idea")
class IterationAttachmentsTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withAdmin("ia_admin");
  }

  static long idea(TestHttp author, String title) {
    return community.ideaToCodesign(community.freshMember("firm"), author, title).getLong("id");
  }

  static JsonObject attachment(JsonObject iteration, String name) {
    return iteration.getJsonArray("attachments").stream().map(o -> (JsonObject) o)
        .filter(a -> name.equals(a.getString("name"))).findFirst().orElseThrow(() -> new AssertionError(iteration.encode()));
  }

  @Test
  @DisplayName("a PDF and an image are attached with their name, size and type; the PDF is served as a sandboxed download, never as a page")
  void pdfAndImage() {
    TestHttp author = community.freshMember("author");
    TestHttp reader = community.freshMember("reader");
    long idea = idea(author, "Folding kayak");
    byte[] plan = Community.pdf("Frame plan");
    JsonObject pdf = Community.uploaded(author, "C:\\fakepath\\frame & plan (v2).pdf", "application/pdf", plan);
    assertThat(pdf.getString("mediaType")).isEqualTo("application/pdf");
    assertThat(pdf.getString("url")).matches("/uploads/[0-9a-f]{64}\\.pdf");
    assertThat(pdf.getString("name")).isEqualTo("frame & plan (v2).pdf");
    assertThat(pdf.getValue("width")).isNull();
    assertThat(pdf.getInteger("size")).isEqualTo(plan.length);
    JsonObject png = Community.uploaded(author, "hull.png", "image/png", TestImages.png(8, 6));
    assertThat(png.getInteger("width")).isEqualTo(8);

    Resp published = community.iterateWith(author, idea, "Drawings", "Now with drawings.", pdf.getString("url"),
        png.getString("url"));
    assertThat(published.status()).as(published.toString()).isEqualTo(201);
    JsonObject doc = attachment(published.json(), "frame & plan (v2).pdf");
    assertThat(doc.getInteger("size")).isEqualTo(plan.length);
    assertThat(doc.getString("mediaType")).isEqualTo("application/pdf");
    assertThat(doc.getString("url")).isEqualTo("/i/" + idea + "/attachments/" + pdf.getString("url").substring(9));
    assertThat(attachment(published.json(), "hull.png").getString("mediaType")).isEqualTo("image/png");

    Resp served = reader.get(doc.getString("url"));
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(new String(plan, StandardCharsets.ISO_8859_1));
    assertThat(served.header("Content-Type")).isEqualTo("application/pdf");
    assertThat(served.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(served.header("Content-Security-Policy")).contains("sandbox");
    // The name cannot break the header: the exact name is percent-encoded beside a plain one.
    assertThat(served.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"frame & plan (v2).pdf\"; filename*=UTF-8''frame%20&%20plan%20%28v2%29.pdf");
    Resp image = server.http().get(attachment(published.json(), "hull.png").getString("url"));
    assertThat(image.status()).isEqualTo(200);
    assertThat(image.header("Content-Type")).isEqualTo("image/png");
    assertThat(image.header("Content-Disposition")).isNull();

    // The upload's own address serves a PDF to its uploader alone: others reach it through the idea.
    assertThat(reader.get(pdf.getString("url")).status()).isEqualTo(404);
    assertThat(author.get(pdf.getString("url")).header("Content-Type")).isEqualTo("application/pdf");
    // A PDF is no image: neither an avatar nor a post's picture.
    assertThat(author.put("/api/me/avatar", new JsonObject().put("upload", pdf.getString("url"))).status()).isEqualTo(400);

    // Listed on the idea page and the history, escaped, with their kind and size.
    String page = reader.getHtml("/i/" + idea).body();
    assertThat(page).contains("frame &amp; plan (v2).pdf").contains("PDF document").contains("KB")
        .contains("href=\"" + doc.getString("url") + "\"");
    assertThat(reader.getHtml("/i/" + idea + "/iterations").body()).contains("frame &amp; plan (v2).pdf").contains("hull.png");
    assertThat(reader.getHtml("/i/" + idea + "/iterations/2").body()).contains("frame &amp; plan (v2).pdf");
  }

  @Test
  @DisplayName("a page or script named .pdf, or a PDF cut short, is refused (415); over the upload limit is 413")
  void disguisedAndOversized() {
    TestHttp author = community.freshMember("author");
    byte[] html = "<!doctype html><html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
    Resp page = Community.upload(author, "report.pdf", "application/pdf", html);
    assertThat(page.status()).as(page.toString()).isEqualTo(415);
    assertThat(page.body()).contains("PDF documents");
    // Starts like a PDF, but a page follows and the end marker never comes.
    byte[] cut = "%PDF-1.7\n<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
    assertThat(Community.upload(author, "report.pdf", "application/pdf", cut).status()).isEqualTo(415);
    assertThat(Community.upload(author, "report.pdf", "application/pdf", "%PDF-x.y\n%%EOF".getBytes(StandardCharsets.UTF_8))
        .status()).isEqualTo(415);

    byte[] plan = Community.pdf("Big");
    byte[] big = Arrays.copyOf(plan, 2 * 1024 * 1024 + 1);
    // Still a PDF by its first bytes and its end: refused for its size alone.
    byte[] end = "\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(end, 0, big, big.length - end.length, end.length);
    Resp over = Community.upload(author, "big.pdf", "application/pdf", big);
    assertThat(over.status()).as(over.toString()).isEqualTo(413);
    assertThat(community.count("select count(*) from uploads u join users m on m.id = u.owner_id where m.username = '"
        + community.username(author) + "'")).isZero();
  }

  @Test
  @DisplayName("another member's upload, or an address nothing was uploaded at, is 422 with its field; nothing is published")
  void foreignUploads() {
    TestHttp author = community.freshMember("author");
    TestHttp other = community.freshMember("other");
    long idea = idea(author, "Solar kettle");
    JsonObject theirs = Community.uploaded(other, "theirs.pdf", "application/pdf", Community.pdf("Not yours"));
    JsonObject mine = Community.uploaded(author, "mine.pdf", "application/pdf", Community.pdf("Mine"));
    for (String url : new String[] {theirs.getString("url"), "/uploads/" + "0".repeat(64) + ".pdf", "/etc/passwd"}) {
      Resp r = community.iterateWith(author, idea, "S", "B", mine.getString("url"), url);
      assertThat(r.status()).as(url + " " + r).isEqualTo(422);
      assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("attachments");
    }
    assertThat(author.get("/api/ideas/" + idea + "/iterations").json().getJsonArray("items")).hasSize(1);
    // A co-author publishes with their own uploads, not with the author's.
    TestHttp coauthor = community.freshMember("coauthor");
    community.coauthor(author, idea, coauthor, true);
    assertThat(community.iterateWith(coauthor, idea, "S", "B", mine.getString("url")).status()).isEqualTo(422);
    JsonObject own = Community.uploaded(coauthor, "own.png", "image/png", TestImages.png(4, 4));
    assertThat(community.iterateWith(coauthor, idea, "S", "B", own.getString("url")).status()).isEqualTo(201);
  }

  @Test
  @DisplayName("once the idea is private (its thread in a group space), a member outside it cannot fetch the attachment; one inside can")
  void privateIdea() {
    TestHttp author = community.freshMember("author");
    TestHttp outsider = community.freshMember("outsider");
    JsonObject made = community.ideaToCodesign(community.freshMember("firm"), author, "Hidden hinge");
    long idea = made.getLong("id");
    JsonObject pdf = Community.uploaded(author, "hinge.pdf", "application/pdf", Community.pdf("Hinge"));
    Resp published = community.iterateWith(author, idea, "Hinge", "The hinge, drawn.", pdf.getString("url"));
    assertThat(published.status()).as(published.toString()).isEqualTo(201);
    String url = attachment(published.json(), "hinge.pdf").getString("url");
    assertThat(outsider.get(url).status()).isEqualTo(200);

    String slug = Community.unique("grp").replace('_', '-');
    community.space(slug, "group", community.username(author));
    community.exec("update threads set space_id = (select id from spaces where slug = '" + slug + "') where id = "
        + made.getLong("threadId"));
    for (TestHttp who : new TestHttp[] {outsider, server.http()}) {
      assertThat(who.get(url).status()).isEqualTo(404);
      assertThat(who.get(pdf.getString("url")).status()).isEqualTo(404);
    }
    assertThat(author.get(url).status()).isEqualTo(200);
    // An address the idea never attached is no way in either, even to its author.
    JsonObject other = Community.uploaded(author, "other.pdf", "application/pdf", Community.pdf("Other"));
    assertThat(author.get("/i/" + idea + "/attachments/" + other.getString("url").substring(9)).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("the form without JavaScript uploads its file with the iteration; a refused file comes back with the text typed")
  void formUpload() {
    String name = Community.unique("formauthor");
    TestHttp author = community.member(name);
    long idea = idea(author, "Rain barrel");
    TestHttp browser = community.browser(name);
    String csrf = browser.cookie("cc_csrf");
    Resp refused = Community.multipart(browser, "/i/" + idea + "/iterations",
        Map.of("_csrf", csrf, "summary", "Lid", "body", "A lid that locks.", "attachments", ""), "lid.pdf", "application/pdf",
        "<html>not a pdf</html>".getBytes(StandardCharsets.UTF_8));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(415);
    assertThat(refused.body()).contains("A lid that locks.").contains("PDF documents");

    Resp done = Community.multipart(browser, "/i/" + idea + "/iterations",
        Map.of("_csrf", csrf, "summary", "Lid", "body", "A lid that locks.", "attachments", ""), "lid.pdf", "application/pdf",
        Community.pdf("Lid"));
    assertThat(done.status()).as(done.toString()).isEqualTo(303);
    JsonArray items = author.get("/api/ideas/" + idea + "/iterations").json().getJsonArray("items");
    JsonObject latest = items.getJsonObject(items.size() - 1);
    assertThat(latest.getString("summary")).isEqualTo("Lid");
    assertThat(attachment(latest, "lid.pdf").getString("mediaType")).isEqualTo("application/pdf");
    // Without the form's token the upload is refused before anything is stored.
    Resp forged = Community.multipart(browser, "/i/" + idea + "/iterations", Map.of("summary", "X", "body", "Y"), "x.pdf",
        "application/pdf", Community.pdf("X"));
    assertThat(forged.status()).isEqualTo(403);
  }

  @Test
  @DisplayName("the author's export carries each uploaded PDF with its name and content, and each iteration lists its attachments")
  void export() {
    TestHttp author = community.freshMember("author");
    long idea = idea(author, "Bike trailer");
    byte[] plan = Community.pdf("Trailer");
    JsonObject pdf = Community.uploaded(author, "trailer.pdf", "application/pdf", plan);
    assertThat(community.iterateWith(author, idea, "Plan", "With a plan.", pdf.getString("url")).status()).isEqualTo(201);

    JsonObject export = author.get("/api/me/export").json();
    JsonObject file = export.getJsonArray("uploads").getJsonObject(0);
    assertThat(file.getString("url")).isEqualTo(pdf.getString("url"));
    assertThat(file.getString("name")).isEqualTo("trailer.pdf");
    assertThat(file.getString("mediaType")).isEqualTo("application/pdf");
    assertThat(java.util.Base64.getDecoder().decode(file.getString("contentBase64"))).isEqualTo(plan);
    JsonObject iteration = export.getJsonArray("iterations").stream().map(o -> (JsonObject) o)
        .filter(i -> i.getInteger("n") == 2).findFirst().orElseThrow();
    assertThat(iteration.getJsonArray("attachments").getJsonObject(0).getString("upload")).isEqualTo(pdf.getString("url"));
    assertThat(iteration.getJsonArray("attachments").getJsonObject(0).getString("name")).isEqualTo("trailer.pdf");
  }
}
