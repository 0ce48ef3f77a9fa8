package io.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The log on a real database (H2 file store, PostgreSQL): appends, reads, proofs, checkpoints, restarts. */
class AuditLogTest {

    @TempDir
    Path dir;

    static Entry read(int i) {
        return Entry.builder().put("type", "report.read").put("n", i).access(Access.of("JPN", List.of("USA"))).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void appendsAreReadBackExactlyWithTheirMetadataAndOpenings(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir); AuditLog log = db.openLog()) {
            assertThat(log.size()).isZero();
            Receipt r0 = log.append(read(0)).join();
            Entry denied = Entry.builder().put("type", "report.denied").put("reader", "kenji")
                    .commit("withheld", Map.of("report", "00000000000000aa", "marking", "TS//NF"), "USA")
                    .access(Access.of("JPN", List.of("USA"))).build();
            Receipt r1 = log.append(denied).join();
            Receipt r2 = log.append(Entry.of(Map.of("type", "admin.restart"))).join();
            assertThat(List.of(r0.index(), r1.index(), r2.index())).containsExactly(0L, 1L, 2L);
            assertThat(log.size()).isEqualTo(3);

            StoredEntry e1 = log.entry(1);
            assertThat(e1.leaf()).isEqualTo(denied.leaf(1));
            assertThat(Merkle.leafHash(e1.leaf())).isEqualTo(r1.leafHash()).isEqualTo(e1.leafHash());
            assertThat(e1.json()).startsWith("{\"index\":1,\"reader\":\"kenji\",\"type\":\"report.denied\",\"withheld\":\"");
            assertThat(e1.access()).isEqualTo(Access.of("JPN", List.of("USA")));
            assertThat(log.entry(2).access()).isEqualTo(Access.NONE);
            assertThat(log.entries(0, 10)).extracting(StoredEntry::index).containsExactly(0L, 1L, 2L);
            assertThat(log.entries(3, 10)).isEmpty();

            List<Opening> openings = log.open(1);
            assertThat(openings).hasSize(1);
            assertThat(openings.get(0).verify(e1.leaf())).isTrue();
            assertThat(openings.get(0).secretJson()).contains("TS//NF");
            assertThat(log.open(1, "USA")).isEqualTo(openings);
            assertThat(log.open(1, "JPN")).isEmpty(); // deny: the reader's nation may not open what it was denied
            assertThat(log.open(0)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void badArgumentsGetPreciseErrors(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir); AuditLog log = db.openLog()) {
            for (int i = 0; i < 5; i++) {
                log.append(read(i)).join();
            }
            assertError(() -> log.entry(5), "entry.index", "index", "index 5 is not below the log's size 5");
            assertError(() -> log.entry(-1), "entry.index", "index", "index -1 is negative");
            assertError(() -> log.open(7), "open.index", "index", "index 7 is not below the log's size 5");
            assertError(() -> log.inclusionProof(0, 6), "inclusion.size", "size", "size 6 is beyond the log's size 5");
            assertError(() -> log.inclusionProof(3, 3), "inclusion.index", "index", "index 3 is not below the tree size 3");
            assertError(() -> log.inclusionProof(0, 0), "inclusion.index", "index", "index 0 is not below the tree size 0");
            assertError(() -> log.inclusionProof(0, -2), "inclusion.size", "size", "size -2 is negative");
            assertError(() -> log.consistencyProof(0, 3), "consistency.from", "from", "from 0 must be at least 1");
            assertError(() -> log.consistencyProof(4, 3), "consistency.from", "from", "from 4 is beyond to 3");
            assertError(() -> log.consistencyProof(1, 9), "consistency.size", "to", "to 9 is beyond the log's size 5");
            assertError(() -> log.rootHash(6), "root.size", "size", "size 6 is beyond the log's size 5");
            assertError(() -> log.entries(6, 1), "entries.from", "from", "from 6 is outside [0, 5]");
            // and the neighbours of each refused call are answered
            assertThat(log.entry(4).index()).isEqualTo(4);
            assertThat(log.inclusionProof(4, 5)).isNotEmpty();
            assertThat(log.consistencyProof(3, 3)).isEmpty();
            assertThat(log.rootHash(0)).isEqualTo(Merkle.EMPTY_ROOT);
        }
    }

    static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String rule, String position,
                            String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AuditException.class, e -> {
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.position()).isEqualTo(position);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void proofsOfTheStoredLogMatchTheRfcDefinitionAndTheSignedCheckpoints(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir); AuditLog log = db.openLog()) {
            List<CompletableFuture<Receipt>> fs = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                fs.add(log.append(read(i)));
            }
            fs.forEach(CompletableFuture::join);
            String note = log.checkpointNow();
            Checkpoint cp = SignedNotes.verifyCheckpoint(note, log.verifierKey());
            assertThat(cp.size()).isEqualTo(600);
            assertThat(cp.origin()).isEqualTo(AuditConfig.DEFAULT_ORIGIN);
            assertThat(log.checkpoint()).isEqualTo(note);

            List<byte[]> leaves = log.entries(0, 600).stream().map(StoredEntry::leaf).toList();
            ReferenceTree ref = new ReferenceTree(leaves);
            assertThat(cp.root()).isEqualTo(new Hash(ref.mth(0, 600)));
            int[] sizes = {1, 2, 3, 255, 256, 257, 511, 512, 513, 599, 600};
            for (int n : sizes) {
                assertThat(log.rootHash(n)).isEqualTo(new Hash(ref.mth(0, n)));
                for (int m : new int[]{0, 1, n / 2, n - 2, n - 1}) {
                    if (m < 0 || m >= n) {
                        continue;
                    }
                    List<Hash> p = log.inclusionProof(m, n);
                    assertThat(p).isEqualTo(MerkleProofTest.hashes(ref.path(m, n)));
                    assertThat(Merkle.verifyInclusion(m, n, Merkle.leafHash(leaves.get(m)), p, log.rootHash(n))).isTrue();
                }
                for (int m : sizes) {
                    if (m <= n) {
                        List<Hash> p = log.consistencyProof(m, n);
                        assertThat(p).isEqualTo(m == n ? List.of() : MerkleProofTest.hashes(ref.proof(m, n)));
                        assertThat(Merkle.verifyConsistency(m, n, log.rootHash(m), cp.size() == n ? cp.root() : log.rootHash(n), p))
                                .isTrue();
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void checkpointsFollowTheLogInTheBackgroundAndAreConsistent(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir); AuditLog log = db.openLog()) {
            VerifierKey key = log.verifierKey();
            Checkpoint first = SignedNotes.verifyCheckpoint(log.checkpoint(), key);
            assertThat(first.size()).isZero();
            assertThat(first.root()).isEqualTo(Merkle.EMPTY_ROOT);
            for (int i = 0; i < 10; i++) {
                log.append(read(i)).join();
            }
            Checkpoint c1 = awaitCheckpoint(log, 10);
            for (int i = 10; i < 25; i++) {
                log.append(read(i)).join();
            }
            Checkpoint c2 = awaitCheckpoint(log, 25);
            assertThat(Merkle.verifyConsistency(c1.size(), c2.size(), c1.root(), c2.root(),
                    log.consistencyProof(c1.size(), c2.size()))).isTrue();
            long stored = db.count("SELECT COUNT(*) FROM audit_checkpoint");
            assertThat(stored).isBetween(3L, 26L);
            // nothing new: no new checkpoint
            Thread.sleep(500);
            assertThat(db.count("SELECT COUNT(*) FROM audit_checkpoint")).isEqualTo(stored);
        }
    }

    static Checkpoint awaitCheckpoint(AuditLog log, long size) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Checkpoint c = SignedNotes.verifyCheckpoint(log.checkpoint(), log.verifierKey());
            if (c.size() == size) {
                return c;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint of size " + size + " within 10 s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void reopeningKeepsTheLogTheKeyAndTheCheckpoint(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            VerifierKey key;
            Hash root;
            try (AuditLog log = db.openLog()) {
                for (int i = 0; i < 300; i++) {
                    log.append(read(i));
                }
                log.append(read(300)).join();
                key = log.verifierKey();
                root = log.rootHash(301);
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db.keys.resolve("audit-ed25519.key"))))
                    .isEqualTo("rw-------");
            try (AuditLog log = db.openLog()) {
                assertThat(log.size()).isEqualTo(301);
                assertThat(log.verifierKey()).isEqualTo(key);
                Checkpoint c = SignedNotes.verifyCheckpoint(log.checkpoint(), key);
                assertThat(c.size()).isEqualTo(301); // close() signed the final size
                assertThat(c.root()).isEqualTo(root);
                assertThat(log.append(read(301)).join().index()).isEqualTo(301);
            }
            // deny: the same store under another origin (its key was made for the first)
            assertThatThrownBy(() -> AuditLog.open(db.config().withOrigin("other.example/audit")))
                    .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.rule()).isEqualTo("key.origin"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void refusesToRunWhenTheStoredLeavesDoNotReproduceTheLastCheckpoint(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            // only the checkpoints signed here (sizes 5, 10, 15, 20), none by the timer on a slow machine
            try (AuditLog log = AuditLog.open(db.config().withCheckpointInterval(java.time.Duration.ofHours(1)))) {
                for (int i = 0; i < 20; i++) {
                    log.append(read(i)).join();
                    if (i % 5 == 4) {
                        log.checkpointNow();
                    }
                }
            }
            // an operator rewrites entry 12 and its leaf hash together (the row looks self-consistent)
            byte[] forged = Entry.of(Map.of("type", "nothing.to.see", "n", 12)).leaf(12);
            db.sql("UPDATE audit_entry SET leaf = ?, leaf_hash = ? WHERE idx = 12", forged, Merkle.leafHash(forged).bytes());
            assertThatThrownBy(db::openLog).isInstanceOfSatisfying(AuditIntegrityException.class, e -> {
                assertThat(e.index()).isEqualTo(10); // the checkpoint of size 10 still matches
                assertThat(e.getMessage()).contains("do not reproduce the last signed checkpoint (size 20)", "[10, 20)");
            });
            // a leaf edited without its hash is named exactly
            db.sql("UPDATE audit_entry SET leaf = ? WHERE idx = 3", "{\"index\":3}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(db::openLog).isInstanceOfSatisfying(AuditIntegrityException.class,
                    e -> assertThat(e.index()).isEqualTo(3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void refusesToRunWhenEntriesAreMissing(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            try (AuditLog log = db.openLog()) {
                for (int i = 0; i < 12; i++) {
                    log.append(read(i)).join();
                }
            }
            db.sql("DELETE FROM audit_entry WHERE idx >= 9"); // a rolled-back tail under a signed checkpoint of 12
            assertThatThrownBy(db::openLog).isInstanceOfSatisfying(AuditIntegrityException.class, e -> {
                assertThat(e.index()).isEqualTo(9);
                assertThat(e.getMessage()).contains("covers 12 entries but only 9 are stored");
            });
            db.sql("DELETE FROM audit_entry WHERE idx = 4");
            assertThatThrownBy(db::openLog).isInstanceOfSatisfying(AuditIntegrityException.class, e -> {
                assertThat(e.index()).isEqualTo(4);
                assertThat(e.getMessage()).contains("entry 4 is missing");
            });
        }
    }
}
