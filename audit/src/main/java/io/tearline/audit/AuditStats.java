package io.tearline.audit;

/**
 * Counters of a running log.
 *
 * @param size             entries in the tree
 * @param commits          group commits
 * @param failedChanges    changes rolled back (their entries were not written)
 * @param checkpoints      checkpoints signed by this process
 * @param treeMemoryBytes  memory held by the in-memory tree
 * @param commitNanos      total time spent in group commits (with {@code commits}: the mean append time)
 * @param signedSize       the tree size the latest signed checkpoint covers
 * @param checkpointMillis when the latest checkpoint was signed (or, if none was signed by this process,
 *                         when the log was opened), in milliseconds since the epoch
 */
public record AuditStats(long size, long commits, long failedChanges, long checkpoints, long treeMemoryBytes,
                         long commitNanos, long signedSize, long checkpointMillis) {
}
