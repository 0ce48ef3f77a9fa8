package io.tearline.audit;

import io.tearline.audit.internal.H2LogStorage;
import io.tearline.audit.internal.PostgresLogStorage;
import io.tearline.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Where the log's rows live: entries (leaf bytes, leaf hash, access metadata), openings, signed
 * checkpoints and the chunk rows (the leaf hashes and subtree root of every complete, aligned chunk of
 * {@link #CHUNK_SIZE} leaves). The log core ({@link AuditLog}) keeps the tree, the group commit and the
 * lifecycle and talks to storage only through this interface; {@link LogVerifier} reads through it too.
 * A driver holds the SQL of one database (H2 or PostgreSQL); {@link #open(Database)} picks it.
 *
 * <p>Every method borrows a connection from the shared pool for its own unit of work and returns it;
 * nothing keeps idle connections. Failures are {@link AuditStorageException}s. Thread-safe.
 */
public interface LogStorage {

    /** Chunks of 2^8 = 256 leaves: the unit of a chunk row, and of the tree kept in memory. */
    int CHUNK_BITS = 8;
    int CHUNK_SIZE = 1 << CHUNK_BITS;

    /** The driver for this database's engine. */
    static LogStorage open(Database db) {
        return switch (db.kind()) {
            case H2 -> new H2LogStorage(db);
            case POSTGRESQL -> new PostgresLogStorage(db);
        };
    }

    /** A stored leaf: its index, its exact bytes, its stored leaf hash. */
    record Leaf(long index, byte[] leaf, byte[] leafHash) {
    }

    /** A stored checkpoint row: size and root as stored beside the signed note. */
    record StoredCheckpoint(long size, byte[] root, String note) {
    }

    /** A stored chunk row. */
    record Chunk(long chunk, byte[] root, byte[] leafHashes) {
    }

    /** A stored opening with the leaf of its entry (empty when there is no such entry). */
    record StoredOpening(long index, Opening opening, Optional<byte[]> leaf) {
    }

    /** A forward-only cursor over rows; close it to return its connection. */
    interface Cursor<T> extends Iterator<T>, AutoCloseable {
        @Override
        void close();
    }

    /**
     * One consistent read of the whole log on one connection (a read-only transaction), for start-up
     * and verification: several cursors may be open at once and advanced in step.
     */
    interface Snapshot extends AutoCloseable {
        /** Leaves from {@code from} in index order (gaps show as skipped indexes). */
        Cursor<Leaf> leaves(long from);

        /** Every checkpoint row in size order. */
        Cursor<StoredCheckpoint> checkpoints();

        /** Every chunk row in chunk order. */
        Cursor<Chunk> chunks();

        /** Every opening in (index, field) order, with its entry's leaf. */
        Cursor<StoredOpening> openings();

        @Override
        void close();
    }

    /**
     * One group commit: a transaction on a borrowed connection. Audited changes run on
     * {@link #connection()} under a savepoint; the entries, openings and completed chunks are added
     * and {@link #commit()} makes them durable. Closing without committing rolls back.
     */
    interface Batch extends AutoCloseable {
        /** The transaction's connection, for the changes recorded beside their entries. */
        Connection connection();

        /** Runs {@code change} under a savepoint: rolled back alone when it throws. */
        <T> T inSavepoint(AuditedChange<T> change) throws Exception;

        void addEntry(long index, byte[] leaf, byte[] leafHash, Access access) throws SQLException;

        void addOpening(long index, Opening opening) throws SQLException;

        void addChunk(long chunk, byte[] root, byte[] leafHashes) throws SQLException;

        /** Sends everything added and commits; when this returns, the batch is durable. */
        void commit() throws SQLException;

        @Override
        void close();
    }

    /** A change run inside a batch. */
    @FunctionalInterface
    interface AuditedChange<T> {
        T run() throws Exception;
    }

    /** Creates or updates the log's tables (its own migration history). */
    void migrate();

    Snapshot snapshot();

    Batch begin();

    /** Number of entry rows. */
    long entryCount();

    /** Number of entry rows with index at most {@code index}. */
    long entriesUpTo(long index);

    /** Entries with indexes in [from, to), in order. */
    List<StoredEntry> entries(long from, long to);

    /** The openings of entry {@code index}, by field. */
    List<Opening> openings(long index);

    /** The stored leaf hashes of chunk {@code chunk}, if its row exists. */
    Optional<byte[]> chunkLeafHashes(long chunk);

    /** The stored leaf hashes of entries [from, to), concatenated; fails if a row is missing. */
    byte[] leafHashes(long from, long to);

    /** The checkpoint with the largest size. */
    Optional<StoredCheckpoint> latestCheckpoint();

    /** Checkpoints below {@code size}, largest first. */
    Cursor<StoredCheckpoint> checkpointsBelow(long size);

    void addCheckpoint(long size, byte[] root, String note, Instant signedAt);
}
