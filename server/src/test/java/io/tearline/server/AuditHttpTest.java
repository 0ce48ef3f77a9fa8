package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tearline.audit.Hash;
import io.tearline.audit.Merkle;
import io.tearline.audit.SignedNotes;
import io.tearline.audit.VerifierKey;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Receipts, proofs, and who may read or open which entry. */
class AuditHttpTest {

    static DemoFixture demo;

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture(List.of(
                new Config.User("haruto", "JPN", "SECRET", List.of(), List.of("JSDF-DIH"), List.of("auditor")),
                new Config.User("george", "GBR", "SECRET", List.of(), List.of("DI"), List.of("auditor"))));
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aReadsReceiptIsProvablyInTheSignedLog() {
        HttpResponse<byte[]> read = demo.get("/api/v1/reports/" + demo.id("R1"), "kenji");
        long index = Long.parseLong(read.headers().firstValue("Tearline-Audit-Index").orElseThrow());
        Hash leaf = Hash.ofBase64(read.headers().firstValue("Tearline-Audit-Leaf").orElseThrow());
        VerifierKey key = VerifierKey.parse(text(demo.get("/api/v1/audit/key", null)));
        demo.tearline.audit().checkpointNow();
        var checkpoint = SignedNotes.verifyCheckpoint(text(demo.get("/api/v1/audit/checkpoint", null)), key);
        assertThat(checkpoint.size()).isGreaterThan(index);
        JsonNode proof = demo.json(demo.get("/api/v1/audit/proof/inclusion?index=" + index + "&size=" + checkpoint.size(), null));
        List<Hash> path = new ArrayList<>();
        proof.get("hashes").forEach(h -> path.add(Hash.ofBase64(h.asText())));
        assertThat(Merkle.verifyInclusion(index, checkpoint.size(), leaf, path, checkpoint.root())).isTrue();
        // the entry's bytes hash to the receipt, and say what kenji was shown
        HttpResponse<byte[]> entry = demo.get("/api/v1/audit/entries/" + index, "ivy");
        assertThat(Merkle.leafHash(entry.body())).isEqualTo(leaf);
        JsonNode e = demo.json(entry);
        assertThat(e.get("type").asText()).isEqualTo("read");
        assertThat(e.get("reader").get("name").asText()).isEqualTo("kenji");
        assertThat(e.get("shown").toString()).isEqualTo("[0,1,2]");
        assertThat(e.has("withheld")).isTrue();
        // a wrong leaf or a wrong index does not verify
        assertThat(Merkle.verifyInclusion(index, checkpoint.size(), Merkle.leafHash(new byte[] {1}), path, checkpoint.root())).isFalse();
    }

    @Test
    void aDenialIsSealedSoThatOnlyTheOwnersAuditorsCanOpenIt() {
        HttpResponse<byte[]> read = demo.get("/api/v1/reports/" + demo.id("R4"), "kenji");
        assertThat(read.statusCode()).isEqualTo(404);
        String index = read.headers().firstValue("Tearline-Audit-Index").orElseThrow();
        String leaf = text(demo.get("/api/v1/audit/entries/" + index, "ivy"));
        assertThat(leaf).doesNotContain("FVEY").contains("\"outcome\":\"not-found\"").contains("\"sealed\"");
        // JPN's auditor may read the entry (the reader is Japanese) but not open what the owner withheld
        assertThat(text(demo.get("/api/v1/audit/entries/" + index, "haruto"))).isEqualTo(leaf);
        assertThat(demo.json(demo.get("/api/v1/audit/entries/" + index + "/openings", "haruto"))).isEmpty();
        // GBR's auditor has no business with it at all
        assertThat(demo.get("/api/v1/audit/entries/" + index, "george").statusCode()).isEqualTo(404);
        // the owner's (the operating nation's) auditor opens it, and the opening matches the leaf's commitment
        JsonNode openings = demo.json(demo.get("/api/v1/audit/entries/" + index + "/openings", "ivy"));
        assertThat(openings).hasSize(1);
        JsonNode secret = openings.get(0).get("secret");
        assertThat(secret.get("report").asText()).isEqualTo(demo.id("R4"));
        assertThat(secret.get("exists").asBoolean()).isTrue();
        // the whole of that stored version was withheld
        assertThat(secret.get("version").asInt()).isEqualTo(1);
        assertThat(leaf).contains(openings.get(0).get("commitment").asText());
    }

    @Test
    void aMissingReportIsSealedTheSameWay() {
        HttpResponse<byte[]> read = demo.get("/api/v1/reports/00000000deadbeef", "kenji");
        String index = read.headers().firstValue("Tearline-Audit-Index").orElseThrow();
        JsonNode e = demo.json(demo.get("/api/v1/audit/entries/" + index, "ivy"));
        assertThat(e.get("outcome").asText()).isEqualTo("not-found");
        assertThat(e.has("sealed")).isTrue();
        JsonNode opened = demo.json(demo.get("/api/v1/audit/entries/" + index + "/openings", "ivy")).get(0).get("secret");
        assertThat(opened.get("exists").asBoolean()).isFalse();
    }

    @Test
    void partnerAuditorsSeeTheirReadersAndTheirReportsOnly() {
        String r8 = demo.get("/api/v1/reports/" + demo.id("R8"), "ava").headers().firstValue("Tearline-Audit-Index").orElseThrow();
        assertThat(demo.get("/api/v1/audit/entries/" + r8, "haruto").statusCode()).isEqualTo(200); // JPN owns R8
        assertThat(demo.get("/api/v1/audit/entries/" + r8, "george").statusCode()).isEqualTo(404);
        String r1 = demo.get("/api/v1/reports/" + demo.id("R1"), "oliver").headers().firstValue("Tearline-Audit-Index").orElseThrow();
        assertThat(demo.get("/api/v1/audit/entries/" + r1, "george").statusCode()).isEqualTo(200); // a GBR reader
        assertThat(demo.get("/api/v1/audit/entries/" + r1, "haruto").statusCode()).isEqualTo(404);
        assertThat(demo.get("/api/v1/audit/entries/999999999", "ivy").statusCode()).isEqualTo(404);
        assertThat(demo.get("/api/v1/audit/entries/" + r1, "ava").statusCode()).isEqualTo(403);
    }

    @Test
    void consistencyBetweenTwoCheckpoints() {
        VerifierKey key = VerifierKey.parse(text(demo.get("/api/v1/audit/key", null)));
        var first = SignedNotes.verifyCheckpoint(demo.tearline.audit().checkpointNow(), key);
        demo.get("/api/v1/search?q=water", "maria");
        var second = SignedNotes.verifyCheckpoint(demo.tearline.audit().checkpointNow(), key);
        JsonNode proof = demo.json(demo.get("/api/v1/audit/proof/consistency?from=" + first.size() + "&to=" + second.size(), null));
        List<Hash> path = new ArrayList<>();
        proof.get("hashes").forEach(h -> path.add(Hash.ofBase64(h.asText())));
        assertThat(Merkle.verifyConsistency(first.size(), second.size(), first.root(), second.root(), path)).isTrue();
        assertThat(demo.get("/api/v1/audit/proof/consistency?from=5&to=2", null).statusCode()).isEqualTo(400);
        assertThat(demo.get("/api/v1/audit/proof/inclusion?index=x&size=2", null).statusCode()).isEqualTo(400);
    }

    @Test
    void searchesWritesAndAuthFailuresAreRecordedToo() {
        HttpResponse<byte[]> s = demo.get("/api/v1/search?q=water", "maria");
        JsonNode e = demo.json(demo.get("/api/v1/audit/entries/" + s.headers().firstValue("Tearline-Audit-Index").orElseThrow(), "ivy"));
        assertThat(e.get("type").asText()).isEqualTo("search");
        assertThat(e.get("query").asText()).isEqualTo("water");
        assertThat(e.get("ids").toString()).contains(demo.id("R1"));
        // a 401 is counted into the next summary entry, not recorded on its own: no receipt
        demo.server.flushAuthFailures();
        long before = demo.tearline.audit().size();
        HttpResponse<byte[]> bad = demo.send("GET", "/api/v1/me", null, null);
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("Tearline-Audit-Index")).isEmpty();
        demo.server.flushAuthFailures();
        JsonNode fail = demo.json(demo.get("/api/v1/audit/entries/" + before, "ivy"));
        assertThat(fail.get("type").asText()).isEqualTo("auth.failures");
        assertThat(fail.get("total").asLong()).isEqualTo(1);
        assertThat(fail.get("buckets").get(0).get("reason").asText()).isEqualTo("credentials.missing");
        assertThat(fail.get("buckets").get(0).get("route").asText()).isEqualTo("GET /api/v1/me");
    }
}
