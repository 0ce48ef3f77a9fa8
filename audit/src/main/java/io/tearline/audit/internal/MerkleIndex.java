package io.tearline.audit.internal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 9162 tree of the log without keeping it all: leaf hashes stay in the database; this keeps the
 * hash of every complete, aligned subtree of {@code 2^chunkBits} leaves and above (about 2.5 MB for ten
 * million leaves with 256-leaf chunks) and computes everything else on demand from at most a few chunks
 * of leaf hashes. Proofs and roots follow the RFC's recursive definitions (MTH, PATH, SUBPROOF) directly,
 * reading memoised nodes where the recursion meets a stored subtree.
 *
 * <p>One writer thread calls {@link #add} and then {@link #publish}; readers may call the proof methods
 * concurrently for any size up to the published one.
 */
public final class MerkleIndex {

    /** Where leaf hashes come from: concatenated 32-byte hashes of leaves {@code [from, to)}. */
    public interface LeafSource {
        byte[] leafHashes(long from, long to);
    }

    private final int chunkBits;
    private final int chunkSize;
    private final HashArray[] levels = new HashArray[64];
    private final byte[] tail;
    private final MessageDigest writerDigest = Digests.sha256();
    private int tailCount;
    private long added;
    private volatile long published;

    public MerkleIndex(int chunkBits) {
        if (chunkBits < 0 || chunkBits > 20) {
            throw new IllegalArgumentException("chunkBits " + chunkBits);
        }
        this.chunkBits = chunkBits;
        this.chunkSize = 1 << chunkBits;
        this.tail = new byte[32 * chunkSize];
        for (int i = chunkBits; i < levels.length; i++) {
            levels[i] = new HashArray();
        }
    }

    public int chunkBits() {
        return chunkBits;
    }

    /** Writer only: takes the next leaf hash; readers see it after {@link #publish()}. */
    public void add(byte[] leafHash) {
        System.arraycopy(leafHash, 0, tail, tailCount * 32, 32);
        tailCount++;
        added++;
        if (tailCount == chunkSize) {
            tailCount = 0;
            closeChunk(perfectRoot(tail, 0, chunkSize, writerDigest));
        }
    }

    private void closeChunk(byte[] node) {
        int level = chunkBits;
        levels[level].add(node, 0);
        // Two complete siblings make a complete parent: keep the memoised levels closed upwards.
        while ((levels[level].count() & 1) == 0) {
            int c = levels[level].count();
            byte[] l = levels[level].get(c - 2);
            byte[] r = levels[level].get(c - 1);
            levels[level + 1].add(Digests.node(writerDigest, l, r), 0);
            level++;
        }
    }

    /** Start-up only: a complete chunk by its stored root (its leaves stay in the database). */
    public void addChunk(byte[] root) {
        if (tailCount != 0) {
            throw new IllegalStateException("chunks are added before any loose leaf");
        }
        added += chunkSize;
        closeChunk(root);
    }

    /** Writer only: the leaf hashes of the incomplete chunk, concatenated. */
    public byte[] tailCopy() {
        return java.util.Arrays.copyOf(tail, tailCount * 32);
    }

    public int chunkSize() {
        return chunkSize;
    }

    /** The root of one complete chunk of concatenated leaf hashes. */
    public static byte[] chunkRoot(byte[] hashes, int off, int leaves, MessageDigest md) {
        return perfectRoot(hashes, off, leaves, md);
    }

    /** Writer only: leaves added but not yet published. */
    public long added() {
        return added;
    }

    /** Makes every added leaf visible to readers (a volatile write after the arrays are filled). */
    public void publish() {
        published = added;
    }

    public long size() {
        return published;
    }

    public long memoryBytes() {
        long sum = tail.length;
        for (int i = chunkBits; i < levels.length; i++) {
            sum += levels[i].bytesUsed();
        }
        return sum;
    }

    /** MTH(D[0:size]); the empty tree's root for size 0. */
    public byte[] root(long size, LeafSource source) {
        checkSize(size);
        Ctx ctx = new Ctx(source, size);
        if (size == 0) {
            return ctx.md.digest();
        }
        return ctx.mth(0, size);
    }

    /** RFC 9162 PATH(index, D[0:size]): the inclusion proof, leaf-side sibling first. */
    public List<byte[]> inclusion(long index, long size, LeafSource source) {
        checkSize(size);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " not below size " + size);
        }
        Ctx ctx = new Ctx(source, size);
        List<byte[]> out = new ArrayList<>(64);
        ctx.path(index, 0, size, out);
        return out;
    }

    /** RFC 9162 PROOF(from, D[0:to]) for 0 < from <= to; empty when from == to. */
    public List<byte[]> consistency(long from, long to, LeafSource source) {
        checkSize(to);
        if (from <= 0 || from > to) {
            throw new IllegalArgumentException("consistency from " + from + " to " + to);
        }
        List<byte[]> out = new ArrayList<>(64);
        if (from == to) {
            return out;
        }
        Ctx ctx = new Ctx(source, to);
        ctx.subproof(from, 0, to, true, out);
        return out;
    }

    private void checkSize(long size) {
        if (size < 0 || size > published) {
            throw new IllegalArgumentException("size " + size + " beyond published " + published);
        }
    }

    /** Root of a perfect subtree over {@code n} (a power of two) concatenated hashes starting at {@code off}. */
    static byte[] perfectRoot(byte[] hashes, int off, int n, MessageDigest md) {
        if (n == 1) {
            byte[] out = new byte[32];
            System.arraycopy(hashes, off, out, 0, 32);
            return out;
        }
        byte[] work = new byte[n * 16];
        // Level by level in place: pairs of the level below become one node.
        for (int i = 0; i < n / 2; i++) {
            md.update((byte) 1);
            md.update(hashes, off + i * 64, 64);
            digestInto(md, work, i * 32);
        }
        for (int m = n / 4; m >= 1; m /= 2) {
            for (int i = 0; i < m; i++) {
                md.update((byte) 1);
                md.update(work, i * 64, 64);
                digestInto(md, work, i * 32);
            }
        }
        byte[] out = new byte[32];
        System.arraycopy(work, 0, out, 0, 32);
        return out;
    }

    private static void digestInto(MessageDigest md, byte[] out, int off) {
        try {
            md.digest(out, off, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One computation: the digest and the chunks of leaf hashes it fetched. */
    private final class Ctx {
        final LeafSource source;
        final long size;
        final MessageDigest md = Digests.sha256();
        final Map<Long, byte[]> chunks = new HashMap<>(4);

        Ctx(LeafSource source, long size) {
            this.source = source;
            this.size = size;
        }

        /** Leaf hashes of chunk {@code c}, as far as this tree has them. */
        byte[] chunk(long c) {
            return chunks.computeIfAbsent(c, k -> {
                long from = k << chunkBits;
                long to = Math.min(from + chunkSize, size);
                byte[] got = source.leafHashes(from, to);
                if (got.length != (to - from) * 32) {
                    throw new IllegalStateException("leaf source returned " + got.length / 32
                            + " hashes for [" + from + ", " + to + ")");
                }
                return got;
            });
        }

        /** MTH(D[lo:hi]) where lo is aligned as the RFC recursion guarantees. */
        byte[] mth(long lo, long hi) {
            long n = hi - lo;
            if ((n & (n - 1)) == 0) {
                int level = Long.numberOfTrailingZeros(n);
                if (level >= chunkBits) {
                    byte[] out = new byte[32];
                    levels[level].get(lo >> level, out, 0);
                    return out;
                }
                long c = lo >> chunkBits;
                byte[] leaves = chunk(c);
                return perfectRoot(leaves, (int) (lo - (c << chunkBits)) * 32, (int) n, md);
            }
            long k = Long.highestOneBit(n - 1);
            return Digests.node(md, mth(lo, lo + k), mth(lo + k, hi));
        }

        void path(long m, long lo, long hi, List<byte[]> out) {
            if (hi - lo == 1) {
                return;
            }
            long k = Long.highestOneBit(hi - lo - 1);
            if (m < lo + k) {
                path(m, lo, lo + k, out);
                out.add(mth(lo + k, hi));
            } else {
                path(m, lo + k, hi, out);
                out.add(mth(lo, lo + k));
            }
        }

        /** SUBPROOF(m - lo, D[lo:hi], b) with m absolute. */
        void subproof(long m, long lo, long hi, boolean b, List<byte[]> out) {
            if (m == hi) {
                if (!b) {
                    out.add(mth(lo, hi));
                }
                return;
            }
            long k = Long.highestOneBit(hi - lo - 1);
            if (m <= lo + k) {
                subproof(m, lo, lo + k, b, out);
                out.add(mth(lo + k, hi));
            } else {
                subproof(m, lo + k, hi, false, out);
                out.add(mth(lo, lo + k));
            }
        }
    }
}
