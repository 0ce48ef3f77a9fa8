package io.tearline.audit;

import io.tearline.db.Database;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to open an {@link AuditLog}: the database (the one pool shared with the store; the log borrows a
 * connection for each unit of work and keeps none idle), the
 * directory of the signing key, the origin (the log's name in checkpoints and its key's name), how
 * often to sign a checkpoint while entries arrive, and the largest group commit.
 */
public record AuditConfig(Database database, Path keyDir, String origin, Duration checkpointInterval, int maxBatch) {

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

    public static AuditConfig of(Database database, Path keyDir) {
        return new AuditConfig(database, keyDir, DEFAULT_ORIGIN, DEFAULT_CHECKPOINT_INTERVAL, DEFAULT_MAX_BATCH);
    }

    public AuditConfig withOrigin(String origin) {
        return new AuditConfig(database, keyDir, origin, checkpointInterval, maxBatch);
    }

    public AuditConfig withCheckpointInterval(Duration interval) {
        return new AuditConfig(database, keyDir, origin, interval, maxBatch);
    }

    public AuditConfig withMaxBatch(int maxBatch) {
        return new AuditConfig(database, keyDir, origin, checkpointInterval, maxBatch);
    }
}
