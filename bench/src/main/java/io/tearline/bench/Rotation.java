package io.tearline.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Search latency of several variants (readers) over the same queries: rounds of every query, the
 * variants in rotating order, so that drift in the machine's speed falls on all of them alike. The
 * trimming ratio uses each query's fastest run of each variant, which keeps other processes' noise out
 * of the comparison.
 *
 * @param nanos per variant, every run's latency
 * @param best  per variant, each query's fastest run
 * @param hits  per variant, the reports matched, summed over every run
 */
record Rotation(long[][] nanos, long[][] best, long[] hits) {

    /** Runs {@code rounds} rounds; each variant searches a query and answers the reports it matched. */
    static Rotation run(List<String> queries, int rounds, List<ToLongFunction<String>> variants) {
        int n = variants.size();
        long[][] nanos = new long[n][queries.size() * rounds];
        long[][] best = new long[n][queries.size()];
        for (long[] b : best) {
            Arrays.fill(b, Long.MAX_VALUE);
        }
        long[] hits = new long[n];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < queries.size(); i++) {
                for (int v = 0; v < n; v++) {
                    int which = (v + i + round) % n;
                    long t0 = System.nanoTime();
                    hits[which] += variants.get(which).applyAsLong(queries.get(i));
                    long t = System.nanoTime() - t0;
                    nanos[which][round * queries.size() + i] = t;
                    best[which][i] = Math.min(best[which][i], t);
                }
            }
        }
        return new Rotation(nanos, best, hits);
    }

    /** Trimmed over unfiltered, fastest runs: {total, p50}. */
    double[] ratio(int trimmed, int unfiltered) {
        return new double[] {(double) StoreBench.sum(best[trimmed]) / StoreBench.sum(best[unfiltered]),
                (double) StoreBench.pct(best[trimmed], 50) / StoreBench.pct(best[unfiltered], 50)};
    }

    /** The mean number of reports variant {@code v} matched. */
    double meanHits(int v) {
        return (double) hits[v] / nanos[v].length;
    }
}
