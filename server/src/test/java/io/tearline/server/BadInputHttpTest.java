package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a precise problem+json answer and changes nothing. */
class BadInputHttpTest {

    static DemoFixture demo;

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    static Map<String, Object> report(String word, String... markings) {
        List<Map<String, String>> portions = new java.util.ArrayList<>();
        for (String m : markings) portions.add(Map.of("marking", m, "text", word + " paragraph"));
        return Map.of("title", Map.of("marking", "(U)", "text", "Probe " + word), "portions", portions);
    }

    long count(String word) {
        return demo.json(demo.get("/api/v1/search?q=" + word, "ava")).get("total").asLong();
    }

    @Test
    void aValidReportIsCreatedAndFound() {
        HttpResponse<byte[]> r = demo.post("/api/v1/reports", "ben", report("zqvalid", "(S//REL TO USA, JPN)", "(S//NF)"));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(201);
        JsonNode v = demo.json(r);
        assertThat(v.get("owner").asText()).isEqualTo("USA");
        assertThat(v.get("banner").asText()).isEqualTo("SECRET//NOFORN");
        assertThat(v.get("version").asText()).matches("[0-9a-f]{16}");
        assertThat(count("zqvalid")).isEqualTo(1);
        JsonNode kenji = demo.json(demo.get("/api/v1/reports/" + v.get("id").asText(), "kenji"));
        assertThat(kenji.get("banner").asText()).isEqualTo("SECRET//REL TO USA, JPN");
    }

    @Test
    void anInvalidPortionRefusesTheWholeReportWithEveryErrorLocated() {
        HttpResponse<byte[]> r = demo.post("/api/v1/reports", "ben",
                report("zqinvalid", "(S//REL TO USA, JPN)", "(S//REL TO USA)", "(C//TK)"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = demo.json(r);
        assertThat(p.get("status").asInt()).isEqualTo(400);
        List<Integer> portions = new java.util.ArrayList<>();
        p.get("errors").forEach(e -> {
            portions.add(e.get("portion").asInt());
            assertThat(e.get("rule").asText()).isNotBlank();
            assertThat(e.has("offset")).isTrue();
        });
        assertThat(portions).contains(2, 3).doesNotContain(1);
        assertThat(count("zqinvalid")).isZero();
    }

    @Test
    void malformedJsonAndUnknownFieldsAreRefused() {
        long before = demo.tearline.store().labels().size();
        HttpResponse<byte[]> r = demo.send("POST", "/api/v1/reports", "ben", "{\"title\": ".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(demo.json(r).get("type").asText()).endsWith("body.malformed");
        Map<String, Object> extra = new java.util.HashMap<>(report("zqunknown", "(U)"));
        extra.put("classification", "TOP SECRET");
        r = demo.post("/api/v1/reports", "ben", extra);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(demo.json(r).get("detail").asText()).contains("classification");
        assertThat(count("zqunknown")).isZero();
        assertThat(demo.tearline.store().labels()).hasSize((int) before);
    }

    @Test
    void aHugeBodyIsRefusedWith413() {
        String big = "x".repeat(2_000_000);
        HttpResponse<byte[]> r = demo.post("/api/v1/reports", "ben",
                Map.of("title", Map.of("marking", "(U)", "text", "zqhuge"), "portions", List.of(Map.of("marking", "(U)", "text", big))));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(demo.json(r).get("status").asInt()).isEqualTo(413);
        assertThat(count("zqhuge")).isZero();
    }

    @Test
    void anAuthorCannotMarkAboveTheirOwnAccessOrForAnotherNation() {
        HttpResponse<byte[]> r = demo.post("/api/v1/reports", "sam", report("zqsam", "(S//NF)"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(demo.json(r).get("errors").get(0).get("rule").asText()).isEqualTo("report.author-cannot-read");
        assertThat(count("zqsam")).isZero();
        Map<String, Object> foreign = new java.util.HashMap<>(report("zqowner", "(U)"));
        foreign.put("owner", "GBR");
        assertThat(demo.post("/api/v1/reports", "ben", foreign).statusCode()).isEqualTo(400);
        assertThat(count("zqowner")).isZero();
    }

    @Test
    void aStaleVersionIsRefusedWith409AndNothingIsLost() {
        JsonNode v = demo.json(demo.post("/api/v1/reports", "ben", report("zqversion", "(S//REL TO USA, JPN)")));
        String path = "/api/v1/reports/" + v.get("id").asText();
        Map<String, Object> rev = Map.of("version", v.get("version").asText(), "title", Map.of("marking", "(U)", "text", "Probe zqversion"),
                "portions", List.of(Map.of("marking", "(S//REL TO USA, JPN)", "text", "zqversion second")));
        HttpResponse<byte[]> ok = demo.send("PUT", path, "ben", json(rev));
        assertThat(ok.statusCode()).as(new String(ok.body())).isEqualTo(200);
        assertThat(demo.json(ok).get("version").asText()).isNotEqualTo(v.get("version").asText());
        HttpResponse<byte[]> stale = demo.send("PUT", path, "ben", json(rev));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(demo.json(demo.get(path, "ben")).get("portions").get(0).get("text").asText()).isEqualTo("zqversion second");
        // a reader who cannot see it all, or of another nation, learns nothing: 404
        assertThat(demo.send("PUT", path, "oliver", json(Map.of("version", demo.json(ok).get("version").asText(), "title", Map.of("marking", "(U)", "text", "x"),
                "portions", List.of()))).statusCode()).isEqualTo(404);
    }

    @Test
    void badQueriesAreRefusedPrecisely() {
        assertThat(demo.get("/api/v1/search", "ava").statusCode()).isEqualTo(400);
        assertThat(demo.get("/api/v1/search?q=x&limit=0", "ava").statusCode()).isEqualTo(400);
        assertThat(demo.get("/api/v1/search?q=x&limit=abc", "ava").statusCode()).isEqualTo(400);
        assertThat(demo.get("/api/v1/search?q=x&offset=-1", "ava").statusCode()).isEqualTo(400);
    }

    @Test
    void tokensAreRequiredAndBadOnesRefusedWithAChallenge() {
        for (String token : new String[] {null, "garbage", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhdmEifQ."}) {
            var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + demo.server.port()
                    + "/api/v1/reports/" + demo.id("R1")));
            if (token != null) b.header("Authorization", "Bearer " + token);
            HttpResponse<byte[]> r;
            try {
                r = java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
            assertThat(new String(r.body())).doesNotContain("EXERCISE");
        }
    }

    @Test
    void aMissingRoleIs403() {
        assertThat(demo.post("/api/v1/alliance/what-if", "kenji", Map.of("admit", "JPN", "to", "FVEY")).statusCode()).isEqualTo(403);
        assertThat(demo.get("/api/v1/audit/entries/0", "ava").statusCode()).isEqualTo(403);
    }

    static byte[] json(Object o) {
        try {
            return DemoFixture.JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
