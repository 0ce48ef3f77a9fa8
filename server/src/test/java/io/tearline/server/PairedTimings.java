package io.tearline.server;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Compares the running times of two actions with a rank test, the way an attacker would: many
 * interleaved pairs (a and b back to back, in random order within each pair, so drift, JIT and GC
 * fall on both alike), after a warm-up, then a Mann-Whitney U test over the two samples. |z| below 3
 * means the two cannot be told apart with this many samples; a control pair with a real difference
 * shows that the measurement can see one.
 */
final class PairedTimings {

    /** The outcome of one comparison; {@code z > 0} means a is slower than b. */
    record Result(String name, int pairs, long seed, double z, double medianA, double medianB) {
        @Override
        public String toString() {
            return String.format("%s: z = %.2f over %d pairs (median a %.1f us, b %.1f us; seed %d)", name, z, pairs,
                    medianA / 1000, medianB / 1000, seed);
        }
    }

    private PairedTimings() {}

    /** Runs {@code warmup} pairs unmeasured, then {@code pairs} measured pairs, and tests the difference. */
    static Result compare(String name, int warmup, int pairs, long seed, Runnable a, Runnable b) {
        if (pairs < 1000) {
            throw new IllegalArgumentException("a rank test over timings needs at least 1,000 pairs");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < warmup; i++) {
            if (rnd.nextBoolean()) {
                a.run();
                b.run();
            } else {
                b.run();
                a.run();
            }
        }
        long[] ta = new long[pairs];
        long[] tb = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            if (rnd.nextBoolean()) {
                ta[i] = time(a);
                tb[i] = time(b);
            } else {
                tb[i] = time(b);
                ta[i] = time(a);
            }
        }
        return new Result(name, pairs, seed, mannWhitneyZ(ta, tb), median(ta), median(tb));
    }

    private static long time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return System.nanoTime() - start;
    }

    /**
     * The Mann-Whitney U statistic of {@code a} against {@code b} as a normal z-score, with ties given
     * their average rank and the variance corrected for them. Positive when a tends to be larger.
     */
    static double mannWhitneyZ(long[] a, long[] b) {
        int n1 = a.length;
        int n2 = b.length;
        int n = n1 + n2;
        long[][] all = new long[n][];
        for (int i = 0; i < n1; i++) {
            all[i] = new long[] {a[i], 0};
        }
        for (int i = 0; i < n2; i++) {
            all[n1 + i] = new long[] {b[i], 1};
        }
        Arrays.sort(all, (x, y) -> Long.compare(x[0], y[0]));
        double rankSumA = 0;
        double ties = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && all[j][0] == all[i][0]) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0; // average of ranks i+1..j
            for (int k = i; k < j; k++) {
                if (all[k][1] == 0) {
                    rankSumA += rank;
                }
            }
            double t = j - i;
            ties += t * t * t - t;
            i = j;
        }
        double u = rankSumA - n1 * (n1 + 1.0) / 2.0; // in double: n1 * (n1 + 1) overflows an int past 46,340 pairs
        double mean = n1 * (double) n2 / 2.0;
        double variance = n1 * (double) n2 / 12.0 * ((n + 1) - ties / ((double) n * (n - 1)));
        return variance == 0 ? 0 : (u - mean) / Math.sqrt(variance);
    }

    static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
