package io.tearline.store.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tearline.store.VisibleLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefHash;
import org.apache.lucene.util.FixedBitSet;

/**
 * The terms of one segment's text field that occur in the documents one reader may see, with their
 * document frequency and total term frequency over exactly those documents. It is built from the
 * visible documents alone (their stored text, analysed again as at index time), never from the
 * segment's terms dictionary or postings, so a term that only hidden documents hold is not in it:
 * a search treats it as a term that exists nowhere, and ranking statistics and multi-term expansion
 * come from here.
 *
 * <p>Segments are immutable except for deletions; entries are cached per segment core and visible
 * set, each keeping the vocabularies of a few recent deletion states. A reader whose visible live
 * documents are a subset of a cached state's is derived from it by subtracting the documents deleted
 * since (usually a handful); otherwise the vocabulary is built afresh. The cache is bounded by an
 * estimate of its memory and drops a segment's entries when the segment is closed.
 */
public final class VisibleVocabulary {

    /** Default bound of the cache, in estimated bytes. */
    static final long DEFAULT_MAX_BYTES = 256L << 20;
    private static final int STATES_PER_ENTRY = 4;

    private final Analyzer analyzer;
    private final Cache<Key, Entry> cache;
    private final LongAdder derived = new LongAdder();
    private final Set<Object> watched = ConcurrentHashMap.newKeySet(); // cores with a closed listener

    private record Key(Object core, VisibleLabels visible) {}

    VisibleVocabulary(Analyzer analyzer, long maxBytes) {
        this.analyzer = analyzer;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<Key, Entry>weigher((k, e) -> e.weight())
                .build();
    }

    /**
     * The vocabulary of {@code reader}'s visible live documents, where {@code leaf} is its visibility
     * entry (the visible live documents and their statistics).
     */
    public Lexicon get(LeafReader reader, VisibleLabels visible, VisibilityCache.Leaf leaf) throws IOException {
        if (leaf.count() == 0) {
            return Lexicon.EMPTY;
        }
        IndexReader.CacheHelper core = reader.getCoreCacheHelper();
        if (core == null) {
            return build(reader, leaf.bits());
        }
        Key key = new Key(core.getKey(), visible);
        if (watched.add(key.core())) {
            core.addClosedListener(closed -> {
                watched.remove(closed);
                cache.asMap().keySet().removeIf(x -> x.core() == closed);
            });
        }
        Entry entry = cache.get(key, k -> new Entry());
        Lexicon found = entry.find(leaf.bits());
        if (found != null) {
            return found;
        }
        Lexicon base = entry.nearest(leaf.bits());
        Lexicon terms;
        if (base == null) {
            terms = build(reader, leaf.bits());
        } else {
            terms = base.minus(reader, leaf.bits(), analyzer);
            derived.increment();
        }
        entry.add(terms);
        cache.put(key, entry); // re-weigh
        return terms;
    }

    /** Vocabularies derived from another by subtracting deleted documents (for tests). */
    long derivations() {
        return derived.sum();
    }

    /** Entries held (for tests). */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Lexicon build(LeafReader reader, FixedBitSet docs) throws IOException {
        Counter counter = new Counter();
        StoredFields stored = reader.storedFields();
        int max = Math.min(docs.length(), reader.maxDoc());
        for (int doc = docs.nextSetBit(0); doc < max; doc = doc + 1 >= max ? max : docs.nextSetBit(doc + 1)) {
            counter.add(text(stored, doc), analyzer);
        }
        return counter.terms(docs);
    }

    private static String text(StoredFields stored, int doc) throws IOException {
        String text = stored.document(doc, Set.of(QueryParsing.TEXT)).get(QueryParsing.TEXT);
        return text == null ? "" : text;
    }

    /** The vocabularies of one segment core and visible set, most recent last. */
    private static final class Entry {
        private final List<Lexicon> states = new ArrayList<>(STATES_PER_ENTRY);

        synchronized Lexicon find(FixedBitSet docs) {
            for (Lexicon t : states) {
                if (t.docs == docs || t.docs.equals(docs)) {
                    return t;
                }
            }
            return null;
        }

        /** The state with the fewest documents to subtract among those that include all of {@code docs}. */
        synchronized Lexicon nearest(FixedBitSet docs) {
            Lexicon best = null;
            long bestExtra = Long.MAX_VALUE;
            long want = docs.cardinality();
            for (Lexicon t : states) {
                if (t.docs.length() == docs.length() && FixedBitSet.intersectionCount(t.docs, docs) == want) {
                    long extra = t.docCount - want;
                    if (extra < bestExtra) {
                        best = t;
                        bestExtra = extra;
                    }
                }
            }
            return best;
        }

        synchronized void add(Lexicon terms) {
            if (find(terms.docs) != null) {
                return; // built concurrently by another search
            }
            if (states.size() == STATES_PER_ENTRY) {
                states.remove(0);
            }
            states.add(terms);
        }

        synchronized int weight() {
            long w = 64;
            byte[] shared = null;
            for (Lexicon t : states) {
                w += t.weight(t.bytes != shared);
                shared = t.bytes;
            }
            return (int) Math.min(Integer.MAX_VALUE, w);
        }
    }

    /**
     * Visible terms in byte order with their statistics. A term whose statistics fell to zero (all
     * its visible documents deleted) is absent.
     */
    public static final class Lexicon {
        static final Lexicon EMPTY = new Lexicon(new byte[0], new int[] {0}, new int[0], new long[0], new FixedBitSet(1), 0);

        private final byte[] bytes;
        private final int[] starts; // term i is bytes[starts[i], starts[i + 1])
        private final int[] docFreq;
        private final long[] totalTermFreq;
        private final FixedBitSet docs; // the documents counted
        private final long docCount;

        private Lexicon(byte[] bytes, int[] starts, int[] docFreq, long[] totalTermFreq, FixedBitSet docs, long docCount) {
            this.bytes = bytes;
            this.starts = starts;
            this.docFreq = docFreq;
            this.totalTermFreq = totalTermFreq;
            this.docs = docs;
            this.docCount = docCount;
        }

        /** Terms held, including any whose statistics fell to zero. */
        public int size() {
            return docFreq.length;
        }

        public int docFreq(int i) {
            return docFreq[i];
        }

        public long totalTermFreq(int i) {
            return totalTermFreq[i];
        }

        /** Points {@code into} at term {@code i} (no copy). */
        public BytesRef term(int i, BytesRef into) {
            into.bytes = bytes;
            into.offset = starts[i];
            into.length = starts[i + 1] - starts[i];
            return into;
        }

        /**
         * The index of the first term at or after {@code target} in byte order ({@link #size()} if
         * none). Its cost depends only on the number of visible terms.
         */
        public int ceil(BytesRef target) {
            int lo = 0;
            int hi = docFreq.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = Arrays.compareUnsigned(bytes, starts[mid], starts[mid + 1],
                        target.bytes, target.offset, target.offset + target.length);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return lo;
        }

        /** Whether term {@code i} equals {@code target}. */
        public boolean equalsAt(int i, BytesRef target) {
            return Arrays.equals(bytes, starts[i], starts[i + 1], target.bytes, target.offset, target.offset + target.length);
        }

        long weight(boolean countBytes) {
            long w = 48L + docFreq.length * 12L + docs.ramBytesUsed();
            return countBytes ? w + bytes.length + starts.length * 4L : w;
        }

        /** This vocabulary without the documents of {@code this.docs} that are not in {@code keep}. */
        Lexicon minus(LeafReader reader, FixedBitSet keep, Analyzer analyzer) throws IOException {
            FixedBitSet gone = docs.clone();
            gone.andNot(keep);
            if (gone.cardinality() == 0) {
                return new Lexicon(bytes, starts, docFreq, totalTermFreq, keep, docCount);
            }
            Counter counter = new Counter();
            StoredFields stored = reader.storedFields();
            int max = Math.min(gone.length(), reader.maxDoc());
            for (int doc = gone.nextSetBit(0); doc < max; doc = doc + 1 >= max ? max : gone.nextSetBit(doc + 1)) {
                counter.add(text(stored, doc), analyzer);
            }
            int[] df = docFreq.clone();
            long[] ttf = totalTermFreq.clone();
            BytesRef scratch = new BytesRef();
            for (int id = 0; id < counter.hash.size(); id++) {
                BytesRef t = counter.hash.get(id, scratch);
                int i = ceil(t);
                if (i < df.length && equalsAt(i, t)) {
                    df[i] -= counter.docFreq[id];
                    ttf[i] -= counter.totalTermFreq[id];
                }
            }
            return new Lexicon(bytes, starts, df, ttf, keep, keep.cardinality());
        }
    }

    /** Counts terms of analysed texts. */
    private static final class Counter {
        final BytesRefHash hash = new BytesRefHash();
        int[] docFreq = new int[1024];
        long[] totalTermFreq = new long[1024];
        int[] lastText = new int[1024];
        int texts;

        void add(String text, Analyzer analyzer) {
            texts++;
            try (TokenStream ts = analyzer.tokenStream(QueryParsing.TEXT, text)) {
                TermToBytesRefAttribute term = ts.addAttribute(TermToBytesRefAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    int id = hash.add(term.getBytesRef());
                    if (id < 0) {
                        id = -id - 1;
                    } else if (id == docFreq.length) {
                        int n = id * 2;
                        docFreq = Arrays.copyOf(docFreq, n);
                        totalTermFreq = Arrays.copyOf(totalTermFreq, n);
                        lastText = Arrays.copyOf(lastText, n);
                    }
                    if (lastText[id] != texts) {
                        lastText[id] = texts;
                        docFreq[id]++;
                    }
                    totalTermFreq[id]++;
                }
                ts.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Lexicon terms(FixedBitSet docs) {
            int n = hash.size();
            int[] sorted = hash.sort();
            BytesRef scratch = new BytesRef();
            int total = 0;
            for (int i = 0; i < n; i++) {
                total += hash.get(sorted[i], scratch).length;
            }
            byte[] bytes = new byte[total];
            int[] starts = new int[n + 1];
            int[] df = new int[n];
            long[] ttf = new long[n];
            int at = 0;
            for (int i = 0; i < n; i++) {
                int id = sorted[i];
                BytesRef t = hash.get(id, scratch);
                System.arraycopy(t.bytes, t.offset, bytes, at, t.length);
                starts[i] = at;
                at += t.length;
                df[i] = docFreq[id];
                ttf[i] = totalTermFreq[id];
            }
            starts[n] = at;
            return new Lexicon(bytes, starts, df, ttf, docs, docs.cardinality());
        }
    }
}
