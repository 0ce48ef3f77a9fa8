package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The alliance over HTTP: what-if, accreditation lapses taking effect at once, validation and roles. */
class AllianceHttpTest {

    static DemoFixture demo;

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    @Test
    void admittingJapanToFiveEyesIsBlockedByNet1AndCi1AndGainsR1Portion3AndR4() {
        HttpResponse<byte[]> r = demo.post("/api/v1/alliance/what-if", "sofia", Map.of("admit", "JPN", "to", "FVEY"));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Tearline-Audit-Index")).isPresent();
        JsonNode w = demo.json(r);
        assertThat(w.get("eligible").asBoolean()).isFalse();
        List<String> blockers = new ArrayList<>();
        w.get("blockingControls").forEach(b -> blockers.add(b.get("control").asText()));
        assertThat(blockers).containsExactly("CI-1", "NET-1");
        Set<String> gained = refs(w.get("gained"));
        assertThat(gained).contains(demo.id("R1") + "#3", demo.id("R4") + "#0", demo.id("R4") + "#1")
                .doesNotContain(demo.id("R1") + "#4", demo.id("R5") + "#1"); // NOFORN never; R5 sofia cannot read
        assertThat(w.get("gained").get("count").asInt()).isEqualTo(gained.size()).isEqualTo(bruteForceGained("sofia"));
        assertThat(w.get("lost").get("count").asInt()).isZero();
    }

    /** Counts, over every portion sofia can read, those a JPN national gains when JPN joins FVEY with its controls met. */
    private int bruteForceGained(String requester) {
        int gained = 0;
        for (String key : demo.reportIds.keySet()) {
            HttpResponse<byte[]> r = demo.get("/api/v1/reports/" + demo.id(key), requester);
            if (r.statusCode() != 200) continue;
            JsonNode v = demo.json(r);
            List<String> markings = new ArrayList<>();
            if (v.has("title")) markings.add(v.get("title").get("marking").asText());
            v.get("portions").forEach(p -> markings.add(p.get("marking").asText()));
            String owner = v.get("owner").asText();
            for (String m : markings) {
                boolean before = releasableToJapan(m, owner, false);
                boolean after = releasableToJapan(m, owner, true);
                if (after && !before) gained++;
            }
        }
        return gained;
    }

    /** The scenario's rules, written out plainly: FD&R names JPN (FVEY only once admitted), and an eligible agreement covers the level. */
    private static boolean releasableToJapan(String marking, String owner, boolean admitted) {
        String body = marking.substring(1, marking.length() - 1);
        boolean classified = !body.equals("U") && !body.startsWith("U//");
        if (owner.equals("JPN")) return true;
        if (body.contains("NF")) return false;
        boolean named = false;
        int rel = body.indexOf("REL TO ");
        if (rel >= 0) {
            for (String code : body.substring(rel + 7).split(", ")) {
                named |= code.equals("JPN") || (admitted && code.equals("FVEY"));
            }
        }
        if (!classified) return rel < 0 || named;
        if (!named) return false;
        boolean topSecret = body.startsWith("TS");
        // US-JPN and US-JPN-PHL cover SECRET and JPN is eligible in both; FVEY covers TOP SECRET once admitted and met
        return !topSecret || admitted;
    }

    private static Set<String> refs(JsonNode delta) {
        Set<String> out = new HashSet<>();
        delta.get("portions").forEach(p -> out.add(p.get("reportId").asText() + "#" + p.get("portionIndex").asInt()));
        return out;
    }

    @Test
    void lettingJapansAccreditationLapseHidesR1Portion2OnTheNextRequestAndRestoringItShowsItAgain() {
        String r1 = "/api/v1/reports/" + demo.id("R1");
        assertThat(indexes(demo.get(r1, "kenji"))).containsExactly(1, 2);
        LocalDate yesterday = LocalDate.now().minusDays(1);
        HttpResponse<byte[]> lapse = demo.post("/api/v1/alliance/assessments", "sofia", Map.of("nation", "JPN",
                "control", "LAW-1", "status", "MET", "evidence", "EXERCISE statute review lapsed",
                "assessedOn", yesterday.minusYears(1).toString(), "expiresOn", yesterday.toString(), "reason", "EXERCISE lapse"));
        assertThat(lapse.statusCode()).as(new String(lapse.body())).isEqualTo(201);
        try {
            assertThat(indexes(demo.get(r1, "kenji"))).containsExactly(1);
            assertThat(indexes(demo.get(r1, "maria"))).containsExactly(1, 2); // PHL does not need JPN
            assertThat(demo.get("/api/v1/reports/" + demo.id("R3"), "kenji").statusCode()).isEqualTo(200);
            assertThat(indexes(demo.get("/api/v1/reports/" + demo.id("R3"), "kenji"))).isEmpty();
            JsonNode found = demo.json(demo.get("/api/v1/search?q=%22vessel+track%22", "kenji"));
            assertThat(found.get("total").asInt()).isZero();
        } finally {
            HttpResponse<byte[]> restore = demo.post("/api/v1/alliance/assessments", "sofia", Map.of("nation", "JPN",
                    "control", "LAW-1", "status", "MET", "evidence", "EXERCISE statute review renewed",
                    "assessedOn", LocalDate.now().toString(), "expiresOn", LocalDate.now().plusYears(2).toString(),
                    "reason", "EXERCISE renewal"));
            assertThat(restore.statusCode()).isEqualTo(201);
        }
        assertThat(indexes(demo.get(r1, "kenji"))).containsExactly(1, 2);
        assertThat(demo.json(demo.get("/api/v1/search?q=%22vessel+track%22", "kenji")).get("total").asInt()).isEqualTo(1);
    }

    private List<Integer> indexes(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        List<Integer> out = new ArrayList<>();
        demo.json(r).get("portions").forEach(p -> out.add(p.get("index").asInt()));
        return out;
    }

    @Test
    void everyValidationErrorIsAPreciseProblemAndChangesNothing() {
        long version = demo.json(demo.get("/api/v1/alliance", "sofia")).get("version").asLong();
        Map<String, Object> good = new HashMap<>(Map.of("id", "QUAD", "members", List.of("USA", "JPN", "AUS"),
                "coversUpTo", "SECRET", "requiredControls", List.of("LAW-1"), "reason", "EXERCISE"));
        record Case(String field, String rule, Map<String, Object> body) {}
        List<Case> cases = List.of(
                new Case("members", "nation.unknown", with(good, "members", List.of("USA", "XXX"))),
                new Case("requiredControls", "control.unknown", with(good, "requiredControls", List.of("NOPE-9"))),
                new Case("id", "community.duplicate", with(good, "id", "FVEY")),
                new Case("coversUpTo", "community.level", with(good, "coversUpTo", "SUPER SECRET")),
                new Case("tetragraph", "community.tetragraph", with(good, "tetragraph", "QU")),
                new Case("tetragraph", "community.tetragraph-taken", with(good, "tetragraph", "FVEY")),
                new Case("reason", "change.reason", with(good, "reason", "")));
        for (Case c : cases) {
            HttpResponse<byte[]> r = demo.post("/api/v1/alliance/communities", "sofia", c.body());
            assertThat(r.statusCode()).as(c.rule()).isEqualTo(400);
            JsonNode e = demo.json(r).get("errors").get(0);
            assertThat(e.get("field").asText()).as(c.rule()).isEqualTo(c.field());
            assertThat(e.get("rule").asText()).isEqualTo(c.rule());
        }
        HttpResponse<byte[]> r = demo.post("/api/v1/alliance/assessments", "sofia", Map.of("nation", "JPN", "control", "NET-1",
                "status", "MET", "assessedOn", "2026-05-01", "expiresOn", "2026-04-01", "reason", "EXERCISE"));
        assertThat(demo.json(r).get("errors").get(0).get("rule").asText()).isEqualTo("assessment.expiry-before-assessment");
        r = demo.post("/api/v1/alliance/assessments", "sofia", Map.of("nation", "ATL", "control", "NET-1",
                "status", "MET", "assessedOn", "2026-05-01", "expiresOn", "2027-04-01", "reason", "EXERCISE"));
        assertThat(demo.json(r).get("errors").get(0).get("rule").asText()).isEqualTo("nation.unknown");
        r = demo.post("/api/v1/alliance/assessments", "sofia", Map.of("nation", "JPN", "control", "XYZ-1",
                "status", "MET", "assessedOn", "2026-05-01", "expiresOn", "2027-04-01", "reason", "EXERCISE"));
        assertThat(demo.json(r).get("errors").get(0).get("rule").asText()).isEqualTo("control.unknown");
        assertThat(demo.json(demo.get("/api/v1/alliance", "sofia")).get("version").asLong()).isEqualTo(version);
    }

    @Test
    void onlyTheRightRolesChangeAnything() {
        long version = demo.json(demo.get("/api/v1/alliance", "kenji")).get("version").asLong();
        Map<String, Object> community = Map.of("id", "QUAD2", "members", List.of("USA", "JPN"), "coversUpTo", "SECRET",
                "requiredControls", List.of(), "reason", "EXERCISE");
        Map<String, Object> assessment = Map.of("nation", "JPN", "control", "NET-1", "status", "MET",
                "assessedOn", "2026-05-01", "expiresOn", "2027-05-01", "reason", "EXERCISE");
        for (String user : List.of("kenji", "ava", "ivy", "root")) {
            assertThat(demo.post("/api/v1/alliance/communities", user, community).statusCode()).as(user).isEqualTo(403);
            assertThat(demo.post("/api/v1/alliance/assessments", user, assessment).statusCode()).as(user).isEqualTo(403);
            assertThat(demo.post("/api/v1/alliance/what-if", user, Map.of("admit", "JPN", "to", "FVEY")).statusCode()).isEqualTo(403);
            assertThat(demo.send("DELETE", "/api/v1/alliance/communities/FVEY?reason=x", user, null).statusCode()).isEqualTo(403);
        }
        assertThat(demo.json(demo.get("/api/v1/alliance", "kenji")).get("version").asLong()).isEqualTo(version);
        // the security officer may, and the change is audited with who and why
        HttpResponse<byte[]> made = demo.post("/api/v1/alliance/communities", "sofia", community);
        assertThat(made.statusCode()).as(new String(made.body())).isEqualTo(201);
        String index = made.headers().firstValue("Tearline-Audit-Index").orElseThrow();
        JsonNode entry = demo.json(demo.get("/api/v1/audit/entries/" + index, "ivy"));
        assertThat(entry.get("type").asText()).isEqualTo("alliance.change");
        assertThat(entry.get("by").get("name").asText()).isEqualTo("sofia");
        assertThat(entry.get("reason").asText()).isEqualTo("EXERCISE");
        assertThat(demo.send("DELETE", "/api/v1/alliance/communities/QUAD2?reason=EXERCISE+cleanup", "sofia", null).statusCode())
                .isEqualTo(204);
        assertThat(new TreeSet<>(List.of(demo.json(demo.get("/api/v1/alliance/communities", "kenji")).findValuesAsText("id").toArray(String[]::new))))
                .doesNotContain("QUAD2");
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }
}
