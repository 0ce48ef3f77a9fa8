package io.tearline.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored foreign disclosure request. The store keeps what queues are filtered by as columns and the
 * request itself as a JSON {@code document} that the server reads and writes; it does not interpret it.
 *
 * @param id            16 lowercase hex characters (a random 64-bit value)
 * @param reportId      the report asked for
 * @param owner         the report's owner nation (whose disclosure officers decide)
 * @param org           the report's originating organisation (who consents to ORCON releases)
 * @param requester     who asked
 * @param status        PENDING, AWAITING_ORIGINATOR, APPROVED or DENIED
 * @param reportVersion the stored version of the report the request was made (or last re-checked) against
 * @param document      the request as JSON
 */
public record Disclosure(String id, String reportId, String owner, String org, String requester, String status,
                         int reportVersion, Instant created, Instant updated, String document) {
    public Disclosure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(document, "document");
    }
}
