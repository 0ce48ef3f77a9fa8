package io.tearline.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The analysis of portion text, done once per portion at index time: the tokens go to the index and
 * their counts to the per-document values that visible collection statistics are summed from.
 */
public final class TextAnalysis {

    /**
     * One portion's analysed text.
     *
     * @param tokens   its share of sumTotalTermFreq
     * @param distinct its share of sumDocFreq
     */
    public record Analysed(List<String> terms, int[] increments, int tokens, int distinct) {
        /** The same tokens again, for the index writer. */
        public TokenStream stream() {
            return new Replay(terms, increments);
        }
    }

    private TextAnalysis() {}

    /**
     * StandardAnalyzer (Unicode word breaks, lowercase, no stop words): "information-security" is
     * indexed as two adjacent tokens, so the query parser's phrase for it finds it.
     */
    public static Analyzer analyzer() {
        return new StandardAnalyzer();
    }

    public static Analysed analyse(Analyzer analyzer, String field, String text) {
        List<String> terms = new ArrayList<>();
        int[] increments = new int[16];
        Set<String> distinct = new HashSet<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                if (terms.size() == increments.length) {
                    increments = java.util.Arrays.copyOf(increments, increments.length * 2);
                }
                increments[terms.size()] = inc.getPositionIncrement();
                String t = term.toString();
                terms.add(t);
                distinct.add(t);
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Analysed(terms, increments, terms.size(), distinct.size());
    }

    /** Replays analysed tokens (terms and positions; offsets are not indexed). */
    private static final class Replay extends TokenStream {
        private final List<String> terms;
        private final int[] increments;
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute inc = addAttribute(PositionIncrementAttribute.class);
        private int next;

        Replay(List<String> terms, int[] increments) {
            this.terms = terms;
            this.increments = increments;
        }

        @Override
        public boolean incrementToken() {
            if (next >= terms.size()) {
                return false;
            }
            clearAttributes();
            term.setEmpty().append(terms.get(next));
            inc.setPositionIncrement(increments[next]);
            next++;
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }
    }
}
