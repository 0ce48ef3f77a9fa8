package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tearline.audit.LogVerifier;
import io.tearline.audit.Verification;
import io.tearline.db.DataDir;
import io.tearline.db.TestSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness against PostgreSQL that goes away and comes back: 200 while it is up, 503 naming the
 * database while it is down, 200 again once it returns, and every write acknowledged along the way is
 * still there (report and audit entry), with the log verifying.
 *
 * <p>It stops and starts the cluster, so it runs only against a cluster of its own:
 * {@code TEARLINE_TEST_PG_URL} and {@code TEARLINE_TEST_PG_DIR} (the directory given to
 * {@code scripts/test-postgres} as TEARLINE_PG_DIR) must both be set, e.g.
 * <pre>
 * export TEARLINE_TEST_PG_DIR=/tmp/found-pg
 * export TEARLINE_TEST_PG_URL=$(TEARLINE_PG_DIR=$TEARLINE_TEST_PG_DIR TEARLINE_PG_PORT=55499 scripts/test-postgres)
 * </pre>
 */
class ReadinessPostgresTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path script() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts").resolve("test-postgres"))) {
            p = p.getParent();
        }
        assertThat(p).as("scripts/test-postgres above the working directory").isNotNull();
        return p.resolve("scripts").resolve("test-postgres");
    }

    private static void cluster(String pgDir, String port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(script().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TEARLINE_PG_DIR", pgDir);
        pb.environment().put("TEARLINE_PG_PORT", port);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("scripts/test-postgres %s: %s", String.join(" ", args), out).isZero();
    }

    private HttpResponse<String> send(int port, String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
    }

    private JsonNode ready(int port, int expectStatus, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> r;
        do {
            r = send(port, "GET", "/health/ready", null, null);
            if (r.statusCode() == expectStatus) {
                return JSON.readTree(r.body());
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("/health/ready did not answer " + expectStatus + " within " + within + ": "
                + r.statusCode() + " " + r.body());
    }

    private static void awaitAcknowledged(List<String> acked, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (acked.size() < n) {
            assertThat(System.nanoTime()).as("%s writes acknowledged in time", n).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void readinessFollowsTheDatabaseAndNothingAcknowledgedIsLost() throws Exception {
        String base = System.getenv("TEARLINE_TEST_PG_URL");
        String pgDir = System.getenv("TEARLINE_TEST_PG_DIR");
        assumeTrue(base != null && !base.isBlank() && pgDir != null && !pgDir.isBlank(),
                "TEARLINE_TEST_PG_URL and TEARLINE_TEST_PG_DIR are not both set: this test stops and restarts "
                        + "the cluster, so it runs only against a cluster of its own (see the class comment)");
        Matcher m = Pattern.compile("//[^:/]+:(\\d+)/").matcher(base);
        assertThat(m.find()).as("a port in " + base).isTrue();
        String port = m.group(1);
        TestSchema schema = TestSchema.create(base, "ready_t_");
        String url = schema.url();
        try {
            DataDir dir = new DataDir(root);
            Config demo = Demo.prepare(dir, 0);
            Config config = new Config(demo.data(), demo.server(),
                    new Config.Store(url, null, null, null, 4, 2_000L), demo.auth(), demo.audit(), demo.users(),
                    demo.alliance());
            TokenIssuer issuer = TokenIssuer.openOrCreate(dir.keys(), config.auth());
            String ben = issuer.issue("ben", Duration.ofMinutes(30));
            List<String> acknowledged = new ArrayList<>();
            long auditBefore;
            try (Tearline t = Tearline.open(config, dir); TearlineServer server = TearlineServer.create(t)) {
                Demo.loadReports(t, server);
                server.listen();
                int http = server.port();
                JsonNode up = ready(http, 200, Duration.ofSeconds(10));
                assertThat(up.get("parts").get("database").get("status").asText()).isEqualTo("UP");
                assertThat(up.get("parts").get("auditWriter").get("status").asText()).isEqualTo("UP");
                assertThat(up.get("parts").get("searchIndex").get("status").asText()).isEqualTo("UP");

                AtomicBoolean writing = new AtomicBoolean(true);
                List<String> acked = java.util.Collections.synchronizedList(acknowledged);
                Thread writer = new Thread(() -> {
                    for (int i = 0; writing.get(); i++) {
                        String body = "{\"title\":{\"marking\":\"(U)\",\"text\":\"Outage probe " + i + "\"},"
                                + "\"portions\":[{\"marking\":\"(S//REL TO USA, JPN)\",\"text\":\"outage paragraph " + i + "\"}]}";
                        try {
                            HttpResponse<String> r = send(http, "POST", "/api/v1/reports", ben, body);
                            if (r.statusCode() == 201) {
                                acked.add(JSON.readTree(r.body()).get("id").asText());
                            }
                        } catch (RuntimeException | IOException e) {
                            // not acknowledged: nothing is promised
                        }
                    }
                });
                writer.start();
                awaitAcknowledged(acked, 3);
                cluster(pgDir, port, "stop");
                JsonNode down = ready(http, 503, Duration.ofSeconds(20));
                assertThat(down.get("failing").toString()).contains("database");
                assertThat(down.get("detail").asText()).contains("database");
                assertThat(down.get("type").asText()).isEqualTo("urn:tearline:problem:not-ready");
                // liveness does not depend on the database
                assertThat(send(http, "GET", "/health/live", null, null).statusCode()).isEqualTo(200);
                Thread.sleep(1_000);
                cluster(pgDir, port); // start
                JsonNode back = ready(http, 200, Duration.ofSeconds(60));
                assertThat(back.get("parts").get("auditWriter").get("status").asText()).isEqualTo("UP");
                awaitAcknowledged(acked, acked.size() + 3); // writes succeed again
                writing.set(false);
                writer.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(acknowledged).as("writes acknowledged before and after the outage").hasSizeGreaterThanOrEqualTo(6);
                for (String id : List.copyOf(acknowledged)) {
                    HttpResponse<String> r = send(http, "GET", "/api/v1/reports/" + id, ben, null);
                    assertThat(r.statusCode()).as("acknowledged report " + id).isEqualTo(200);
                }
                auditBefore = t.audit().size();
                t.audit().checkpointNow();
            }
            // reopened from the database alone: the log starts (it re-checks its last checkpoint) and verifies
            try (Tearline t = Tearline.open(config, dir)) {
                assertThat(t.audit().size()).isGreaterThanOrEqualTo(auditBefore);
                for (String id : acknowledged) {
                    assertThat(t.store().read(id)).as("acknowledged report " + id).isPresent();
                }
                Verification v = LogVerifier.verify(t.store().database(), t.audit().verifierKey());
                assertThat(v).isInstanceOf(Verification.Verified.class);
                java.util.Set<String> audited = new java.util.HashSet<>();
                for (var e : t.audit().entries(0, (int) Math.min(10_000, t.audit().size()))) {
                    JsonNode j = JSON.readTree(e.json());
                    if ("create".equals(j.path("action").asText())) {
                        audited.add(j.path("report").asText());
                    }
                }
                assertThat(audited).as("an audit entry per acknowledged write").containsAll(acknowledged);
            }
        } finally {
            cluster(pgDir, port); // whatever happened, leave the cluster running
            schema.close();
        }
    }
}
