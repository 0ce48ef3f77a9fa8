package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every expected view of spec/SCENARIO.md, over real HTTP, for every demo person: reads and searches. */
class ScenarioHttpTest {

    static DemoFixture demo;
    static final List<String> REPORTS = List.of("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8");

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    /** (user, report, expected) from scenario-views.tsv. */
    static Stream<Arguments> views() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ScenarioHttpTest.class.getResourceAsStream("/scenario-views.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                for (int i = 0; i < REPORTS.size(); i++) {
                    out.add(Arguments.of(f[0], REPORTS.get(i), f[i + 1]));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} reads {1}: {2}")
    @MethodSource("views")
    void readShowsExactlyTheExpectedPortions(String user, String report, String expected) {
        HttpResponse<byte[]> r = demo.get("/api/v1/reports/" + demo.id(report), user);
        assertThat(r.headers().firstValue("Tearline-Audit-Index")).as("receipt").isPresent();
        if (expected.equals("-")) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("EXERCISE").doesNotContain(demo.id(report));
            return;
        }
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode view = demo.json(r);
        // the expected portions are stored positions; ava sees every portion of every demo report, so
        // her view names each stored position's id. The reader numbers what they see 1..n.
        JsonNode full = demo.json(demo.get("/api/v1/reports/" + demo.id(report), "ava"));
        List<Integer> want = expected.equals("title") ? List.of()
                : Stream.of(expected.split(",")).map(Integer::parseInt).toList();
        List<String> wantIds = want.stream().map(i -> full.get("portions").get(i - 1).get("id").asText()).toList();
        List<Integer> numbers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        view.get("portions").forEach(p -> {
            numbers.add(p.get("index").asInt());
            ids.add(p.get("id").asText());
        });
        assertThat(ids).isEqualTo(wantIds);
        assertThat(numbers).isEqualTo(java.util.stream.IntStream.rangeClosed(1, want.size()).boxed().toList());
        // the banner is rolled up from what is shown, so it never names what is withheld
        List<String> markings = new ArrayList<>();
        if (view.has("title")) markings.add(view.get("title").get("marking").asText());
        view.get("portions").forEach(p -> markings.add(p.get("marking").asText()));
        HttpResponse<byte[]> rolled = demo.post("/api/v1/markings/rollup", user, Map.of("portions", markings));
        assertThat(view.get("banner").asText()).isEqualTo(demo.json(rolled).get("banner").asText());
    }

    @Test
    void kenjiGetsForR4ExactlyWhatHeGetsForAMissingId() {
        String r4 = demo.id("R4");
        String missing = Long.toHexString(Long.parseUnsignedLong(r4, 16) ^ 0x5a5a5a5a5a5a5a5aL);
        missing = "0".repeat(16 - missing.length()) + missing;
        HttpResponse<byte[]> a = demo.get("/api/v1/reports/" + r4, "kenji");
        HttpResponse<byte[]> b = demo.get("/api/v1/reports/" + missing, "kenji");
        assertThat(a.statusCode()).isEqualTo(404).isEqualTo(b.statusCode());
        assertThat(a.body()).isEqualTo(b.body());
        assertThat(comparable(a)).isEqualTo(comparable(b));
        // and the same for a malformed id
        HttpResponse<byte[]> c = demo.get("/api/v1/reports/not-an-id", "kenji");
        assertThat(c.body()).isEqualTo(a.body());
        assertThat(comparable(c)).isEqualTo(comparable(a));
    }

    private static Map<String, List<String>> comparable(HttpResponse<byte[]> r) {
        Map<String, List<String>> h = new TreeMap<>(r.headers().map());
        // an id per request, unasked for, would make two answers differ: it is returned only on request
        assertThat(r.headers().firstValue("Tearline-Request-Id")).isEmpty();
        h.keySet().removeIf(k -> Set.of("date", "content-length", "tearline-audit-index", "tearline-audit-leaf",
                "tearline-request-id").contains(k.toLowerCase()));
        return h;
    }

    @ParameterizedTest(name = "{0} searches")
    @MethodSource("people")
    void searchFindsExactlyTheReportsWithAVisibleMatchingPortion(String user) {
        for (String word : List.of("EXERCISE", "water cannon", "notional", "Tidal Basin", "coast guard")) {
            Set<String> expected = new HashSet<>();
            for (String report : REPORTS) {
                HttpResponse<byte[]> r = demo.get("/api/v1/reports/" + demo.id(report), user);
                if (r.statusCode() != 200) continue;
                JsonNode v = demo.json(r);
                StringBuilder visible = new StringBuilder(v.has("title") ? v.get("title").get("text").asText() : "");
                v.get("portions").forEach(p -> visible.append(' ').append(p.get("text").asText()));
                if (visible.toString().toLowerCase().contains(word.toLowerCase())) expected.add(demo.id(report));
            }
            JsonNode res = demo.json(demo.get("/api/v1/search?limit=100&q=" + URLEncoder.encode("\"" + word + "\"", StandardCharsets.UTF_8), user));
            Set<String> found = new HashSet<>();
            res.get("hits").forEach(h -> found.add(h.get("id").asText()));
            assertThat(found).as("%s searching %s", user, word).isEqualTo(expected);
            assertThat(res.get("total").asLong()).isEqualTo(expected.size());
        }
    }

    static Stream<String> people() {
        return Stream.of("ava", "ben", "sam", "kenji", "maria", "oliver", "chloe", "ivy", "sofia", "root");
    }

    @Test
    void kenjiNeverSeesFveyOrNofornTextInSearches() {
        JsonNode res = demo.json(demo.get("/api/v1/search?limit=100&q=EXERCISE", "kenji"));
        String all = res.toString();
        assertThat(all).doesNotContain("assessment of intent").doesNotContain("sourcing note")
                .doesNotContain("Partner information-security review").doesNotContain("Signals summary");
    }
}
