package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("CSV export of a challenge's ideas")
class ExportCsvTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  @Test
  @DisplayName("parses back into the same ideas, with formula cells neutralized")
  void roundTrip() throws Exception {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long challenge = community.openChallenge(owner, org, new JsonObject());
    TestHttp author = community.freshMember("author");
    List<String> titles = List.of(
        "=HYPERLINK(\"http://x\",\"y\")",
        "Plain title",
        "Commas, \"quotes\" and\na line break",
        "+SUM(A1:A2)",
        "-2+3",
        "@cmd",
        "Ünïcödé ✓ tents");
    List<JsonObject> ideas = new ArrayList<>();
    for (String t : titles) {
      ideas.add(community.submitIdea(author, challenge, t));
    }
    community.freshMember("fan").put("/api/ideas/" + ideas.get(1).getLong("id") + "/support", null);
    owner.post("/api/ideas/" + ideas.get(2).getLong("id") + "/status",
        new JsonObject().put("status", "in_review").put("note", "Looking"));
    // A tab or carriage return can only start a title stored some other way; the export guards it anyway.
    community.exec("update ideas set title = E'\\tTabbed' where id = " + ideas.get(6).getLong("id"));

    Resp r = owner.get("/api/challenges/" + challenge + "/export.csv");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/csv");
    assertThat(r.header("Content-Disposition")).contains("attachment").contains(".csv");
    assertThat(r.body()).contains("\r\n");

    List<CSVRecord> records;
    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(r.body()))) {
      // The brief's criteria (the community fixture's: "Weight saved" 3, "Cost" 1.5) head one column each, for the
      // jury's mean score of it, then the weighted mean, its spread and the number of judges (JuryTest fills them).
      assertThat(parser.getHeaderNames()).containsExactly("id", "title", "pitch", "author", "status", "supportCount",
          "supporters", "createdAt", "hidden", "mean: Weight saved (weight 3)", "mean: Cost (weight 1.5)", "weightedMean",
          "spread", "judges");
      records = parser.getRecords();
    }
    assertThat(records).hasSize(titles.size());
    for (int i = 0; i < records.size(); i++) {
      CSVRecord rec = records.get(i);
      JsonObject idea = server.http().get("/api/ideas/" + ideas.get(i).getLong("id")).json();
      assertThat(Long.parseLong(rec.get("id"))).isEqualTo(idea.getLong("id"));
      assertThat(rec.get("author")).isEqualTo(idea.getJsonObject("author").getString("username"));
      assertThat(rec.get("status")).isEqualTo(idea.getString("status"));
      assertThat(Integer.parseInt(rec.get("supportCount"))).isEqualTo(idea.getInteger("supportCount"));
      assertThat(rec.get("createdAt")).isEqualTo(idea.getString("createdAt"));
      String title = idea.getString("title");
      boolean risky = "=+-@\t\r".indexOf(title.charAt(0)) >= 0;
      assertThat(rec.get("title")).isEqualTo(risky ? "'" + title : title);
    }
    assertThat(records.get(0).get("title")).isEqualTo("'=HYPERLINK(\"http://x\",\"y\")");
    assertThat(records.get(2).get("title")).isEqualTo("Commas, \"quotes\" and\na line break");
    assertThat(records.get(6).get("title")).isEqualTo("'\tTabbed");
    assertThat(records.get(1).get("supportCount")).isEqualTo("1");
    assertThat(records.get(1).get("supporters")).startsWith("fan_");
    assertThat(records.get(1).get("pitch")).isEqualTo("Pitch of Plain title");
    assertThat(records.get(2).get("status")).isEqualTo("in_review");
  }

  @Test
  @DisplayName("cells are quoted and neutralized one by one")
  void cells() {
    assertThat(CsvExport.cell("plain")).isEqualTo("plain");
    assertThat(CsvExport.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvExport.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvExport.cell("=1+1")).isEqualTo("'=1+1");
    assertThat(CsvExport.cell("=A1,B1")).isEqualTo("\"'=A1,B1\"");
    assertThat(CsvExport.cell("\rX")).isEqualTo("\"'\rX\"");
    assertThat(CsvExport.cell("")).isEmpty();
    assertThat(new CsvExport().row(List.of("a", 1)).row(List.of("b", 2)).toString()).isEqualTo("a,1\r\nb,2\r\n");
  }
}
