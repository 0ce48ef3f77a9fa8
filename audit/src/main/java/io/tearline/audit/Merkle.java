package io.tearline.audit;

import io.tearline.audit.internal.Digests;
import java.security.MessageDigest;
import java.util.List;

/**
 * RFC 9162 (Certificate Transparency 2.0) Merkle tree hashing and proof verification, section 2.1.
 * Verification follows the RFC's iterative algorithms (2.1.3.2 and 2.1.4.2), so any other RFC 9162
 * implementation checks our proofs and we check theirs. Stateless and thread-safe.
 */
public final class Merkle {

    private Merkle() {
    }

    /** SHA-256 of the empty string: the root of the empty tree. */
    public static final Hash EMPTY_ROOT = new Hash(sha256().digest());

    public static MessageDigest sha256() {
        return Digests.sha256();
    }

    /** SHA-256(0x00 || leaf). */
    public static Hash leafHash(byte[] leaf) {
        return new Hash(Digests.leaf(sha256(), leaf));
    }

    /** SHA-256(0x01 || left || right). */
    public static Hash nodeHash(Hash left, Hash right) {
        return new Hash(Digests.node(sha256(), left.bytes(), right.bytes()));
    }

    /**
     * RFC 9162 2.1.3.2: does {@code proof} show that the leaf with hash {@code leafHash} is at
     * {@code index} in the tree of {@code size} leaves with root {@code root}? False for every malformed input.
     */
    public static boolean verifyInclusion(long index, long size, Hash leafHash, List<Hash> proof, Hash root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        Hash r = leafHash;
        for (Hash p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.equals(root);
    }

    /**
     * RFC 9162 2.1.4.2: does {@code proof} show that the tree of {@code size1} leaves with root
     * {@code root1} is a prefix of the tree of {@code size2} leaves with root {@code root2}? Equal sizes
     * need an empty proof and equal roots; size 0 is consistent with nothing but itself (there is no proof).
     */
    public static boolean verifyConsistency(long size1, long size2, Hash root1, Hash root2, List<Hash> proof) {
        if (size1 < 0 || size2 < size1) {
            return false;
        }
        if (size1 == size2) {
            return proof.isEmpty() && root1.equals(root2);
        }
        if (size1 == 0 || proof.isEmpty()) {
            return false;
        }
        int next = 0;
        Hash first;
        if ((size1 & (size1 - 1)) == 0) {
            first = root1; // an exact power of two: the old root is itself a node of the new tree
        } else {
            first = proof.get(next++);
        }
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        Hash fr = first;
        Hash sr = first;
        for (; next < proof.size(); next++) {
            Hash c = proof.get(next);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.equals(root1) && sr.equals(root2);
    }
}
