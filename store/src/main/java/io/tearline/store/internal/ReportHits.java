package io.tearline.store.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.PriorityQueue;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Collects every matching portion and keeps, per report, the best one: the total is the number of
 * distinct reports, the score a report's best portion's. Exhaustive by design: a report total cannot
 * be estimated from top hits.
 */
public final class ReportHits implements Collector {

    static final String REPORT = "rid";
    static final String PORTION = "portion";

    /** One report's best portion. */
    public record Best(long report, float score, int doc, int portion) {}

    private long[] keys = new long[64];
    private int[] slots = new int[64]; // slot + 1; 0 = empty
    private float[] scores = new float[32];
    private int[] docs = new int[32];
    private int[] portions = new int[32];
    private long[] reports = new long[32];
    private int size;

    public static CollectorManager<ReportHits, ReportHits> manager() {
        return new CollectorManager<>() {
            @Override
            public ReportHits newCollector() {
                return new ReportHits();
            }

            @Override
            public ReportHits reduce(Collection<ReportHits> collectors) {
                ReportHits all = new ReportHits();
                for (ReportHits h : collectors) {
                    for (int i = 0; i < h.size; i++) {
                        all.add(h.reports[i], h.scores[i], h.docs[i], h.portions[i]);
                    }
                }
                return all;
            }
        };
    }

    /** Distinct reports matched. */
    public int total() {
        return size;
    }

    /** The page [offset, offset + limit) by score descending, then report id ascending. */
    public Best[] page(int offset, int limit) {
        int want = (int) Math.min((long) offset + limit, size);
        if (want <= offset) {
            return new Best[0];
        }
        // bounded heap of the best `want`, worst on top
        PriorityQueue<Integer> heap = new PriorityQueue<>(want + 1, (a, b) -> compare(b, a));
        for (int i = 0; i < size; i++) {
            if (heap.size() < want) {
                heap.add(i);
            } else if (compare(i, heap.peek()) < 0) {
                heap.poll();
                heap.add(i);
            }
        }
        Integer[] best = heap.toArray(new Integer[0]);
        Arrays.sort(best, this::compare);
        Best[] out = new Best[want - offset];
        for (int i = offset; i < want; i++) {
            int s = best[i];
            out[i - offset] = new Best(reports[s], scores[s], docs[s], portions[s]);
        }
        return out;
    }

    /** Better first: higher score, then lower report id (unsigned, so that the order is the hex order). */
    private int compare(int a, int b) {
        int c = Float.compare(scores[b], scores[a]);
        return c != 0 ? c : Long.compareUnsigned(reports[a], reports[b]);
    }

    @Override
    public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE;
    }

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
        NumericDocValues rid = DocValues.getNumeric(context.reader(), REPORT);
        NumericDocValues portion = DocValues.getNumeric(context.reader(), PORTION);
        int base = context.docBase;
        return new LeafCollector() {
            private Scorable scorer;

            @Override
            public void setScorer(Scorable scorer) {
                this.scorer = scorer;
            }

            @Override
            public void collect(int doc) throws IOException {
                float score = scorer.score();
                if (!rid.advanceExact(doc) || !portion.advanceExact(doc)) {
                    throw new IllegalStateException("index document without report or portion: " + doc);
                }
                add(rid.longValue(), score, base + doc, (int) portion.longValue());
            }
        };
    }

    private void add(long report, float score, int doc, int portion) {
        int mask = keys.length - 1;
        int i = mix(report) & mask;
        while (slots[i] != 0) {
            if (keys[i] == report) {
                int s = slots[i] - 1;
                if (score > scores[s] || (score == scores[s] && portion < portions[s])) {
                    scores[s] = score;
                    docs[s] = doc;
                    portions[s] = portion;
                }
                return;
            }
            i = (i + 1) & mask;
        }
        if (size == scores.length) {
            int n = size * 2;
            scores = Arrays.copyOf(scores, n);
            docs = Arrays.copyOf(docs, n);
            portions = Arrays.copyOf(portions, n);
            reports = Arrays.copyOf(reports, n);
        }
        keys[i] = report;
        slots[i] = size + 1;
        scores[size] = score;
        docs[size] = doc;
        portions[size] = portion;
        reports[size] = report;
        size++;
        if (size * 2 > keys.length) {
            rehash();
        }
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldSlots = slots;
        keys = new long[oldKeys.length * 2];
        slots = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldSlots[j] != 0) {
                int i = mix(oldKeys[j]) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                slots[i] = oldSlots[j];
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
