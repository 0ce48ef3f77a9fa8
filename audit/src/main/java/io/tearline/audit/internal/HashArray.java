package io.tearline.audit.internal;

import java.util.Arrays;

/**
 * An append-only array of 32-byte hashes with one writer and many readers. A reader that has seen a
 * count (through the log's volatile size) may read every element below it without locking: elements
 * never change once written, and a grown array is published only after the old elements are copied.
 */
final class HashArray {

    private volatile byte[] data = new byte[0]; // most of the 56 levels stay tiny
    private int count; // writer-only

    void add(byte[] hash, int off) {
        byte[] d = data;
        if ((count + 1) * 32 > d.length) {
            d = Arrays.copyOf(d, Math.max(32 * 4, d.length * 2));
            data = d;
        }
        System.arraycopy(hash, off, d, count * 32, 32);
        count++;
    }

    int count() {
        return count;
    }

    /** Copies element {@code i} into {@code out} at {@code off}; the caller knows {@code i} is published. */
    void get(long i, byte[] out, int off) {
        System.arraycopy(data, Math.toIntExact(i * 32), out, off, 32);
    }

    byte[] get(long i) {
        byte[] out = new byte[32];
        get(i, out, 0);
        return out;
    }

    long bytesUsed() {
        return data.length;
    }
}
