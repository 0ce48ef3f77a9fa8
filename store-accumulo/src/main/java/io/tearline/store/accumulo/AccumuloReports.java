package io.tearline.store.accumulo;

import io.tearline.access.MarkingCompiler;
import io.tearline.access.Principal;
import io.tearline.markings.Level;
import io.tearline.markings.Markings;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import io.tearline.store.SearchResult;
import io.tearline.store.accumulo.internal.Bulk;
import io.tearline.store.accumulo.internal.Cells;
import io.tearline.store.accumulo.internal.IndexSearch;
import io.tearline.store.accumulo.internal.Layout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.IntPredicate;
import org.apache.accumulo.core.client.AccumuloClient;
import org.apache.accumulo.core.client.AccumuloException;
import org.apache.accumulo.core.client.AccumuloSecurityException;
import org.apache.accumulo.core.client.BatchWriter;
import org.apache.accumulo.core.client.IteratorSetting;
import org.apache.accumulo.core.client.MutationsRejectedException;
import org.apache.accumulo.core.client.Scanner;
import org.apache.accumulo.core.client.TableExistsException;
import org.apache.accumulo.core.client.TableNotFoundException;
import org.apache.accumulo.core.client.admin.NewTableConfiguration;
import org.apache.accumulo.core.data.Key;
import org.apache.accumulo.core.data.Mutation;
import org.apache.accumulo.core.data.Range;
import org.apache.accumulo.core.data.Value;
import org.apache.accumulo.core.data.constraints.VisibilityConstraint;
import org.apache.accumulo.core.iterators.IteratorUtil.IteratorScope;
import org.apache.accumulo.core.iterators.LongCombiner;
import org.apache.accumulo.core.iterators.user.SummingCombiner;
import org.apache.accumulo.core.security.Authorizations;
import org.apache.accumulo.core.security.ColumnVisibility;
import org.apache.hadoop.io.Text;

/**
 * Reports as Accumulo cells, and their sharded term index, in three tables under one prefix (see
 * {@link Layout} for the layout). Every portion cell's visibility is its compiled access expression
 * ({@link MarkingCompiler}) AND its alliance gate token ({@link Gate}); every read and search scans with
 * the reader's {@link Authorizations}, so the tablet servers decide what leaves them. The tables carry
 * the {@link VisibilityConstraint}: a mutation whose visibility its writer's authorizations cannot
 * satisfy is refused. The writing user therefore holds every token written; {@link #write} grants it
 * the tokens a new version names before writing (it needs the System.ALTER_USER permission, as root has).
 *
 * <p>Not expressible as a visibility, and left to the caller: DISPLAY ONLY obligations (a portion a
 * reader may see only on display, never receive).
 *
 * <p>Writes to one report must not run concurrently (the caller serialises them, as the store's version
 * check does); reads and searches are thread-safe.
 */
public final class AccumuloReports {

    /** The shards a new set of tables is split into, by default. */
    public static final int DEFAULT_SHARDS = 8;

    private final AccumuloClient client;
    private final String reports;
    private final String shards;
    private final String terms;
    private final MarkingCompiler compiler;
    private final Cells cells;
    /** Tokens the writing user is known to hold. */
    private final Set<String> granted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Object granting = new Object();
    private volatile java.time.Duration timeBudget = io.tearline.store.accumulo.internal.Query.TIME_BUDGET;
    /**
     * Each authorization set's ranking statistics (its visible documents and tokens): one scan of the
     * statistics row reads a cell per distinct visibility, most of a search's time, and its sums change
     * only with writes. Read again after every write of this store, when the tables' write count has
     * moved (a cell of the statistics row, bumped by each write of any process in the same mutation, or
     * the same file, as its statistics), and at least every minute (a clearing by another process
     * resets the count). Each set's figures are its own: nothing is shared between readers
     * who see different cells.
     */
    private final Map<Authorizations, Statistics> statistics = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    static final long STATISTICS_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    private static final int STATISTICS_SETS = 4096;

    /**
     * @param writes  this store's writes when the figures were read
     * @param counted the tables' write count then
     */
    private record Statistics(long writes, long counted, long readAt, long documents, long tokens) {}

    public AccumuloReports(AccumuloClient client, String tablePrefix, Markings markings, MarkingCompiler compiler) {
        this(client, tablePrefix, markings, compiler, DEFAULT_SHARDS);
    }

    public AccumuloReports(AccumuloClient client, String tablePrefix, Markings markings, MarkingCompiler compiler,
                           int shardCount) {
        this.client = client;
        this.reports = tablePrefix + "reports";
        this.shards = tablePrefix + "shards";
        this.terms = tablePrefix + "terms";
        this.compiler = compiler;
        this.cells = new Cells(markings, compiler, shardCount);
    }

    /** The names of the reports, shards and terms tables. */
    public List<String> tables() {
        return List.of(reports, shards, terms);
    }

    /**
     * Creates the three tables when absent, each with the VisibilityConstraint; the shards table pre-split
     * by shard, the terms table with a summing combiner.
     */
    public void createTables() {
        try {
            for (String t : tables()) {
                if (client.tableOperations().exists(t)) {
                    continue;
                }
                NewTableConfiguration ntc = new NewTableConfiguration();
                if (t.equals(shards)) {
                    TreeSet<Text> splits = new TreeSet<>();
                    for (int i = 1; i < cells.shards(); i++) {
                        splits.add(new Text(String.format("s%04d", i)));
                    }
                    ntc.withSplits(splits);
                }
                if (t.equals(terms)) {
                    IteratorSetting sum = new IteratorSetting(10, "sum", SummingCombiner.class);
                    SummingCombiner.setCombineAllColumns(sum, true);
                    SummingCombiner.setEncodingType(sum, LongCombiner.Type.STRING);
                    ntc.attachIterator(sum, EnumSet.allOf(IteratorScope.class));
                }
                try {
                    client.tableOperations().create(t, ntc);
                } catch (TableExistsException e) {
                    continue;
                }
                client.tableOperations().addConstraint(t, VisibilityConstraint.class.getName());
            }
        } catch (AccumuloException | AccumuloSecurityException | TableNotFoundException e) {
            throw new AccumuloStoreException("creating the tables under " + reports, e);
        }
    }

    /**
     * The authorizations to scan with for a reader: the compiled ones of the principal and the token of
     * every gate open to their nation, less those the service's user does not hold. Accumulo lets a user
     * scan only with authorizations it holds; the service's user holds every token any cell names (the
     * writer is granted them as it writes them, see {@link #write}), so a token it lacks is in no
     * expression, and dropping it changes no cell's visibility.
     */
    public Authorizations authorizations(Principal p, Collection<Gate> openGates) {
        Set<String> auths = new TreeSet<>(compiler.authorizations(p));
        openGates.forEach(g -> auths.add(g.token()));
        auths.retainAll(held());
        return new Authorizations(auths.stream().map(a -> a.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList());
    }

    /**
     * The authorizations the service's user holds: read from Accumulo once, then kept as this process
     * grants more (see {@link #grant}). A token another process granted since is missing until this one
     * writes a cell that names it: its cells stay invisible here until then (closed, not open).
     */
    private Set<String> held() {
        if (!granted.isEmpty()) {
            return granted;
        }
        try {
            Set<String> out = new HashSet<>();
            client.securityOperations().getUserAuthorizations(client.whoami())
                    .forEach(b -> out.add(new String(b, java.nio.charset.StandardCharsets.UTF_8)));
            granted.addAll(out);
            return out;
        } catch (AccumuloException | AccumuloSecurityException e) {
            throw new AccumuloStoreException("reading the service user's authorizations", e);
        }
    }

    /** The gates among {@code owners} x every level that {@code open} says are open. */
    public static Set<Gate> gates(Collection<String> owners, BiPredicate<String, Level> open) {
        Set<Gate> out = new HashSet<>();
        for (String owner : owners) {
            for (Level l : Level.values()) {
                if (open.test(owner, l)) {
                    out.add(new Gate(owner, l));
                }
            }
        }
        return out;
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Writes a version of a report, live: its cells, the current-version flag of the version it replaces
     * (kept, readable by version), and the index moved from the old version's portions to the new one's.
     *
     * @throws IllegalArgumentException when the version does not follow the stored current one
     */
    public void write(Report r) {
        writeAll(List.of(r));
    }

    /**
     * Writes versions of several reports, live, as {@link #write} does for one, in one batch per table:
     * the reports table first (each report's cells in one mutation of its row, so each version appears
     * whole), then the index. Each report appears at most once.
     */
    public void writeAll(Collection<Report> batch) {
        Set<String> ids = new HashSet<>();
        for (Report r : batch) {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("report " + r.id() + " appears twice in one batch");
            }
        }
        Map<String, Cells.Previous> previous = previous(ids);
        List<Cells.Cell> all = new ArrayList<>();
        for (Report r : batch) {
            all.addAll(cells.of(r, previous.get(r.id())));
        }
        all.add(Cells.written());
        grant(Cells.tokens(all));
        Map<Cells.Table, Map<String, Mutation>> mutations = new HashMap<>();
        for (Cells.Cell c : all) {
            Mutation m = mutations.computeIfAbsent(c.table(), k -> new java.util.LinkedHashMap<>())
                    .computeIfAbsent(c.row(), Mutation::new);
            ColumnVisibility cv = new ColumnVisibility(c.visibility());
            if (c.delete()) {
                m.putDelete(new Text(c.family()), new Text(c.qualifier()), cv, c.timestamp());
            } else {
                m.put(new Text(c.family()), new Text(c.qualifier()), cv, c.timestamp(), new Value(c.value()));
            }
        }
        // the data first, the index after: a search never finds a portion that cannot yet be read
        for (Cells.Table t : List.of(Cells.Table.REPORTS, Cells.Table.SHARDS, Cells.Table.TERMS)) {
            Map<String, Mutation> ms = mutations.get(t);
            if (ms == null) {
                continue;
            }
            try (BatchWriter w = client.createBatchWriter(table(t))) {
                w.addMutations(ms.values());
            } catch (MutationsRejectedException e) {
                throw new AccumuloStoreException("writing " + ids.size() + " report(s) to " + table(t)
                        + ": refused (" + e.getConstraintViolationSummaries() + ")", e);
            } catch (TableNotFoundException e) {
                throw new AccumuloStoreException("writing to " + table(t), e);
            } finally {
                writes.incrementAndGet();
            }
        }
    }

    /** The tables' write count. */
    private long counted() {
        try (Scanner s = client.createScanner(terms, Authorizations.EMPTY)) {
            s.setRange(Range.exact(Layout.STATS, Layout.WRITES));
            long n = 0;
            for (Map.Entry<Key, Value> e : s) {
                n += Long.parseLong(e.getValue().toString());
            }
            return n;
        } catch (TableNotFoundException e) {
            throw new AccumuloStoreException("reading the write count of " + terms, e);
        }
    }

    /**
     * Loads a batch of new reports through bulk import: their cells (data and index, as {@link #write}
     * makes them) written sorted to RFiles under {@code workDir} and imported into the three tables. Each
     * report must be new (no stored version) and appear once. Bulk import bypasses constraints: this is
     * the trusted loader's path, and writes only visibilities compiled here.
     */
    public void bulkLoad(List<Report> batch, Path workDir) {
        Set<String> ids = new HashSet<>();
        List<Cells.Cell> all = new ArrayList<>();
        for (Report r : batch) {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("report " + r.id() + " appears twice in one bulk load");
            }
            all.addAll(cells.of(r, null));
        }
        Set<String> stored = previous(ids).keySet();
        if (!stored.isEmpty()) {
            throw new IllegalArgumentException("reports " + new TreeSet<>(stored) + " are already stored: bulk load takes new reports only");
        }
        all.add(Cells.written());
        grant(Cells.tokens(all));
        try {
            Bulk.load(client, all, Map.of(Cells.Table.REPORTS, reports, Cells.Table.SHARDS, shards, Cells.Table.TERMS, terms), workDir);
        } finally {
            writes.incrementAndGet();
        }
    }

    /** Deletes every cell of the three tables. */
    public void clear() {
        try {
            for (String t : tables()) {
                client.tableOperations().deleteRows(t, null, null);
            }
        } catch (AccumuloException | AccumuloSecurityException | TableNotFoundException e) {
            throw new AccumuloStoreException("clearing " + tables(), e);
        } finally {
            writes.incrementAndGet();
        }
    }

    private String table(Cells.Table t) {
        return switch (t) {
            case REPORTS -> reports;
            case SHARDS -> shards;
            case TERMS -> terms;
        };
    }

    /** Adds to the writing user's authorizations the tokens it does not hold yet. */
    private void grant(Set<String> tokens) {
        Set<String> missing = new TreeSet<>(tokens);
        missing.removeAll(granted);
        if (missing.isEmpty()) {
            return;
        }
        synchronized (granting) {
            try {
                String user = client.whoami();
                Set<String> auths = new TreeSet<>();
                client.securityOperations().getUserAuthorizations(user)
                        .forEach(b -> auths.add(new String(b, java.nio.charset.StandardCharsets.UTF_8)));
                granted.addAll(auths);
                if (!auths.containsAll(missing)) {
                    auths.addAll(missing);
                    client.securityOperations().changeUserAuthorizations(user, new Authorizations(
                            auths.stream().map(a -> a.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList()));
                    granted.addAll(auths);
                }
            } catch (AccumuloException | AccumuloSecurityException e) {
                throw new AccumuloStoreException("granting the writer the tokens it writes", e);
            }
        }
    }

    /** The current versions of these reports as the writer sees them (everything); absent for new reports. */
    private Map<String, Cells.Previous> previous(Set<String> ids) {
        Map<String, Cells.Previous> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<String, Rows> rows = new HashMap<>();
        try (org.apache.accumulo.core.client.BatchScanner s = client.createBatchScanner(reports,
                client.securityOperations().getUserAuthorizations(client.whoami()))) {
            s.setRanges(ids.stream().map(Range::exact).toList());
            for (Map.Entry<Key, Value> e : s) {
                rows.computeIfAbsent(e.getKey().getRow().toString(), k -> new Rows()).add(e);
            }
        } catch (AccumuloException | AccumuloSecurityException | TableNotFoundException e) {
            throw new AccumuloStoreException("reading the current versions of " + ids.size() + " report(s)", e);
        }
        rows.forEach((id, r) -> {
            Map.Entry<Integer, Map.Entry<Key, Value>> current = r.current();
            if (current == null) {
                return;
            }
            int v = current.getKey();
            List<Cells.Stored> portions = new ArrayList<>();
            for (Map.Entry<Key, Value> e : r.portions.getOrDefault(v, new TreeMap<>()).values()) {
                portions.add(new Cells.Stored(Cells.portion(e.getValue().get()), visibility(e.getKey())));
            }
            out.put(id, new Cells.Previous(v, visibility(current.getValue().getKey()), current.getValue().getValue().get(), portions));
        });
        return out;
    }

    private static String visibility(Key k) {
        return new String(k.getColumnVisibilityData().toArray(), java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- reading ------------------------------------------------------------------------------

    /** The current version of a report, as the tablet servers return it to {@code auths}; empty when none of it is visible or it does not exist. */
    public Optional<VisibleReport> read(String id, Authorizations auths) {
        return scan(id, auths).currentView(id);
    }

    /** One version of a report, as visible to {@code auths}; empty when none of that version is visible or it does not exist. */
    public Optional<VisibleReport> read(String id, int version, Authorizations auths) {
        Rows rows = scan(id, auths);
        return rows.heads.containsKey(version) ? Optional.of(rows.view(id, version)) : Optional.empty();
    }

    /** The cells of one report row visible to {@code auths}, by kind and version. */
    private static final class Rows {
        final TreeMap<Integer, Map.Entry<Key, Value>> heads = new TreeMap<>();
        final Map<Integer, TreeMap<Integer, Map.Entry<Key, Value>>> portions = new HashMap<>();
        final Map<Integer, String> banners = new HashMap<>();
        final Map<Integer, List<String>> orcons = new HashMap<>();

        void add(Map.Entry<Key, Value> e) {
            Key k = e.getKey();
            String cf = k.getColumnFamily().toString();
            String cq = k.getColumnQualifier().toString();
            Map.Entry<Key, Value> copy = Map.entry(new Key(k), new Value(e.getValue()));
            switch (cf) {
                case Layout.HEAD -> heads.put(Integer.parseInt(cq), copy);
                case Layout.PORTION -> portions.computeIfAbsent(Layout.versionOfPortion(cq), v -> new TreeMap<>())
                        .put(Layout.indexOfPortion(cq), copy);
                case "b" -> banners.put(Integer.parseInt(cq), Cells.banner(e.getValue().get()));
                case "o" -> orcons.put(Integer.parseInt(cq), Cells.orcon(e.getValue().get()));
                default -> { }
            }
        }

        Map.Entry<Integer, Map.Entry<Key, Value>> current() {
            for (var e : heads.descendingMap().entrySet()) {
                if (Cells.head(e.getValue().getValue().get()).current()) {
                    return e;
                }
            }
            return null;
        }

        /** The current version as these cells show it; empty when none of its head is visible. */
        Optional<VisibleReport> currentView(String id) {
            Map.Entry<Integer, Map.Entry<Key, Value>> current = current();
            return current == null ? Optional.empty() : Optional.of(view(id, current.getKey()));
        }

        VisibleReport view(String id, int version) {
            Cells.Head h = Cells.head(heads.get(version).getValue().get());
            Optional<Portion> title = Optional.empty();
            List<Portion> body = new ArrayList<>();
            for (Map.Entry<Key, Value> e : portions.getOrDefault(version, new TreeMap<>()).values()) {
                Portion p = Cells.portion(e.getValue().get());
                if (p.index() == 0) {
                    title = Optional.of(p);
                } else {
                    body.add(p);
                }
            }
            return new VisibleReport(id, h.owner(), h.org(), h.version(), h.created(), h.updated(), h.author(), h.current(),
                    title, body, Optional.ofNullable(banners.get(version)), orcons.getOrDefault(version, List.of()));
        }
    }

    private Rows scan(String id, Authorizations auths) {
        Rows rows = new Rows();
        try (Scanner s = client.createScanner(reports, auths)) {
            s.setRange(Range.exact(id));
            for (Map.Entry<Key, Value> e : s) {
                rows.add(e);
            }
        } catch (TableNotFoundException e) {
            throw new AccumuloStoreException("reading " + id, e);
        }
        return rows;
    }

    // ---- search -------------------------------------------------------------------------------

    /**
     * Searches the current versions' visible portions for {@code auths}: the query runs as iterators on
     * the tablet servers over the index cells those authorizations open; ranking statistics are summed
     * over visible cells only; snippets come from the visible portion's own text.
     *
     * @throws io.tearline.store.StoreException a bad query, one this index does not support, or one over a limit
     */
    public SearchResult search(String query, Authorizations auths, int limit, int offset) {
        return search(query, auths, label -> true, limit, offset);
    }

    /** How long a search may take before it fails with {@code search.limit.time} (2 s, as on the Lucene backend). */
    public void timeBudget(java.time.Duration budget) {
        this.timeBudget = budget;
    }

    // ---- for the store's replica --------------------------------------------------------------

    /**
     * As {@link #search(String, Authorizations, int, int)}, keeping only the matching portions whose label
     * id (which their postings carry) {@code admits} accepts, before reports are counted and ranked: no
     * portion is read to decide.
     */
    public SearchResult search(String query, Authorizations auths, IntPredicate admits, int limit, int offset) {
        return new IndexSearch(client, shards, terms, auths, () -> statistics(auths), docs -> texts(docs, auths), timeBudget,
                admits).search(query, limit, offset);
    }

    /** The visible texts of the current versions' portions {@code docs} ({@code reportId NUL index}), read in one batch. */
    private Map<String, String> texts(List<String> docs, Authorizations auths) {
        Map<String, Rows> rows = new HashMap<>();
        docs.forEach(d -> rows.put(Layout.reportOf(d), new Rows()));
        if (!rows.isEmpty()) {
            try (org.apache.accumulo.core.client.BatchScanner s = client.createBatchScanner(reports, auths)) {
                s.setRanges(rows.keySet().stream().map(Range::exact).toList());
                for (Map.Entry<Key, Value> e : s) {
                    rows.get(e.getKey().getRow().toString()).add(e);
                }
            } catch (TableNotFoundException e) {
                throw new AccumuloStoreException("reading the texts of " + rows.keySet(), e);
            }
        }
        Map<String, String> out = new HashMap<>();
        for (String d : docs) {
            String id = Layout.reportOf(d);
            int index = Layout.indexOf(d);
            rows.get(id).currentView(id).flatMap(v -> v.allPortions().stream().filter(p -> p.index() == index).findFirst())
                    .ifPresent(p -> out.put(d, p.text()));
        }
        return out;
    }

    /** Visible documents and tokens for {@code auths} (see {@link #statistics}). */
    private long[] statistics(Authorizations auths) {
        long now = System.nanoTime();
        // both counts before the figures: a write during the scan makes them stale at once
        long written = writes.get();
        long counted = counted();
        Statistics s = statistics.get(auths);
        if (s == null || s.writes() != written || s.counted() != counted || now - s.readAt() > STATISTICS_NANOS) {
            if (statistics.size() >= STATISTICS_SETS) {
                statistics.clear();
            }
            try {
                long[] read = IndexSearch.statistics(client, terms, auths);
                s = new Statistics(written, counted, now, read[0], read[1]);
            } catch (TableNotFoundException e) {
                throw new AccumuloStoreException("reading the search statistics", e);
            }
            statistics.put(auths, s);
        }
        return new long[] {s.documents(), s.tokens()};
    }

    /** The current versions stored of these reports (as the writer sees them: everything); absent when none is. */
    public Map<String, Integer> storedVersions(Set<String> ids) {
        Map<String, Integer> out = new HashMap<>();
        previous(ids).forEach((id, p) -> out.put(id, p.version()));
        return out;
    }

    /** {@code tokens} as authorizations to scan with, less those the service's user does not hold (see {@link #authorizations(Principal, Collection)}). */
    public Authorizations authorizations(Collection<String> tokens) {
        Set<String> auths = new TreeSet<>(tokens);
        auths.retainAll(held());
        return new Authorizations(auths.stream().map(a -> a.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList());
    }

    /** Every authorization the service's user holds: a trusted caller's scan, which sees every cell. */
    public Authorizations everything() {
        return authorizations(held());
    }
}
