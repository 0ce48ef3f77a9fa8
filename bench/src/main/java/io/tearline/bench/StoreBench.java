package io.tearline.bench;

import io.tearline.markings.Check;
import io.tearline.markings.Markings;
import io.tearline.db.DataDir;
import io.tearline.store.Label;
import io.tearline.store.Portion;
import io.tearline.store.PortionText;
import io.tearline.store.Report;
import io.tearline.store.ReportDraft;
import io.tearline.store.ReportStore;
import io.tearline.store.VisibleLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Load driver for the store: ingest of a generated corpus (validated, stored, indexed, in batches),
 * then search latency for a reader who sees most labels and one who sees about 1%, and, in the same
 * run, the cost of trimming: the trimmed search against the same query with no visibility filter.
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * java -cp "bench/target/classes:bench/target/lib/*" io.tearline.bench.StoreBench --portions 1000000
 * </pre>
 *
 * Options: --portions N (1,000,000), --dir PATH (a fresh directory under the system temp dir),
 * --batch REPORTS (200 per transaction), --writers N (2 threads), --queries N (300), --seed N, --keep.
 */
public final class StoreBench {

    private static final int PORTIONS_PER_REPORT = 10; // the title and 9 body portions
    private static final int VOCABULARY = 20_000;

    private StoreBench() {}

    public static void main(String[] args) throws IOException {
        long portions = 1_000_000;
        int batch = 200;
        int queries = 300;
        int writers = 2;
        long seed = 20240410L;
        boolean keep = false;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--portions" -> portions = Long.parseLong(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--writers" -> writers = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("tearline-storebench");
        } else if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " exists: the benchmark loads a fresh store");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> markings = markings(rnd);
        Words words = new Words(rnd);
        System.out.printf(Locale.ROOT, "corpus: %,d portions, %,d distinct valid markings, seed %d, data %s%n",
                portions, markings.size(), seed, dir);

        try (ReportStore store = ReportStore.open(new DataDir(dir))) {
            long reports = (portions + PORTIONS_PER_REPORT - 1) / PORTIONS_PER_REPORT;
            AtomicLong claimed = new AtomicLong();
            List<int[]> counts = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            long cpuStart = cpuNanos();
            for (int w = 0; w < writers; w++) {
                SplittableRandom mine = rnd.split();
                int[][] perLabel = {new int[1 << 12]};
                int size = batch;
                Thread t = new Thread(() -> {
                    try {
                        long from;
                        while ((from = claimed.getAndAdd(size)) < reports) {
                            int n = (int) Math.min(size, reports - from);
                            List<ReportDraft> drafts = new ArrayList<>(n);
                            for (int i = 0; i < n; i++) {
                                drafts.add(draft(mine, markings, words));
                            }
                            for (Report r : store.createAll(drafts)) {
                                for (Portion p : r.allPortions()) {
                                    if (p.label() >= perLabel[0].length) {
                                        perLabel[0] = Arrays.copyOf(perLabel[0], p.label() * 2);
                                    }
                                    perLabel[0][p.label()]++;
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                    synchronized (counts) {
                        counts.add(perLabel[0]);
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
            int[] perLabel = new int[counts.stream().mapToInt(c -> c.length).max().orElse(1)];
            long written = 0;
            for (int[] c : counts) {
                for (int i = 0; i < c.length; i++) {
                    perLabel[i] += c[i];
                    written += c[i];
                }
            }
            double ingestSeconds = (System.nanoTime() - start) / 1e9;
            double ingestCpu = (cpuNanos() - cpuStart) / 1e9;
            List<Label> labels = store.labels();
            System.out.printf(Locale.ROOT, "ingest: %,d portions in %.1f s = %,.0f portions/s (target >= 5,000) with %d "
                    + "writers, %d reports per transaction; %,d labels%n", written, ingestSeconds, written / ingestSeconds,
                    writers, batch, labels.size());
            // the machine may be shared: CPU time spent says what the ingest costs regardless of load
            System.out.printf(Locale.ROOT, "ingest CPU: %.1f s of process CPU time = %,.0f portions per CPU-second "
                    + "(%d cores available)%n", ingestCpu, written / ingestCpu, Runtime.getRuntime().availableProcessors());

            Set<Integer> mostIds = labelsCovering(perLabel, written, 0.90, new SplittableRandom(seed));
            Set<Integer> fewIds = labelsCovering(perLabel, written, 0.01, new SplittableRandom(seed + 1));
            VisibleLabels most = store.visibleLabels("most", l -> mostIds.contains(l.id()));
            VisibleLabels few = store.visibleLabels("one-percent", l -> fewIds.contains(l.id()));
            System.out.printf(Locale.ROOT, "readers: 'most' sees %d labels (%.1f%% of portions), "
                            + "'1%%' sees %d labels (%.2f%% of portions)%n",
                    most.size(), 100.0 * share(perLabel, most, written), few.size(),
                    100.0 * share(perLabel, few, written));

            List<String> qs = queries(rnd, words, queries);
            // a reader's first search builds its per-segment visibility bitsets and visible vocabularies
            long f0 = System.nanoTime();
            store.search(qs.get(0), most, 10, 0);
            long f1 = System.nanoTime();
            store.search(qs.get(0), few, 10, 0);
            long f2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "first search (builds per-segment visibility and vocabulary): 'most' %.0f ms, "
                    + "'1%%' %.0f ms%n", (f1 - f0) / 1e6, (f2 - f1) / 1e6);
            for (String q : qs) { // warm-up: JIT, page cache, per-segment visibility bitsets
                store.search(q, most, 10, 0);
                store.search(q, few, 10, 0);
                store.searchUnrestricted(q, 10, 0);
            }
            int rounds = 3;
            Rotation r = Rotation.run(qs, rounds, List.of(q -> store.search(q, most, 10, 0).total(),
                    q -> store.search(q, few, 10, 0).total(), q -> store.searchUnrestricted(q, 10, 0).total()));
            report("search, reader sees most", r.nanos()[0]);
            report("search, reader sees ~1%", r.nanos()[1]);
            report("search, no visibility filter", r.nanos()[2]);
            double[] ratio = r.ratio(0, 2);
            System.out.printf(Locale.ROOT, "trimming cost (reader sees most / unfiltered, fastest of %d runs per query): "
                            + "total %.2f, p50 %.2f (target <= 1.2); mean reports matched %,.0f vs %,.0f%n", rounds,
                    ratio[0], ratio[1], r.meanHits(0), r.meanHits(2));
        } finally {
            if (!keep) {
                delete(dir);
            }
        }
    }

    /** At least 1,000 distinct portion markings that the markings module accepts. */
    static List<String> markings(SplittableRandom rnd) {
        Markings m = Markings.standard();
        Predicate<String> valid = s -> m.checkPortion(s) instanceof Check.Accepted;
        List<String> codes = List.of("AUS", "CAN", "GBR", "JPN", "NZL", "PHL", "KOR", "DEU", "FRA", "FVEY", "NATO");
        Set<String> out = new LinkedHashSet<>();
        for (String level : List.of("U", "C", "S", "TS")) {
            for (String sci : List.of("", "SI", "TK", "SI/TK")) {
                for (String oc : List.of("", "OC")) {
                    String head = "(" + level + (sci.isEmpty() ? "" : "//" + sci);
                    addIf(out, valid, head + "//" + (oc.isEmpty() ? "" : oc + "/") + "NF)");
                    if (oc.isEmpty()) {
                        addIf(out, valid, head + ")");
                    }
                    for (int mask = 1; mask < (1 << codes.size()); mask++) {
                        if (Integer.bitCount(mask) > 4) {
                            continue;
                        }
                        List<String> rel = new ArrayList<>(List.of("USA"));
                        for (int b = 0; b < codes.size(); b++) {
                            if ((mask & (1 << b)) != 0) {
                                rel.add(codes.get(b));
                            }
                        }
                        addIf(out, valid, head + "//" + (oc.isEmpty() ? "" : oc + "/") + "REL TO " + String.join(", ", rel) + ")");
                    }
                }
            }
        }
        for (String owner : List.of("GBR", "JPN", "AUS", "CAN", "DEU")) {
            for (String level : List.of("C", "S", "TS")) {
                addIf(out, valid, "(//" + owner + " " + level + "//REL TO USA, " + owner + ")");
            }
        }
        List<String> list = new ArrayList<>(out);
        if (list.size() < 1000) {
            throw new IllegalStateException("only " + list.size() + " distinct valid markings generated");
        }
        // a realistic mix: many portions share a few common markings, the rest spread thin
        list.sort(Comparator.comparingInt(String::length));
        return list;
    }

    private static void addIf(Set<String> out, Predicate<String> valid, String marking) {
        if (valid.test(marking)) {
            out.add(marking);
        }
    }

    static ReportDraft draft(SplittableRandom rnd, List<String> markings, Words words) {
        List<PortionText> body = new ArrayList<>(PORTIONS_PER_REPORT - 1);
        for (int i = 1; i < PORTIONS_PER_REPORT; i++) {
            body.add(new PortionText(marking(rnd, markings), words.sentence(rnd, 15 + rnd.nextInt(30))));
        }
        String owner = rnd.nextInt(10) == 0 ? "GBR" : "USA";
        List<String> orcon = rnd.nextInt(8) == 0 ? List.of("DIA") : List.of();
        return new ReportDraft(new PortionText("(U)", words.sentence(rnd, 6)), owner, "DIA", orcon, body, "loader");
    }

    /** Skewed: half the portions use the 20 most common markings, the rest any of them. */
    private static String marking(SplittableRandom rnd, List<String> markings) {
        return rnd.nextBoolean() ? markings.get(rnd.nextInt(Math.min(20, markings.size())))
                : markings.get(rnd.nextInt(markings.size()));
    }

    /** Labels in random order, taken while the portions they cover stay within {@code share} of all. */
    private static Set<Integer> labelsCovering(int[] perLabel, long total, double share, SplittableRandom rnd) {
        List<Integer> ids = new ArrayList<>();
        for (int id = 1; id < perLabel.length; id++) {
            if (perLabel[id] > 0) {
                ids.add(id);
            }
        }
        java.util.Collections.shuffle(ids, new java.util.Random(rnd.nextLong()));
        Set<Integer> out = new HashSet<>();
        long covered = 0;
        for (int id : ids) {
            if (covered + perLabel[id] <= share * total) {
                out.add(id);
                covered += perLabel[id];
            }
        }
        return out;
    }

    private static double share(int[] perLabel, VisibleLabels visible, long total) {
        long n = 0;
        for (int id : visible.toArray()) {
            n += id < perLabel.length ? perLabel[id] : 0;
        }
        return (double) n / total;
    }

    static List<String> queries(SplittableRandom rnd, Words words, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String a = words.word(20 + rnd.nextInt(3000));
            out.add(rnd.nextInt(10) < 6 ? a : a + " " + words.word(20 + rnd.nextInt(3000)));
        }
        return out;
    }

    static void report(String what, long[] nanos) {
        System.out.printf(Locale.ROOT, "%s: p50 %.2f ms, p99 %.2f ms (%d queries)%n", what, pct(nanos, 50) / 1e6,
                pct(nanos, 99) / 1e6, nanos.length);
    }

    static long pct(long[] values, int p) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A synthetic vocabulary with Zipf-distributed frequencies, like words in prose. */
    static final class Words {
        private final String[] words = new String[VOCABULARY];
        private final double[] cdf = new double[VOCABULARY];

        Words(SplittableRandom rnd) {
            String[] syllables = {"ka", "to", "ri", "su", "me", "no", "ha", "lu", "ve", "da", "po", "zi", "ne", "ra",
                    "mo", "ti", "ga", "shi", "ke", "bo"};
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < VOCABULARY; ) {
                StringBuilder b = new StringBuilder();
                for (int s = 0, n = 2 + rnd.nextInt(3); s < n; s++) {
                    b.append(syllables[rnd.nextInt(syllables.length)]);
                }
                if (seen.add(b.toString())) {
                    words[i++] = b.toString();
                }
            }
            double total = 0;
            for (int i = 0; i < VOCABULARY; i++) {
                total += 1.0 / (i + 1);
                cdf[i] = total;
            }
            for (int i = 0; i < VOCABULARY; i++) {
                cdf[i] /= total;
            }
        }

        String word(int rank) {
            return words[rank];
        }

        String sentence(SplittableRandom rnd, int n) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int k = Arrays.binarySearch(cdf, rnd.nextDouble());
                b.append(i == 0 ? "" : " ").append(words[k < 0 ? Math.min(-k - 1, VOCABULARY - 1) : k]);
            }
            return b.append('.').toString();
        }
    }
}
