package io.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A child JVM appends under load and prints every receipt once its future completes; it is killed with
 * SIGKILL mid-run (twice, the second time on the reopened log). Every printed receipt must then be in the
 * log with the same leaf hash, with its change committed beside it, and the log must verify.
 */
class CrashTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyAcknowledgedEntrySurvivesSigkill(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            List<String[]> receipts = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                receipts.addAll(runAndKill(db, 1500 * (round + 1)));
            }
            assertThat(receipts).hasSizeGreaterThan(2000);
            try (AuditLog log = db.openLog()) { // start-up re-hashes every leaf and checks the last checkpoint
                assertThat(log.size()).isGreaterThanOrEqualTo(receipts.size());
                for (String[] r : receipts) {
                    long index = Long.parseLong(r[1]);
                    StoredEntry e = log.entry(index);
                    assertThat(e.leafHash().base64()).as("receipt %s", String.join(" ", r)).isEqualTo(r[2]);
                    assertThat(e.json()).contains("\"change\":" + r[3] + ",");
                }
                long changes = db.count("SELECT COUNT(*) FROM crash_change");
                assertThat(changes).as("one change per entry, none without").isEqualTo(log.size());
                for (String[] r : receipts.subList(0, 100)) {
                    assertThat(db.count("SELECT COUNT(*) FROM crash_change WHERE id = " + r[3])).isEqualTo(1);
                }
                log.checkpointNow();
                assertThat(LogVerifier.verify(db.database(), log.verifierKey())).isInstanceOf(Verification.Verified.class);
            }
        }
    }

    /** Starts the child, lets it print at least {@code atLeast} receipts, kills it, returns what it printed. */
    private List<String[]> runAndKill(TestDb db, int atLeast) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), db.url, db.keys.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String[]> got = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("R ")) {
                        String[] parts = line.split(" ");
                        if (parts.length == 4) {
                            got.add(parts);
                        }
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child died: that is the point
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (got.size() < atLeast && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("child still appending when killed").isTrue();
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        assertThat(got.size()).isGreaterThanOrEqualTo(atLeast);
        synchronized (got) {
            return new ArrayList<>(got);
        }
    }
}
