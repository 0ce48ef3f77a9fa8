package io.tearline.store.accumulo.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The analysis of portion text and query words: Lucene's StandardAnalyzer (Unicode word breaks, lower
 * case, no stop words), the analyser of the store's Lucene index, so that both backends index the same
 * terms and a query word means the same on both.
 */
public final class Analysis {

    /** One token: its term, its position in the portion, and where it is in the text ({@code [start, end)}). */
    public record Token(String term, int position, int start, int end) {}

    private static final Analyzer ANALYZER = new StandardAnalyzer();

    private Analysis() {}

    public static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        try (TokenStream ts = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            int position = -1;
            while (ts.incrementToken()) {
                position += inc.getPositionIncrement();
                out.add(new Token(term.toString(), position, offset.startOffset(), offset.endOffset()));
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The terms of a text, in order. */
    public static List<String> terms(String text) {
        return tokens(text).stream().map(Token::term).toList();
    }
}
