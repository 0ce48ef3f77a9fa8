package io.tearline.store;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The set of label ids one reader may see: the visibility filter a search carries into the Lucene
 * query. Immutable and thread-safe; equal sets are equal objects (they share cached filters). A label
 * not in the set is invisible, so labels created after the set was computed are invisible until the
 * caller computes a new one (fail closed).
 *
 * <p>A reader's set may also carry the reader's own access authorizations (see
 * {@link #withAuthorizations}): a {@link Replica} scans with them, so that its servers enforce what the
 * labels decide. They take no part in equality: the labels are the decision, the authorizations the
 * same decision in the form a replica's servers evaluate.
 */
public final class VisibleLabels {

    private static final VisibleLabels NONE = new VisibleLabels(new BitSet());

    private final BitSet bits;
    /** The same bits as words, at least one, for {@link #contains}. */
    private final long[] words;
    private final int size;
    private final int hash;
    private final Optional<SortedSet<String>> authorizations;

    private VisibleLabels(BitSet bits) {
        this(bits, Optional.empty());
    }

    private VisibleLabels(BitSet bits, Optional<SortedSet<String>> authorizations) {
        this.authorizations = authorizations;
        this.bits = bits;
        long[] w = bits.toLongArray();
        this.words = w.length == 0 ? new long[1] : w;
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

    /** The same labels, carrying the reader's access authorizations. */
    public VisibleLabels withAuthorizations(Set<String> authorizations) {
        return new VisibleLabels(bits, Optional.of(java.util.Collections.unmodifiableSortedSet(new TreeSet<>(authorizations))));
    }

    /** The reader's access authorizations, when the caller derived them (a principal's read); empty for other callers. */
    public Optional<SortedSet<String>> authorizations() {
        return authorizations;
    }

    /**
     * Whether the label is visible, in the same steps for every label id: a label past the last visible
     * one (or negative) reads a word and is masked off rather than answered early, so deciding a hidden
     * report's labels costs what deciding a missing report's label 0 costs.
     */
    public boolean contains(int labelId) {
        int word = labelId >>> 6; // a negative id gives a word past the end
        long inRange = (long) (word - words.length) >> 63; // all bits when inside the array, else 0
        return ((words[Math.min(word, words.length - 1)] & inRange) >>> labelId & 1) != 0;
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
