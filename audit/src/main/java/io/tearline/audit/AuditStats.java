package io.tearline.audit;

/** Counters of a running log: entries, group commits, changes rolled back, checkpoints signed, tree memory. */
public record AuditStats(long size, long commits, long failedChanges, long checkpoints, long treeMemoryBytes) {
}
