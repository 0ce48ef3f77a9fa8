package io.tearline.audit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tearline.db.DataDir;
import io.tearline.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway database for one test: the embedded H2 file store of a temporary data directory, or a
 * fresh schema (random name, dropped afterwards) in the PostgreSQL named by TEARLINE_TEST_PG_URL.
 * PostgreSQL tests are skipped, saying why, when that variable is unset.
 */
final class TestDb implements AutoCloseable {

    static final String PG_ENV = "TEARLINE_TEST_PG_URL";

    final String kind;
    final String url;
    final Path keys;
    private final String pgBase;
    private final String schema;
    private Connection keeper;
    private Database database;

    private TestDb(String kind, String url, Path keys, String pgBase, String schema) {
        this.kind = kind;
        this.url = url;
        this.keys = keys;
        this.pgBase = pgBase;
        this.schema = schema;
    }

    static TestDb open(String kind, Path dir) throws SQLException {
        switch (kind) {
            case "h2" -> {
                DataDir d = new DataDir(dir);
                return new TestDb(kind, d.h2Url(), d.keys(), null, null);
            }
            case "postgresql" -> {
                String base = System.getenv(PG_ENV);
                assumeTrue(base != null && !base.isBlank(), PG_ENV + " is unset: PostgreSQL tests skipped "
                        + "(run scripts/test-postgres and export its URL, or use ./tearline test)");
                String schema = "audit_t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
                try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
                    st.execute("CREATE SCHEMA " + schema);
                }
                String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
                return new TestDb(kind, url, dir.resolve("keys"), base, schema);
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
            try (Connection c = DriverManager.getConnection(pgBase); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Override
    public String toString() {
        return kind;
    }
}
