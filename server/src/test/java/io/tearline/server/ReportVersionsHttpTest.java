package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
 * A report's version history and its older versions are for the owner only: readers of the owner's
 * nation who see the whole current version. A partner reader, and a reader of the owner's nation who
 * cannot see every portion, get byte for byte the 404 of a missing id, each beside a permit.
 */
class ReportVersionsHttpTest {

    static final String MISSING = "0123456789abcdef";
    static DemoFixture demo;
    static String id;
    static final String FIRST_SHARED = "EXERCISE zqhist first shared paragraph";
    static final String FIRST_SECRET = "EXERCISE zqhist first top secret paragraph";
    static final String SECOND_SHARED = "EXERCISE zqhist second shared paragraph";

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture();
        HttpResponse<byte[]> created = demo.post("/api/v1/reports", "ava", Map.of(
                "title", portion("(U)", "Probe zqhist"),
                "portions", List.of(portion("(S//REL TO USA, JPN)", FIRST_SHARED),
                        portion("(TS//NF)", FIRST_SECRET))));
        assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
        id = demo.json(created).get("id").asText();
        Map<String, Object> revision = new LinkedHashMap<>();
        revision.put("version", demo.json(created).get("version").asText());
        revision.put("title", portion("(U)", "Probe zqhist"));
        revision.put("portions", List.of(portion("(S//REL TO USA, JPN)", SECOND_SHARED),
                portion("(TS//NF)", FIRST_SECRET), portion("(U)", "EXERCISE zqhist added note")));
        HttpResponse<byte[]> revised = demo.send("PUT", "/api/v1/reports/" + id, "ava",
                DemoFixture.JSON.writeValueAsBytes(revision));
        assertThat(revised.statusCode()).as(text(revised)).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    static Map<String, Object> portion(String marking, String text) {
        return Map.of("marking", marking, "text", text);
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static List<String> texts(JsonNode view) {
        List<String> out = new ArrayList<>();
        view.get("portions").forEach(p -> out.add(p.get("text").asText()));
        return out;
    }

    /** A denied answer: 404, with exactly the body of a missing id (and of a missing id's history). */
    static void assertLikeMissing(HttpResponse<byte[]> denied, String missingPath, String user) {
        HttpResponse<byte[]> missing = demo.get(missingPath, user);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(denied.statusCode()).as(text(denied)).isEqualTo(404);
        assertThat(text(denied)).isEqualTo(text(missing));
        assertThat(denied.headers().firstValue("Tearline-Audit-Index")).isPresent();
    }

    @Test
    void theOwnerSeesTheHistoryAndReadsAnOlderVersion() {
        HttpResponse<byte[]> res = demo.get("/api/v1/reports/" + id + "/versions", "ava");
        assertThat(res.statusCode()).as(text(res)).isEqualTo(200);
        assertThat(res.headers().firstValue("Tearline-Audit-Index")).isPresent();
        JsonNode h = demo.json(res);
        assertThat(h.get("current").asInt()).isEqualTo(2);
        JsonNode versions = h.get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(versions.get(0).get("portions").asInt()).isEqualTo(2);
        assertThat(versions.get(1).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(1).get("portions").asInt()).isEqualTo(3);
        for (JsonNode v : versions) {
            assertThat(v.get("author").asText()).isEqualTo("ava");
            assertThat(v.get("banner").asText()).startsWith("TOP SECRET");
            assertThat(v.get("created").asText()).isNotEmpty();
        }

        HttpResponse<byte[]> old = demo.get("/api/v1/reports/" + id + "?version=1", "ava");
        assertThat(old.statusCode()).as(text(old)).isEqualTo(200);
        assertThat(texts(demo.json(old))).containsExactly(FIRST_SHARED, FIRST_SECRET);
        HttpResponse<byte[]> current = demo.get("/api/v1/reports/" + id + "?version=2", "ava");
        assertThat(texts(demo.json(current))).containsExactly(SECOND_SHARED, FIRST_SECRET, "EXERCISE zqhist added note");
        assertThat(text(current)).isEqualTo(text(demo.get("/api/v1/reports/" + id, "ava")));
        // a version that was never stored is a missing report, even for the owner
        assertLikeMissing(demo.get("/api/v1/reports/" + id + "?version=3", "ava"), "/api/v1/reports/" + MISSING, "ava");
    }

    @Test
    void readingAnOlderVersionIsAuditedAsARead() {
        HttpResponse<byte[]> old = demo.get("/api/v1/reports/" + id + "?version=1", "ava");
        long index = Long.parseLong(old.headers().firstValue("Tearline-Audit-Index").orElseThrow());
        JsonNode entry = demo.json(demo.get("/api/v1/audit/entries/" + index, "ivy"));
        assertThat(entry.get("type").asText()).isEqualTo("read");
        assertThat(entry.get("outcome").asText()).isEqualTo("shown");
        assertThat(entry.get("reader").get("name").asText()).isEqualTo("ava");
        assertThat(entry.get("requested").asText()).isEqualTo(id);
        assertThat(entry.get("version").asText()).isEqualTo(demo.json(old).get("version").asText());
        // the denied one is recorded too, as a read not found
        HttpResponse<byte[]> denied = demo.get("/api/v1/reports/" + id + "?version=1", "kenji");
        long deniedIndex = Long.parseLong(denied.headers().firstValue("Tearline-Audit-Index").orElseThrow());
        JsonNode deniedEntry = demo.json(demo.get("/api/v1/audit/entries/" + deniedIndex, "ivy"));
        assertThat(deniedEntry.get("type").asText()).isEqualTo("read");
        assertThat(deniedEntry.get("outcome").asText()).isEqualTo("not-found");
    }

    @Test
    void aPartnerReaderGetsWhatAMissingIdGets() {
        // permit: kenji reads the current version, the shared portion only
        HttpResponse<byte[]> read = demo.get("/api/v1/reports/" + id, "kenji");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(texts(demo.json(read))).containsExactly(SECOND_SHARED, "EXERCISE zqhist added note");
        // deny: neither the history nor an old version, not even the one he could see a part of
        assertLikeMissing(demo.get("/api/v1/reports/" + id + "/versions", "kenji"),
                "/api/v1/reports/" + MISSING + "/versions", "kenji");
        assertLikeMissing(demo.get("/api/v1/reports/" + id + "?version=1", "kenji"),
                "/api/v1/reports/" + MISSING + "?version=1", "kenji");
        assertThat(text(demo.get("/api/v1/reports/" + id + "?version=1", "kenji"))).doesNotContain(FIRST_SHARED);
    }

    @Test
    void aReaderOfTheOwnersNationWhoCannotSeeEveryPortionGetsWhatAMissingIdGets() {
        // permit: ben (USA, SECRET) reads the current version without the TOP SECRET portion
        HttpResponse<byte[]> read = demo.get("/api/v1/reports/" + id, "ben");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(texts(demo.json(read))).contains(SECOND_SHARED).doesNotContain(FIRST_SECRET);
        // deny: the history and the older versions
        assertLikeMissing(demo.get("/api/v1/reports/" + id + "/versions", "ben"),
                "/api/v1/reports/" + MISSING + "/versions", "ben");
        assertLikeMissing(demo.get("/api/v1/reports/" + id + "?version=1", "ben"),
                "/api/v1/reports/" + MISSING + "?version=1", "ben");
        // and sam, who sees only R1's summary, gets no history of R1, while ava, who sees all of it, does
        assertLikeMissing(demo.get("/api/v1/reports/" + demo.id("R1") + "/versions", "sam"),
                "/api/v1/reports/" + MISSING + "/versions", "sam");
        assertThat(demo.get("/api/v1/reports/" + demo.id("R1"), "sam").statusCode()).isEqualTo(200);
        assertThat(demo.get("/api/v1/reports/" + demo.id("R1") + "/versions", "ava").statusCode()).isEqualTo(200);
    }

    @Test
    void aBadVersionNumberIsABadRequest() {
        assertThat(demo.get("/api/v1/reports/" + id + "?version=zero", "ava").statusCode()).isEqualTo(400);
        assertThat(demo.get("/api/v1/reports/" + id + "?version=0", "ava").statusCode()).isEqualTo(400);
    }
}
