package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.audit.Hash;
import io.tearline.audit.LogVerifier;
import io.tearline.audit.Verification;
import io.tearline.db.DataDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server is killed with SIGKILL while it answers reads, searches and writes: every answer that
 * reached a client has its entry in the log after the restart, with the same leaf hash, and the log verifies.
 */
class CrashUnderLoadTest {

    @TempDir
    Path root;

    @Test
    void everyAnsweredRequestIsInTheLogAfterACrash() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                DemoServerMain.class.getName(), root.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("child.log").toFile()).start();
        Map<Long, Hash> receipts = new ConcurrentHashMap<>();
        try {
            Path portFile = root.resolve("port");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(portFile)) {
                assertThat(child.isAlive()).as("child died: %s", Files.exists(root.resolve("child.log"))
                        ? Files.readString(root.resolve("child.log")) : "").isTrue();
                assertThat(System.nanoTime()).as("child did not start").isLessThan(deadline);
                Thread.sleep(100);
            }
            String base = "http://127.0.0.1:" + Files.readString(portFile).trim();
            Config config = Config.load(new DataDir(root).config());
            TokenIssuer issuer = TokenIssuer.openOrCreate(new DataDir(root).keys(), config.auth());
            List<String> users = List.of("ava", "ben", "kenji", "maria", "oliver", "sam");
            Map<String, String> tokens = new ConcurrentHashMap<>();
            users.forEach(u -> tokens.put(u, issuer.issue(u, Duration.ofMinutes(10))));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            AtomicBoolean run = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int w = 0; w < 8; w++) {
                int worker = w;
                pool.submit(() -> {
                    int i = 0;
                    while (run.get()) {
                        String user = users.get((worker + i) % users.size());
                        HttpRequest.Builder b = switch (i++ % 3) {
                            case 0 -> HttpRequest.newBuilder(URI.create(base + "/api/v1/search?q=EXERCISE"));
                            case 1 -> HttpRequest.newBuilder(URI.create(base + "/api/v1/reports/0123456789abcdef"));
                            default -> HttpRequest.newBuilder(URI.create(base + "/api/v1/reports"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":{\"marking\":\"(U)\",\"text\":\"crash probe " + worker
                                            + "\"},\"portions\":[{\"marking\":\"(U)\",\"text\":\"load " + i + "\"}]}"));
                        };
                        try {
                            HttpResponse<Void> r = http.send(b.header("Authorization", "Bearer " + tokens.get(user))
                                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                            var index = r.headers().firstValue("Tearline-Audit-Index");
                            var leaf = r.headers().firstValue("Tearline-Audit-Leaf");
                            if (index.isPresent() && leaf.isPresent()) {
                                receipts.put(Long.parseLong(index.get()), Hash.ofBase64(leaf.get()));
                            }
                        } catch (Exception e) {
                            // the server is gone: this answer never arrived, so it promises nothing
                        }
                    }
                    return null;
                });
            }
            while (receipts.size() < 300 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            child.destroyForcibly(); // SIGKILL on Linux
            child.waitFor(30, TimeUnit.SECONDS);
            run.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(receipts).hasSizeGreaterThan(100);
        DataDir dir = new DataDir(root);
        try (Tearline t = Tearline.open(Config.load(dir.config()), dir)) {
            List<Long> missing = new ArrayList<>();
            for (var e : receipts.entrySet()) {
                if (e.getKey() >= t.audit().size() || !t.audit().entry(e.getKey()).leafHash().equals(e.getValue())) {
                    missing.add(e.getKey());
                }
            }
            assertThat(missing).as("answered but not in the log").isEmpty();
            Verification v = LogVerifier.verify(t.store().database(), t.audit().verifierKey());
            assertThat(v).as(v.toString()).isInstanceOf(Verification.Verified.class);
        }
    }
}
