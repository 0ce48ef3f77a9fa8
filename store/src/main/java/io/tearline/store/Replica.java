package io.tearline.store;

import java.util.List;
import java.util.Optional;

/**
 * A scale-out copy of the store's reports that serves what readers see: the portions of their views and
 * their searches. It follows the store's change feed as the embedded search index does; the relational
 * store stays the ledger (writes, versions, optimistic concurrency, the transaction an audit entry
 * shares with its change). Where the reader's {@link VisibleLabels#authorizations()} are known, the
 * replica asks its servers with them, so that they enforce visibility themselves; the store then keeps
 * only portions whose labels the reader may see as well, so either refusing is enough.
 *
 * <p>Implementations are thread-safe. Failures are {@link IllegalStateException}s: the store fails the
 * request closed rather than answer from elsewhere.
 */
public interface Replica extends AutoCloseable {

    /** The last change of the store's change feed applied (kept by the replica: a restart resumes there). */
    long applied();

    /**
     * Stores these versions of reports, committed up to change {@code changeId}, and records that change
     * as applied. A version already stored is replaced by the same content; a report's current version
     * is the highest one stored.
     */
    void apply(long changeId, List<Report> versions);

    /**
     * One stored version of a report as {@code reader} may see it: its head (owner, organisation, ORCON
     * list, banner, times, author) and only the portions the reader reaches, with their indexes and
     * labels as stored; a title the reader may not see is {@link #HIDDEN_TITLE}. Empty when the
     * version is not stored or the reader reaches none of it.
     */
    Optional<Report> read(String id, int version, VisibleLabels reader);

    /** As {@link ReportStore#search}: the current versions' portions {@code reader} reaches. */
    SearchResult search(String query, VisibleLabels reader, int limit, int offset);

    /** Forgets everything (before a rebuild from the store). */
    void clear();

    @Override
    void close();

    /** The title of a report whose title the reader may not see: label 0, which no reader sees. */
    Portion HIDDEN_TITLE = new Portion(0, "", "", 0, "");
}
