package io.tearline.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The memoised tree answers like the plain recursion, for every chunk size, and reads only a few chunks. */
class MerkleIndexTest {

    static final class Leaves implements MerkleIndex.LeafSource {
        final List<byte[]> hashes = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        final Map<Long, Integer> ranges = new HashMap<>();

        @Override
        public byte[] leafHashes(long from, long to) {
            reads.incrementAndGet();
            byte[] out = new byte[(int) (to - from) * 32];
            for (long i = from; i < to; i++) {
                System.arraycopy(hashes.get((int) i), 0, out, (int) (i - from) * 32, 32);
            }
            return out;
        }
    }

    /** MTH straight from the definition, over leaf hashes. */
    static byte[] mth(List<byte[]> h, int lo, int hi, MessageDigest md) {
        if (hi - lo == 1) {
            return h.get(lo);
        }
        int k = Integer.highestOneBit(hi - lo - 1);
        return Digests.node(md, mth(h, lo, lo + k, md), mth(h, lo + k, hi, md));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 8})
    void rootsMatchTheRecursionAtEverySize(int chunkBits) {
        MerkleIndex tree = new MerkleIndex(chunkBits);
        Leaves src = new Leaves();
        MessageDigest md = Digests.sha256();
        assertThat(tree.root(0, src)).isEqualTo(Digests.sha256().digest());
        for (int i = 0; i < 700; i++) {
            byte[] h = Digests.leaf(md, ("leaf " + i).getBytes());
            src.hashes.add(h);
            tree.add(h);
            tree.publish();
            assertThat(tree.root(i + 1, src)).as("size %d, chunkBits %d", i + 1, chunkBits)
                    .isEqualTo(mth(src.hashes, 0, i + 1, md));
        }
    }

    @Test
    void aProofReadsAtMostTwoChunksOfLeafHashes() {
        MerkleIndex tree = new MerkleIndex(8);
        Leaves src = new Leaves();
        MessageDigest md = Digests.sha256();
        for (int i = 0; i < 5000; i++) {
            byte[] h = Digests.leaf(md, new byte[]{(byte) i, (byte) (i >> 8)});
            src.hashes.add(h);
            tree.add(h);
        }
        tree.publish();
        for (long index : new long[]{0, 255, 256, 1234, 4999}) {
            src.reads.set(0);
            tree.inclusion(index, 5000, src);
            assertThat(src.reads.get()).as("chunk reads for index %d", index).isLessThanOrEqualTo(2);
        }
        src.reads.set(0);
        tree.consistency(1234, 4999, src);
        assertThat(src.reads.get()).isLessThanOrEqualTo(3);
        // 19 full chunks (and their parents) in memory, not 5000 leaves' worth of nodes
        assertThat(tree.memoryBytes()).isLessThan(64 * 1024);
    }

    @Test
    void refusesSizesBeyondWhatIsPublished() {
        MerkleIndex tree = new MerkleIndex(2);
        Leaves src = new Leaves();
        byte[] h = Digests.leaf(Digests.sha256(), new byte[0]);
        src.hashes.add(h);
        tree.add(h);
        assertThatThrownBy(() -> tree.root(1, src)).isInstanceOf(IllegalArgumentException.class);
        tree.publish();
        assertThat(tree.root(1, src)).isEqualTo(h);
        assertThatThrownBy(() -> tree.inclusion(1, 1, src)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistency(0, 1, src)).isInstanceOf(IllegalArgumentException.class);
    }
}
