package io.tearline.store.internal;

import io.tearline.db.Database;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The current head of every report (owner, version, distinct label ids) in memory, so that deciding
 * whether a reader may see anything of a report touches no database: a lookup in a database index
 * costs a little more for an id that is not there than for one that is, and that difference tells a
 * reader that a report they may not see exists. Here the heads are sorted tables of 64-bit ids searched
 * in a fixed number of branch-free steps, so a report and a missing id run the same instructions.
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
    private final ReentrantLock syncing = new ReentrantLock();
    private volatile long applied;
    private volatile long syncedAt;

    /** The heads (a large sorted table and a small one of recent reports), replaced whole when either grows. */
    private volatile Tables tables = new Tables(Table.EMPTY, Table.EMPTY);
    /** New reports go into the small table; past this many they are merged into the large one. */
    static final int RECENT_MAX = 4096;
    /** Label lists are decided in blocks of this many (most reports carry fewer distinct markings). */
    static final int LABEL_PAD = 8;

    /** @param recentLarger 1 when the small table holds more heads than the large one (a new store), else 0 */
    private record Tables(Table sorted, Table recent, int recentLarger) {
        Tables(Table sorted, Table recent) {
            this(sorted, recent, recent.size() > sorted.size() ? 1 : 0);
        }
    }

    /**
     * Report ids (as 64-bit values) in ascending order with their heads, padded to a power of two with
     * {@link Long#MAX_VALUE} (whose head repeats the last real one). A look-up takes log2(length) steps of
     * arithmetic whatever the id, and reads a real head at the position it ends on, found or not.
     */
    private record Table(long[] ids, Head[] heads, int size) {
        static final Table EMPTY = new Table(new long[] {Long.MAX_VALUE}, new Head[] {NONE}, 0);

        static Table of(long[] sortedIds, Head[] heads, int size) {
            int length = Integer.highestOneBit(Math.max(1, size));
            length = length < size ? length << 1 : length;
            long[] ids = java.util.Arrays.copyOf(sortedIds, length);
            Head[] hs = java.util.Arrays.copyOf(heads, length);
            java.util.Arrays.fill(ids, size, length, Long.MAX_VALUE);
            java.util.Arrays.fill(hs, size, length, size == 0 ? NONE : heads[size - 1]);
            return new Table(ids, hs, size);
        }

        /** The position of the first id not below {@code key} (the last position if every id is below it). */
        int position(long key) {
            long[] a = ids;
            int i = 0;
            for (int step = a.length >>> 1; step > 0; step >>>= 1) {
                i += step & (int) less(a[i + step - 1], key); // no branch on the comparison
            }
            return i;
        }

        /** 1 when {@code key} is at {@code position}, else 0 (no branch). */
        int found(int position, long key) {
            long d = ids[position] ^ key;
            return (int) (((d | -d) >>> 63) ^ 1) & ((position - size) >>> 31);
        }

        /** Index of {@code key}, or -1 (for writers; branches are fine there). */
        int indexOf(long key) {
            int p = position(key);
            return found(p, key) == 1 ? p : -1;
        }
    }

    /** -1 (all bits) when {@code x < y}, signed, else 0; arithmetic only (Hacker's Delight 2-12). */
    static long less(long x, long y) {
        long d = x - y;
        return (d ^ ((x ^ y) & (d ^ x))) >> 63;
    }

    /** The id's 64-bit value: 16 lowercase hex characters, already validated; the same steps for every id. */
    static long key(String id) {
        long v = 0;
        for (int i = 0; i < 16; i++) {
            int c = id.charAt(i);
            v = v << 4 | ((c & 0xF) + 9 * (c >>> 6)); // '0'..'9' -> 0..9, 'a'..'f' -> 10..15
        }
        return v;
    }

    public Heads(Database db) {
        this.db = db;
        List<String> ids = new ArrayList<>();
        List<Head> hs = new ArrayList<>();
        try (Connection c = db.connection()) {
            c.setAutoCommit(true);
            applied = ReportDao.lastChange(c); // changes after this are replayed by the next sync
            ReportDao.forEachHead(c, (id, head) -> {
                ids.add(id);
                hs.add(head);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("loading report heads", e);
        }
        put(ids, hs);
        syncedAt = System.nanoTime();
    }

    /**
     * The head of {@code id} (a valid id: see {@link Ids#valid}), or, for an id that does not exist, a
     * head of no nation at version 0 whose labels are as many 0s (never visible) as the real head it was
     * decided beside. Both tables are searched in the same number of steps whatever the id, a real head is
     * read from each, and the one returned is selected and scaled by arithmetic, so a report and a missing
     * id run the same instructions.
     */
    public Head get(String id) {
        long key = key(id);
        Tables t = tables;
        int ps = t.sorted().position(key);
        int pr = t.recent().position(key);
        int inRecent = t.recent().found(pr, key);
        int real = t.sorted().found(ps, key) | inRecent;
        // a miss reads the real head it ended beside, in the table that holds most heads (where most hits are)
        Head[] both = {t.sorted().heads()[ps], t.recent().heads()[pr]};
        Head from = both[inRecent | (real ^ 1) & t.recentLarger()];
        int[] own = from.labels();
        // padded to a multiple of LABEL_PAD by repeating the last label (which changes no decision), so
        // that deciding costs the same for the usual report, with a few distinct markings, as for a miss
        int[] labels = new int[(own.length + LABEL_PAD - 1) / LABEL_PAD * LABEL_PAD];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = own[Math.min(i, own.length - 1)] * real; // a miss: all 0, never visible
        }
        String[] owners = {NONE.owner(), from.owner()};
        return new Head(owners[real], from.version() * real, labels);
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

    /** Applies reports this process has just committed (their current versions). */
    public void apply(List<Report> written) {
        put(written.stream().map(Report::id).toList(),
                written.stream().map(r -> new Head(r.owner(), r.version(), labels(r))).toList());
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
                Map<String, Head> changed = ReportDao.heads(c, ids);
                put(List.copyOf(changed.keySet()), List.copyOf(changed.values()));
                applied = changes.get(changes.size() - 1).changeId();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("following the store's changes", e);
        }
    }

    private record Entry(long key, Head head) {}

    /**
     * Applies heads: a known report's head is replaced in place (by a newer version only); new reports
     * go into the small table, which is merged into the large one once it holds {@link #RECENT_MAX}.
     */
    private synchronized void put(List<String> ids, List<Head> heads) {
        Tables t = tables;
        List<Entry> fresh = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Head h = heads.get(i);
            // one string per nation: a report's owner is as near in memory as a miss's
            Entry e = new Entry(key(ids.get(i)), new Head(h.owner().intern(), h.version(), h.labels()));
            if (!replace(t.sorted(), e) && !replace(t.recent(), e)) {
                fresh.add(e);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<Entry> recent = merge(entries(t.recent()), sorted(fresh));
        tables = recent.size() <= RECENT_MAX
                ? new Tables(t.sorted(), table(recent))
                : new Tables(table(merge(entries(t.sorted()), recent)), Table.EMPTY);
    }

    private static boolean replace(Table t, Entry e) {
        int i = t.indexOf(e.key());
        if (i < 0) {
            return false;
        }
        if (e.head().version() >= t.heads()[i].version()) {
            t.heads()[i] = e.head(); // a record: safe to publish to readers without a lock
        }
        return true;
    }

    private static List<Entry> entries(Table t) {
        List<Entry> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            out.add(new Entry(t.ids()[i], t.heads()[i]));
        }
        return out;
    }

    /** The entries ascending by id, one per report (the newest head of each). */
    private static List<Entry> sorted(List<Entry> entries) {
        List<Entry> all = new ArrayList<>(entries);
        all.sort(Comparator.comparingLong(Entry::key).thenComparingInt(e -> e.head().version()));
        List<Entry> out = new ArrayList<>(all.size());
        for (Entry e : all) {
            if (!out.isEmpty() && out.get(out.size() - 1).key() == e.key()) {
                out.set(out.size() - 1, e); // the newer version sorts last
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** Two ascending lists of distinct ids in one (in linear time); of two heads of one report, the newer. */
    private static List<Entry> merge(List<Entry> a, List<Entry> b) {
        List<Entry> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j == b.size() || i < a.size() && a.get(i).key() < b.get(j).key()) {
                out.add(a.get(i++));
            } else if (i == a.size() || b.get(j).key() < a.get(i).key()) {
                out.add(b.get(j++));
            } else {
                Entry x = a.get(i++);
                Entry y = b.get(j++);
                out.add(y.head().version() >= x.head().version() ? y : x);
            }
        }
        return out;
    }

    private static Table table(List<Entry> sorted) {
        long[] ids = new long[sorted.size()];
        Head[] heads = new Head[sorted.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = sorted.get(i).key();
            heads[i] = sorted.get(i).head();
        }
        return Table.of(ids, heads, ids.length);
    }

    private static int[] labels(Report r) {
        return r.allPortions().stream().mapToInt(Portion::label).distinct().sorted().toArray();
    }
}
