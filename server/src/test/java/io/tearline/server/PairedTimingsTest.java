package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The rank test itself: known values, no difference between equal samples, a clear one between shifted ones. */
class PairedTimingsTest {

    @Test
    void knownSmallExample() {
        // a = {1, 2, 3}, b = {4, 5, 6}: U = 0, mean 4.5, variance 9*7/12 = 5.25
        assertThat(PairedTimings.mannWhitneyZ(new long[] {1, 2, 3}, new long[] {4, 5, 6}))
                .isCloseTo(-4.5 / Math.sqrt(5.25), within(1e-9));
        assertThat(PairedTimings.mannWhitneyZ(new long[] {4, 5, 6}, new long[] {1, 2, 3}))
                .isCloseTo(4.5 / Math.sqrt(5.25), within(1e-9));
        // all tied: no evidence either way
        assertThat(PairedTimings.mannWhitneyZ(new long[] {7, 7}, new long[] {7, 7})).isZero();
    }

    @Test
    void sameDistributionIsNotDetectedAndAShiftIs() {
        long seed = Long.getLong("tearline.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 5000;
        long[] a = new long[n];
        long[] b = new long[n];
        long[] shifted = new long[n];
        for (int i = 0; i < n; i++) {
            // heavy-tailed like timings: a base and an exponential tail
            a[i] = 100_000 + (long) (-20_000 * Math.log(1 - rnd.nextDouble()));
            b[i] = 100_000 + (long) (-20_000 * Math.log(1 - rnd.nextDouble()));
            shifted[i] = b[i] + 3_000;
        }
        double same = PairedTimings.mannWhitneyZ(a, b);
        assertThat(Math.abs(same)).as("seed %d: z %.2f", seed, same).isLessThan(4.5);
        double shift = PairedTimings.mannWhitneyZ(shifted, a);
        assertThat(shift).as("seed %d: z %.2f", seed, shift).isGreaterThan(3);
    }
}
