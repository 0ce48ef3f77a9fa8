package io.tearline.store.internal;

import io.tearline.store.TextWords;
import java.util.Arrays;
import java.util.List;
import java.util.ArrayList;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The release guard's fingerprint index (winnowing, Schleimer, Wilkerson and Aiken, SIGMOD 2003) over
 * {@link TextWords normalised words}.
 *
 * <p>Every word {@value #K}-gram of a portion is hashed to 64 bits; in every window of {@value #W}
 * consecutive hashes the smallest (the rightmost on a tie) is kept. Any run of {@link #RUN} =
 * {@code K + W - 1} = 8 or more consecutive words that two texts share contains a whole window of the
 * stored text, whose kept hash is a K-gram of the run and so also a K-gram of the other text. Looking
 * up every K-gram hash of an outgoing text therefore finds every stored portion that shares an 8-word
 * run with it (and perhaps some that share only 5 words, or collide: callers verify on the text).
 * About 2/(W+1) = 40% of a portion's K-grams are kept.
 *
 * <p>The kept hashes live beside the search index: each portion's document in {@link SearchIndex}
 * carries them as keywords of {@link #FIELD} (8 bytes each, big-endian; documents only: no frequencies,
 * positions, norms or doc values), written when the document is and derived, like the rest of the
 * index, from the store's change feed (so they follow every write, are caught up on open and rebuilt
 * by a reindex). A lookup is one term-set query over the outgoing text's K-gram hashes: a seek in the
 * term dictionary per hash.
 */
public final class Fingerprints {

    /** Words per hashed gram. */
    public static final int K = 5;
    /** Hashes per winnowing window. */
    public static final int W = 4;
    /** The shortest shared run of words that is always found. */
    public static final int RUN = K + W - 1;

    /** The search-index field holding a portion's winnowed hashes. */
    static final String FIELD = "fingerprint";

    private static final FieldType TYPE = new FieldType();

    static {
        TYPE.setTokenized(false);
        TYPE.setOmitNorms(true);
        TYPE.setIndexOptions(IndexOptions.DOCS);
        TYPE.freeze();
    }

    private Fingerprints() {}

    /** Every K-gram hash of the words, in order (one per position; empty when fewer than K words). */
    public static long[] grams(List<TextWords.Word> words) {
        int n = words.size() - K + 1;
        if (n <= 0) {
            return new long[0];
        }
        long[] wordHash = new long[words.size()];
        for (int i = 0; i < wordHash.length; i++) {
            wordHash[i] = hash(words.get(i).text());
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long h = 0x9E3779B97F4A7C15L;
            for (int j = 0; j < K; j++) {
                h = mix(h ^ wordHash[i + j]) + j;
            }
            out[i] = h;
        }
        return out;
    }

    /** The winnowed hashes of a text, distinct and ascending; empty when it has fewer than {@link #RUN} words. */
    public static long[] winnow(String text) {
        List<TextWords.Word> words = TextWords.words(text);
        if (words.size() < RUN) {
            return new long[0];
        }
        long[] g = grams(words);
        long[] kept = new long[g.length];
        int n = 0;
        int last = -1; // the position last kept: consecutive windows mostly keep the same one
        for (int i = 0; i + W <= g.length; i++) {
            int min = i;
            for (int j = i + 1; j < i + W; j++) {
                if (g[j] <= g[min]) {
                    min = j;
                }
            }
            if (min != last) {
                kept[n++] = g[min];
                last = min;
            }
        }
        Arrays.sort(kept, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || kept[i] != kept[distinct - 1]) {
                kept[distinct++] = kept[i];
            }
        }
        return Arrays.copyOf(kept, distinct);
    }

    private static long hash(String s) {
        long h = 0xCBF29CE484222325L; // FNV-1a over UTF-16 units, then mixed
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix(h);
    }

    private static long mix(long z) { // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- the index fields --------------------------------------------------------------------

    /**
     * Adds a portion's winnowed fingerprints to its search-index document: one point per distinct
     * hash in {@link #FIELD}, not scored, no positions, no doc values (looked up by value only).
     */
    static void addTo(Document d, String text) {
        for (long h : winnow(text)) {
            d.add(new Field(FIELD, term(h), TYPE));
        }
    }

    /** The documents holding any of these hashes. */
    static Query anyOf(long[] hashes) {
        List<BytesRef> terms = new ArrayList<>(hashes.length);
        for (long h : hashes) {
            terms.add(term(h));
        }
        return new TermInSetQuery(FIELD, terms);
    }

    private static BytesRef term(long h) {
        byte[] b = new byte[Long.BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (h >>> (56 - 8 * i));
        }
        return new BytesRef(b);
    }
}
