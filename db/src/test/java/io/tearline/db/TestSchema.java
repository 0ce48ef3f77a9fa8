package io.tearline.db;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway schema (a random name, dropped with everything in it on {@link #close}) in the PostgreSQL
 * named by TEARLINE_TEST_PG_URL, for the PostgreSQL variants of the tests of every module. Without that
 * variable the calling test is skipped, saying why.
 */
public final class TestSchema implements AutoCloseable {

    public static final String PG_ENV = "TEARLINE_TEST_PG_URL";

    private final String base;
    private final String name;
    private final String url;

    private TestSchema(String base, String name) {
        this.base = base;
        this.name = name;
        this.url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** The server's URL from TEARLINE_TEST_PG_URL; skips the calling test when that is unset. */
    public static String baseUrl() {
        String base = System.getenv(PG_ENV);
        assumeTrue(base != null && !base.isBlank(), PG_ENV + " is unset: PostgreSQL tests skipped "
                + "(run scripts/test-postgres and export its URL, or use ./tearline test)");
        return base;
    }

    /** A fresh schema named {@code prefix} and random hex digits in the server of TEARLINE_TEST_PG_URL. */
    public static TestSchema create(String prefix) {
        return create(baseUrl(), prefix);
    }

    /** A fresh schema named {@code prefix} and random hex digits in the server at {@code base}. */
    public static TestSchema create(String base, String prefix) {
        TestSchema s = new TestSchema(base, prefix + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        exec(base, "create schema " + s.name);
        return s;
    }

    /** The JDBC URL of the server with this schema as the current one. */
    public String url() {
        return url;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        exec(base, "drop schema " + name + " cascade");
    }

    private static void exec(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
