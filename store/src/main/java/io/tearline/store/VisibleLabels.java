package io.tearline.store;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;

/**
 * The set of label ids one reader may see: the visibility filter a search carries into the Lucene
 * query. Immutable and thread-safe; equal sets are equal objects (they share cached filters). A label
 * not in the set is invisible, so labels created after the set was computed are invisible until the
 * caller computes a new one (fail closed).
 */
public final class VisibleLabels {

    private static final VisibleLabels NONE = new VisibleLabels(new BitSet());

    private final BitSet bits;
    private final int size;
    private final int hash;

    private VisibleLabels(BitSet bits) {
        this.bits = bits;
        this.size = bits.cardinality();
        this.hash = bits.hashCode();
    }

    public static VisibleLabels none() {
        return NONE;
    }

    public static VisibleLabels of(int... labelIds) {
        BitSet b = new BitSet();
        for (int id : labelIds) {
            if (id < 0) {
                throw new IllegalArgumentException("label ids are not negative: " + id);
            }
            b.set(id);
        }
        return new VisibleLabels(b);
    }

    public static VisibleLabels of(Collection<Integer> labelIds) {
        return of(labelIds.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A set copied from {@code bits} (bit i set = label i visible). */
    public static VisibleLabels of(BitSet bits) {
        return new VisibleLabels((BitSet) bits.clone());
    }

    public boolean contains(int labelId) {
        return labelId >= 0 && bits.get(labelId);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The visible label ids, ascending. */
    public int[] toArray() {
        return bits.stream().toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof VisibleLabels v && v.hash == hash && v.bits.equals(bits));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "VisibleLabels" + Arrays.toString(toArray());
    }
}
