package io.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tearline.audit.internal.Digests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The storage contract, run against each driver: what a batch commits is there, what it does not is
 * not, a change rolls back alone, a snapshot reads everything in order, and every connection goes back
 * to the pool.
 */
class LogStorageTest {

    @TempDir
    Path dir;

    private static byte[] leaf(long i) {
        return ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static void add(LogStorage.Batch b, long i, MessageDigest md) throws Exception {
        b.addEntry(i, leaf(i), Digests.leaf(md, leaf(i)), new Access(Optional.of("USA"), new java.util.TreeSet<>(Set.of("USA", "GBR"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theContractHoldsOnEachDriver(String kind) throws Exception {
        try (TestDb db = TestDb.open(kind, dir)) {
            LogStorage s = LogStorage.open(db.database());
            assertThat(s.getClass().getSimpleName()).isEqualTo(kind.equals("h2") ? "H2LogStorage" : "PostgresLogStorage");
            s.migrate();
            s.migrate(); // idempotent
            MessageDigest md = Digests.sha256();
            db.sql("CREATE TABLE storage_probe (id BIGINT PRIMARY KEY)");

            // a committed batch, with a change that failed and rolled back alone
            try (LogStorage.Batch b = s.begin()) {
                for (long i = 0; i < 3; i++) {
                    add(b, i, md);
                }
                b.addOpening(1, new Opening("f", "USA", new byte[16], "secret".getBytes(StandardCharsets.UTF_8)));
                b.inSavepoint(() -> {
                    try (PreparedStatement ps = b.connection().prepareStatement("INSERT INTO storage_probe (id) VALUES (1)")) {
                        return ps.executeUpdate();
                    }
                });
                assertThatThrownBy(() -> b.inSavepoint(() -> {
                    try (PreparedStatement ps = b.connection().prepareStatement("INSERT INTO storage_probe (id) VALUES (2)")) {
                        ps.executeUpdate();
                    }
                    throw new IllegalStateException("this change fails");
                })).hasMessage("this change fails");
                b.addChunk(0, new byte[32], new byte[32 * LogStorage.CHUNK_SIZE]);
                b.commit();
            }
            // a batch closed without commit leaves nothing
            try (LogStorage.Batch b = s.begin()) {
                add(b, 3, md);
                b.inSavepoint(() -> {
                    try (PreparedStatement ps = b.connection().prepareStatement("INSERT INTO storage_probe (id) VALUES (3)")) {
                        return ps.executeUpdate();
                    }
                });
            }
            assertThat(s.entryCount()).isEqualTo(3);
            assertThat(s.entriesUpTo(1)).isEqualTo(2);
            assertThat(db.count("SELECT COUNT(*) FROM storage_probe")).as("only the change that succeeded in the committed batch").isEqualTo(1);
            assertThat(db.count("SELECT COUNT(*) FROM storage_probe WHERE id = 1")).isEqualTo(1);

            List<StoredEntry> entries = s.entries(0, 10);
            assertThat(entries).extracting(StoredEntry::index).containsExactly(0L, 1L, 2L);
            assertThat(entries.get(1).leafHash().bytes()).isEqualTo(Digests.leaf(md, leaf(1)));
            assertThat(entries.get(1).access().owners()).containsExactly("GBR", "USA");
            assertThat(s.openings(1)).extracting(Opening::field).containsExactly("f");
            assertThat(s.openings(0)).isEmpty();
            assertThat(s.leafHashes(1, 3)).hasSize(64);
            assertThatThrownBy(() -> s.leafHashes(2, 5)).isInstanceOf(IllegalStateException.class);
            assertThat(s.chunkLeafHashes(0)).get().extracting(h -> h.length).isEqualTo(32 * LogStorage.CHUNK_SIZE);
            assertThat(s.chunkLeafHashes(1)).isEmpty();

            assertThat(s.latestCheckpoint()).isEmpty();
            s.addCheckpoint(1, new byte[32], "note 1", Instant.now());
            s.addCheckpoint(3, new byte[32], "note 3", Instant.now());
            assertThat(s.latestCheckpoint()).get().extracting(LogStorage.StoredCheckpoint::size).isEqualTo(3L);
            List<Long> below = new ArrayList<>();
            try (LogStorage.Cursor<LogStorage.StoredCheckpoint> c = s.checkpointsBelow(3)) {
                c.forEachRemaining(cp -> below.add(cp.size()));
            }
            assertThat(below).containsExactly(1L);

            try (LogStorage.Snapshot snap = s.snapshot();
                 LogStorage.Cursor<LogStorage.Leaf> leaves = snap.leaves(1);
                 LogStorage.Cursor<LogStorage.StoredCheckpoint> cps = snap.checkpoints();
                 LogStorage.Cursor<LogStorage.Chunk> chunks = snap.chunks();
                 LogStorage.Cursor<LogStorage.StoredOpening> openings = snap.openings()) {
                // several cursors open at once on the snapshot's one connection, advanced in step
                assertThat(leaves.next().index()).isEqualTo(1);
                assertThat(cps.next().size()).isEqualTo(1);
                assertThat(leaves.next().index()).isEqualTo(2);
                assertThat(cps.next().size()).isEqualTo(3);
                assertThat(leaves.hasNext()).isFalse();
                assertThat(cps.hasNext()).isFalse();
                assertThat(chunks.next().chunk()).isZero();
                LogStorage.StoredOpening o = openings.next();
                assertThat(o.index()).isEqualTo(1);
                assertThat(o.leaf()).get().isEqualTo(leaf(1));
            }
            assertThat(db.database().activeConnections()).as("every connection went back to the pool").isZero();
        }
    }
}
