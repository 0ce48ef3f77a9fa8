package io.tearline.audit;

import io.tearline.audit.internal.LogCore;
import io.tearline.db.DataDir;
import io.tearline.db.Database;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Tearline's transparency log: every decision and change is an entry (canonical JSON, the leaf) in an
 * RFC 9162 Merkle tree, with C2SP signed-note checkpoints that partners verify without trusting the
 * operator.
 *
 * <ul>
 *   <li>{@link #append} and {@link #appendWith} return futures that complete only after the entry is
 *   committed; one writer thread commits everything queued in one transaction (group commit), so
 *   indexes are dense and in commit order.</li>
 *   <li>A checkpoint is signed at most once per {@link AuditConfig#checkpointInterval()} while entries
 *   arrive, always of the one tree; on open, the log refuses to run (an {@link AuditIntegrityException})
 *   when the stored leaves do not reproduce the last stored checkpoint.</li>
 *   <li>Reads, proofs and checkpoints are safe from any thread, concurrently with appends.</li>
 * </ul>
 *
 * <p>One {@code AuditLog} per database: it assumes it is the only writer of its tables.
 */
public final class AuditLog implements AutoCloseable {

    private final LogCore core;
    private final AutoCloseable owned;

    private AuditLog(LogCore core, AutoCloseable owned) {
        this.core = core;
        this.owned = owned;
    }

    /**
     * Opens (creating on first use) the log in the data directory's embedded H2 store, with a pool of
     * its own that {@link #close()} closes; its key is under {@link DataDir#keys()}.
     */
    public static AuditLog open(DataDir dir) {
        Database db = Database.open(dir);
        try {
            return new AuditLog(new LogCore(AuditConfig.of(db, dir.keys())), db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Opens the log: migrates its tables, loads or makes the signing key, rebuilds the tree from the
     * stored 256-leaf chunk roots and the entries after the last complete chunk (re-hashed), checks that
     * no entry row is missing, and checks the tree against the last signed checkpoint. This is linear in
     * the number of chunks; {@link LogVerifier} re-hashes every entry.
     *
     * @throws AuditIntegrityException when the stored log does not reproduce what was signed
     */
    public static AuditLog open(AuditConfig config) {
        return new AuditLog(new LogCore(config), () -> { });
    }

    /** Like {@link #open(AuditConfig)}, and {@link #close()} closes the config's database too. */
    public static AuditLog openOwningDatabase(AuditConfig config) {
        try {
            return new AuditLog(new LogCore(config), config.database());
        } catch (RuntimeException e) {
            config.database().close();
            throw e;
        }
    }

    /** Queues an entry; the future completes with its receipt once it is committed. */
    public CompletableFuture<Receipt> append(Entry entry) {
        return core.append(entry);
    }

    /**
     * Runs {@code change} on the writer's connection inside the group commit's transaction, under a
     * savepoint, then appends {@code entry.apply(result)} in the same transaction. If the change or the
     * entry function throws, only this change is rolled back and its future fails with that exception;
     * the rest of the batch commits.
     */
    public <T> CompletableFuture<Receipted<T>> appendWith(JdbcWork<T> change, Function<? super T, Entry> entry) {
        return core.appendWith(change, entry);
    }

    /** Number of committed entries (the largest tree size one can ask proofs for). */
    public long size() {
        return core.size();
    }

    /** The committed entry at {@code index}: exact leaf bytes and access metadata. */
    public StoredEntry entry(long index) {
        return core.entry(index);
    }

    /** Up to {@code limit} (at most 10,000) committed entries from {@code from}, in order. */
    public List<StoredEntry> entries(long from, int limit) {
        return core.entries(from, limit);
    }

    /** The openings of the salted commitments in entry {@code index}, each tagged with its nation. */
    public List<Opening> open(long index) {
        return core.openings(index);
    }

    /** The openings of entry {@code index} that {@code nation} may see. */
    public List<Opening> open(long index, String nation) {
        return core.openings(index).stream().filter(o -> o.nation().equals(nation)).toList();
    }

    /** The latest signed checkpoint, a C2SP signed note. */
    public String checkpoint() {
        return core.latestCheckpoint();
    }

    /** Signs a checkpoint of the current size now if the log grew since the last one; returns the latest. */
    public String checkpointNow() {
        return core.signCheckpoint();
    }

    /** The key that verifies this log's checkpoints ({@code toString()} is the C2SP verifier-key line). */
    public VerifierKey verifierKey() {
        return core.verifierKey();
    }

    /** RFC 9162 inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
    public List<Hash> inclusionProof(long index, long size) {
        return core.inclusionProof(index, size);
    }

    /** RFC 9162 consistency proof from tree size {@code from} (at least 1) to {@code to}. */
    public List<Hash> consistencyProof(long from, long to) {
        return core.consistencyProof(from, to);
    }

    /** The root of the tree of the first {@code size} leaves. */
    public Hash rootHash(long size) {
        return core.rootHash(size);
    }

    /** Whether the writer thread runs: false once it stopped on an error or the log was closed. */
    public boolean writerAlive() {
        return core.writerAlive();
    }

    public AuditStats stats() {
        return core.stats();
    }

    /** Commits what is queued and signs a last checkpoint; closes the pool only if it opened it. */
    @Override
    public void close() {
        try {
            core.close();
        } finally {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the audit log's database", e);
            }
        }
    }
}
