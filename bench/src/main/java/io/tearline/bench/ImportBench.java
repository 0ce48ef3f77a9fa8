package io.tearline.bench;

import io.tearline.app.Main;
import io.tearline.db.DataDir;
import io.tearline.server.Config;
import io.tearline.server.Demo;
import io.tearline.server.Tearline;
import io.tearline.server.TearlineServer;
import io.tearline.server.TokenIssuer;
import io.tearline.store.PortionText;
import io.tearline.store.ReportDraft;
import io.tearline.store.ReportStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bulk import throughput against the store's own ingest, in one run and one JVM: generates an NDJSON file
 * (as BENCHMARKS.md "Bulk import" describes: each record a report of 3 portions by {@code ben}, 1% with a
 * marking that does not validate), then, each into a fresh demo data directory,
 * <ol>
 *   <li>the anchor: the same good drafts stored through {@code ReportStore.createAll}, 200 per
 *       transaction (what StoreBench measures);</li>
 *   <li>the command: {@code tearline import FILE --data DIR --as ben --json} (no server running; the
 *       command opens the data directory itself);</li>
 *   <li>the API: {@code tearline import FILE --url URL --token T --json} against a server listening in
 *       this process, so the CPU time is client and server together.</li>
 * </ol>
 * Each is timed in wall time and in the CPU time of the whole process (every thread: the database, the
 * index, the audit log); the table gives reports and portions per second and per CPU-second, and each
 * path's ratio to the anchor. A warm-up round of every path on a small file comes first, so that no path
 * pays for the JIT alone.
 *
 * <pre>
 * ./mvnw -q -B -o -pl bench -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -cp "bench/target/classes:bench/target/lib/*" io.tearline.bench.ImportBench --records 100000
 * </pre>
 *
 * Options: --records N (20,000), --warmup N (2,000 records; 0 for none), --dir PATH (a fresh directory
 * under the system temp dir), --keep (leave the data directories and the file).
 */
public final class ImportBench {

    private static final String ORIGINATOR = "INDOPACOM";
    private static final String AUTHOR = "ben";
    private static final int BATCH = 200;

    private ImportBench() {}

    /** Held, so that the level set on it is not lost when the logger is collected. */
    private static final java.util.logging.Logger VECTORIZATION =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    public static void main(String[] args) throws Exception {
        int records = 20_000;
        int warmup = 2_000;
        Path dir = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("tearline-importbench");
        } else if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " exists: the benchmark starts from fresh data directories");
        }
        Files.createDirectories(dir);
        VECTORIZATION.setLevel(java.util.logging.Level.SEVERE);
        if (warmup > 0) {
            System.out.printf(Locale.ROOT, "warm-up: %,d records through each path%n", warmup);
            round(dir.resolve("warmup"), warmup, false);
        }
        System.out.printf(Locale.ROOT, "run: %,d records, data under %s%n", records, dir.resolve("run"));
        round(dir.resolve("run"), records, true);
        if (!keep) {
            delete(dir);
        }
    }

    /** What one path did: reports stored, their portions, wall and CPU nanoseconds. */
    record Result(String path, long reports, long portions, long wallNanos, long cpuNanos) {}

    private static void round(Path root, int records, boolean print) throws Exception {
        Files.createDirectories(root);
        Path file = root.resolve("records.jsonl");
        List<ReportDraft> good = write(file, records);
        long portions = good.stream().mapToLong(d -> 1 + d.portions().size()).sum();

        List<Result> results = new ArrayList<>();
        results.add(anchor(root.resolve("store"), good, portions));
        results.add(command(root.resolve("command"), file, records, good.size(), portions));
        results.add(api(root.resolve("api"), file, records, good.size(), portions));
        if (print) {
            print(records, results);
        }
    }

    /**
     * Writes {@code n} records; every hundredth (i % 100 == 37) has a releasability to an unknown country
     * code and is rejected. Returns the good records as the drafts the import makes of them.
     */
    static List<ReportDraft> write(Path file, int n) throws IOException {
        List<ReportDraft> good = new ArrayList<>(n);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                boolean bad = i % 100 == 37;
                String title = "Import title " + i;
                String p1 = "public fact " + i + " about shoals and coast guard vessels";
                String p2 = "EXERCISE detail " + i;
                String secret = bad ? "(S//REL TO USA, XXQ)" : "(S//REL TO USA, JPN)";
                w.write("{\"externalId\":\"r-" + i + "\",\"originator\":\"" + ORIGINATOR + "\","
                        + "\"title\":{\"marking\":\"(U)\",\"text\":\"" + title + "\"},"
                        + "\"portions\":[{\"marking\":\"(U)\",\"text\":\"" + p1 + "\"},"
                        + "{\"marking\":\"" + secret + "\",\"text\":\"" + p2 + "\"}]}\n");
                if (!bad) {
                    // as POST /api/v1/reports makes it: owner the author's nation, the originator on the ORCON list
                    good.add(new ReportDraft(new PortionText("(U)", title), "USA", ORIGINATOR, List.of(ORIGINATOR),
                            List.of(new PortionText("(U)", p1), new PortionText(secret, p2)), AUTHOR));
                }
            }
        }
        return good;
    }

    /** The store's own ingest of the good drafts, {@link #BATCH} per transaction, into a fresh store. */
    private static Result anchor(Path dir, List<ReportDraft> good, long portions) throws IOException {
        DataDir data = new DataDir(dir);
        Demo.prepare(data, 0);
        try (ReportStore store = ReportStore.open(data)) {
            long wall = System.nanoTime();
            long cpu = cpu();
            long stored = 0;
            for (int from = 0; from < good.size(); from += BATCH) {
                stored += store.createAll(good.subList(from, Math.min(good.size(), from + BATCH))).size();
            }
            Result r = new Result("ReportStore.createAll (anchor)", stored, portions, System.nanoTime() - wall, cpu() - cpu);
            check(store.reportCount() == good.size(), "the anchor stored " + store.reportCount() + " of " + good.size());
            return r;
        }
    }

    /** {@code tearline import FILE --data DIR --as ben --json}, no server running. */
    private static Result command(Path dir, Path file, long records, long expected, long portions) throws IOException {
        DataDir data = new DataDir(dir);
        Demo.prepare(data, 0);
        long wall = System.nanoTime();
        long cpu = cpu();
        String out = run("import", file.toString(), "--data", dir.toString(), "--as", AUTHOR, "--json",
                "--rejects", dir.resolve("rejects.jsonl").toString());
        Result r = new Result("tearline import --data", expected, portions, System.nanoTime() - wall, cpu() - cpu);
        check(stored(out, records) == expected, "the command answered " + out);
        return r;
    }

    /** {@code tearline import FILE --url URL --token T --json} against a server in this process. */
    private static Result api(Path dir, Path file, long records, long expected, long portions) throws IOException {
        DataDir data = new DataDir(dir);
        Config config = Demo.prepare(data, 0);
        try (Tearline t = Tearline.open(config, data)) {
            TearlineServer server = TearlineServer.create(t).listen();
            try {
                String token = TokenIssuer.openOrCreate(data.keys(), config.auth()).issue(AUTHOR, Duration.ofHours(12));
                long wall = System.nanoTime();
                long cpu = cpu();
                String out = run("import", file.toString(), "--url", "http://127.0.0.1:" + server.port(),
                        "--token", token, "--json", "--rejects", dir.resolve("rejects.jsonl").toString());
                Result r = new Result("POST /api/v1/imports (command --url)", expected, portions,
                        System.nanoTime() - wall, cpu() - cpu);
                check(stored(out, records) == expected, "the API import answered " + out);
                return r;
            } finally {
                server.close();
            }
        }
    }

    /** Runs the command line in this process; its standard output (the --json summary). */
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err)); // the progress bar
        int status = cl.execute(args);
        check(status == 0, "tearline " + String.join(" ", args) + " exited " + status + ": " + err);
        return out.toString().strip();
    }

    /** The {@code stored} of a --json summary, checking that nothing was skipped and 1% rejected. */
    private static long stored(String summary, long records) throws IOException {
        com.fasterxml.jackson.databind.JsonNode s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary);
        long stored = s.path("stored").asLong(-1);
        long rejected = s.path("rejected").asLong(-1);
        check(s.path("skipped").asLong(-1) == 0 && rejected >= 0 && stored + rejected == records,
                "the summary does not add up to " + records + " records: " + summary);
        return stored;
    }

    private static void print(int records, List<Result> results) {
        Result anchor = results.get(0);
        System.out.printf(Locale.ROOT, "%,d records (%,d good, %,d portions)%n", records, anchor.reports(), anchor.portions());
        System.out.printf(Locale.ROOT, "%-38s %8s %8s %10s %11s %15s %7s %7s%n", "path", "wall s", "CPU s",
                "reports/s", "portions/s", "portions/CPU-s", "wall x", "CPU x");
        for (Result r : results) {
            double wall = r.wallNanos() / 1e9;
            double cpu = r.cpuNanos() / 1e9;
            System.out.printf(Locale.ROOT, "%-38s %8.2f %8.2f %10.0f %11.0f %15.0f %7.2f %7.2f%n", r.path(), wall, cpu,
                    r.reports() / wall, r.portions() / wall, r.portions() / cpu,
                    (double) r.wallNanos() / anchor.wallNanos(), (double) r.cpuNanos() / anchor.cpuNanos());
        }
        System.out.println("wall x and CPU x: the path's time over the anchor's for the same reports (1.00 = the store's pace)");
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
