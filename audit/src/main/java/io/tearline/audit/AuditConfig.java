package io.tearline.audit;

import io.tearline.audit.internal.UrlDataSource;
import io.tearline.store.DataDir;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * How to open an {@link AuditLog}: the database (the store's; the log keeps its own connections), the
 * directory of the signing key, the origin (the log's name in checkpoints and its key's name), how
 * often to sign a checkpoint while entries arrive, and the largest group commit.
 */
public record AuditConfig(DataSource dataSource, Path keyDir, String origin, Duration checkpointInterval, int maxBatch) {

    public static final String DEFAULT_ORIGIN = "tearline.example/audit";
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_BATCH = 8192;

    public AuditConfig {
        VerifierKey.checkName(origin);
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new AuditException("config.interval", "checkpointInterval", "must be positive");
        }
        if (maxBatch < 1) {
            throw new AuditException("config.batch", "maxBatch", "must be at least 1");
        }
    }

    public static AuditConfig of(DataSource dataSource, Path keyDir) {
        return new AuditConfig(dataSource, keyDir, DEFAULT_ORIGIN, DEFAULT_CHECKPOINT_INTERVAL, DEFAULT_MAX_BATCH);
    }

    /** The embedded H2 store of a data directory, with the key under {@link DataDir#keys()}. */
    public static AuditConfig of(DataDir dir) {
        return of(jdbc(dir.h2Url()), dir.keys());
    }

    /** A plain (unpooled) data source over a JDBC URL; the log pools its own connections. */
    public static DataSource jdbc(String url) {
        return new UrlDataSource(url);
    }

    public AuditConfig withOrigin(String origin) {
        return new AuditConfig(dataSource, keyDir, origin, checkpointInterval, maxBatch);
    }

    public AuditConfig withCheckpointInterval(Duration interval) {
        return new AuditConfig(dataSource, keyDir, origin, interval, maxBatch);
    }

    public AuditConfig withMaxBatch(int maxBatch) {
        return new AuditConfig(dataSource, keyDir, origin, checkpointInterval, maxBatch);
    }
}
