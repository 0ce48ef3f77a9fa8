package io.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.audit.Verification.Failed;
import io.tearline.audit.Verification.Problem;
import io.tearline.audit.internal.KeyFiles;
import io.tearline.audit.internal.NoteSigner;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an operator with write access to the database might do to the stored log, and how
 * {@link LogVerifier} (behind {@code tearline audit verify}) detects and locates each.
 */
class TamperTest {

    static final int N = 40;

    @TempDir
    Path dir;

    /** A log of N entries, some with commitments, with a signed checkpoint at every size. */
    static void build(TestDb db) throws SQLException {
        db.keepOpen();
        try (AuditLog log = db.openLog()) {
            for (int i = 0; i < N; i++) {
                Entry.Builder b = Entry.builder().put("type", "report.read").put("n", i);
                if (i % 7 == 3) {
                    b.commit("withheld", Map.of("report", "r" + i, "marking", "S//NF"), "USA");
                }
                log.append(b.access(Access.of("JPN", List.of("USA"))).build()).join();
                log.checkpointNow();
            }
        }
    }

    static Verification verify(TestDb db) {
        return LogVerifier.verify(db.database(), db.key());
    }

    static Failed failed(TestDb db) {
        Verification v = verify(db);
        assertThat(v).isInstanceOf(Failed.class);
        return (Failed) v;
    }

    static byte[] leaf(TestDb db, long idx) throws SQLException {
        return db.query("SELECT leaf FROM audit_entry WHERE idx = " + idx, (c, q) -> {
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
                rs.next();
                return rs.getBytes(1);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anUntouchedLogVerifies(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            build(db);
            Verification v = verify(db);
            assertThat(v).isInstanceOfSatisfying(Verification.Verified.class, ok -> {
                assertThat(ok.size()).isEqualTo(N);
                assertThat(ok.checkpoints()).isEqualTo(N + 1); // sizes 0..N
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void oneChangedByteInAnyEntryIsLocated(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            build(db);
            long seed = Long.getLong("audit.seed", System.nanoTime());
            SplittableRandom rnd = new SplittableRandom(seed);
            // the first, the last, and a seeded sample between (every entry over runs; the seed is printed)
            java.util.SortedSet<Integer> sample = new java.util.TreeSet<>(List.of(0, N - 1));
            while (sample.size() < 12) {
                sample.add(rnd.nextInt(N));
            }
            for (int idx : sample) {
                byte[] original = leaf(db, idx);
                byte[] changed = original.clone();
                int at = rnd.nextInt(changed.length);
                changed[at] ^= (byte) (1 + rnd.nextInt(255));
                db.sql("UPDATE audit_entry SET leaf = ? WHERE idx = ?", changed, (long) idx);
                Failed f = failed(db);
                assertThat(f.firstBadIndex()).as("seed %d, entry %d, byte %d", seed, idx, at).contains((long) idx);
                assertThat(f.problems()).anySatisfy(p -> assertThat(p.rule()).isEqualTo("entry.hash"));
                db.sql("UPDATE audit_entry SET leaf = ? WHERE idx = ?", original, (long) idx);
            }
            assertThat(verify(db)).isInstanceOf(Verification.Verified.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anEntryRewrittenWithItsHashIsLocatedByTheCheckpoints(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            build(db);
            byte[] forged = Entry.of(Map.of("type", "report.read", "n", 999)).leaf(18);
            db.sql("UPDATE audit_entry SET leaf = ?, leaf_hash = ? WHERE idx = 18", forged, Merkle.leafHash(forged).bytes());
            Failed f = failed(db);
            assertThat(f.firstBadIndex()).contains(18L);
            assertThat(f.problems()).singleElement().satisfies(p -> {
                assertThat(p.rule()).isEqualTo("entry.rewritten");
                assertThat(p.message()).contains("22 signed checkpoints (sizes 19 to 40)", "[18, 19)");
            });
            // entry 17 carries a commitment: rewriting it also orphans its opening, which names it exactly
            byte[] forged17 = Entry.of(Map.of("type", "report.read", "n", 17)).leaf(17);
            db.sql("UPDATE audit_entry SET leaf = ?, leaf_hash = ? WHERE idx = 17", forged17, Merkle.leafHash(forged17).bytes());
            assertThat(failed(db).problems()).anySatisfy(p -> {
                assertThat(p.index()).isEqualTo(17);
                assertThat(p.rule()).isEqualTo("opening.mismatch");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aDeletedEntryIsLocated(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            build(db);
            db.sql("DELETE FROM audit_entry WHERE idx = 23");
            Failed f = failed(db);
            assertThat(f.firstBadIndex()).contains(23L);
            assertThat(f.problems().get(0)).satisfies(p -> {
                assertThat(p.rule()).isEqualTo("entry.missing");
                assertThat(p.message()).contains("entries 23 to 23 are missing");
            });
            // deleting and renumbering the rest to hide the gap: every moved row names its true index
            db.sql("UPDATE audit_entry SET idx = idx - 1 WHERE idx > 23");
            Failed g = failed(db);
            assertThat(g.firstBadIndex()).contains(23L);
            assertThat(g.problems()).anySatisfy(p -> assertThat(p.rule()).isEqualTo("entry.index"));
            // deleting the tail under signed checkpoints
            db.sql("DELETE FROM audit_entry WHERE idx >= 30");
            assertThat(failed(db).problems()).anySatisfy(p -> assertThat(p.rule()).isEqualTo("entry.truncated"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoSwappedEntriesAreLocated(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            build(db);
            // swap whole rows 5 and 30: each row stays self-consistent (leaf and hash move together)
            db.sql("UPDATE audit_entry SET idx = -1 WHERE idx = 5");
            db.sql("UPDATE audit_entry SET idx = 5 WHERE idx = 30");
            db.sql("UPDATE audit_entry SET idx = 30 WHERE idx = -1");
            Failed f = failed(db);
            assertThat(f.firstBadIndex()).contains(5L);
            assertThat(f.problems()).filteredOn(p -> p.rule().equals("entry.index"))
                    .extracting(Problem::index).containsExactly(5L, 30L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aForgedCheckpointIsDetected(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            build(db);
            // a note for size 20 signed by someone else's key of the same name
            NoteSigner stranger = KeyFiles.loadOrCreate(dir.resolve("stranger"), AuditConfig.DEFAULT_ORIGIN);
            Hash fakeRoot = Merkle.leafHash(new byte[]{1});
            db.sql("UPDATE audit_checkpoint SET note = ?, root_hash = ? WHERE tree_size = 20",
                    stranger.sign(new Checkpoint(AuditConfig.DEFAULT_ORIGIN, 20, fakeRoot)), fakeRoot.bytes());
            Failed f = failed(db);
            assertThat(f.problems()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(Problem.Kind.CHECKPOINT);
                assertThat(p.index()).isEqualTo(20);
                assertThat(p.rule()).isEqualTo("checkpoint.signature");
            });
            assertThat(f.firstBadIndex()).isEmpty(); // the entries themselves are fine
            // a genuine note whose stored row was edited to claim another root
            db.sql("UPDATE audit_checkpoint SET root_hash = ? WHERE tree_size = 21", fakeRoot.bytes());
            assertThat(failed(db).problems()).anySatisfy(p -> {
                assertThat(p.index()).isEqualTo(21);
                assertThat(p.rule()).isEqualTo("checkpoint.row");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aForkedHistoryIsDetectedAndLocated(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            build(db);
            // The operator (who holds the key) rewrites history from 25 on, consistently, extends it and
            // signs the new tree: old checkpoints 25..40 and the new one cannot both be true.
            NoteSigner key = KeyFiles.loadOrCreate(db.keys, AuditConfig.DEFAULT_ORIGIN);
            db.sql("DELETE FROM audit_entry WHERE idx >= 25");
            db.sql("DELETE FROM audit_opening WHERE idx >= 25");
            java.util.List<byte[]> leaves = new java.util.ArrayList<>(db.query("SELECT leaf FROM audit_entry ORDER BY idx",
                    (c, q) -> {
                        java.util.List<byte[]> out = new java.util.ArrayList<>();
                        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
                            while (rs.next()) {
                                out.add(rs.getBytes(1));
                            }
                        }
                        return out;
                    }));
            for (int i = 25; i < 45; i++) {
                byte[] leaf = Entry.of(Map.of("type", "report.read", "n", -i)).leaf(i);
                leaves.add(leaf);
                db.sql("INSERT INTO audit_entry (idx, leaf, leaf_hash, reader, owners) VALUES (?, ?, ?, NULL, '')",
                        (long) i, leaf, Merkle.leafHash(leaf).bytes());
            }
            Hash forkRoot = new Hash(new ReferenceTree(leaves).mth(0, 45));
            db.sql("INSERT INTO audit_checkpoint (tree_size, root_hash, note, signed_at) VALUES (45, ?, ?, ?)",
                    forkRoot.bytes(), key.sign(new Checkpoint(AuditConfig.DEFAULT_ORIGIN, 45, forkRoot)),
                    Timestamp.from(Instant.now()));
            Failed f = failed(db);
            assertThat(f.firstBadIndex()).contains(25L);
            assertThat(f.problems()).anySatisfy(p -> {
                assertThat(p.rule()).isEqualTo("checkpoint.fork");
                assertThat(p.message()).contains("checkpoints 26 and 45");
            });
            // the running log would start on it (its last checkpoint matches), which is why partners run
            // witnesses and `audit verify` checks every checkpoint, not just the last
            try (AuditLog log = db.openLog()) {
                assertThat(log.size()).isEqualTo(45);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRewrittenChunkRowIsDetectedAndTheLogRefusesToStart(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            // no periodic checkpoint while appending: only the final one (size 601) may cover entry 300
            try (AuditLog log = AuditLog.open(db.config().withCheckpointInterval(java.time.Duration.ofHours(1)))) {
                for (int i = 0; i < 600; i++) {
                    log.append(Entry.of(Map.of("n", i)));
                }
                log.append(Entry.of(Map.of("n", 600))).join();
            }
            assertThat(db.count("SELECT COUNT(*) FROM audit_chunk")).isEqualTo(2);
            assertThat(verify(db)).isInstanceOf(Verification.Verified.class);
            // the operator rewrites entry 300 inside the second complete chunk, hash, chunk row and root included
            byte[] forged = Entry.of(Map.of("n", -300)).leaf(300);
            byte[] hashes = db.query("SELECT leaf_hashes FROM audit_chunk WHERE chunk = 1", (c, q) -> {
                try (var st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
                    rs.next();
                    return rs.getBytes(1);
                }
            });
            System.arraycopy(Merkle.leafHash(forged).bytes(), 0, hashes, (300 - 256) * 32, 32);
            byte[] root = io.tearline.audit.internal.MerkleIndex.chunkRoot(hashes, 0, 256,
                    io.tearline.audit.internal.Digests.sha256());
            db.sql("UPDATE audit_entry SET leaf = ?, leaf_hash = ? WHERE idx = 300", forged, Merkle.leafHash(forged).bytes());
            db.sql("UPDATE audit_chunk SET leaf_hashes = ?, root = ? WHERE chunk = 1", hashes, root);
            Failed f = failed(db);
            assertThat(f.firstBadIndex()).contains(0L); // only the checkpoint of size 601 covers it
            assertThat(org.assertj.core.api.Assertions.catchThrowable(db::openLog))
                    .isInstanceOfSatisfying(AuditIntegrityException.class,
                            e -> assertThat(e.getMessage()).contains("do not reproduce the last signed checkpoint (size 601)"));
            // only the chunk row edited, the entry left alone: located at the entry the row disagrees with
            byte[] original = db.query("SELECT leaf FROM audit_entry WHERE idx = 299", (c, q) -> {
                try (var st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
                    rs.next();
                    return rs.getBytes(1);
                }
            });
            assertThat(original).isNotEmpty();
            db.sql("UPDATE audit_entry SET leaf = ?, leaf_hash = ? WHERE idx = 300",
                    Entry.of(Map.of("n", 300)).leaf(300), Merkle.leafHash(Entry.of(Map.of("n", 300)).leaf(300)).bytes());
            assertThat(failed(db).problems()).anySatisfy(p -> {
                assertThat(p.rule()).isEqualTo("chunk.mismatch");
                assertThat(p.index()).isEqualTo(300);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aTamperedOpeningIsDetected(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            build(db);
            db.sql("UPDATE audit_opening SET secret = ? WHERE idx = 10",
                    "{\"marking\":\"U\",\"report\":\"r10\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Failed f = failed(db);
            assertThat(f.firstBadIndex()).contains(10L);
            assertThat(f.problems()).singleElement().satisfies(p -> assertThat(p.rule()).isEqualTo("opening.mismatch"));
        }
    }

}
