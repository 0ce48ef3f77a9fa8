package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Foreign government information in somebody else's report (MARKINGS.md 1.6): the source nation reads
 * it only when the release marking names it; ownership of the report, not the classification's
 * country, decides who reads as owner. Each permit sits next to its deny.
 */
class FgiHttpTest {

    static DemoFixture demo;

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    static Map<String, Object> report(String word, String titleMarking, String... markings) {
        List<Map<String, String>> portions = new ArrayList<>();
        for (String m : markings) portions.add(Map.of("marking", m, "text", "EXERCISE " + word + " paragraph"));
        return Map.of("title", Map.of("marking", titleMarking, "text", "Foreign government information probe"),
                "portions", portions);
    }

    static String create(String author, Map<String, Object> body) {
        HttpResponse<byte[]> r = demo.post("/api/v1/reports", author, body);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return demo.json(r).get("id").asText();
    }

    static HttpResponse<byte[]> read(String id, String user) {
        return demo.get("/api/v1/reports/" + id, user);
    }

    static List<Integer> indexes(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        List<Integer> out = new ArrayList<>();
        demo.json(r).get("portions").forEach(p -> out.add(p.get("index").asInt()));
        return out;
    }

    static long hits(String word, String user) {
        return demo.json(demo.get("/api/v1/search?q=" + word, user)).get("total").asLong();
    }

    /** What a reader gets for a report that does not exist, with the id taken out. */
    static String missing(String user, String id) {
        HttpResponse<byte[]> r = read("00000000deadbeef", user);
        assertThat(r.statusCode()).isEqualTo(404);
        return new String(r.body(), StandardCharsets.UTF_8).replace("00000000deadbeef", id);
    }

    @Test
    void fgiSourceNationCannotReadWithoutRelease() {
        String id = create("ben", report("zqfginorel", "(//JPN S)", "(//JPN S//REL TO USA, GBR)", "(//JPN S)"));
        // kenji is JPN, but the report is USA's: neither portion releases to JPN, so it does not exist for him
        HttpResponse<byte[]> kenji = read(id, "kenji");
        assertThat(kenji.statusCode()).isEqualTo(404);
        assertThat(new String(kenji.body(), StandardCharsets.UTF_8)).isEqualTo(missing("kenji", id));
        assertThat(new String(kenji.body(), StandardCharsets.UTF_8)).doesNotContain("FGI", "NOFORN", "SECRET");
        assertThat(hits("zqfginorel", "kenji")).isZero();
        // next to it: the owner's nationals read both, under the rolled-up banner kenji never saw
        // (fgiReleasedBackToItsSourceNationIsReadByIt is the permit for kenji)
        assertThat(hits("zqfginorel", "ben")).isEqualTo(1);
        HttpResponse<byte[]> ben = read(id, "ben");
        assertThat(indexes(ben)).containsExactly(1, 2);
        // one owner's foreign portions only: that owner's banner (MARKINGS.md 2.1), NOFORN from the FGI without FD&R
        assertThat(demo.json(ben).get("banner").asText()).isEqualTo("//JPN SECRET//NOFORN");
    }

    @Test
    void fgiWithoutReleaseMarkingIsNoforn() {
        // unclassified FGI without FD&R is US only too: (U//FGI JPN) was readable by every partner
        String id = create("ben", report("zqfginofdr", "(U)", "(//JPN S)", "(U//FGI JPN)"));
        assertThat(indexes(read(id, "kenji"))).isEmpty();
        assertThat(indexes(read(id, "maria"))).isEmpty();
        assertThat(indexes(read(id, "oliver"))).isEmpty();
        assertThat(hits("zqfginofdr", "kenji")).isZero();
        assertThat(hits("zqfginofdr", "oliver")).isZero();
        assertThat(indexes(read(id, "ben"))).containsExactly(1, 2);
        assertThat(hits("zqfginofdr", "ben")).isEqualTo(1);
        // next to it: the same information released to JPN
        String released = create("ben", report("zqfgiufdr", "(U)", "(U//FGI JPN//REL TO USA, JPN)"));
        assertThat(indexes(read(released, "kenji"))).containsExactly(1);
        assertThat(indexes(read(released, "maria"))).isEmpty();
    }

    @Test
    void fgiReleasedBackToItsSourceNationIsReadByIt() {
        String id = create("ben", report("zqfgiback", "(U)", "(//JPN S//REL TO USA, JPN)", "(//JPN S//REL TO USA, GBR)"));
        HttpResponse<byte[]> kenji = read(id, "kenji");
        assertThat(indexes(kenji)).containsExactly(1);
        assertThat(demo.json(kenji).get("banner").asText()).doesNotContain("NOFORN").contains("REL TO USA, JPN");
        assertThat(hits("zqfgiback", "kenji")).isEqualTo(1);
        // next to it: PHL is on neither list
        assertThat(indexes(read(id, "maria"))).isEmpty();
        assertThat(hits("zqfgiback", "maria")).isZero();
        assertThat(indexes(read(id, "ben"))).containsExactly(1, 2);
    }

    @Test
    void ownerNationStillReadsItsOwnReport() {
        // R8: JPN's report, (//JPN S//REL TO USA, JPN)
        assertThat(indexes(read(demo.id("R8"), "kenji"))).containsExactly(1);
        assertThat(indexes(read(demo.id("R8"), "maria"))).isEmpty();
        // a JPN report with no release marking: its owner reads it, a partner does not
        String id = create("kenji", report("zqfgiown", "(U)", "(//JPN S)"));
        assertThat(demo.json(read(id, "kenji")).get("owner").asText()).isEqualTo("JPN");
        assertThat(indexes(read(id, "kenji"))).containsExactly(1);
        assertThat(indexes(read(id, "maria"))).isEmpty();
        assertThat(indexes(read(id, "ben"))).containsExactly(1);
    }
}
