package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tearline.server.release.Outgoing;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dry run of a release request ({@code POST /api/v1/disclosures/check}): the same validation,
 * refusals and guard as a request, answered without storing anything (every queue is unchanged), the
 * guard run recorded in the audit log.
 */
class DisclosureDryRunHttpTest {

    static DemoFixture demo;

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    static Map<String, Object> body(String key, List<String> to, List<Integer> portions, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", demo.id(key));
        body.put("to", to);
        body.put("portions", portions);
        body.put("justification", "EXERCISE trilateral coordination");
        body.putAll(extra);
        return body;
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Every request any officer or requester can list: the store's whole state of requests, as the API shows it. */
    static List<String> everything() {
        List<String> out = new ArrayList<>();
        for (String user : List.of("ava", "ben", "kenji")) {
            out.add(text(demo.get("/api/v1/disclosures", user)));
        }
        return out;
    }

    static List<String> rules(JsonNode errors) {
        List<String> out = new ArrayList<>();
        errors.forEach(e -> out.add(e.get("rule").asText()));
        return out;
    }

    static List<String> checks(JsonNode findings) {
        List<String> out = new ArrayList<>();
        findings.forEach(f -> out.add(f.get("check").asText()));
        return out;
    }

    @Test
    void aValidRequestIsCheckedAndNothingIsStored() {
        List<String> before = everything();
        long auditBefore = demo.tearline.audit().size();
        HttpResponse<byte[]> res = demo.post("/api/v1/disclosures/check", "ava", body("R1", List.of("JPN"), List.of(3), Map.of()));
        assertThat(res.statusCode()).as(text(res)).isEqualTo(200);
        JsonNode out = demo.json(res);
        assertThat(out.get("ok").asBoolean()).isTrue();
        assertThat(out.get("errors")).isEmpty();
        assertThat(out.get("findings").isArray()).isTrue();
        assertThat(everything()).isEqualTo(before);
        // the guard run is an audit entry
        long index = Long.parseLong(res.headers().firstValue("Tearline-Audit-Index").orElseThrow());
        assertThat(index).isGreaterThanOrEqualTo(auditBefore);
        JsonNode entry = demo.json(demo.get("/api/v1/audit/entries/" + index, "ivy"));
        assertThat(entry.get("type").asText()).isEqualTo("disclosure");
        assertThat(entry.get("action").asText()).isEqualTo("guard");
        assertThat(entry.get("status").asText()).isEqualTo("dry-run");
        // the permit beside it: the same body sent for real is stored
        HttpResponse<byte[]> made = demo.post("/api/v1/disclosures", "ava", body("R1", List.of("JPN"), List.of(3), Map.of()));
        assertThat(made.statusCode()).as(text(made)).isEqualTo(201);
        assertThat(everything()).isNotEqualTo(before);
    }

    @Test
    void anInvalidOrRefusedRequestAnswersItsErrorsAndNothingIsStored() {
        List<String> before = everything();
        JsonNode blank = demo.json(demo.post("/api/v1/disclosures/check", "ava",
                body("R1", List.of("JPN"), List.of(3), Map.of("justification", "  "))));
        assertThat(blank.get("ok").asBoolean()).isFalse();
        assertThat(rules(blank.get("errors"))).contains("disclosure.justification");
        assertThat(blank.get("findings")).isEmpty();
        // the same request sent for real is refused with the same rule
        HttpResponse<byte[]> sent = demo.post("/api/v1/disclosures", "ava",
                body("R1", List.of("JPN"), List.of(3), Map.of("justification", "  ")));
        assertThat(sent.statusCode()).isEqualTo(400);
        assertThat(text(sent)).contains("disclosure.justification");

        JsonNode noforn = demo.json(demo.post("/api/v1/disclosures/check", "ava", body("R1", List.of("JPN"), List.of(4), Map.of())));
        assertThat(noforn.get("ok").asBoolean()).isFalse();
        assertThat(rules(noforn.get("errors"))).contains("disclosure.noforn");
        assertThat(demo.post("/api/v1/disclosures", "ava", body("R1", List.of("JPN"), List.of(4), Map.of())).statusCode())
                .isEqualTo(422);
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void theGuardsFindingsAreShownBeforeSending() {
        var ben = demo.tearline.users().principal("ben").orElseThrow();
        assumeTrue(!demo.server.disclosuresApi().guard().check(demo.id("R1"),
                List.of(new Outgoing(1, true, "(U)", "EXERCISE NOFORN note")), Set.of("JPN"), ben).isEmpty(),
                "the release guard's checks are not wired in yet");
        List<String> before = everything();
        Map<String, Object> spill = body("R1", List.of("JPN"), List.of(4), Map.of("replacements",
                List.of(Map.of("portion", 4, "marking", "(S//REL TO USA, JPN)", "text", "EXERCISE NOFORN note"))));
        JsonNode dry = demo.json(demo.post("/api/v1/disclosures/check", "ava", spill));
        assertThat(dry.get("ok").asBoolean()).isTrue();
        assertThat(dry.get("findings")).isNotEmpty();
        assertThat(everything()).isEqualTo(before);
        // a clean replacement finds nothing
        JsonNode clean = demo.json(demo.post("/api/v1/disclosures/check", "ava", body("R1", List.of("JPN"), List.of(4),
                Map.of("replacements", List.of(Map.of("portion", 4, "marking", "(S//REL TO USA, JPN)",
                        "text", "EXERCISE releasable note: notional partner liaison channels."))))));
        assertThat(clean.get("findings")).isEmpty();
        // the request sent for real carries the same findings
        HttpResponse<byte[]> made = demo.post("/api/v1/disclosures", "ava", spill);
        assertThat(made.statusCode()).as(text(made)).isEqualTo(201);
        assertThat(checks(demo.json(made).get("findings"))).isEqualTo(checks(dry.get("findings")));
    }

    @Test
    void aReportTheRequesterCannotSeeAnswersLikeAMissingOne() {
        // a missing id, a report kenji sees part of (answered), and one he sees nothing of (answered like the missing id)
        Map<String, Object> missing = new LinkedHashMap<>(body("R1", List.of("JPN"), List.of(1), Map.of()));
        missing.put("reportId", "0123456789abcdef");
        HttpResponse<byte[]> gone = demo.post("/api/v1/disclosures/check", "kenji", missing);
        assertThat(gone.statusCode()).isEqualTo(404);
        HttpResponse<byte[]> r1 = demo.post("/api/v1/disclosures/check", "kenji", body("R1", List.of("PHL"), List.of(1), Map.of()));
        assertThat(r1.statusCode()).as(text(r1)).isEqualTo(200);
        for (String key : List.of("R2", "R3", "R4", "R5", "R6", "R7", "R8")) {
            if (demo.get("/api/v1/reports/" + demo.id(key), "kenji").statusCode() == 404) {
                HttpResponse<byte[]> hidden = demo.post("/api/v1/disclosures/check", "kenji",
                        body(key, List.of("PHL"), List.of(1), Map.of()));
                assertThat(hidden.statusCode()).isEqualTo(404);
                assertThat(text(hidden)).isEqualTo(text(gone));
                return;
            }
        }
        throw new AssertionError("the demo has no report kenji may see nothing of");
    }
}
