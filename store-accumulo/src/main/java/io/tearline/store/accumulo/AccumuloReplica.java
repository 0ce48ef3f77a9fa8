package io.tearline.store.accumulo;

import io.tearline.store.Portion;
import io.tearline.store.Replica;
import io.tearline.store.Report;
import io.tearline.store.SearchResult;
import io.tearline.store.VisibleLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.accumulo.core.client.AccumuloClient;
import org.apache.accumulo.core.client.BatchWriter;
import org.apache.accumulo.core.client.MutationsRejectedException;
import org.apache.accumulo.core.client.Scanner;
import org.apache.accumulo.core.client.TableNotFoundException;
import org.apache.accumulo.core.data.Key;
import org.apache.accumulo.core.data.Mutation;
import org.apache.accumulo.core.data.Range;
import org.apache.accumulo.core.data.Value;
import org.apache.accumulo.core.security.Authorizations;

/**
 * The store's {@link Replica} on Accumulo: {@link AccumuloReports} and the last change of the store's
 * change feed applied, kept in the reports table (row {@value #APPLIED_ROW}, empty visibility), so a
 * restart resumes there and a new cluster is filled from the start of the feed.
 *
 * <p>A reader whose labels carry authorizations (a principal's read) is scanned with them: the tablet
 * servers return only what those open. Other callers (trusted ones, and the store's own tests, whose
 * readers are label predicates) are scanned with every authorization the service holds. Either way the
 * portions kept are those whose labels the reader may see, in reads and in searches.
 */
public final class AccumuloReplica implements Replica {

    static final String APPLIED_ROW = "\u0000replica";
    private static final String APPLIED = "applied";

    /** New reports in one change from which they are bulk loaded rather than written. */
    static final int BULK_MIN = 1_000;

    private final AccumuloClient client;
    private final AccumuloReports reports;
    private final String reportsTable;
    private final Optional<Path> bulk;
    private volatile long applied;
    private final AtomicInteger bulkLoads = new AtomicInteger();

    /** Over {@code reports} (its tables created if absent); the client is closed with this replica. */
    public AccumuloReplica(AccumuloClient client, AccumuloReports reports) {
        this(client, reports, Optional.empty());
    }

    /**
     * As above; a change bringing at least {@value #BULK_MIN} reports new to the replica (an import, a
     * rebuild, a new cluster catching up) has their first versions bulk loaded: sorted RFiles written
     * under {@code bulk}, a directory on this machine that the tablet servers can read, and imported.
     */
    public AccumuloReplica(AccumuloClient client, AccumuloReports reports, Optional<Path> bulk) {
        this.client = client;
        this.reports = reports;
        this.bulk = bulk;
        this.reportsTable = reports.tables().get(0);
        reports.createTables();
        this.applied = readApplied();
    }

    @Override
    public long applied() {
        return applied;
    }

    @Override
    public synchronized void apply(long changeId, List<Report> versions) {
        if (changeId <= applied) {
            return;
        }
        // a version already stored is the same content (written once); the others go in rounds, the
        // next version of each report per round, each round one batch per table
        Map<String, Integer> stored = reports.storedVersions(versions.stream().map(Report::id).collect(Collectors.toSet()));
        List<Report> inOrder = new ArrayList<>(versions);
        inOrder.sort(Comparator.comparingInt(Report::version));
        List<Report> pending = inOrder.stream().filter(r -> r.version() > stored.getOrDefault(r.id(), 0)).toList();
        boolean first = true;
        while (!pending.isEmpty()) {
            Map<String, Report> round = new LinkedHashMap<>();
            List<Report> later = new ArrayList<>();
            for (Report r : pending) {
                if (round.putIfAbsent(r.id(), r) != null) {
                    later.add(r);
                }
            }
            if (first) {
                bulkLoadNew(round, stored);
                first = false;
            }
            reports.writeAll(round.values());
            pending = later;
        }
        writeApplied(changeId);
        applied = changeId;
    }

    /** Bulk loads (and takes out of {@code round}) the reports new to the replica, when there are enough of them. */
    private void bulkLoadNew(Map<String, Report> round, Map<String, Integer> stored) {
        if (bulk.isEmpty()) {
            return;
        }
        List<Report> fresh = round.values().stream().filter(r -> !stored.containsKey(r.id())).toList();
        if (fresh.size() < BULK_MIN) {
            return;
        }
        Path dir = null;
        try {
            Files.createDirectories(bulk.get());
            dir = Files.createTempDirectory(bulk.get(), "load");
            reports.bulkLoad(fresh, dir);
        } catch (IOException e) {
            throw new AccumuloStoreException("preparing a bulk load under " + bulk.get(), e);
        } finally {
            if (dir != null) {
                delete(dir);
            }
        }
        fresh.forEach(r -> round.remove(r.id()));
        bulkLoads.incrementAndGet();
    }

    /** How many bulk loads this replica has made (for tests). */
    int bulkLoads() {
        return bulkLoads.get();
    }

    /** Removes a load's directory; what cannot be removed is left (nothing reads it again). */
    private static void delete(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // left behind: the import has moved the files it needed
        }
    }

    @Override
    public Optional<Report> read(String id, int version, VisibleLabels reader) {
        return reports.read(id, version, scanAs(reader)).flatMap(v -> {
            Optional<Portion> title = v.title().filter(t -> reader.contains(t.label()));
            List<Portion> body = v.portions().stream().filter(p -> reader.contains(p.label())).toList();
            if (title.isEmpty() && body.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Report(v.id(), v.owner(), v.org(), v.orcon(), title.orElse(HIDDEN_TITLE), body,
                    v.banner().orElse(""), v.version(), v.created(), v.updated(), v.author()));
        });
    }

    @Override
    public SearchResult search(String query, VisibleLabels reader, int limit, int offset) {
        return reports.search(query, scanAs(reader), reader::contains, limit, offset);
    }

    /** The reader's own authorizations when known; otherwise every one the service holds. */
    private Authorizations scanAs(VisibleLabels reader) {
        return reader.authorizations().map(a -> reports.authorizations(a)).orElseGet(reports::everything);
    }

    @Override
    public synchronized void clear() {
        reports.clear();
        applied = 0;
    }

    @Override
    public void close() {
        client.close();
    }

    private long readApplied() {
        try (Scanner s = client.createScanner(reportsTable, Authorizations.EMPTY)) {
            s.setRange(Range.exact(APPLIED_ROW));
            for (Map.Entry<Key, Value> e : s) {
                return Long.parseLong(e.getValue().toString());
            }
            return 0;
        } catch (TableNotFoundException e) {
            throw new AccumuloStoreException("reading the replica's applied change", e);
        }
    }

    private void writeApplied(long changeId) {
        Mutation m = new Mutation(APPLIED_ROW);
        m.put(APPLIED, "", new Value(Long.toString(changeId)));
        try (BatchWriter w = client.createBatchWriter(reportsTable)) {
            w.addMutation(m);
        } catch (MutationsRejectedException | TableNotFoundException e) {
            throw new AccumuloStoreException("recording change " + changeId + " as applied", e);
        }
    }
}
