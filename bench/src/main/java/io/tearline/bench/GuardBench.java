package io.tearline.bench;

import io.tearline.access.Principal;
import io.tearline.db.DataDir;
import io.tearline.server.Config;
import io.tearline.server.Demo;
import io.tearline.server.Tearline;
import io.tearline.server.release.Finding;
import io.tearline.server.release.Guards;
import io.tearline.server.release.Outgoing;
import io.tearline.server.release.ReleaseGuard;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import io.tearline.store.ReportDraft;
import io.tearline.store.ReportStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The release guard's costs: (1) ingest with the fingerprint index against ingest without it, the two
 * stores loaded alternately in rounds of batches from the same generated corpus (StoreBench's), by
 * process CPU time and by wall time; (2) the guard's time for a 10-portion release (replacements, some
 * copying 8 to 12 words of stored portions, the rest fresh text) to JPN against a store of N portions,
 * with the demo's people, alliance and guard terms.
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * java -cp "bench/target/classes:bench/target/lib/*" io.tearline.bench.GuardBench --portions 1000000
 * </pre>
 *
 * Options: --portions N (1,000,000 in the guarded store), --compare N (portions per store in the ingest
 * comparison, 100,000), --batch REPORTS (200), --writers N (threads loading the guarded store, 2),
 * --releases N (300), --seed N, --dir PATH (the guarded store's data directory: loaded when it does
 * not exist, reused as it is when it does), --keep (leave that directory in place afterwards).
 */
public final class GuardBench {

    private static final int PORTIONS_PER_REPORT = 10;
    private static final int ITEMS = 10;

    private GuardBench() {}

    public static void main(String[] args) throws IOException {
        long portions = 1_000_000;
        long compare = 100_000;
        int batch = 200;
        int releases = 300;
        int writers = 2;
        long seed = 20261207L;
        Path dir = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--portions" -> portions = Long.parseLong(args[++i]);
                case "--compare" -> compare = Long.parseLong(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--releases" -> releases = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--writers" -> writers = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> markings = StoreBench.markings(rnd);
        StoreBench.Words words = new StoreBench.Words(rnd);
        System.out.printf(Locale.ROOT, "seed %d; %d cores available%n", seed, Runtime.getRuntime().availableProcessors());

        if (compare > 0) {
            compareIngest(compare, batch, new SplittableRandom(seed + 1), markings, words);
        }
        if (portions > 0) {
            guard(portions, batch, writers, releases, dir, keep, new SplittableRandom(seed + 2), markings, words);
        }
    }

    /** Loads two fresh stores (with and without fingerprints) alternately, batch by batch, with equal drafts. */
    private static void compareIngest(long portions, int batch, SplittableRandom rnd, List<String> markings,
                                      StoreBench.Words words) throws IOException {
        Path with = Files.createTempDirectory("tearline-guardbench-with");
        Path without = Files.createTempDirectory("tearline-guardbench-without");
        long[] cpu = new long[2];
        long[] wall = new long[2];
        try (ReportStore a = ReportStore.open(new DataDir(with));
             ReportStore b = ReportStore.openWithoutFingerprints(new DataDir(without))) {
            long reports = portions / PORTIONS_PER_REPORT;
            // warm-up on both (JIT), not counted
            List<ReportDraft> warm = drafts(rnd, markings, words, batch);
            a.createAll(warm);
            b.createAll(warm);
            int round = 0;
            for (long done = 0; done < reports; done += batch, round++) {
                List<ReportDraft> drafts = drafts(rnd, markings, words, (int) Math.min(batch, reports - done));
                for (int v = 0; v < 2; v++) {
                    int which = (v + round) % 2; // alternate which store goes first
                    long c0 = cpuNanos();
                    long t0 = System.nanoTime();
                    (which == 0 ? a : b).createAll(drafts);
                    wall[which] += System.nanoTime() - t0;
                    cpu[which] += cpuNanos() - c0;
                }
            }
            System.out.printf(Locale.ROOT, "ingest of %,d portions (validated, stored, indexed; %d reports per "
                            + "transaction), one writer per store, alternating:%n", reports * PORTIONS_PER_REPORT, batch);
            System.out.printf(Locale.ROOT, "  without fingerprints: %.1f s CPU, %.1f s wall%n", cpu[1] / 1e9, wall[1] / 1e9);
            System.out.printf(Locale.ROOT, "  with fingerprints:    %.1f s CPU, %.1f s wall%n", cpu[0] / 1e9, wall[0] / 1e9);
            System.out.printf(Locale.ROOT, "  ratio with/without: CPU %.2f, wall %.2f (target <= 1.25)%n",
                    (double) cpu[0] / cpu[1], (double) wall[0] / wall[1]);
        } finally {
            delete(with);
            delete(without);
        }
    }

    private static void guard(long portions, int batch, int writers, int releases, Path at, boolean keep,
                              SplittableRandom rnd, List<String> markings, StoreBench.Words words)
            throws IOException {
        boolean reuse = at != null && Files.exists(at);
        Path root = at != null ? at : Files.createTempDirectory("tearline-guardbench");
        DataDir dir = new DataDir(root);
        try {
            Config config = Demo.prepare(dir, 0);
            List<String> stored = reuse ? sample(dir, rnd) : load(dir, portions, batch, writers, rnd, markings, words);
            try (Tearline t = Tearline.open(config, dir)) {
                ReleaseGuard guard = Guards.standard(t);
                Principal ben = t.users().principal("ben").orElseThrow();
                String reportId = t.store().sourceKeys().isEmpty() ? "0000000000000000"
                        : t.store().sourceKeys().values().iterator().next();
                Function<Integer, List<Outgoing>> release = n -> {
                    List<Outgoing> items = new ArrayList<>(ITEMS);
                    for (int i = 0; i < ITEMS; i++) {
                        String text;
                        if (rnd.nextInt(5) == 0) { // copies 8..12 words of a stored portion
                            String[] w = stored.get(rnd.nextInt(stored.size())).split(" ");
                            int len = Math.min(w.length, 8 + rnd.nextInt(5));
                            int from = rnd.nextInt(w.length - len + 1);
                            text = words.sentence(rnd, 10) + " " + String.join(" ", Arrays.copyOfRange(w, from, from + len))
                                    + " " + words.sentence(rnd, 10);
                        } else {
                            text = words.sentence(rnd, 15 + rnd.nextInt(30));
                        }
                        items.add(new Outgoing(i + 1, true, "(S//REL TO USA, JPN)", text));
                    }
                    return items;
                };
                for (int i = 0; i < Math.max(20, releases / 5); i++) { // warm-up
                    guard.check(reportId, release.apply(i), Set.of("JPN"), ben);
                }
                long[] nanos = new long[releases];
                long findings = 0;
                for (int i = 0; i < releases; i++) {
                    List<Outgoing> items = release.apply(i);
                    long s = System.nanoTime();
                    List<Finding> f = guard.check(reportId, items, Set.of("JPN"), ben);
                    nanos[i] = System.nanoTime() - s;
                    findings += f.size();
                }
                System.out.printf(Locale.ROOT, "guard, %d-portion release to JPN against %,d stored portions: p50 %.2f ms,"
                                + " p99 %.2f ms, max %.2f ms (target p99 < 50 ms); %d releases, %.1f findings each%n",
                        ITEMS, portions, pct(nanos, 50) / 1e6, pct(nanos, 99) / 1e6, pct(nanos, 100) / 1e6, releases,
                        (double) findings / releases);
            }
        } finally {
            if (!keep && !reuse) {
                delete(root);
            }
        }
    }

    /**
     * Loads the guarded store with {@code writers} threads, each writing transactions of {@code batch}
     * generated reports; returns the texts of the body portions of about one report in a hundred.
     */
    private static List<String> load(DataDir dir, long portions, int batch, int writers, SplittableRandom rnd,
                                     List<String> markings, StoreBench.Words words) {
        List<String> stored = java.util.Collections.synchronizedList(new ArrayList<>());
        long reports = portions / PORTIONS_PER_REPORT;
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        try (ReportStore store = ReportStore.open(dir)) {
            AtomicLong claimed = new AtomicLong();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                SplittableRandom mine = rnd.split();
                Thread t = new Thread(() -> {
                    try {
                        long from;
                        while ((from = claimed.getAndAdd(batch)) < reports) {
                            for (Report r : store.createAll(drafts(mine, markings, words,
                                    (int) Math.min(batch, reports - from)))) {
                                if (mine.nextInt(100) == 0) {
                                    for (Portion p : r.portions()) {
                                        stored.add(p.text());
                                    }
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "writer-" + w);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a writer failed", failures.get(0));
            }
        }
        System.out.printf(Locale.ROOT, "guarded store: %,d portions loaded with fingerprints by %d writers in %.1f s"
                        + " (%.1f s CPU)%n", reports * PORTIONS_PER_REPORT, writers, (System.nanoTime() - t0) / 1e9,
                (cpuNanos() - c0) / 1e9);
        return new ArrayList<>(stored);
    }

    /** The body texts of about one report in a hundred of a store loaded earlier (--dir). */
    private static List<String> sample(DataDir dir, SplittableRandom rnd) {
        try (ReportStore store = ReportStore.open(dir)) {
            List<String> ids = new ArrayList<>();
            store.forEachPortion(ref -> {
                if (ref.index() == 0 && rnd.nextInt(100) == 0) {
                    ids.add(ref.reportId());
                }
            });
            List<String> stored = new ArrayList<>();
            for (String id : ids) {
                store.read(id).ifPresent(r -> r.portions().forEach(p -> stored.add(p.text())));
            }
            System.out.printf(Locale.ROOT, "guarded store: %,d portions, reused from %s%n", store.portionCount(),
                    dir.root());
            return stored;
        }
    }

    private static List<ReportDraft> drafts(SplittableRandom rnd, List<String> markings, StoreBench.Words words, int n) {
        List<ReportDraft> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(StoreBench.draft(rnd, markings, words));
        }
        return out;
    }

    private static long pct(long[] values, int p) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * s.length) - 1))];
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
