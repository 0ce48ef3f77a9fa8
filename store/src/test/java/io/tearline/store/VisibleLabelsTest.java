package io.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link VisibleLabels#contains} against a plain BitSet, for ids inside, past and before the set (printed seed). */
class VisibleLabelsTest {

    @Test
    void containsAgreesWithTheBitsForEveryKindOfId() {
        long seed = Long.getLong("tearline.seed", System.nanoTime());
        System.out.println("VisibleLabelsTest seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int set = 0; set < 500; set++) {
            BitSet bits = new BitSet();
            int max = rnd.nextInt(1, 1000);
            for (int i = rnd.nextInt(0, 40); i > 0; i--) {
                bits.set(rnd.nextInt(max));
            }
            VisibleLabels v = VisibleLabels.of(bits);
            for (int probe = 0; probe < 400; probe++) {
                int id = switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextInt(max + 130);
                    case 1 -> bits.isEmpty() ? 0 : bits.nextSetBit(rnd.nextInt(bits.length()));
                    case 2 -> -rnd.nextInt(1, Integer.MAX_VALUE);
                    default -> rnd.nextInt(Integer.MAX_VALUE);
                };
                boolean expected = id >= 0 && bits.get(id);
                assertThat(v.contains(id)).as("label %d in %s (seed %d)", id, v, seed).isEqualTo(expected);
            }
            assertThat(v.contains(Integer.MIN_VALUE)).isFalse();
            assertThat(v.contains(Integer.MAX_VALUE)).isFalse();
        }
        assertThat(VisibleLabels.none().contains(0)).isFalse();
        assertThat(VisibleLabels.of(0).contains(0)).isTrue();
        assertThat(VisibleLabels.of(63).contains(127)).as("a shift past the last word must not wrap").isFalse();
    }
}
