package io.tearline.audit;

import io.tearline.audit.Verification.Problem;
import io.tearline.audit.Verification.Problem.Kind;
import io.tearline.audit.internal.Canonical;
import io.tearline.audit.internal.Digests;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * {@code tearline audit verify}: re-verifies a stored log from outside the running service, reading the
 * tables only (it never writes, never migrates). Every leaf is re-hashed and must equal its stored hash
 * and name its own index; the RFC 9162 tree of the re-hashed leaves must reproduce every stored
 * checkpoint, each of which must carry a valid signature by the given key; every opening must open its
 * commitment. Problems are located: the entry index, or for a checkpoint the range since the last
 * checkpoint that still matches.
 */
public final class LogVerifier {

    private LogVerifier() {
    }

    public static Verification verify(DataSource dataSource, VerifierKey key) {
        return verify(dataSource, key, done -> { });
    }

    /**
     * As {@link #verify(DataSource, VerifierKey)}, telling {@code entriesDone} how many entries are
     * verified so far (every {@value #PROGRESS_EVERY}; out of {@link #entryCount(DataSource)}).
     */
    public static Verification verify(DataSource dataSource, VerifierKey key, LongConsumer entriesDone) {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false); // one snapshot; PostgreSQL streams with a fetch size only in a transaction
            try {
                return verify(c, key, entriesDone);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new AuditStorageException("audit verify: cannot read the log: " + e.getMessage(), e);
        }
    }

    /**
     * The stored checkpoints in size order, read in step with the entries (a busy log signs one a second:
     * they are not all kept in memory). Badly signed ones are reported and skipped.
     */
    private static final class Checkpoints {
        final Statement st;
        final ResultSet rs;
        final VerifierKey key;
        final List<Problem> problems;
        int rows;
        Optional<Checkpoint> next = Optional.empty();

        Checkpoints(Connection c, VerifierKey key, List<Problem> problems) throws SQLException {
            this.key = key;
            this.problems = problems;
            st = c.createStatement();
            st.setFetchSize(1024);
            rs = st.executeQuery("SELECT tree_size, root_hash, note FROM audit_checkpoint ORDER BY tree_size");
            advance();
        }

        /** Moves to the next validly signed checkpoint. */
        void advance() throws SQLException {
            next = Optional.empty();
            while (next.isEmpty() && rs.next()) {
                rows++;
                long size = rs.getLong(1);
                try {
                    Checkpoint v = SignedNotes.verifyCheckpoint(rs.getString(3), key);
                    if (v.size() != size || !Arrays.equals(v.root().bytes(), rs.getBytes(2))) {
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

        void close() throws SQLException {
            rs.close();
            st.close();
        }
    }

    /** The number of stored entries (what {@code verify} will read). */
    public static long entryCount(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_entry")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AuditStorageException("audit verify: cannot read the log: " + e.getMessage(), e);
        }
    }

    private static final int PROGRESS_EVERY = 4096;

    private static Verification verify(Connection c, VerifierKey key, LongConsumer entriesDone) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        Checkpoints cps = new Checkpoints(c, key, problems);

        // Stream the leaves: re-hash, check each names its index, fold into a compact range (the perfect
        // subtrees of the prefix), and compare the root at every signed size.
        MessageDigest md = Digests.sha256();
        List<byte[]> range = new ArrayList<>();
        long count = 0;
        long expect = 0;
        long lastGood = 0;
        Optional<Checkpoint> firstMismatch = Optional.empty();
        List<Mismatch> mismatches = new ArrayList<>();
        while (cps.at(0)) {
            check(cps.next.get(), md.digest(), mismatches, 0);
            cps.advance();
        }
        Chunks chunks = new Chunks(c, problems);
        try (Statement st = c.createStatement()) {
            st.setFetchSize(4096);
            try (ResultSet rs = st.executeQuery("SELECT idx, leaf, leaf_hash FROM audit_entry ORDER BY idx")) {
                while (rs.next()) {
                    long idx = rs.getLong(1);
                    byte[] leaf = rs.getBytes(2);
                    if (idx != expect) {
                        problems.add(new Problem(Kind.ENTRY, expect, "entry.missing", idx > expect
                                ? "entries " + expect + " to " + (idx - 1) + " are missing" : "index out of order"));
                    }
                    expect = idx + 1;
                    byte[] h = Digests.leaf(md, leaf);
                    if (!Arrays.equals(h, rs.getBytes(3))) {
                        problems.add(new Problem(Kind.ENTRY, idx, "entry.hash",
                                "the leaf bytes do not hash to the stored leaf hash (the entry was edited)"));
                    }
                    checkSelfIndex(idx, leaf, problems);
                    push(range, h, count, md);
                    chunks.leaf(count, h, md);
                    count++;
                    if (count % PROGRESS_EVERY == 0) {
                        entriesDone.accept(count);
                    }
                    while (cps.at(count)) {
                        Checkpoint cp = cps.next.get();
                        if (check(cp, root(range, md), mismatches, lastGood)) {
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
        }
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
        checkOpenings(c, count, problems);
        explain(mismatches, problems);
        problems.sort((a, b) -> a.kind() != b.kind() ? a.kind().compareTo(b.kind()) : Long.compare(a.index(), b.index()));
        if (problems.isEmpty()) {
            return new Verification.Verified(count, cps.rows, new Hash(count == 0 ? md.digest() : root(range, md)));
        }
        return new Verification.Failed(count, cps.rows, problems);
    }

    /**
     * The stored chunk rows (256 leaf hashes and their subtree root, which serve proofs and start-up),
     * read in step with the entries: each must hold exactly the re-hashed leaves of its chunk.
     */
    private static final class Chunks {
        static final int SIZE = 256;
        final Statement st;
        final ResultSet rs;
        final List<Problem> problems;
        final byte[] buf = new byte[SIZE * 32];
        boolean more;

        Chunks(Connection c, List<Problem> problems) throws SQLException {
            this.problems = problems;
            st = c.createStatement();
            st.setFetchSize(64);
            rs = st.executeQuery("SELECT chunk, root, leaf_hashes FROM audit_chunk ORDER BY chunk");
            more = rs.next();
        }

        void leaf(long index, byte[] h, MessageDigest md) throws SQLException {
            int at = (int) (index % SIZE);
            System.arraycopy(h, 0, buf, at * 32, 32);
            if (at != SIZE - 1) {
                return;
            }
            long chunk = index / SIZE;
            while (more && rs.getLong(1) < chunk) {
                more = rs.next(); // rows for chunks that were never completed by entries: reported at the end
            }
            long start = chunk * SIZE;
            if (!more || rs.getLong(1) != chunk) {
                problems.add(new Problem(Kind.ENTRY, start, "chunk.missing", "no stored chunk row for entries "
                        + start + " to " + (start + SIZE - 1) + " (proofs of them read the entries instead)"));
                return;
            }
            byte[] stored = rs.getBytes(3);
            if (!Arrays.equals(stored, buf)) {
                int j = 0;
                while (stored != null && j < SIZE && (j + 1) * 32 <= stored.length
                        && Arrays.equals(stored, j * 32, j * 32 + 32, buf, j * 32, j * 32 + 32)) {
                    j++;
                }
                problems.add(new Problem(Kind.ENTRY, start + j, "chunk.mismatch", "the stored chunk of leaf hashes "
                        + "(which serves proofs) disagrees with entry " + (start + j)));
            } else if (!Arrays.equals(rs.getBytes(2), io.tearline.audit.internal.MerkleIndex.chunkRoot(buf, 0, SIZE, md))) {
                problems.add(new Problem(Kind.ENTRY, start, "chunk.root", "the stored root of the chunk of entries "
                        + start + " to " + (start + SIZE - 1) + " is not the root of its leaf hashes"));
            }
            more = rs.next();
        }

        void finish(long count) throws SQLException {
            for (; more; more = rs.next()) {
                if (rs.getLong(1) * SIZE + SIZE > count) {
                    problems.add(new Problem(Kind.ENTRY, count, "chunk.extra", "a chunk row " + rs.getLong(1)
                            + " covers entries beyond the " + count + " stored"));
                    break;
                }
            }
            rs.close();
            st.close();
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

    private static void checkOpenings(Connection c, long count, List<Problem> problems) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT o.idx, o.field, o.nation, o.salt, o.secret, e.leaf "
                + "FROM audit_opening o LEFT JOIN audit_entry e ON e.idx = o.idx ORDER BY o.idx, o.field")) {
            ps.setFetchSize(1024);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long idx = rs.getLong(1);
                    byte[] leaf = rs.getBytes(6);
                    if (leaf == null || idx >= count) {
                        problems.add(new Problem(Kind.ENTRY, idx, "opening.orphan", "an opening for field "
                                + rs.getString(2) + " has no entry"));
                        continue;
                    }
                    Opening o = new Opening(rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5));
                    if (!o.verify(leaf)) {
                        problems.add(new Problem(Kind.ENTRY, idx, "opening.mismatch", "the opening of field "
                                + o.field() + " (for " + o.nation() + ") does not open the leaf's commitment"));
                    }
                }
            }
        }
    }

    /**
     * Adds the next leaf hash to the compact range (the perfect subtrees of the prefix, largest first):
     * leaf number n closes one subtree for each trailing one bit of n.
     */
    private static void push(List<byte[]> range, byte[] h, long before, MessageDigest md) {
        range.add(h);
        for (long n = before; (n & 1) == 1; n >>= 1) {
            byte[] r = range.remove(range.size() - 1);
            byte[] l = range.remove(range.size() - 1);
            range.add(Digests.node(md, l, r));
        }
    }

    /** MTH of the prefix: fold the compact range from the right. */
    private static byte[] root(List<byte[]> range, MessageDigest md) {
        byte[] r = range.get(range.size() - 1);
        for (int i = range.size() - 2; i >= 0; i--) {
            r = Digests.node(md, range.get(i), r);
        }
        return r;
    }
}
