package io.tearline.store.internal;

import io.tearline.store.VisibleLabels;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * Per segment reader and visible-label set: the bitset of live documents whose label is visible, and
 * the collection statistics of exactly those documents. Entries die with their segment reader (a
 * segment whose deletions changed is a new reader), and each segment keeps the most recent sets.
 */
public final class VisibilityCache {

    /** The visible documents of one segment and their statistics. */
    public record Leaf(FixedBitSet bits, int count, int withText, long sumTokens, long sumDistinct) {}

    static final String LABEL = "label";
    static final String TOKENS = "tokens";
    static final String DISTINCT = "distinct";

    private static final int SETS_PER_SEGMENT = 64;

    private final Map<IndexReader.CacheKey, Map<VisibleLabels, Leaf>> bySegment = new ConcurrentHashMap<>();

    public Leaf get(LeafReader reader, VisibleLabels visible) throws IOException {
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        if (helper == null) {
            return compute(reader, visible);
        }
        Map<VisibleLabels, Leaf> sets = bySegment.computeIfAbsent(helper.getKey(), key -> {
            helper.addClosedListener(bySegment::remove);
            return new RecentSets();
        });
        synchronized (sets) {
            Leaf leaf = sets.get(visible);
            if (leaf != null) {
                return leaf;
            }
        }
        Leaf leaf = compute(reader, visible);
        synchronized (sets) {
            sets.put(visible, leaf);
        }
        return leaf;
    }

    /** A segment's visible sets, least recently used dropped beyond {@link #SETS_PER_SEGMENT}. */
    private static final class RecentSets extends LinkedHashMap<VisibleLabels, Leaf> {
        RecentSets() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<VisibleLabels, Leaf> eldest) {
            return size() > SETS_PER_SEGMENT;
        }
    }

    /** Entries held (for tests). */
    public int size() {
        return bySegment.values().stream().mapToInt(m -> {
            synchronized (m) {
                return m.size();
            }
        }).sum();
    }

    private static Leaf compute(LeafReader reader, VisibleLabels visible) throws IOException {
        FixedBitSet bits = new FixedBitSet(Math.max(1, reader.maxDoc()));
        if (visible.isEmpty()) {
            return new Leaf(bits, 0, 0, 0, 0);
        }
        NumericDocValues labels = DocValues.getNumeric(reader, LABEL);
        NumericDocValues tokens = DocValues.getNumeric(reader, TOKENS);
        NumericDocValues distinct = DocValues.getNumeric(reader, DISTINCT);
        Bits live = reader.getLiveDocs();
        int count = 0;
        int withText = 0;
        long sumTokens = 0;
        long sumDistinct = 0;
        for (int doc = labels.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = labels.nextDoc()) {
            if ((live == null || live.get(doc)) && visible.contains((int) labels.longValue())) {
                bits.set(doc);
                count++;
                if (tokens.advanceExact(doc) && tokens.longValue() > 0) {
                    withText++;
                    sumTokens += tokens.longValue();
                }
                if (distinct.advanceExact(doc)) {
                    sumDistinct += distinct.longValue();
                }
            }
        }
        return new Leaf(bits, count, withText, sumTokens, sumDistinct);
    }
}
