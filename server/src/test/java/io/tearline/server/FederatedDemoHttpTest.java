package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The federated demo: each nation's local issuer vouches for its own people. The scenario's views hold
 * with each person's own nation's tokens; another nation's token for them is refused; a nation's
 * clearance above the alliance's cap is lowered and the read follows the lowered clearance.
 */
class FederatedDemoHttpTest {

    static DemoFixture demo;

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture(List.of(), (dir, c) -> {
            try {
                // in this test the alliance accepts at most SECRET from CAN (no demo person is Canadian)
                Config f = Demo.federate(dir, c);
                List<Config.NationTrust> nations = f.federation().nations().stream()
                        .map(n -> n.nation().equals("CAN") ? new Config.NationTrust("CAN", "SECRET", n.accesses(), n.roles(), n.providers()) : n)
                        .toList();
                return f.withFederation(new Config.Federation(nations, f.federation().keyCacheTtl(), f.federation().minRefreshInterval()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    static Config.User user(String name) {
        return demo.tearline.config().user(name).orElseThrow();
    }

    /** A token from {@code nation}'s issuer describing {@code user} as the directory does. */
    static String token(String nation, Config.User user) {
        try {
            return Demo.nationIssuer(demo.dir, demo.tearline.config(), nation).issueClaims(user, Duration.ofMinutes(10));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<byte[]> get(String path, String token) {
        return demo.sendWithToken("GET", path, token, null);
    }

    static Stream<Arguments> views() throws IOException {
        return ScenarioHttpTest.views();
    }

    @ParameterizedTest(name = "{0} reads {1} with {0}'s own nation's token: {2}")
    @MethodSource("views")
    void theScenarioViewsHoldWithEachNationsOwnTokens(String name, String report, String expected) {
        Config.User u = user(name);
        HttpResponse<byte[]> r = get("/api/v1/reports/" + demo.id(report), token(u.nation(), u));
        if (expected.equals("-")) {
            assertThat(r.statusCode()).isEqualTo(404);
            return;
        }
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        // the expected portions are stored positions; ava sees all of every demo report, so her view
        // names each stored position's id, while the reader numbers what they see 1..n
        com.fasterxml.jackson.databind.JsonNode full = demo.json(demo.get("/api/v1/reports/" + demo.id(report), "ava"));
        List<Integer> want = expected.equals("title") ? List.of()
                : Stream.of(expected.split(",")).map(Integer::parseInt).toList();
        List<String> wantIds = want.stream().map(i -> full.get("portions").get(i - 1).get("id").asText()).toList();
        List<Integer> numbers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        demo.json(r).get("portions").forEach(p -> {
            numbers.add(p.get("index").asInt());
            ids.add(p.get("id").asText());
        });
        assertThat(ids).isEqualTo(wantIds);
        assertThat(numbers).isEqualTo(java.util.stream.IntStream.rangeClosed(1, want.size()).boxed().toList());
    }

    @Test
    void anotherNationsTokenIsRefused() {
        Config.User ava = user("ava");
        assertThat(get("/api/v1/me", token("USA", ava)).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> refused = get("/api/v1/me", token("JPN", ava));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).doesNotContain("nationality").doesNotContain("JPN");
        Config.User kenji = user("kenji");
        assertThat(get("/api/v1/me", token("USA", kenji)).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/reports/" + demo.id("R1"), token("GBR", kenji)).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/me", token("JPN", kenji)).statusCode()).isEqualTo(200);
    }

    @Test
    void meShowsTheProviderAndTheCapsApplied() {
        Config.User k = user("kenji");
        Config.User boasting = new Config.User("kenji", "JPN", "TOP_SECRET", List.of("SI"), k.orgs(), List.of("analyst", "admin"));
        JsonNode me = demo.json(get("/api/v1/me", token("JPN", boasting)));
        assertThat(me.get("clearance").asText()).isEqualTo("SECRET");
        assertThat(me.get("accesses")).isEmpty();
        assertThat(me.get("roles").toString()).isEqualTo("[\"analyst\"]");
        assertThat(me.get("source").get("kind").asText()).isEqualTo("provider");
        assertThat(me.get("source").get("nation").asText()).isEqualTo("JPN");
        assertThat(me.get("source").get("issuer").asText()).isEqualTo(Demo.issuerName("JPN"));
        assertThat(me.get("caps")).hasSize(3);
        // the admin role JPN may not grant is not granted: revoking sessions stays refused
        HttpResponse<byte[]> revoke = demo.sendWithToken("POST", "/api/v1/sessions/revoke", token("JPN", boasting),
                "{\"subject\":\"ava\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(revoke.statusCode()).isEqualTo(403);
    }

    @Test
    void aLoweredClearanceDecidesTheRead() {
        // CAN asserts TOP_SECRET with SI for a Canadian; the alliance accepts at most SECRET from CAN here.
        Config.User oliver = user("oliver");
        Config.User canTs = new Config.User("olivia", "CAN", "TOP_SECRET", List.of("SI"), List.of("CFINTCOM"), List.of("analyst"));
        Config.User canS = new Config.User("olivia", "CAN", "SECRET", List.of("SI"), List.of("CFINTCOM"), List.of("analyst"));
        boolean differsFromTopSecret = false;
        for (String report : List.of("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8")) {
            HttpResponse<byte[]> capped = get("/api/v1/reports/" + demo.id(report), token("CAN", canTs));
            HttpResponse<byte[]> secret = get("/api/v1/reports/" + demo.id(report), token("CAN", canS));
            HttpResponse<byte[]> gbrTs = get("/api/v1/reports/" + demo.id(report), token("GBR", oliver));
            assertThat(capped.statusCode()).isEqualTo(secret.statusCode());
            if (capped.statusCode() == 200) {
                assertThat(demo.json(capped).get("portions")).isEqualTo(demo.json(secret).get("portions"));
            }
            differsFromTopSecret |= capped.statusCode() != gbrTs.statusCode()
                    || !java.util.Objects.equals(demo.json(capped).get("portions"), demo.json(gbrTs).get("portions"));
        }
        assertThat(differsFromTopSecret).as("a TOP SECRET FVEY reader sees more than the capped one").isTrue();
        JsonNode me = demo.json(get("/api/v1/me", token("CAN", canTs)));
        assertThat(me.get("clearance").asText()).isEqualTo("SECRET");
        assertThat(me.get("accesses").toString()).isEqualTo("[\"SI\"]");
        assertThat(me.get("caps").get(0).asText()).contains("TOP_SECRET lowered to SECRET");
    }

    @Test
    void aRevokedSubjectIsRefusedUntilItSignsInAgain() throws Exception {
        Config.User chloe = user("chloe");
        String before = token("AUS", chloe);
        assertThat(get("/api/v1/me", before).statusCode()).isEqualTo(200);
        // only an admin may revoke
        byte[] body = "{\"subject\":\"chloe\",\"reason\":\"laptop lost\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(demo.sendWithToken("POST", "/api/v1/sessions/revoke", token("USA", user("ava")), body).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> revoked = demo.sendWithToken("POST", "/api/v1/sessions/revoke", token("USA", user("root")), body);
        assertThat(revoked.statusCode()).as(new String(revoked.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(revoked.headers().firstValue("Tearline-Audit-Index")).isPresent();
        JsonNode entry = DemoFixture.JSON.readTree(demo.tearline.audit()
                .entry(Long.parseLong(revoked.headers().firstValue("Tearline-Audit-Index").orElseThrow())).leaf());
        assertThat(entry.get("type").asText()).isEqualTo("sessions.revoke");
        assertThat(entry.get("subject").asText()).isEqualTo("chloe");
        assertThat(get("/api/v1/me", before).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/me", demo.token("chloe")).statusCode()).isEqualTo(401); // every issuer's
        Thread.sleep(1100);
        assertThat(get("/api/v1/me", token("AUS", chloe)).statusCode()).isEqualTo(200);
        assertThat(demo.sendWithToken("POST", "/api/v1/sessions/revoke", token("USA", user("root")),
                "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
    }
}
