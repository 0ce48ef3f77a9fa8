package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reader's view is a function of what they may see: no numbering gaps, no version or time that moves
 * with withheld portions, no dissemination list for readers of no ORCON portion, and a PUT that tells
 * nothing about reports the writer may not wholly see. Each test is named after the attack it stops,
 * and checks the permit beside the deny.
 */
class ReaderViewHttpTest {

    static DemoFixture demo;

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    private static JsonNode read(String report, String user) {
        HttpResponse<byte[]> r = demo.get("/api/v1/reports/" + report, user);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return demo.json(r);
    }

    private static List<Integer> numbers(JsonNode view) {
        List<Integer> out = new ArrayList<>();
        view.get("portions").forEach(p -> out.add(p.get("index").asInt()));
        return out;
    }

    private static List<String> ids(JsonNode view) {
        List<String> out = new ArrayList<>();
        view.get("portions").forEach(p -> out.add(p.get("id").asText()));
        return out;
    }

    private static HttpResponse<byte[]> put(String report, String user, Object body) {
        try {
            return demo.send("PUT", "/api/v1/reports/" + report, user, DemoFixture.JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> portion(String marking, String text) {
        return Map.of("marking", marking, "text", text);
    }

    private static Map<String, Object> revision(String version, List<Map<String, Object>> portions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("title", portion("(U)", "Probe zqviews"));
        m.put("portions", portions);
        return m;
    }

    @Test
    void portionNumbersDoNotRevealWithheldPortions() {
        String r1 = demo.id("R1");
        JsonNode full = read(r1, "ava");
        assertThat(numbers(full)).containsExactly(1, 2, 3, 4);
        assertThat(ids(full)).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f]{16}"));
        // oliver (GBR) sees stored portions 1 and 3: numbered 1 and 2, named by the ids ava sees for them
        JsonNode oliver = read(r1, "oliver");
        assertThat(numbers(oliver)).containsExactly(1, 2);
        assertThat(ids(oliver)).containsExactly(ids(full).get(0), ids(full).get(2));
        // kenji (JPN) sees stored portions 1 and 2
        JsonNode kenji = read(r1, "kenji");
        assertThat(numbers(kenji)).containsExactly(1, 2);
        assertThat(ids(kenji)).containsExactly(ids(full).get(0), ids(full).get(1));
        // stable across reads
        assertThat(ids(read(r1, "oliver"))).isEqualTo(ids(oliver));
    }

    @Test
    void versionDoesNotMoveWhenOnlyAHiddenPortionChanges() {
        HttpResponse<byte[]> created = demo.post("/api/v1/reports", "ben", Map.of(
                "title", portion("(U)", "Probe zqviews"),
                "portions", List.of(portion("(S//REL TO USA, JPN)", "EXERCISE zqviews shared"),
                        portion("(S//NF)", "EXERCISE zqviews US only"))));
        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        JsonNode v1 = demo.json(created);
        String id = v1.get("id").asText();
        assertThat(v1.has("updated")).isFalse();
        byte[] kenjiBefore = demo.get("/api/v1/reports/" + id, "kenji").body();
        // the owner edits the NOFORN portion and inserts another one before the shared one
        HttpResponse<byte[]> r2 = put(id, "ben", revision(v1.get("version").asText(), List.of(
                portion("(S//NF)", "EXERCISE zqviews new US-only lead"),
                portion("(S//REL TO USA, JPN)", "EXERCISE zqviews shared"),
                portion("(S//NF)", "EXERCISE zqviews US only, revised"))));
        assertThat(r2.statusCode()).as(new String(r2.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode v2 = demo.json(r2);
        // kenji's answer is byte for byte what it was: version, numbering, ids, banner, no timestamp moved
        byte[] kenjiAfter = demo.get("/api/v1/reports/" + id, "kenji").body();
        assertThat(new String(kenjiAfter, StandardCharsets.UTF_8)).isEqualTo(new String(kenjiBefore, StandardCharsets.UTF_8));
        // the permit side: the writer, who sees the change, sees a new version
        assertThat(v2.get("version").asText()).isNotEqualTo(v1.get("version").asText());
        assertThat(read(id, "ben").get("version").asText()).isEqualTo(v2.get("version").asText());
        // and a change kenji can see moves his version
        HttpResponse<byte[]> r3 = put(id, "ben", revision(v2.get("version").asText(), List.of(
                portion("(S//REL TO USA, JPN)", "EXERCISE zqviews shared, corrected"))));
        assertThat(r3.statusCode()).isEqualTo(200);
        assertThat(read(id, "kenji").get("version").asText()).isNotEqualTo(version(kenjiBefore));
    }

    private static String version(byte[] view) {
        try {
            return DemoFixture.JSON.readTree(view).get("version").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void orconListHiddenFromReadersOfNoOrconPortion() {
        String r6 = demo.id("R6");
        // ben sees only R6's unclassified title, not its ORCON portion
        JsonNode ben = read(r6, "ben");
        assertThat(ben.get("portions")).isEmpty();
        assertThat(ben.get("disseminationList")).isEmpty();
        assertThat(ben.toString()).doesNotContain("\"DI\"");
        // the permits: readers of the ORCON portion see the list it concerns them through
        assertThat(read(r6, "ava").get("disseminationList").toString()).isEqualTo("[\"DI\",\"DIA\"]");
        assertThat(read(r6, "oliver").get("disseminationList").toString()).isEqualTo("[\"DI\",\"DIA\"]");
    }

    @Test
    void putOfAReportTheWriterMayNotWhollySeeAnswersExactlyLikeAMissingOne() {
        String missing = "00000000deadbeef";
        Map<String, Object> body = revision("0000000000000000", List.of(portion("(U)", "zqviews overwrite")));
        HttpResponse<byte[]> none = put(missing, "ben", body);
        assertThat(none.statusCode()).isEqualTo(404);
        // another nation's report that kenji partly sees; a report ben sees nothing of (R5); one he sees
        // only the title of (R6): all exactly like a missing id
        for (String[] c : new String[][] {{"R1", "kenji"}, {"R8", "ben"}, {"R5", "ben"}, {"R6", "ben"}, {"R4", "kenji"}}) {
            HttpResponse<byte[]> r = put(demo.id(c[0]), c[1], body);
            assertThat(r.statusCode()).as("%s by %s", c[0], c[1]).isEqualTo(404);
            assertThat(r.body()).as("%s by %s", c[0], c[1]).isEqualTo(none.body());
        }
        // the permit: ben, who sees all of R2, may revise it given the version he read
        JsonNode r2 = read(demo.id("R2"), "ben");
        List<Map<String, Object>> portions = new ArrayList<>();
        r2.get("portions").forEach(p -> portions.add(portion(p.get("marking").asText(), p.get("text").asText())));
        Map<String, Object> rev = new LinkedHashMap<>();
        rev.put("version", r2.get("version").asText());
        rev.put("title", portion(r2.get("title").get("marking").asText(), r2.get("title").get("text").asText()));
        rev.put("portions", portions);
        HttpResponse<byte[]> ok = put(demo.id("R2"), "ben", rev);
        assertThat(ok.statusCode()).as(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        // and a stale version (the one he read before his own write) is refused
        assertThat(put(demo.id("R2"), "ben", Map.of("version", "0123456789abcdef", "title", rev.get("title"),
                "portions", portions)).statusCode()).isEqualTo(409);
    }

    @Test
    void searchHitsNumberPortionsAsTheReaderDoes() {
        String q = "/api/v1/search?limit=100&q=" + URLEncoder.encode("\"assessment of intent\"", StandardCharsets.UTF_8);
        JsonNode oliver = demo.json(demo.get(q, "oliver"));
        assertThat(oliver.get("hits")).hasSize(1);
        // stored position 3, oliver's portion 2
        assertThat(oliver.get("hits").get(0).get("portion").asInt()).isEqualTo(2);
        JsonNode ava = demo.json(demo.get(q, "ava"));
        assertThat(ava.get("hits").get(0).get("portion").asInt()).isEqualTo(3);
    }

    @Test
    void auditEntryOfAReadShowsTheReadersNumberingAndSealsStoredPositions() {
        HttpResponse<byte[]> read = demo.get("/api/v1/reports/" + demo.id("R1"), "oliver");
        String index = read.headers().firstValue("Tearline-Audit-Index").orElseThrow();
        JsonNode entry = demo.json(demo.get("/api/v1/audit/entries/" + index, "ivy"));
        assertThat(entry.get("shown").toString()).isEqualTo("[0,1,2]");
        assertThat(entry.get("version").asText()).isEqualTo(demo.json(read).get("version").asText());
        // the owner's auditor opens the stored positions shown and withheld
        JsonNode opened = demo.json(demo.get("/api/v1/audit/entries/" + index + "/openings", "ivy")).get(0).get("secret");
        assertThat(opened.get("shown").toString()).isEqualTo("[0,1,3]");
        List<Integer> withheld = new ArrayList<>();
        opened.get("withheld").forEach(w -> withheld.add(w.get("index").asInt()));
        assertThat(withheld).containsExactly(2, 4);
    }
}
