package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scripted brute-force run: an attacker at one address forges tokens for one subject while the
 * demo's people keep reading from another. The attacker is slowed, then refused with 429 and
 * Retry-After; the legitimate readers are served throughout; every refusal and lockout is in the
 * audit log's summaries.
 */
class LockoutHttpTest {

    static final Config.Lockout LOCKOUT = new Config.Lockout(3, 8, Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMillis(20), Duration.ofMillis(100));
    static DemoFixture demo;

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture(List.of(), c -> c.withLockout(LOCKOUT));
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    static HttpClient from(String address) throws IOException {
        // the whole of 127/8 is loopback: each client has an address of its own
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(address)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static HttpResponse<String> me(HttpClient c, String token) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.server.port() + "/api/v1/me"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A token for {@code subject} from the demo's issuer name, signed with a key nobody trusts. */
    static String forged(ECKey key, String subject) throws Exception {
        return FederationTest.sign(key, FederationTest.claims(demo.tearline.config().auth().issuer(), subject, "USA"))
                .substring("Bearer ".length());
    }

    @Test
    void aBruteForcerIsSlowedThenRefusedWhileOthersAreServed() throws Exception {
        demo.server.flushAuthFailures();
        long before = demo.tearline.audit().size();
        HttpClient attacker = from("127.0.0.2");
        HttpClient office = from("127.0.0.1");
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("guess").algorithm(JWSAlgorithm.ES256).generate();
        List<Integer> attackerStatuses = new ArrayList<>();
        List<Long> attackerMillis = new ArrayList<>();
        String retryAfter = null;
        try (ExecutorService legit = Executors.newFixedThreadPool(2)) {
            List<Future<List<Integer>>> served = new ArrayList<>();
            for (String user : List.of("kenji", "ava")) {
                served.add(legit.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < 30; i++) {
                        statuses.add(me(office, demo.token(user)).statusCode());
                    }
                    return statuses;
                }));
            }
            for (int i = 0; i < 30; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = me(attacker, forged(key, "root"));
                attackerMillis.add((System.nanoTime() - t0) / 1_000_000);
                attackerStatuses.add(r.statusCode());
                if (r.statusCode() == 429) {
                    retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                    assertThat(r.body()).contains("auth.throttled").doesNotContain("root");
                }
            }
            for (Future<List<Integer>> f : served) {
                assertThat(f.get()).as("legitimate readers").containsOnly(200);
            }
        }
        // 401 for the first failures (the later ones slowed), then 429 once the threshold is reached
        assertThat(attackerStatuses.subList(0, 8)).containsOnly(401);
        assertThat(attackerStatuses.subList(8, 30)).containsOnly(429);
        assertThat(retryAfter).isNotNull();
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 300L);
        assertThat(attackerMillis.get(6)).as("a refusal past slowAfter is answered later").isGreaterThanOrEqualTo(60L);
        // the locked address is refused even with a good token: nothing is verified for it
        assertThat(me(attacker, demo.token("chloe")).statusCode()).isEqualTo(429);
        // the subject the attacker aimed at is locked too, from any address; other people are not
        HttpClient office2 = from("127.0.0.3");
        assertThat(me(office2, demo.token("root")).statusCode()).isEqualTo(429);
        assertThat(me(office2, demo.token("chloe")).statusCode()).isEqualTo(200);

        demo.server.flushAuthFailures();
        Map<String, Long> byReason = new HashMap<>();
        for (long i = before; i < demo.tearline.audit().size(); i++) {
            JsonNode e = DemoFixture.JSON.readTree(demo.tearline.audit().entry(i).leaf());
            if (e.get("type").asText().equals("auth.failures")) {
                for (JsonNode b : e.get("buckets")) {
                    byReason.merge(b.get("reason").asText(), b.get("count").asLong(), Long::sum);
                }
            }
        }
        assertThat(byReason).containsEntry("token.key", 8L).containsEntry("lockout.start.address", 1L)
                .containsEntry("lockout.start.subject", 1L).containsEntry("lockout.subject", 1L);
        assertThat(byReason.get("lockout.address")).isEqualTo(23L); // 22 forged and chloe's
    }
}
