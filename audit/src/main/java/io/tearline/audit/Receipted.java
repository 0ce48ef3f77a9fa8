package io.tearline.audit;

/** The result of a change stored with its audit entry, and the entry's receipt. */
public record Receipted<T>(T value, Receipt receipt) {
}
