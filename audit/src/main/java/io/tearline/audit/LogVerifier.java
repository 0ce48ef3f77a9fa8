package io.tearline.audit;

import io.tearline.audit.Verification.Problem;
import io.tearline.audit.Verification.Problem.Kind;
import io.tearline.audit.internal.Canonical;
import io.tearline.audit.internal.CompactRange;
import io.tearline.audit.internal.Digests;
import io.tearline.audit.internal.MerkleIndex;
import io.tearline.db.Database;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * {@code tearline audit verify}: re-verifies a stored log from outside the running service, reading it
 * through its {@link LogStorage} in one snapshot (it never writes, never migrates). Every leaf is re-hashed and must equal its stored hash
 * and name its own index; the RFC 9162 tree of the re-hashed leaves must reproduce every stored
 * checkpoint, each of which must carry a valid signature by the given key; every opening must open its
 * commitment. Problems are located: the entry index, or for a checkpoint the range since the last
 * checkpoint that still matches.
 */
public final class LogVerifier {

    private LogVerifier() {
    }

    public static Verification verify(Database db, VerifierKey key) {
        return verify(LogStorage.open(db), key, done -> { });
    }

    /**
     * As {@link #verify(Database, VerifierKey)}, telling {@code entriesDone} how many entries are
     * verified so far (every {@value #PROGRESS_EVERY}; out of {@link #entryCount(Database)}).
     */
    public static Verification verify(Database db, VerifierKey key, LongConsumer entriesDone) {
        return verify(LogStorage.open(db), key, entriesDone);
    }

    /** Verifies the log in {@code storage}, read in one snapshot. */
    public static Verification verify(LogStorage storage, VerifierKey key) {
        return verify(storage, key, done -> { });
    }

    static Verification verify(LogStorage storage, VerifierKey key, LongConsumer entriesDone) {
        try (LogStorage.Snapshot snap = storage.snapshot()) {
            return verify(snap, key, entriesDone);
        }
    }

    /** The number of stored entries (what {@code verify} will read). */
    public static long entryCount(Database db) {
        return LogStorage.open(db).entriesUpTo(Long.MAX_VALUE);
    }

    private static final int PROGRESS_EVERY = 4096;

    /**
     * The stored checkpoints in size order, read in step with the entries (a busy log signs one a second:
     * they are not all kept in memory). Badly signed ones are reported and skipped.
     */
    private static final class Checkpoints {
        final LogStorage.Cursor<LogStorage.StoredCheckpoint> rows;
        final VerifierKey key;
        final List<Problem> problems;
        int count;
        Optional<Checkpoint> next = Optional.empty();

        Checkpoints(LogStorage.Snapshot snap, VerifierKey key, List<Problem> problems) {
            this.key = key;
            this.problems = problems;
            rows = snap.checkpoints();
            advance();
        }

        /** Moves to the next validly signed checkpoint. */
        void advance() {
            next = Optional.empty();
            while (next.isEmpty() && rows.hasNext()) {
                LogStorage.StoredCheckpoint row = rows.next();
                count++;
                long size = row.size();
                try {
                    Checkpoint v = SignedNotes.verifyCheckpoint(row.note(), key);
                    if (v.size() != size || !Arrays.equals(v.root().bytes(), row.root())) {
                        problems.add(new Problem(Kind.CHECKPOINT, size, "checkpoint.row",
                                "the stored size or root differs from the signed note (which says size " + v.size() + ")"));
                    } else {
                        next = Optional.of(v);
                    }
                } catch (AuditException e) {
                    problems.add(new Problem(Kind.CHECKPOINT, size, "checkpoint.signature",
                            "not a checkpoint signed by " + key.name() + "+" + key.keyIdHex() + ": " + e.getMessage()));
                }
            }
        }

        boolean at(long size) {
            return next.isPresent() && next.get().size() == size;
        }

        void close() {
            rows.close();
        }
    }

    private static Verification verify(LogStorage.Snapshot snap, VerifierKey key, LongConsumer entriesDone) {
        List<Problem> problems = new ArrayList<>();
        Checkpoints cps = new Checkpoints(snap, key, problems);

        // Stream the leaves: re-hash, check each names its index, fold into a compact range (the perfect
        // subtrees of the prefix), and compare the root at every signed size.
        MessageDigest md = Digests.sha256();
        CompactRange range = new CompactRange(md);
        long expect = 0;
        long lastGood = 0;
        Optional<Checkpoint> firstMismatch = Optional.empty();
        List<Mismatch> mismatches = new ArrayList<>();
        while (cps.at(0)) {
            check(cps.next.get(), range.root(), mismatches, 0);
            cps.advance();
        }
        Chunks chunks = new Chunks(snap, problems);
        try (LogStorage.Cursor<LogStorage.Leaf> leaves = snap.leaves(0)) {
            while (leaves.hasNext()) {
                LogStorage.Leaf row = leaves.next();
                long idx = row.index();
                byte[] leaf = row.leaf();
                if (idx != expect) {
                    problems.add(new Problem(Kind.ENTRY, expect, "entry.missing", idx > expect
                            ? "entries " + expect + " to " + (idx - 1) + " are missing" : "index out of order"));
                }
                expect = idx + 1;
                byte[] h = Digests.leaf(md, leaf);
                if (!Arrays.equals(h, row.leafHash())) {
                    problems.add(new Problem(Kind.ENTRY, idx, "entry.hash",
                            "the leaf bytes do not hash to the stored leaf hash (the entry was edited)"));
                }
                checkSelfIndex(idx, leaf, problems);
                chunks.leaf(range.size(), h, md);
                range.append(h);
                if (range.size() % PROGRESS_EVERY == 0) {
                    entriesDone.accept(range.size());
                }
                while (cps.at(range.size())) {
                    Checkpoint cp = cps.next.get();
                    if (check(cp, range.root(), mismatches, lastGood)) {
                        if (firstMismatch.isPresent()) {
                            problems.add(new Problem(Kind.CHECKPOINT, cp.size(), "checkpoint.fork",
                                    "checkpoints " + firstMismatch.get().size() + " and " + cp.size()
                                            + " are both validly signed but belong to different histories (a fork)"));
                        }
                        lastGood = cp.size();
                    } else if (firstMismatch.isEmpty()) {
                        firstMismatch = Optional.of(cp);
                    }
                    cps.advance();
                }
            }
        }
        long count = range.size();
        chunks.finish(count);
        if (cps.next.isPresent()) {
            long beyond = cps.next.get().size();
            long n = 0;
            for (; cps.next.isPresent(); cps.advance()) {
                beyond = cps.next.get().size();
                n++;
            }
            problems.add(new Problem(Kind.ENTRY, count, "entry.truncated", n + " signed checkpoint(s), up to size "
                    + beyond + ", cover more entries than the " + count + " stored: entries from " + count
                    + " on were deleted or rolled back"));
        }
        cps.close();
        checkOpenings(snap, count, problems);
        explain(mismatches, problems);
        problems.sort((a, b) -> a.kind() != b.kind() ? a.kind().compareTo(b.kind()) : Long.compare(a.index(), b.index()));
        if (problems.isEmpty()) {
            return new Verification.Verified(count, cps.count, new Hash(range.root()));
        }
        return new Verification.Failed(count, cps.count, problems);
    }

    /**
     * The stored chunk rows (the leaf hashes of a chunk and their subtree root, which serve proofs and
     * start-up), read in step with the entries: each must hold exactly the re-hashed leaves of its chunk.
     */
    private static final class Chunks {
        static final int SIZE = LogStorage.CHUNK_SIZE;
        final LogStorage.Cursor<LogStorage.Chunk> rows;
        final List<Problem> problems;
        final byte[] buf = new byte[SIZE * 32];
        LogStorage.Chunk current;

        Chunks(LogStorage.Snapshot snap, List<Problem> problems) {
            this.problems = problems;
            rows = snap.chunks();
            current = rows.hasNext() ? rows.next() : null;
        }

        private void advance() {
            current = rows.hasNext() ? rows.next() : null;
        }

        void leaf(long index, byte[] h, MessageDigest md) {
            int at = (int) (index % SIZE);
            System.arraycopy(h, 0, buf, at * 32, 32);
            if (at != SIZE - 1) {
                return;
            }
            long chunk = index / SIZE;
            while (current != null && current.chunk() < chunk) {
                advance(); // rows for chunks that were never completed by entries: reported at the end
            }
            long start = chunk * SIZE;
            if (current == null || current.chunk() != chunk) {
                problems.add(new Problem(Kind.ENTRY, start, "chunk.missing", "no stored chunk row for entries "
                        + start + " to " + (start + SIZE - 1) + " (proofs of them read the entries instead)"));
                return;
            }
            byte[] stored = current.leafHashes();
            if (!Arrays.equals(stored, buf)) {
                int j = 0;
                while (stored != null && j < SIZE && (j + 1) * 32 <= stored.length
                        && Arrays.equals(stored, j * 32, j * 32 + 32, buf, j * 32, j * 32 + 32)) {
                    j++;
                }
                problems.add(new Problem(Kind.ENTRY, start + j, "chunk.mismatch", "the stored chunk of leaf hashes "
                        + "(which serves proofs) disagrees with entry " + (start + j)));
            } else if (!Arrays.equals(current.root(), MerkleIndex.chunkRoot(buf, 0, SIZE, md))) {
                problems.add(new Problem(Kind.ENTRY, start, "chunk.root", "the stored root of the chunk of entries "
                        + start + " to " + (start + SIZE - 1) + " is not the root of its leaf hashes"));
            }
            advance();
        }

        void finish(long count) {
            for (; current != null; advance()) {
                if (current.chunk() * SIZE + SIZE > count) {
                    problems.add(new Problem(Kind.ENTRY, count, "chunk.extra", "a chunk row " + current.chunk()
                            + " covers entries beyond the " + count + " stored"));
                    break;
                }
            }
            rows.close();
        }
    }

    /**
     * Signed checkpoints the leaves do not reproduce, after the same last good one: something in
     * [from, firstTo) changed after they were signed. Kept as one group, since every later checkpoint
     * fails once an entry changed.
     */
    private record Mismatch(long from, long firstTo, long lastTo, long count) {
    }

    private static boolean check(Checkpoint cp, byte[] root, List<Mismatch> mismatches, long lastGood) {
        if (Arrays.equals(root, cp.root().bytes())) {
            return true;
        }
        int last = mismatches.size() - 1;
        if (last >= 0 && mismatches.get(last).from() == lastGood) {
            Mismatch m = mismatches.get(last);
            mismatches.set(last, new Mismatch(m.from(), m.firstTo(), cp.size(), m.count() + 1));
        } else {
            mismatches.add(new Mismatch(lastGood, cp.size(), cp.size(), 1));
        }
        return false;
    }

    /**
     * A group is explained by a located entry problem in its range when there is one; otherwise (the
     * leaf and its hash were rewritten together) the range's first index is the best location there is.
     */
    private static void explain(List<Mismatch> mismatches, List<Problem> problems) {
        List<Problem> located = problems.stream().filter(p -> p.kind() == Kind.ENTRY).toList();
        for (Mismatch m : mismatches) {
            String which = m.count() == 1 ? "signed checkpoint " + m.firstTo()
                    : m.count() + " signed checkpoints (sizes " + m.firstTo() + " to " + m.lastTo() + ")";
            if (located.stream().noneMatch(p -> p.index() >= m.from() && p.index() < m.firstTo())) {
                problems.add(new Problem(Kind.ENTRY, m.from(), "entry.rewritten", "the stored entries do not reproduce "
                        + which + "; the previous checkpoint they reproduce has size " + m.from()
                        + ", so an entry in [" + m.from() + ", " + m.firstTo()
                        + ") was changed, inserted, removed or reordered after it was signed"));
            } else {
                problems.add(new Problem(Kind.CHECKPOINT, m.firstTo(), "checkpoint.mismatch",
                        "the stored entries do not reproduce " + which + " (explained by the entry problem above)"));
            }
        }
    }

    private static void checkSelfIndex(long idx, byte[] leaf, List<Problem> problems) {
        Object parsed;
        try {
            parsed = Canonical.parse(leaf);
        } catch (AuditException e) {
            problems.add(new Problem(Kind.ENTRY, idx, "entry.json", "the leaf is not canonical JSON: " + e.getMessage()));
            return;
        }
        Object claimed = parsed instanceof Map<?, ?> m ? m.get(Entry.INDEX) : null;
        if (!(claimed instanceof Long l) || l != idx) {
            problems.add(new Problem(Kind.ENTRY, idx, "entry.index", "the leaf stored at " + idx + " says \""
                    + Entry.INDEX + "\": " + claimed + " (entries were moved, swapped or renumbered)"));
        }
    }

    private static void checkOpenings(LogStorage.Snapshot snap, long count, List<Problem> problems) {
        try (LogStorage.Cursor<LogStorage.StoredOpening> rows = snap.openings()) {
            while (rows.hasNext()) {
                LogStorage.StoredOpening row = rows.next();
                long idx = row.index();
                Opening o = row.opening();
                if (row.leaf().isEmpty() || idx >= count) {
                    problems.add(new Problem(Kind.ENTRY, idx, "opening.orphan", "an opening for field "
                            + o.field() + " has no entry"));
                    continue;
                }
                if (!o.verify(row.leaf().get())) {
                    problems.add(new Problem(Kind.ENTRY, idx, "opening.mismatch", "the opening of field "
                            + o.field() + " (for " + o.nation() + ") does not open the leaf's commitment"));
                }
            }
        }
    }
}
