package io.tearline.store.internal;

import io.tearline.db.Database;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The current head of every report (owner, version, distinct label ids) in memory, so that deciding
 * whether a reader may see anything of a report touches no database: a lookup in a database index
 * costs a little more for an id that is not there than for one that is, and that difference tells a
 * reader that a report they may not see exists. A hash lookup and a decoy for a miss cost the same
 * whichever it is.
 *
 * <p>Kept current like the search index: this process's writes are applied from memory as they are
 * committed, and the store's change feed is followed for everything else when a write is committed on
 * a caller's transaction and, for other processes' writes, when a read finds it {@link #due()} (one
 * query whatever id is being read).
 */
public final class Heads {

    /** How long another process's write may take to become readable here. */
    static final long SYNC_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int PAGE = 1000;

    /** Owner, version and distinct label ids, ascending; the array is never changed once published. */
    public record Head(String owner, int version, int[] labels) {}

    /** What a report that does not exist is decided as: no nation, version 0, label 0 (never visible). */
    public static final Head NONE = new Head("---", 0, new int[] {0});

    private final Database db;
    private final Map<String, Head> heads = new ConcurrentHashMap<>();
    /** Up to {@link #DECOYS} real heads that a miss is decided like (records: safe to publish racily). */
    private static final int DECOYS = 1024;
    /** Label lists are decided in blocks of this many (most reports carry fewer distinct markings). */
    static final int LABEL_PAD = 8;
    private final Head[] decoys = new Head[DECOYS];
    private volatile int added;
    private final ReentrantLock syncing = new ReentrantLock();
    private volatile long applied;
    private volatile long syncedAt;

    public Heads(Database db) {
        this.db = db;
        try (Connection c = db.connection()) {
            c.setAutoCommit(true);
            applied = ReportDao.lastChange(c); // changes after this are replayed by the next sync
            ReportDao.forEachHead(c, this::put);
        } catch (SQLException e) {
            throw new IllegalStateException("loading report heads", e);
        }
        syncedAt = System.nanoTime();
    }

    /**
     * The head of {@code id} (a copy), or, for an id that does not exist, a head of no nation at version
     * 0 whose labels are as many 0s (never visible) as a real report's: a decoy taken from the heads
     * themselves, so that a miss reads a head from memory, allocates and decides as much as a hit does.
     */
    public Head get(String id) {
        Head found = heads.get(id);
        // one path for both: a decoy is read either way, the labels are copied and scaled either way
        int n = Math.min(added, DECOYS);
        Head decoy = n == 0 ? NONE : decoys[Math.floorMod(id.hashCode(), n)];
        int real = found != null ? 1 : 0;
        Head from = real == 1 ? found : decoy;
        int[] own = from.labels();
        // padded to a multiple of LABEL_PAD by repeating the last label (which changes no decision), so
        // that deciding costs the same for the usual report, with a few distinct markings, as for a miss
        int[] labels = new int[(own.length + LABEL_PAD - 1) / LABEL_PAD * LABEL_PAD];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = own[Math.min(i, own.length - 1)] * real; // a miss: all 0, never visible
        }
        return new Head(real == 1 ? from.owner() : NONE.owner(), from.version() * real, labels);
    }

    /** Whether {@code head} (from {@link #get}) is a report's. */
    public static boolean exists(Head head) {
        return head.version() > 0;
    }

    /** Whether the change feed was last followed longer ago than {@link #SYNC_NANOS}. */
    public boolean due() {
        return System.nanoTime() - syncedAt > SYNC_NANOS;
    }

    /** {@link #sync()} unless another thread is at it (a read then decides on what was known a moment ago). */
    public void trySync() {
        if (syncing.tryLock()) {
            try {
                follow();
            } finally {
                syncing.unlock();
            }
        }
    }

    /** Whether a report exists (for callers that already know what they may say). */
    public boolean contains(String id) {
        return heads.containsKey(id);
    }

    /** Applies reports this process has just committed (their current versions). */
    public void apply(List<Report> written) {
        for (Report r : written) {
            put(r.id(), new Head(r.owner(), r.version(), labels(r)));
        }
    }

    /**
     * Follows the change feed up to now: what other processes, and this one's writes on a caller's
     * transaction, committed. Returns once everything committed before the call is applied.
     */
    public void sync() {
        syncing.lock();
        try {
            follow();
        } finally {
            syncing.unlock();
        }
    }

    private void follow() {
        try (Connection c = db.connection()) {
            c.setAutoCommit(true);
            syncedAt = System.nanoTime();
            while (true) {
                List<ReportDao.Change> changes = ReportDao.changesAfter(c, applied, PAGE);
                if (changes.isEmpty()) {
                    return;
                }
                Set<String> ids = new LinkedHashSet<>();
                changes.forEach(ch -> ids.add(ch.reportId()));
                ReportDao.heads(c, ids).forEach(this::put);
                applied = changes.get(changes.size() - 1).changeId();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("following the store's changes", e);
        }
    }

    private void put(String id, Head head) {
        if (heads.putIfAbsent(id, head) == null) {
            decoy(head);
        } else {
            heads.merge(id, head, (had, now) -> now.version() >= had.version() ? now : had);
        }
    }

    /** Keeps the most recent new heads as decoys (round robin once full). */
    private synchronized void decoy(Head head) {
        decoys[added % DECOYS] = head;
        added = added < Integer.MAX_VALUE ? added + 1 : DECOYS;
    }

    private static int[] labels(Report r) {
        return r.allPortions().stream().mapToInt(Portion::label).distinct().sorted().toArray();
    }
}
