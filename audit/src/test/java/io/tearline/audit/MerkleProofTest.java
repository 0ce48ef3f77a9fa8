package io.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.audit.internal.MerkleIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The production tree (memoised subtrees + leaf chunks) against {@link ReferenceTree}, which follows
 * RFC 9162's recursive definitions: every tree size 1..300, every index, every pair of sizes; and the
 * RFC verifiers accept exactly those proofs (one changed hash, a wrong size or index: rejected).
 */
class MerkleProofTest {

    static final int MAX = 300;
    // leaves(MAX + 1): wrong-size checks need the root of one more leaf

    static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(("{\"index\":" + i + ",\"type\":\"read\"}").getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The production index over the same leaves, with leaf hashes served from memory. */
    static MerkleIndex production(List<byte[]> leaves, int chunkBits, List<byte[]> hashesOut) {
        MerkleIndex tree = new MerkleIndex(chunkBits);
        for (byte[] l : leaves) {
            byte[] h = Merkle.leafHash(l).bytes();
            hashesOut.add(h);
            tree.add(h);
        }
        tree.publish();
        return tree;
    }

    static MerkleIndex.LeafSource source(List<byte[]> hashes) {
        return (from, to) -> {
            byte[] out = new byte[(int) (to - from) * 32];
            for (long i = from; i < to; i++) {
                System.arraycopy(hashes.get((int) i), 0, out, (int) (i - from) * 32, 32);
            }
            return out;
        };
    }

    static List<Hash> hashes(List<byte[]> raw) {
        return raw.stream().map(Hash::new).toList();
    }

    @ParameterizedTest(name = "chunkBits={0}")
    @ValueSource(ints = {2, 8})
    void everyInclusionAndConsistencyProofEqualsTheRfcDefinition(int chunkBits) {
        List<byte[]> leaves = leaves(MAX);
        ReferenceTree ref = new ReferenceTree(leaves);
        List<byte[]> lh = new ArrayList<>();
        MerkleIndex tree = production(leaves, chunkBits, lh);
        MerkleIndex.LeafSource src = source(lh);
        for (int n = 1; n <= MAX; n++) {
            assertThat(tree.root(n, src)).as("root %d", n).isEqualTo(ref.mth(0, n));
            for (int m = 0; m < n; m++) {
                List<byte[]> got = tree.inclusion(m, n, src);
                List<byte[]> want = ref.path(m, n);
                assertThat(hashes(got)).as("PATH(%d, D[%d])", m, n).isEqualTo(hashes(want));
            }
            for (int m = 1; m <= n; m++) {
                assertThat(hashes(tree.consistency(m, n, src))).as("PROOF(%d, D[%d])", m, n)
                        .isEqualTo(hashes(m == n ? List.of() : ref.proof(m, n)));
            }
        }
    }

    @Test
    void inclusionVerifierAcceptsEveryTrueProofAndRejectsEveryAlteredOne() {
        List<byte[]> leaves = leaves(MAX + 1);
        ReferenceTree ref = new ReferenceTree(leaves);
        long checked = 0;
        for (int n = 1; n <= MAX; n++) {
            Hash root = new Hash(ref.mth(0, n));
            for (int m = 0; m < n; m++) {
                Hash leaf = Merkle.leafHash(leaves.get(m));
                List<Hash> proof = hashes(ref.path(m, n));
                assertThat(Merkle.verifyInclusion(m, n, leaf, proof, root)).as("index %d size %d", m, n).isTrue();
                for (int i = 0; i < proof.size(); i++) {
                    assertThat(Merkle.verifyInclusion(m, n, leaf, flip(proof, i), root))
                            .as("index %d size %d, hash %d changed", m, n, i).isFalse();
                    checked++;
                }
                // a wrong size, checked against that size's true root
                assertThat(Merkle.verifyInclusion(m, n + 1, leaf, proof, new Hash(ref.mth(0, n + 1))))
                        .as("size+1").isFalse();
                if (n > 1) {
                    assertThat(Merkle.verifyInclusion(m, n - 1, leaf, proof, new Hash(ref.mth(0, n - 1))))
                            .as("size-1 %d %d", m, n).isFalse();
                    int other = (m + 1) % n;
                    assertThat(Merkle.verifyInclusion(other, n, leaf, proof, root)).as("other index").isFalse();
                    assertThat(Merkle.verifyInclusion(m, n, leaf, proof.subList(0, proof.size() - 1), root)).isFalse();
                }
                assertThat(Merkle.verifyInclusion(m, n, Merkle.leafHash(new byte[]{9}), proof, root)).isFalse();
                assertThat(Merkle.verifyInclusion(m, n, leaf, append(proof, leaf), root)).isFalse();
            }
        }
        assertThat(checked).isGreaterThan(300_000);
    }

    @Test
    void consistencyVerifierAcceptsEveryTrueProofAndRejectsEveryAlteredOne() {
        List<byte[]> leaves = leaves(MAX + 1);
        ReferenceTree ref = new ReferenceTree(leaves);
        for (int n = 1; n <= MAX; n++) {
            Hash root2 = new Hash(ref.mth(0, n));
            for (int m = 1; m <= n; m++) {
                Hash root1 = new Hash(ref.mth(0, m));
                List<Hash> proof = m == n ? List.of() : hashes(ref.proof(m, n));
                assertThat(Merkle.verifyConsistency(m, n, root1, root2, proof)).as("%d -> %d", m, n).isTrue();
                for (int i = 0; i < proof.size(); i++) {
                    assertThat(Merkle.verifyConsistency(m, n, root1, root2, flip(proof, i)))
                            .as("%d -> %d, hash %d changed", m, n, i).isFalse();
                }
                if (m < n) {
                    assertThat(Merkle.verifyConsistency(m, n + 1, root1, new Hash(ref.mth(0, n + 1)), proof))
                            .as("to+1").isFalse();
                    assertThat(Merkle.verifyConsistency(m, n, root1, flip(root2), proof)).isFalse();
                    assertThat(Merkle.verifyConsistency(m, n, flip(root1), root2, proof)).isFalse();
                    assertThat(Merkle.verifyConsistency(m, n, root1, root2, List.of())).isFalse();
                    if (m > 1) {
                        assertThat(Merkle.verifyConsistency(m - 1, n, new Hash(ref.mth(0, m - 1)), root2, proof))
                                .as("from-1").isFalse();
                    }
                    assertThat(Merkle.verifyConsistency(m, n, root1, root2, append(proof, root1))).isFalse();
                } else {
                    assertThat(Merkle.verifyConsistency(m, n, root1, flip(root2), proof)).isFalse();
                    assertThat(Merkle.verifyConsistency(m, n, root1, root2, List.of(root1))).isFalse();
                }
            }
        }
        assertThat(Merkle.verifyConsistency(0, 5, Merkle.EMPTY_ROOT, new Hash(ref.mth(0, 5)), List.of())).isFalse();
    }

    // ---------------------------------------------------------------- fixed vectors

    static final List<byte[]> RFC_LEAVES = List.of(hex(""), hex("00"), hex("10"), hex("2021"), hex("3031"),
            hex("40414243"), hex("5051525354555657"), hex("606162636465666768696a6b6c6d6e6f"));

    /** Roots of the first n of the RFC 6962 / CT test leaves, as published with the CT reference code. */
    static final String[] RFC_ROOTS = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    };

    @Test
    void fixedVectors() {
        assertThat(Merkle.EMPTY_ROOT.hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Merkle.leafHash(new byte[0]).hex()).isEqualTo(RFC_ROOTS[0]);
        List<byte[]> lh = new ArrayList<>();
        MerkleIndex tree = production(RFC_LEAVES, 1, lh);
        for (int n = 1; n <= 8; n++) {
            assertThat(HexFormat.of().formatHex(tree.root(n, source(lh)))).as("root of %d", n).isEqualTo(RFC_ROOTS[n - 1]);
        }
        assertThat(HexFormat.of().formatHex(tree.root(0, source(lh)))).isEqualTo(Merkle.EMPTY_ROOT.hex());
        // inclusion of leaf 0 in the tree of 8, and consistency 2 -> 5, from the CT reference tests
        assertThat(hashes(tree.inclusion(0, 8, source(lh))).stream().map(Hash::hex).toList()).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        List<Hash> c25 = List.of(Hash.ofHex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                Hash.ofHex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
        assertThat(hashes(tree.consistency(2, 5, source(lh)))).isEqualTo(c25);
        assertThat(Merkle.verifyConsistency(2, 5, Hash.ofHex(RFC_ROOTS[1]), Hash.ofHex(RFC_ROOTS[4]), c25)).isTrue();
        assertThat(Merkle.verifyConsistency(1, 1, Hash.ofHex(RFC_ROOTS[0]), Hash.ofHex(RFC_ROOTS[0]), List.of())).isTrue();
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static Hash flip(Hash h) {
        byte[] b = h.bytes();
        b[7] ^= 0x20;
        return new Hash(b);
    }

    static List<Hash> flip(List<Hash> proof, int i) {
        List<Hash> out = new ArrayList<>(proof);
        out.set(i, flip(proof.get(i)));
        return out;
    }

    static List<Hash> append(List<Hash> proof, Hash extra) {
        List<Hash> out = new ArrayList<>(proof);
        out.add(extra);
        return out;
    }
}
