package io.tearline.audit.internal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact range of a growing tree: the roots of the perfect subtrees of the prefix, largest first.
 * Appending leaf number n closes one subtree for each trailing one bit of n; the root of the prefix folds
 * the range from the right. Memory is logarithmic in the number of leaves.
 */
public final class CompactRange {

    private final MessageDigest md;
    private final List<byte[]> range = new ArrayList<>(64);
    private long size;

    public CompactRange(MessageDigest md) {
        this.md = md;
    }

    public long size() {
        return size;
    }

    public void append(byte[] leafHash) {
        range.add(leafHash);
        for (long n = size; (n & 1) == 1; n >>= 1) {
            byte[] r = range.remove(range.size() - 1);
            byte[] l = range.remove(range.size() - 1);
            range.add(Digests.node(md, l, r));
        }
        size++;
    }

    /** MTH of the prefix; the empty tree's root (SHA-256 of nothing) when no leaf was appended. */
    public byte[] root() {
        if (range.isEmpty()) {
            return md.digest();
        }
        byte[] r = range.get(range.size() - 1);
        for (int i = range.size() - 2; i >= 0; i--) {
            r = Digests.node(md, range.get(i), r);
        }
        return r;
    }
}
