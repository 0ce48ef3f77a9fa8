package io.tearline.audit;

/** Proof of acceptance: the entry is committed at {@code index} and its leaf hashes to {@code leafHash}. */
public record Receipt(long index, Hash leafHash) {
}
