package io.tearline.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent RFC 9162 section 2.1 tree, written straight from the recursive definitions (MTH,
 * PATH, PROOF / SUBPROOF) over a list of leaves, sharing no code with the production tree. MTH results
 * are memoised per range only to keep the exhaustive tests quick.
 */
final class ReferenceTree {

    private final List<byte[]> leaves;
    private final Map<Long, byte[]> memo = new HashMap<>();

    ReferenceTree(List<byte[]> leaves) {
        this.leaves = leaves;
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** k: the largest power of two smaller than n (n > 1). */
    static int split(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    /** MTH(D[lo:hi]). */
    byte[] mth(int lo, int hi) {
        int n = hi - lo;
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return sha256(new byte[]{0}, leaves.get(lo));
        }
        long key = ((long) lo << 32) | hi;
        byte[] hit = memo.get(key);
        if (hit != null) {
            return hit;
        }
        int k = split(n);
        byte[] r = sha256(new byte[]{1}, mth(lo, lo + k), mth(lo + k, hi));
        memo.put(key, r);
        return r;
    }

    /** PATH(m, D[0:n]). */
    List<byte[]> path(int m, int n) {
        List<byte[]> out = new ArrayList<>();
        path(m, 0, n, out);
        return out;
    }

    private void path(int m, int lo, int hi, List<byte[]> out) {
        int n = hi - lo;
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(m, lo, lo + k, out);
            out.add(mth(lo + k, hi));
        } else {
            path(m - k, lo + k, hi, out);
            out.add(mth(lo, lo + k));
        }
    }

    /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
    List<byte[]> proof(int m, int n) {
        List<byte[]> out = new ArrayList<>();
        subproof(m, 0, n, true, out);
        return out;
    }

    private void subproof(int m, int lo, int hi, boolean b, List<byte[]> out) {
        int n = hi - lo;
        if (m == n) {
            if (!b) {
                out.add(mth(lo, hi));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(m, lo, lo + k, b, out);
            out.add(mth(lo + k, hi));
        } else {
            subproof(m - k, lo + k, hi, false, out);
            out.add(mth(lo, lo + k));
        }
    }
}
