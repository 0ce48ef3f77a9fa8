package io.tearline.store;

import java.time.Instant;

/** One version of a document kept in the store (for example the alliance, as JSON). */
public record VersionedDocument(String kind, long version, String document, Instant changedAt, String changedBy,
                                String reason) {
}
