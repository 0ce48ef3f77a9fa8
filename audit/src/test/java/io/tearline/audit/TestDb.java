package io.tearline.audit;

import io.tearline.db.DataDir;
import io.tearline.db.Database;
import io.tearline.db.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A throwaway database for one test: the embedded H2 file store of a temporary data directory, or a
 * fresh schema (random name, dropped afterwards) in the PostgreSQL named by TEARLINE_TEST_PG_URL.
 * PostgreSQL tests are skipped, saying why, when that variable is unset.
 */
final class TestDb implements AutoCloseable {

    final String kind;
    final String url;
    final Path keys;
    private final TestSchema schema;
    private Connection keeper;
    private Database database;

    private TestDb(String kind, String url, Path keys, TestSchema schema) {
        this.kind = kind;
        this.url = url;
        this.keys = keys;
        this.schema = schema;
    }

    static TestDb open(String kind, Path dir) throws SQLException {
        switch (kind) {
            case "h2" -> {
                DataDir d = new DataDir(dir);
                return new TestDb(kind, d.h2Url(), d.keys(), null);
            }
            case "postgresql" -> {
                TestSchema schema = TestSchema.create("audit_t_");
                return new TestDb(kind, schema.url(), dir.resolve("keys"), schema);
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    /** The pool on this database, opened on first use and closed with this. */
    synchronized Database database() {
        if (database == null) {
            database = Database.open(url);
        }
        return database;
    }

    AuditConfig config() {
        return AuditConfig.of(database(), keys).withCheckpointInterval(Duration.ofMillis(200));
    }

    AuditLog openLog() {
        return AuditLog.open(config());
    }

    VerifierKey key() {
        return io.tearline.audit.internal.KeyFiles.verifier(keys);
    }

    /** Runs SQL directly against the store (what an operator with database access could do). */
    void sql(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        }
    }

    <T> T query(String sql, Jdbc<T> read) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            return read.run(c, sql);
        }
    }

    interface Jdbc<T> {
        T run(Connection c, String sql) throws SQLException;
    }

    long count(String sql) throws SQLException {
        return query(sql, (c, q) -> {
            try (Statement st = c.createStatement(); var rs = st.executeQuery(q)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Keeps the embedded database open between the test's own connections (H2 closes a file database
     * with its last connection, and reopening it each time is slow). Not for tests with a child process:
     * the embedded store belongs to one process at a time.
     */
    TestDb keepOpen() throws SQLException {
        if (schema == null && keeper == null) {
            keeper = DriverManager.getConnection(url);
        }
        return this;
    }

    @Override
    public void close() throws SQLException {
        if (database != null) {
            database.close();
        }
        if (keeper != null) {
            keeper.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Override
    public String toString() {
        return kind;
    }
}
