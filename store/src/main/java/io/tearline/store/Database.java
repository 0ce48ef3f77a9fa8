package io.tearline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * A pooled JDBC database: the embedded H2 file database (H2's own small pool) or PostgreSQL
 * (HikariCP). Shared by the modules that keep their tables in it; thread-safe.
 */
public final class Database implements AutoCloseable {

    /** The two supported engines; the schema is the same on both. */
    public enum Kind { H2, POSTGRESQL }

    private static final int POOL_SIZE = 8;

    private final Kind kind;
    private final String url;
    private final DataSource dataSource;
    private final AutoCloseable closer;

    private Database(Kind kind, String url, DataSource dataSource, AutoCloseable closer) {
        this.kind = kind;
        this.url = url;
        this.dataSource = dataSource;
        this.closer = closer;
    }

    /** The embedded H2 database of a data directory. */
    public static Database open(DataDir dir) {
        return open(dir.h2Url());
    }

    /** Opens a pool on a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL. */
    public static Database open(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            // a writer waiting for the change counter's row lock must not give up under load
            String url = jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("LOCK_TIMEOUT")
                    ? jdbcUrl : jdbcUrl + ";LOCK_TIMEOUT=30000";
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
            pool.setMaxConnections(POOL_SIZE);
            return new Database(Kind.H2, jdbcUrl, pool, pool::dispose);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setMaximumPoolSize(POOL_SIZE);
            config.setPoolName("tearline-store");
            HikariDataSource ds = new HikariDataSource(config);
            return new Database(Kind.POSTGRESQL, jdbcUrl, ds, ds);
        }
        throw new IllegalArgumentException("unsupported JDBC URL (jdbc:h2: or jdbc:postgresql: expected): " + jdbcUrl);
    }

    public Kind kind() {
        return kind;
    }

    /** The URL it was opened with. */
    public String url() {
        return url;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A pooled connection in auto-commit mode; close it to return it. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the database pool", e);
        }
    }
}
