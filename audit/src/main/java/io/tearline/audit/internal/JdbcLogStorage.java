package io.tearline.audit.internal;

import io.tearline.audit.Access;
import io.tearline.audit.AuditStorageException;
import io.tearline.audit.Hash;
import io.tearline.audit.LogStorage;
import io.tearline.audit.Opening;
import io.tearline.audit.StoredEntry;
import io.tearline.db.Database;
import io.tearline.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The SQL the H2 and PostgreSQL drivers share (the schema in {@code db/audit} is portable); what
 * differs between the engines is in {@link H2LogStorage} and {@link PostgresLogStorage}.
 */
public abstract class JdbcLogStorage implements LogStorage {

    public static final String LOCATION = "classpath:db/audit";
    public static final String HISTORY_TABLE = "audit_schema_history";

    protected final Database db;

    protected JdbcLogStorage(Database db) {
        this.db = db;
    }

    /** How a snapshot's connection is set up: one consistent, read-only view that can stream rows. */
    protected abstract void beginSnapshot(Connection c) throws SQLException;

    /** Rows fetched per round trip by a streaming cursor. */
    protected abstract int fetchSize();

    @FunctionalInterface
    protected interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    protected final <T> T with(String what, Database.Work<T> work) {
        try {
            return db.query(work);
        } catch (DatabaseException e) {
            throw new AuditStorageException("audit log: " + what + ": " + e.getMessage(), e);
        }
    }

    protected static AuditStorageException failure(String what, SQLException e) {
        return new AuditStorageException("audit log: " + what + ": " + e.getMessage(), e);
    }

    @Override
    public void migrate() {
        try {
            db.migrate(LOCATION, HISTORY_TABLE);
        } catch (RuntimeException e) {
            throw new AuditStorageException("audit log: migrating its tables: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- snapshot and cursors

    private static final class ResultCursor<T> implements Cursor<T> {
        private final String what;
        private final Statement st;
        private final ResultSet rs;
        private final Row<T> row;
        private final AutoCloseable also;
        private Boolean has;

        ResultCursor(String what, Statement st, ResultSet rs, Row<T> row, AutoCloseable also) {
            this.what = what;
            this.st = st;
            this.rs = rs;
            this.row = row;
            this.also = also;
        }

        @Override
        public boolean hasNext() {
            if (has == null) {
                try {
                    has = rs.next();
                } catch (SQLException e) {
                    throw failure(what, e);
                }
            }
            return has;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            has = null;
            try {
                return row.read(rs);
            } catch (SQLException e) {
                throw failure(what, e);
            }
        }

        @Override
        public void close() {
            try {
                rs.close();
                st.close();
                also.close();
            } catch (Exception e) {
                // closing a cursor: nothing left to read
            }
        }
    }

    private <T> Cursor<T> cursor(Connection c, String what, String sql, Row<T> row, AutoCloseable also, Object... args) {
        try {
            PreparedStatement ps = c.prepareStatement(sql);
            ps.setFetchSize(fetchSize());
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return new ResultCursor<>(what, ps, ps.executeQuery(), row, also);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static final Row<Leaf> LEAF = rs -> new Leaf(rs.getLong(1), rs.getBytes(2), rs.getBytes(3));
    private static final Row<StoredCheckpoint> CHECKPOINT =
            rs -> new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3));

    private final class JdbcSnapshot implements Snapshot {
        final Connection c;

        JdbcSnapshot(Connection c) {
            this.c = c;
        }

        @Override
        public Cursor<Leaf> leaves(long from) {
            return cursor(c, "read the leaves", "SELECT idx, leaf, leaf_hash FROM audit_entry WHERE idx >= ? ORDER BY idx",
                    LEAF, () -> { }, from);
        }

        @Override
        public Cursor<StoredCheckpoint> checkpoints() {
            return cursor(c, "read the checkpoints", "SELECT tree_size, root_hash, note FROM audit_checkpoint ORDER BY tree_size",
                    CHECKPOINT, () -> { });
        }

        @Override
        public Cursor<Chunk> chunks() {
            return cursor(c, "read the chunks", "SELECT chunk, root, leaf_hashes FROM audit_chunk ORDER BY chunk",
                    rs -> new Chunk(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)), () -> { });
        }

        @Override
        public Cursor<StoredOpening> openings() {
            return cursor(c, "read the openings", "SELECT o.idx, o.field, o.nation, o.salt, o.secret, e.leaf "
                            + "FROM audit_opening o LEFT JOIN audit_entry e ON e.idx = o.idx ORDER BY o.idx, o.field",
                    rs -> new StoredOpening(rs.getLong(1),
                            new Opening(rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5)),
                            Optional.ofNullable(rs.getBytes(6))), () -> { });
        }

        @Override
        public void close() {
            try {
                c.rollback();
                c.setAutoCommit(true);
                c.setReadOnly(false);
            } catch (SQLException ignored) {
                // the connection is returned (or discarded by the pool) below
            }
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing to do
            }
        }
    }

    @Override
    public Snapshot snapshot() {
        Connection c = null;
        try {
            c = db.connection();
            c.setAutoCommit(false);
            beginSnapshot(c);
            return new JdbcSnapshot(c);
        } catch (SQLException e) {
            if (c != null) {
                new JdbcSnapshot(c).close();
            }
            throw failure("open a snapshot", e);
        }
    }

    // ---------------------------------------------------------------- group commit

    private static final class JdbcBatch implements Batch {
        final Connection c;
        final PreparedStatement entries;
        PreparedStatement openings;
        PreparedStatement chunks;
        int entryRows;
        int openingRows;
        int chunkRows;
        boolean committed;

        JdbcBatch(Connection c) throws SQLException {
            this.c = c;
            entries = c.prepareStatement("INSERT INTO audit_entry (idx, leaf, leaf_hash, reader, owners) VALUES (?, ?, ?, ?, ?)");
        }

        @Override
        public Connection connection() {
            return c;
        }

        @Override
        public <T> T inSavepoint(AuditedChange<T> change) throws Exception {
            Savepoint sp = c.setSavepoint();
            try {
                T value = change.run();
                c.releaseSavepoint(sp);
                return value;
            } catch (Throwable t) {
                c.rollback(sp); // undoes this change only; earlier entries are not yet sent
                throw t;
            }
        }

        @Override
        public void addEntry(long index, byte[] leaf, byte[] leafHash, Access a) throws SQLException {
            entries.setLong(1, index);
            entries.setBytes(2, leaf);
            entries.setBytes(3, leafHash);
            entries.setString(4, a.reader().orElse(null));
            entries.setString(5, String.join(",", a.owners()));
            entries.addBatch();
            entryRows++;
        }

        @Override
        public void addOpening(long index, Opening o) throws SQLException {
            if (openings == null) {
                openings = c.prepareStatement("INSERT INTO audit_opening (idx, field, nation, salt, secret) VALUES (?, ?, ?, ?, ?)");
            }
            openings.setLong(1, index);
            openings.setString(2, o.field());
            openings.setString(3, o.nation());
            openings.setBytes(4, o.salt());
            openings.setBytes(5, o.secret());
            openings.addBatch();
            openingRows++;
        }

        @Override
        public void addChunk(long chunk, byte[] root, byte[] leafHashes) throws SQLException {
            if (chunks == null) {
                chunks = c.prepareStatement("INSERT INTO audit_chunk (chunk, root, leaf_hashes) VALUES (?, ?, ?)");
            }
            chunks.setLong(1, chunk);
            chunks.setBytes(2, root);
            chunks.setBytes(3, leafHashes);
            chunks.addBatch();
            chunkRows++;
        }

        @Override
        public void commit() throws SQLException {
            if (entryRows > 0) {
                entries.executeBatch();
            }
            if (openingRows > 0) {
                openings.executeBatch();
            }
            if (chunkRows > 0) {
                chunks.executeBatch();
            }
            c.commit();
            committed = true;
        }

        @Override
        public void close() {
            try {
                entries.close();
                if (openings != null) {
                    openings.close();
                }
                if (chunks != null) {
                    chunks.close();
                }
                if (!committed) {
                    c.rollback();
                }
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // a broken connection: the pool discards it
            }
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing to do
            }
        }
    }

    @Override
    public Batch begin() {
        Connection c = null;
        try {
            c = db.connection();
            c.setAutoCommit(false);
            return new JdbcBatch(c);
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // nothing to do
                }
            }
            throw failure("begin a group commit", e);
        }
    }

    // ---------------------------------------------------------------- point reads

    @Override
    public long entryCount() {
        return with("count the entries", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_entry")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public long entriesUpTo(long index) {
        return with("count entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_entry WHERE idx <= ?")) {
                ps.setLong(1, index);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<StoredEntry> entries(long from, long to) {
        return with("read entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT idx, leaf, leaf_hash, reader, owners FROM audit_entry "
                    + "WHERE idx >= ? AND idx < ? ORDER BY idx")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                List<StoredEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TreeSet<String> owners = new TreeSet<>();
                        String o = rs.getString(5);
                        if (o != null && !o.isEmpty()) {
                            owners.addAll(Arrays.asList(o.split(",")));
                        }
                        out.add(new StoredEntry(rs.getLong(1), rs.getBytes(2), new Hash(rs.getBytes(3)),
                                new Access(Optional.ofNullable(rs.getString(4)), owners)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Opening> openings(long index) {
        return with("read openings", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT field, nation, salt, secret FROM audit_opening WHERE idx = ? ORDER BY field")) {
                ps.setLong(1, index);
                List<Opening> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Opening(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<byte[]> chunkLeafHashes(long chunk) {
        return with("read a chunk of leaf hashes", conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT leaf_hashes FROM audit_chunk WHERE chunk = ?")) {
                ps.setLong(1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    @Override
    public byte[] leafHashes(long from, long to) {
        return with("read leaf hashes", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT idx, leaf_hash FROM audit_entry WHERE idx >= ? AND idx < ? ORDER BY idx")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                byte[] buf = new byte[Math.toIntExact((to - from) * 32)];
                long expect = from;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long idx = rs.getLong(1);
                        byte[] h = rs.getBytes(2);
                        if (idx != expect || h.length != 32) {
                            throw new IllegalStateException("audit_entry changed under the running log at index " + expect);
                        }
                        System.arraycopy(h, 0, buf, (int) (idx - from) * 32, 32);
                        expect++;
                    }
                }
                if (expect != to) {
                    throw new IllegalStateException("audit_entry lost rows under the running log at index " + expect);
                }
                return buf;
            }
        });
    }

    @Override
    public Optional<StoredCheckpoint> latestCheckpoint() {
        return with("read the last checkpoint", c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT tree_size, root_hash, note FROM audit_checkpoint "
                         + "ORDER BY tree_size DESC FETCH FIRST 1 ROWS ONLY")) {
                return rs.next() ? Optional.of(CHECKPOINT.read(rs)) : Optional.<StoredCheckpoint>empty();
            }
        });
    }

    @Override
    public Cursor<StoredCheckpoint> checkpointsBelow(long size) {
        Connection c;
        try {
            c = db.connection();
        } catch (SQLException e) {
            throw failure("read checkpoints", e);
        }
        try {
            return cursor(c, "read checkpoints", "SELECT tree_size, root_hash, note FROM audit_checkpoint "
                    + "WHERE tree_size < ? ORDER BY tree_size DESC", CHECKPOINT, c, size);
        } catch (RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing to do
            }
            throw e;
        }
    }

    @Override
    public void addCheckpoint(long size, byte[] root, String note, Instant signedAt) {
        with("store a checkpoint", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit_checkpoint (tree_size, root_hash, note, signed_at) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, size);
                ps.setBytes(2, root);
                ps.setString(3, note);
                ps.setTimestamp(4, Timestamp.from(signedAt));
                ps.executeUpdate();
            }
            return null;
        });
    }
}
