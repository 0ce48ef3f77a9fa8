package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.access.Clearance;
import io.tearline.access.Principal;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import io.tearline.store.SearchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.accumulo.core.client.AccumuloClient;
import org.apache.accumulo.core.security.Authorizations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest (bulk and live) and trimmed search latency on the embedded cluster, printed, at a size set by
 * {@code -Dtearline.accumulo.scale.portions} (default 20,000 portions; four portions a report, text from a
 * skewed vocabulary of 20,000 words). Trimmed: a SECRET reader of a partner nation with every gate open;
 * unfiltered: the service user's own authorizations (every token), so every cell is visible.
 */
@Tag("slow")
class ScaleTest {

    static final String[] MARKINGS = {"(U)", "(S//REL TO USA, JPN)", "(S//NF)", "(C//REL TO USA, FVEY)", "(TS//SI//NF)",
            "(S//REL TO USA, GBR, JPN)", "(U//FOUO)"};

    @TempDir
    Path work;

    @Test
    void ingestAndSearch() throws Exception {
        int portions = Integer.getInteger("tearline.accumulo.scale.portions", 20_000);
        int batch = Integer.getInteger("tearline.accumulo.scale.batch", 25_000);
        int liveReports = Integer.getInteger("tearline.accumulo.scale.live", 500);
        long seed = Corpus.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        try (AccumuloClient client = TestAccumulo.rootClient()) {
            AccumuloReports store = new AccumuloReports(client, TestAccumulo.freshPrefix("scale"), Corpus.MARKINGS, Corpus.COMPILER,
                    Integer.getInteger("tearline.accumulo.scale.shards", 8));
            store.createTables();
            int reports = portions / 4;
            long t0 = System.nanoTime();
            List<Report> pending = new ArrayList<>();
            int loads = 0;
            for (int i = 0; i < reports; i++) {
                pending.add(report(rnd, i));
                if (pending.size() * 4 >= batch || i == reports - 1) {
                    store.bulkLoad(pending, Files.createDirectories(work.resolve("b" + loads++)));
                    pending.clear();
                }
            }
            double bulkSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            for (int i = 0; i < liveReports; i++) {
                store.write(report(rnd, reports + i));
            }
            double liveSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            List<Report> live = new ArrayList<>();
            for (int i = 0; i < liveReports; i++) {
                live.add(report(rnd, reports + liveReports + i));
                if (live.size() == 100 || i == liveReports - 1) {
                    store.writeAll(live);
                    live.clear();
                }
            }
            double batchedSeconds = (System.nanoTime() - t0) / 1e9;
            Set<Gate> gates = AccumuloReports.gates(List.of("USA"), (o, l) -> true);
            Authorizations trimmed = store.authorizations(new Principal("j", "JPN", Clearance.SECRET, Set.of(), Set.of(), Set.of()), gates);
            Authorizations all = client.securityOperations().getUserAuthorizations(client.whoami());
            List<String> queries = List.of("w10", "w10 w25", "w3 w7 w1", "w1234", "\"w2 w3\"", "w123*", "w5 OR w9000");
            double[] t = latency(store, queries, trimmed);
            double[] u = latency(store, queries, all);
            System.out.printf("accumulo scale: %d portions bulk-loaded in %.1f s (%.0f portions/s); %d live one report a write in %.1f s"
                    + " (%.0f portions/s); %d live 100 reports a write in %.1f s (%.0f portions/s)%n",
                    reports * 4, bulkSeconds, reports * 4 / bulkSeconds, liveReports * 4, liveSeconds, liveReports * 4 / liveSeconds,
                    liveReports * 4, batchedSeconds, liveReports * 4 / batchedSeconds);
            System.out.printf("accumulo scale: search p50 trimmed %.1f ms, unfiltered %.1f ms, ratio %.2f; p90 trimmed %.1f ms, unfiltered %.1f ms%n",
                    t[0], u[0], t[0] / u[0], t[1], u[1]);
            SearchResult r = store.search("w10", trimmed, 10, 0);
            assertThat(r.total()).isPositive();
            assertThat(store.search("w10", all, 10, 0).total()).isGreaterThan(r.total());
        }
    }

    private static double[] latency(AccumuloReports store, List<String> queries, Authorizations auths) {
        for (String q : queries) {
            store.search(q, auths, 10, 0); // warm
        }
        List<Double> ms = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (String q : queries) {
                long t0 = System.nanoTime();
                store.search(q, auths, 10, 0);
                ms.add((System.nanoTime() - t0) / 1e6);
            }
        }
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)]};
    }

    /** A report of four portions; words drawn with a skew (w1 common, w19999 rare). */
    private static Report report(SplittableRandom rnd, int n) {
        List<Portion> body = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            body.add(Corpus.portion(i, MARKINGS[rnd.nextInt(MARKINGS.length)], text(rnd, 12 + rnd.nextInt(24))));
        }
        Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n);
        return new Report(String.format("%016x", rnd.nextLong()), "USA", "DIA", List.of(), Corpus.portion(0, "(U)", text(rnd, 6)),
                body, "TOP SECRET//SI//NOFORN", 1, at, at, "ava");
    }

    private static String text(SplittableRandom rnd, int words) {
        String[] w = new String[words];
        for (int i = 0; i < words; i++) {
            w[i] = "w" + (int) Math.floor(Math.pow(20_000, rnd.nextDouble()));
        }
        return String.join(" ", Arrays.asList(w));
    }
}
