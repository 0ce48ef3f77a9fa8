package io.tearline.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The one pooled JDBC database of a Tearline: the embedded H2 file database or PostgreSQL, both behind
 * HikariCP. Every module that keeps tables in it (store, audit) borrows connections from this pool for
 * one unit of work and returns them at once: nobody keeps idle connections of their own, and a
 * borrower waits at most {@link Settings#connectionTimeout()} before the unit fails. Thread-safe.
 *
 * <pre>{@code
 * try (Database db = Database.open(new DataDir(Path.of("data")))) {
 *     db.migrate("classpath:db/store", "store_schema_history");
 *     long n = db.query(c -> { ... return count; });
 *     db.transaction(c -> { ... return null; }); // committed, or rolled back on an exception
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {

    /** The two supported engines; the schema is the same on both. */
    public enum Kind { H2, POSTGRESQL }

    /** One unit of SQL on a borrowed connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public static final int DEFAULT_POOL_SIZE = 12;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How to open the pool. {@code user} and {@code password} may be empty (H2's data directory URL
     * names its user; PostgreSQL may take them from the URL). {@link #toString()} never shows the
     * password.
     */
    public record Settings(String url, String user, String password, int poolSize, Duration connectionTimeout) {
        public Settings {
            Objects.requireNonNull(url, "url");
            user = user == null ? "" : user;
            password = password == null ? "" : password;
            if (poolSize < 2) {
                throw new IllegalArgumentException("poolSize must be at least 2 (the audit writer and one reader), not "
                        + poolSize);
            }
            if (connectionTimeout.toMillis() < 250) {
                throw new IllegalArgumentException("connectionTimeout must be at least 250 ms");
            }
        }

        public static Settings of(String url) {
            return new Settings(url, "", "", DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
        }

        public Settings withCredentials(String user, String password) {
            return new Settings(url, user, password, poolSize, connectionTimeout);
        }

        public Settings withPoolSize(int poolSize) {
            return new Settings(url, user, password, poolSize, connectionTimeout);
        }

        public Settings withConnectionTimeout(Duration timeout) {
            return new Settings(url, user, password, poolSize, timeout);
        }

        @Override
        public String toString() {
            return "Settings[url=" + redact(url) + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                    + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout + "]";
        }
    }

    private final Kind kind;
    private final String url;
    private final HikariDataSource pool;

    private Database(Kind kind, String url, HikariDataSource pool) {
        this.kind = kind;
        this.url = url;
        this.pool = pool;
    }

    /** The embedded H2 database of a data directory, with the default pool. */
    public static Database open(DataDir dir) {
        return open(Settings.of(dir.h2Url()));
    }

    /** Opens a pool on a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL with the default settings. */
    public static Database open(String jdbcUrl) {
        return open(Settings.of(jdbcUrl));
    }

    public static Database open(Settings s) {
        String jdbcUrl = s.url();
        Kind kind;
        String url = jdbcUrl;
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            kind = Kind.H2;
            String upper = url.toUpperCase(Locale.ROOT);
            // a writer waiting for the change counter's row lock must not give up under load
            if (!upper.contains("LOCK_TIMEOUT")) {
                url += ";LOCK_TIMEOUT=30000";
            }
            if (!s.user().isEmpty()) {
                url = url.replaceAll("(?i);USER=[^;]*", ""); // the configured user wins over the URL's
            }
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            kind = Kind.POSTGRESQL;
        } else {
            throw new IllegalArgumentException("unsupported JDBC URL (jdbc:h2: or jdbc:postgresql: expected): "
                    + redact(jdbcUrl));
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (!s.user().isEmpty()) {
            config.setUsername(s.user());
        }
        if (!s.password().isEmpty()) {
            config.setPassword(s.password());
        }
        config.setMaximumPoolSize(s.poolSize());
        config.setConnectionTimeout(s.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(5_000, Math.max(250, s.connectionTimeout().toMillis() / 2)));
        config.setPoolName("tearline-db");
        config.setAutoCommit(true);
        // the pool opens lazily: a database that is down at start-up is reported by the first unit of work
        config.setInitializationFailTimeout(-1);
        if (kind == Kind.H2) {
            // H2 closes a file database with its last connection: keep the pool's connections for the
            // pool's life (nothing on the other side retires them), so the file stays open until close()
            config.setMaxLifetime(0);
            config.setMinimumIdle(1);
            config.setIdleTimeout(0);
        } else {
            config.setMinimumIdle(Math.min(2, s.poolSize()));
        }
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot open the database " + redact(jdbcUrl) + ": "
                    + redact(String.valueOf(e.getMessage())), e);
        }
        return new Database(kind, jdbcUrl, ds);
    }

    public Kind kind() {
        return kind;
    }

    /** The URL it was opened with. */
    public String url() {
        return url;
    }

    /** The pool, for libraries that take a DataSource. */
    public DataSource dataSource() {
        return pool;
    }

    /** A pooled connection in auto-commit mode; close it to return it. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Runs {@code work} on a borrowed auto-commit connection. */
    public <T> T query(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException("database query failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DatabaseException("database transaction failed: " + e.getMessage(), e);
        }
    }

    /**
     * Migrates one module's schema: its own migration location and history table, so that modules
     * sharing this database migrate independently (another module's tables may already be there, so an
     * unknown non-empty schema is baselined at version 0 and the module's V1 still runs).
     */
    public void migrate(String location, String historyTable) {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(pool)
                .locations(location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /**
     * Whether a round trip to the database succeeds within {@code timeout}, borrowing from the pool
     * (a pool that cannot lend a connection in time counts as unreachable). Never throws, never waits
     * much longer than {@code timeout}.
     */
    public boolean reachable(Duration timeout) {
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(() -> {
            try (Connection c = pool.getConnection()) {
                try (Statement st = c.createStatement()) {
                    st.setQueryTimeout(seconds);
                    st.execute("SELECT 1");
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        }, PROBES);
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false; // the probe finishes (and returns its connection) on its own
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tearline-db-probe");
        t.setDaemon(true);
        return t;
    });

    /** Connections now borrowed from the pool (for tests and metrics). */
    public int activeConnections() {
        var mx = pool.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getActiveConnections();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The URL without a password parameter. */
    static String redact(String s) {
        return s.replaceAll("(?i)(password=)[^;&\\s]*", "$1***");
    }

    @Override
    public String toString() {
        return "Database[" + kind + " " + redact(url) + "]";
    }
}
