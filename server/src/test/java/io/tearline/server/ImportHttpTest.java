package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/imports}: good records are stored under a create's rules, every bad one is listed
 * with its line and rule, a second run stores nothing twice, and every stored report is in an audit entry.
 */
class ImportHttpTest {

    static DemoFixture demo;

    @BeforeAll
    static void start() throws Exception {
        demo = new DemoFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
    }

    /** Record i of a run: most are good; every 10th is bad in one of several ways, with the rule it must get. */
    static String record(int i, Map<Integer, String> bad) {
        String good = "{\"externalId\":\"api-" + i + "\",\"originator\":\"INDOPACOM\","
                + "\"title\":{\"marking\":\"(U)\",\"text\":\"Import title " + i + "\"},"
                + "\"portions\":[{\"marking\":\"(U)\",\"text\":\"public fact " + i + "\"},"
                + "{\"marking\":\"(S//REL TO USA, JPN)\",\"text\":\"EXERCISE detail " + i + "\"}]}";
        if (i % 10 != 7) {
            return good;
        }
        return switch ((i / 10) % 5) {
            case 0 -> {
                bad.put(i, "report.invalid");
                yield good.replace("(S//REL TO USA, JPN)", "(S//REL TO USA, XXQ)");
            }
            case 1 -> {
                bad.put(i, "report.author-cannot-read");
                yield good.replace("(S//REL TO USA, JPN)", "(TS//NF)");
            }
            case 2 -> {
                bad.put(i, "report.owner");
                yield good.replace("\"originator\"", "\"owner\":\"JPN\",\"originator\"");
            }
            case 3 -> {
                bad.put(i, "import.json");
                yield good.substring(0, good.length() - 5);
            }
            default -> {
                bad.put(i, "report.title");
                yield good.replaceFirst("\"title\":\\{[^}]*\\},", "");
            }
        };
    }

    HttpResponse<String> post(String user, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.server.port() + "/api/v1/imports"))
                .header("Authorization", "Bearer " + demo.token(user)).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient c = HttpClient.newHttpClient()) {
            return c.send(r, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void storesTheGoodRejectsTheBadAndARerunStoresNothingTwice() throws Exception {
        int n = 1_000;
        Map<Integer, String> bad = new TreeMap<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < n; i++) {
            body.append(record(i, bad)).append('\n');
            if (i == 500) {
                body.append("\n"); // a blank line is skipped, but counts as a line
            }
        }
        long before = demo.tearline.audit().size();
        long keysBefore = demo.tearline.store().importKeyCount("USA"); // the other tests share the fixture
        HttpResponse<String> first = post("ben", body.toString());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode s = DemoFixture.JSON.readTree(first.body());
        assertThat(s.get("stored").asLong()).isEqualTo(n - bad.size());
        assertThat(s.get("skipped").asLong()).isZero();
        assertThat(s.get("rejected").asLong()).isEqualTo(bad.size());
        Map<Long, String> rejected = new HashMap<>();
        for (JsonNode r : s.get("rejects")) {
            rejected.put(r.get("line").asLong(), r.get("rule").asText());
        }
        Map<Long, String> expected = new HashMap<>();
        bad.forEach((i, rule) -> expected.put(i > 500 ? i + 2L : i + 1L, rule));
        assertThat(rejected.keySet()).isEqualTo(expected.keySet());
        expected.forEach((line, rule) -> assertThat(rejected.get(line)).as("line %d", line).startsWith(rule));
        // a marking error is located: the portion and the rule
        JsonNode marking = s.get("rejects").get(0);
        assertThat(marking.get("errors")).isNotEmpty();
        assertThat(marking.get("errors").get(0).get("portion").asInt()).isEqualTo(2);

        // stored exactly once each, readable as created, and each in exactly one import entry
        assertThat(demo.tearline.store().importKeyCount("USA") - keysBefore).isEqualTo(n - bad.size());
        Map<String, String> keys = demo.tearline.store().importKeys("USA", List.of("id:api-0", "id:api-7", "id:api-999"));
        assertThat(keys).containsOnlyKeys("id:api-0", "id:api-999");
        HttpResponse<byte[]> read = demo.get("/api/v1/reports/" + keys.get("id:api-0"), "ben");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(demo.json(read).get("portions").get(1).get("text").asText()).isEqualTo("EXERCISE detail 0");
        // a reader who may not see the REL portion sees the public one only (the import changed no rule)
        assertThat(demo.json(demo.get("/api/v1/reports/" + keys.get("id:api-0"), "oliver")).get("portions")).hasSize(1);
        Set<String> audited = new HashSet<>();
        List<String> twice = new ArrayList<>();
        for (long i = before; i < demo.tearline.audit().size(); i++) {
            JsonNode leaf = DemoFixture.JSON.readTree(demo.tearline.audit().entry(i).json());
            if ("import".equals(leaf.path("type").asText())) {
                assertThat(leaf.path("author").path("name").asText()).isEqualTo("ben");
                for (JsonNode r : leaf.get("reports")) {
                    if (!audited.add(r.get("report").asText())) {
                        twice.add(r.get("report").asText());
                    }
                    assertThat(r.toString()).doesNotContain("EXERCISE detail");
                }
            }
        }
        assertThat(twice).isEmpty();
        assertThat(audited).hasSize(n - bad.size()).contains(keys.get("id:api-0"), keys.get("id:api-999"));

        // the same body again: every good record skipped, the bad ones rejected again, nothing stored
        JsonNode again = DemoFixture.JSON.readTree(post("ben", body.toString()).body());
        assertThat(again.get("stored").asLong()).isZero();
        assertThat(again.get("skipped").asLong()).isEqualTo(n - bad.size());
        assertThat(again.get("rejected").asLong()).isEqualTo(bad.size());
        assertThat(demo.tearline.store().importKeyCount("USA") - keysBefore).isEqualTo(n - bad.size());
    }

    @Test
    void withoutAnExternalIdTheContentDigestSkipsARepeat() throws Exception {
        String one = "{\"title\":{\"marking\":\"(U)\",\"text\":\"digest keyed\"},\"portions\":[{\"marking\":\"(U)\",\"text\":\"same\"}]}";
        String other = one.replace("same", "different");
        JsonNode s = DemoFixture.JSON.readTree(post("ava", one + "\n" + one + "\n" + other + "\n").body());
        assertThat(s.get("stored").asLong()).isEqualTo(2);
        assertThat(s.get("skipped").asLong()).isEqualTo(1);
        // another nation's author storing the same content is not skipped: keys are per owner
        JsonNode k = DemoFixture.JSON.readTree(post("kenji", one.replace("}]}", "}],\"originator\":\"JSDF-DIH\"}") + "\n").body());
        assertThat(k.get("stored").asLong()).isEqualTo(1);
    }

    @Test
    void aLineOverTheLimitIsRejectedAndTheRestStored() throws Exception {
        long max = demo.tearline.config().server().maxBodyBytes();
        String huge = "{\"title\":{\"marking\":\"(U)\",\"text\":\"" + "x".repeat((int) max) + "\"},\"portions\":[]}";
        String fine = "{\"externalId\":\"after-huge\",\"title\":{\"marking\":\"(U)\",\"text\":\"fine\"},\"portions\":[{\"marking\":\"(U)\",\"text\":\"ok\"}]}";
        HttpResponse<String> r = post("sam", huge + "\n" + fine + "\n");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode s = DemoFixture.JSON.readTree(r.body());
        assertThat(s.get("stored").asLong()).isEqualTo(1);
        assertThat(s.get("rejects").get(0).get("rule").asText()).isEqualTo("import.line-too-large");
        assertThat(s.get("rejects").get(0).get("line").asLong()).isEqualTo(1);
    }

    @Test
    void withoutATokenNothingIsStored() throws Exception {
        long keys = demo.tearline.store().importKeyCount("USA");
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.server.port() + "/api/v1/imports"))
                .POST(HttpRequest.BodyPublishers.ofString(record(1, new HashMap<>()).replace("api-1", "no-token"), StandardCharsets.UTF_8)).build();
        try (HttpClient c = HttpClient.newHttpClient()) {
            assertThat(c.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
        assertThat(demo.tearline.store().importKeyCount("USA")).isEqualTo(keys);
    }
}
