package io.tearline.audit.internal;

import io.tearline.audit.AuditConfig;
import io.tearline.audit.AuditException;
import io.tearline.audit.AuditIntegrityException;
import io.tearline.audit.AuditStats;
import io.tearline.audit.AuditStorageException;
import io.tearline.audit.Checkpoint;
import io.tearline.audit.Entry;
import io.tearline.audit.Hash;
import io.tearline.audit.JdbcWork;
import io.tearline.audit.Merkle;
import io.tearline.audit.Opening;
import io.tearline.audit.Receipt;
import io.tearline.audit.Receipted;
import io.tearline.audit.SignedNotes;
import io.tearline.audit.StoredEntry;
import io.tearline.audit.VerifierKey;
import io.tearline.audit.LogStorage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running log behind {@link io.tearline.audit.AuditLog}: one writer thread that group-commits
 * everything queued, the in-memory subtree index, a checkpoint signer, and the read paths.
 */
public final class LogCore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogCore.class);
    /** Complete subtrees of one storage chunk and everything above them are kept in memory. */
    private static final int CHUNK_BITS = LogStorage.CHUNK_BITS;
    private static final int QUEUE_CAPACITY = 1 << 16;

    private sealed interface Pending permits Plain, With {
    }

    private record Plain(Entry entry, CompletableFuture<Receipt> future) implements Pending {
    }

    private record With<T>(JdbcWork<T> change, Function<? super T, Entry> entry,
                           CompletableFuture<Receipted<T>> future) implements Pending {
    }

    /** An entry inserted in the current batch, waiting for the commit. */
    private record Done(Pending pending, long index, byte[] leafHash, Object value) {
    }

    private final AuditConfig config;
    private final NoteSigner signer;
    private final LogStorage storage;
    private final MerkleIndex tree = new MerkleIndex(CHUNK_BITS);
    private final LeafHashes leafHashes;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private final Thread writer;
    private final ScheduledExecutorService checkpointer;
    private final ExecutorService completer;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong failedChanges = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private volatile long checkpointMillis = System.currentTimeMillis();
    private final Object signLock = new Object();
    private volatile boolean closed;
    private volatile boolean writerDone;
    private volatile String latestNote;
    private long signedSize; // under signLock
    private byte[] signedRoot; // under signLock

    public LogCore(AuditConfig config) {
        this.config = config;
        this.storage = LogStorage.open(config.database());
        storage.migrate();
        this.signer = KeyFiles.loadOrCreate(config.keyDir(), config.origin());
        this.leafHashes = new LeafHashes(storage, tree::size);
        load();
        this.completer = Executors.newSingleThreadExecutor(daemon("audit-complete"));
        this.checkpointer = Executors.newSingleThreadScheduledExecutor(daemon("audit-checkpoint"));
        this.writer = daemon("audit-writer").newThread(this::writeLoop);
        writer.start();
        long every = config.checkpointInterval().toMillis();
        checkpointer.scheduleWithFixedDelay(this::checkpointQuietly, every, every, TimeUnit.MILLISECONDS);
        LOG.info("audit log {} open: {} entries, key {}", config.origin(), tree.size(), signer.verifier());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------- start-up

    /**
     * Rebuilds the tree from the stored chunk roots and the leaves after the last complete chunk (which
     * are re-hashed and must equal their stored leaf hashes), checks that no entry row is missing, and
     * then that this tree reproduces the last signed checkpoint. Linear in the number of chunks, not of
     * entries; {@code tearline audit verify} re-hashes everything.
     */
    private void load() {
        long chunks = 0;
        long count;
        try (LogStorage.Snapshot snap = storage.snapshot()) {
            try (LogStorage.Cursor<LogStorage.Chunk> rows = snap.chunks()) {
                while (rows.hasNext()) {
                    LogStorage.Chunk chunk = rows.next();
                    if (chunk.chunk() != chunks) {
                        break; // a gap: the leaves from here on are read and re-hashed below
                    }
                    tree.addChunk(chunk.root());
                    chunks++;
                }
            }
            long first = chunks << CHUNK_BITS;
            MessageDigest md = Digests.sha256();
            long expect = first;
            try (LogStorage.Cursor<LogStorage.Leaf> leaves = snap.leaves(first)) {
                while (leaves.hasNext()) {
                    LogStorage.Leaf leaf = leaves.next();
                    long idx = leaf.index();
                    if (idx != expect) {
                        throw new AuditIntegrityException(expect, "audit log: entry " + expect
                                + " is missing (next stored index is " + idx + "); refusing to run");
                    }
                    byte[] h = Digests.leaf(md, leaf.leaf());
                    if (!Arrays.equals(h, leaf.leafHash())) {
                        throw new AuditIntegrityException(idx, "audit log: entry " + idx
                                + " does not hash to its stored leaf hash; refusing to run");
                    }
                    tree.add(h);
                    expect++;
                }
            }
            count = expect;
        }
        long first = chunks << CHUNK_BITS;
        long rows = storage.entryCount();
        if (rows != count) {
            throw new AuditIntegrityException(lowestMissing(first), "audit log: " + rows + " entry rows for "
                    + count + " leaves: entries were deleted or added behind the log's back; refusing to run");
        }
        tree.publish();
        Optional<LogStorage.StoredCheckpoint> last = storage.latestCheckpoint();
        if (last.isEmpty()) {
            synchronized (signLock) {
                signedSize = -1;
            }
            signCheckpoint();
            return;
        }
        LogStorage.StoredCheckpoint cp = last.get();
        Checkpoint c;
        try {
            c = SignedNotes.verifyCheckpoint(cp.note(), signer.verifier());
        } catch (AuditException e) {
            throw new AuditIntegrityException(cp.size(), "audit log: the last stored checkpoint (size " + cp.size()
                    + ") does not verify with this log's key " + signer.verifier() + ": " + e.getMessage()
                    + "; refusing to run");
        }
        if (c.size() != cp.size() || !Arrays.equals(c.root().bytes(), cp.root())) {
            throw new AuditIntegrityException(cp.size(), "audit log: checkpoint row " + cp.size()
                    + " does not match its signed note; refusing to run");
        }
        if (c.size() > count) {
            throw new AuditIntegrityException(count, "audit log: the last checkpoint covers " + c.size()
                    + " entries but only " + count + " are stored: entries were lost or rolled back; refusing to run");
        }
        byte[] root = tree.root(c.size(), leafHashes);
        if (!Arrays.equals(root, c.root().bytes())) {
            long good = lastMatchingCheckpointBelow(c.size());
            throw new AuditIntegrityException(good, "audit log: the stored entries do not reproduce the last signed "
                    + "checkpoint (size " + c.size() + "); the newest checkpoint they do reproduce has size " + good
                    + ", so an entry in [" + good + ", " + c.size() + ") was changed; refusing to run "
                    + "(run 'tearline audit verify' for details)");
        }
        synchronized (signLock) {
            signedSize = c.size();
            signedRoot = root;
            latestNote = cp.note();
        }
        if (count > c.size()) {
            signCheckpoint(); // entries committed after the last checkpoint, before a crash
        }
    }

    /** The first index below {@code limit} without an entry row (binary search on counts). */
    private long lowestMissing(long limit) {
        long lo = 0;
        long hi = limit;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (storage.entriesUpTo(mid) == mid + 1) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private long lastMatchingCheckpointBelow(long size) {
        try (LogStorage.Cursor<LogStorage.StoredCheckpoint> below = storage.checkpointsBelow(size)) {
            while (below.hasNext()) {
                LogStorage.StoredCheckpoint cp = below.next();
                if (cp.size() == 0 || Arrays.equals(tree.root(cp.size(), leafHashes), cp.root())) {
                    return cp.size();
                }
            }
        }
        return 0L;
    }


    // ---------------------------------------------------------------- appending

    public CompletableFuture<Receipt> append(Entry entry) {
        CompletableFuture<Receipt> f = new CompletableFuture<>();
        enqueue(new Plain(entry, f));
        return f;
    }

    public <T> CompletableFuture<Receipted<T>> appendWith(JdbcWork<T> change, Function<? super T, Entry> entry) {
        CompletableFuture<Receipted<T>> f = new CompletableFuture<>();
        enqueue(new With<>(change, entry, f));
        return f;
    }

    private void enqueue(Pending p) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("audit log is closed");
            }
            queue.put(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing an audit entry", e);
        } finally {
            closing.readLock().unlock();
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (true) {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.maxBatch() - 1);
                commitBatch(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            LOG.error("audit writer stopped", t);
            fail(batch, t);
            Pending p;
            while ((p = queue.poll()) != null) {
                fail(List.of(p), t);
            }
        } finally {
            writerDone = true;
        }
    }

    private void commitBatch(List<Pending> batch) {
        long start = System.nanoTime();
        List<Done> done = new ArrayList<>(batch.size());
        long base = tree.added();
        try (LogStorage.Batch tx = storage.begin()) {
            MessageDigest md = Digests.sha256();
            Connection guarded = guard(tx.connection());
            long next = base;
            for (Pending p : batch) {
                Entry e;
                Object value = null;
                if (p instanceof Plain plain) {
                    e = plain.entry();
                } else {
                    With<?> w = (With<?>) p;
                    try {
                        Object[] out = new Object[2];
                        tx.inSavepoint(() -> {
                            out[0] = w.change().run(guarded);
                            out[1] = applyEntry(w, out[0]);
                            return null;
                        });
                        value = out[0];
                        e = (Entry) out[1];
                    } catch (Throwable t) {
                        failedChanges.incrementAndGet();
                        complete(() -> w.future().completeExceptionally(t));
                        continue;
                    }
                }
                byte[] leaf = e.leaf(next);
                byte[] h = Digests.leaf(md, leaf);
                tx.addEntry(next, leaf, h, e.access());
                for (Opening o : e.openings()) {
                    tx.addOpening(next, o);
                }
                done.add(new Done(p, next, h, value));
                next++;
            }
            if (!done.isEmpty()) {
                addCompletedChunks(tx, base, done, md);
            }
            tx.commit();
        } catch (SQLException | RuntimeException e) {
            if (!committedAnyway(base, done.size(), e)) {
                AuditStorageException failure = new AuditStorageException(
                        "audit log: group commit of " + done.size() + " entries failed: " + e.getMessage(), e);
                fail(done.stream().map(Done::pending).toList(), failure);
                return;
            }
        }
        if (done.isEmpty()) {
            return;
        }
        commits.incrementAndGet();
        commitNanos.addAndGet(System.nanoTime() - start);
        for (Done d : done) {
            tree.add(d.leafHash());
        }
        tree.publish();
        complete(() -> {
            for (Done d : done) {
                Receipt r = new Receipt(d.index(), new Hash(d.leafHash()));
                if (d.pending() instanceof Plain p) {
                    p.future().complete(r);
                } else {
                    completeWith((With<?>) d.pending(), d.value(), r);
                }
            }
        });
    }

    /** Chunks that this batch completes, with their roots, in the batch's transaction. */
    private void addCompletedChunks(LogStorage.Batch tx, long base, List<Done> done, MessageDigest md) throws SQLException {
        int size = tree.chunkSize();
        byte[] tail = tree.tailCopy();
        int tailLeaves = tail.length / 32;
        if (tailLeaves + done.size() < size) {
            return;
        }
        byte[] all = Arrays.copyOf(tail, (tailLeaves + done.size()) * 32);
        for (int i = 0; i < done.size(); i++) {
            System.arraycopy(done.get(i).leafHash(), 0, all, (tailLeaves + i) * 32, 32);
        }
        long firstChunk = (base - tailLeaves) / size;
        for (int k = 0; (k + 1) * size <= all.length / 32; k++) {
            tx.addChunk(firstChunk + k, MerkleIndex.chunkRoot(all, k * size * 32, size, md),
                    Arrays.copyOfRange(all, k * size * 32, (k + 1) * size * 32));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Entry applyEntry(With<T> w, Object value) {
        Entry e = w.entry().apply((T) value);
        if (e == null) {
            throw new AuditException("entry.null", "$", "the entry function returned null");
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    private static <T> void completeWith(With<T> w, Object value, Receipt r) {
        w.future().complete(new Receipted<>((T) value, r));
    }

    /**
     * After a failed commit: did it reach the database anyway (a connection lost after COMMIT)? If so
     * the batch counts as committed; if the stored log ends anywhere else, stop: we no longer know it.
     */
    private boolean committedAnyway(long base, int n, Exception cause) {
        long stored;
        try {
            stored = storage.entryCount();
        } catch (RuntimeException e) {
            LOG.warn("audit log: commit failed and the store cannot be read: {}", e.toString());
            return false;
        }
        if (stored == base) {
            LOG.warn("audit log: group commit failed, nothing stored: {}", cause.toString());
            return false;
        }
        if (stored == base + n && n > 0) {
            LOG.warn("audit log: commit reported {} but the batch is stored", cause.toString());
            return true;
        }
        throw new AuditIntegrityException(base, "audit log: after a failed commit the store holds " + stored
                + " entries, expected " + base + " or " + (base + n) + ": another writer? stopping");
    }

    private void fail(List<Pending> pendings, Throwable t) {
        complete(() -> {
            for (Pending p : pendings) {
                if (p instanceof Plain plain) {
                    plain.future().completeExceptionally(t);
                } else {
                    ((With<?>) p).future().completeExceptionally(t);
                }
            }
        });
    }

    /** Futures complete off the writer thread, so that a slow callback never holds up the next commit. */
    private void complete(Runnable r) {
        try {
            completer.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            r.run();
        }
    }

    /** The change's view of the writer connection: transaction control stays with the log. */
    private static Connection guard(Connection c) {
        Set<String> refused = Set.of("commit", "rollback", "close", "setAutoCommit", "abort");
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, m, args) -> {
                    if (refused.contains(m.getName()) && !(m.getName().equals("rollback") && args != null)) {
                        throw new SQLException("an audited change must not call Connection." + m.getName()
                                + ": the audit log commits the batch");
                    }
                    try {
                        return m.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    // ---------------------------------------------------------------- checkpoints

    private void checkpointQuietly() {
        try {
            signCheckpoint();
        } catch (RuntimeException e) {
            LOG.error("audit log: could not sign a checkpoint", e);
        }
    }

    /** Signs the current tree size if it grew since the last checkpoint; returns the latest note. */
    public String signCheckpoint() {
        synchronized (signLock) {
            long size = tree.size();
            if (size <= signedSize) {
                return latestNote;
            }
            byte[] root = tree.root(size, leafHashes);
            if (signedSize > 0) {
                // Belt and braces: never sign a tree that is not an extension of the one signed before.
                List<Hash> proof = tree.consistency(signedSize, size, leafHashes).stream().map(Hash::new).toList();
                if (!Merkle.verifyConsistency(signedSize, size, new Hash(signedRoot), new Hash(root), proof)) {
                    throw new AuditIntegrityException(signedSize, "audit log: tree of size " + size
                            + " is not consistent with the signed size " + signedSize + "; not signing");
                }
            }
            Checkpoint cp = new Checkpoint(config.origin(), size, new Hash(root));
            String note = signer.sign(cp);
            storage.addCheckpoint(size, root, note, Instant.now());
            signedSize = size;
            signedRoot = root;
            latestNote = note;
            checkpointMillis = System.currentTimeMillis();
            checkpoints.incrementAndGet();
            return note;
        }
    }

    public String latestCheckpoint() {
        return latestNote;
    }

    public VerifierKey verifierKey() {
        return signer.verifier();
    }

    /** For tools and tests that must sign as the log (e.g. to show that a forked history is caught). */
    public NoteSigner signer() {
        return signer;
    }

    // ---------------------------------------------------------------- reading

    public long size() {
        return tree.size();
    }

    /** Whether the writer thread runs and has not stopped on an error (or been closed). */
    public boolean writerAlive() {
        return !closed && !writerDone && writer.isAlive();
    }

    public AuditStats stats() {
        long signed;
        synchronized (signLock) {
            signed = Math.max(0, signedSize);
        }
        return new AuditStats(tree.size(), commits.get(), failedChanges.get(), checkpoints.get(), tree.memoryBytes(),
                commitNanos.get(), signed, checkpointMillis);
    }

    private void checkIndex(long index, long size, String what) {
        if (index < 0) {
            throw new AuditException(what + ".index", "index", "index " + index + " is negative");
        }
        if (index >= size) {
            throw new AuditException(what + ".index", "index", "index " + index + " is not below "
                    + (size == tree.size() ? "the log's size " : "the tree size ") + size);
        }
    }

    private long checkSize(long size, String what, String param) {
        long have = tree.size();
        if (size < 0) {
            throw new AuditException(what + ".size", param, param + " " + size + " is negative");
        }
        if (size > have) {
            throw new AuditException(what + ".size", param, param + " " + size + " is beyond the log's size " + have);
        }
        return have;
    }

    public StoredEntry entry(long index) {
        checkIndex(index, tree.size(), "entry");
        List<StoredEntry> one = entries(index, 1);
        if (one.isEmpty()) {
            throw new IllegalStateException("audit entry " + index + " vanished from the store");
        }
        return one.get(0);
    }

    public List<StoredEntry> entries(long from, int limit) {
        long size = tree.size();
        if (from < 0 || from > size) {
            throw new AuditException("entries.from", "from", "from " + from + " is outside [0, " + size + "]");
        }
        if (limit < 0 || limit > 10_000) {
            throw new AuditException("entries.limit", "limit", "limit " + limit + " is outside [0, 10000]");
        }
        long to = Math.min(size, from + limit);
        return storage.entries(from, to);
    }

    public List<Opening> openings(long index) {
        checkIndex(index, tree.size(), "open");
        return storage.openings(index);
    }

    public List<Hash> inclusionProof(long index, long size) {
        checkSize(size, "inclusion", "size");
        checkIndex(index, size, "inclusion");
        return tree.inclusion(index, size, leafHashes).stream().map(Hash::new).toList();
    }

    public List<Hash> consistencyProof(long from, long to) {
        checkSize(to, "consistency", "to");
        if (from < 1) {
            throw new AuditException("consistency.from", "from", "from " + from
                    + " must be at least 1: every tree extends the empty one, there is nothing to prove");
        }
        if (from > to) {
            throw new AuditException("consistency.from", "from", "from " + from + " is beyond to " + to);
        }
        return tree.consistency(from, to, leafHashes).stream().map(Hash::new).toList();
    }

    public Hash rootHash(long size) {
        checkSize(size, "root", "size");
        return new Hash(tree.root(size, leafHashes));
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        try {
            writer.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpointer.shutdown(); // no interrupts: H2 closes its file when an I/O thread is interrupted
        try {
            checkpointer.awaitTermination(30, TimeUnit.SECONDS);
            if (writerDone) {
                signCheckpoint();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("audit log: no final checkpoint: {}", e.toString());
        }
        completer.shutdown();
        try {
            completer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
