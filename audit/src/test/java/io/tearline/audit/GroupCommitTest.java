package io.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many concurrent appends share commits; a failing change inside appendWith rolls back only itself. */
class GroupCommitTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void concurrentAppendsGetDenseDistinctIndexesAndShareCommits(String kind) throws Exception {
        int threads = 16;
        int each = 400;
        try (TestDb db = TestDb.open(kind, dir); AuditLog log = db.openLog()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<CompletableFuture<Receipt>> all = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        CompletableFuture<Receipt> f = log.append(Entry.of(Map.of("thread", thread, "i", i)));
                        all.add(f);
                        if (i % 50 == 49) {
                            f.join(); // a mix of waiting and pipelining callers
                        }
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            Set<Long> indexes = new HashSet<>();
            List<Receipt> receipts = all.stream().map(CompletableFuture::join).toList();
            for (Receipt r : receipts) {
                assertThat(indexes.add(r.index())).as("index %d given twice", r.index()).isTrue();
            }
            int n = threads * each;
            assertThat(indexes).hasSize(n);
            assertThat(indexes.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(n - 1);
            assertThat(log.size()).isEqualTo(n);
            // every receipt names the stored leaf, and the leaf names its index
            for (Receipt r : receipts.subList(0, 200)) {
                StoredEntry e = log.entry(r.index());
                assertThat(e.leafHash()).isEqualTo(r.leafHash());
                assertThat(e.json()).contains("\"index\":" + r.index() + ",");
            }
            AuditStats stats = log.stats();
            assertThat(stats.commits()).as("group commit: far fewer commits than entries").isLessThan(n / 4);
            assertThat(db.count("SELECT COUNT(*) FROM audit_entry")).isEqualTo(n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aFailingChangeLeavesNoEntryAndNoChangeWhileTheRestOfItsBatchCommits(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir); AuditLog log = db.openLog()) {
            db.sql("CREATE TABLE audit_test_change (id INT PRIMARY KEY, v VARCHAR(20))");
            log.append(Entry.of(Map.of("type", "start"))).join();
            // hold the writer inside a change so that everything below queues into one batch
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Receipted<Integer>> holder = log.appendWith(c -> {
                inside.countDown();
                release.await();
                return insert(c, 1000, "holder");
            }, id -> Entry.of(Map.of("type", "change", "id", id)));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            long commitsBefore = log.stats().commits();

            List<CompletableFuture<Receipted<Integer>>> ok = new ArrayList<>();
            List<CompletableFuture<Receipted<Integer>>> bad = new ArrayList<>();
            List<CompletableFuture<Receipt>> plain = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int id = i;
                switch (i % 5) {
                    case 0 -> bad.add(log.appendWith(c -> {
                        insert(c, id, "partial");
                        throw new IllegalStateException("change " + id + " refused after writing");
                    }, x -> Entry.of(Map.of("type", "change", "id", x))));
                    case 1 -> bad.add(log.appendWith(c -> {
                        insert(c, id, "first");
                        return insert(c, id, "duplicate"); // a database error inside the change
                    }, x -> Entry.of(Map.of("type", "change", "id", x))));
                    case 2 -> bad.add(log.appendWith(c -> insert(c, id, "entry fails"),
                            x -> Entry.of(Map.of("type", "change", "index", x)))); // reserved key: the entry itself fails
                    case 3 -> plain.add(log.append(Entry.of(Map.of("type", "plain", "id", id))));
                    default -> ok.add(log.appendWith(c -> insert(c, id, "kept"),
                            x -> Entry.of(Map.of("type", "change", "id", x))));
                }
            }
            CompletableFuture<Receipted<Integer>> committer = log.appendWith(c -> {
                c.commit();
                return 0;
            }, x -> Entry.of(Map.of("type", "never")));
            release.countDown();

            assertThat(holder.join().value()).isEqualTo(1000);
            for (CompletableFuture<Receipted<Integer>> f : bad) {
                assertThatThrownBy(f::join).isInstanceOf(CompletionException.class);
            }
            assertThatThrownBy(committer::join).hasRootCauseInstanceOf(SQLException.class)
                    .hasMessageContaining("must not call Connection.commit");
            List<Long> okIdx = new ArrayList<>();
            for (CompletableFuture<Receipted<Integer>> f : ok) {
                Receipted<Integer> r = f.join();
                okIdx.add(r.receipt().index());
                assertThat(log.entry(r.receipt().index()).json()).contains("\"id\":" + r.value());
            }
            plain.forEach(CompletableFuture::join);
            // the 12 survivors (6 changes, 6 plain) went in one commit, densely after the holder
            assertThat(log.stats().commits() - commitsBefore).isEqualTo(2);
            assertThat(log.size()).isEqualTo(2 + 6 + 6);
            assertThat(okIdx).allMatch(i -> i >= 2 && i < 14);
            assertThat(db.count("SELECT COUNT(*) FROM audit_test_change")).isEqualTo(7); // holder + 6 kept
            assertThat(db.count("SELECT COUNT(*) FROM audit_test_change WHERE v <> 'kept' AND v <> 'holder'")).isZero();
            assertThat(db.count("SELECT COUNT(*) FROM audit_entry")).isEqualTo(14);
            assertThat(log.stats().failedChanges()).isEqualTo(19);
            // and the log that came out of it verifies from outside
            log.checkpointNow();
            assertThat(LogVerifier.verify(db.database(), log.verifierKey())).isInstanceOf(Verification.Verified.class);
        }
    }

    static int insert(java.sql.Connection c, int id, String v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_test_change (id, v) VALUES (?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, v);
            ps.executeUpdate();
        }
        return id;
    }
}
