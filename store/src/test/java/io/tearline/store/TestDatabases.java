package io.tearline.store;

import io.tearline.db.Database;
import io.tearline.db.DataDir;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Databases for tests: an H2 file database in a temporary directory, or a fresh schema in the shared
 * PostgreSQL named by TEARLINE_TEST_PG_URL (dropped afterwards).
 */
final class TestDatabases {

    static final String PG_ENV = "TEARLINE_TEST_PG_URL";

    private TestDatabases() {}

    /** An open database and how to get rid of it. */
    record Handle(Database db, Runnable drop) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
            drop.run();
        }
    }

    static Handle h2(Path dir) {
        return new Handle(Database.open(new DataDir(dir)), () -> {});
    }

    static Handle postgres() {
        String base = System.getenv(PG_ENV);
        assumeTrue(base != null && !base.isBlank(),
                PG_ENV + " is not set: run scripts/test-postgres and export its URL (./tearline test does) "
                        + "to run the PostgreSQL variant of the store tests");
        String schema = "store_t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        exec(base, "create schema " + schema);
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Handle(Database.open(url), () -> exec(base, "drop schema " + schema + " cascade"));
    }

    private static void exec(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
