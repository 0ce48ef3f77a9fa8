package io.tearline.store.internal;

import io.tearline.store.InputError;
import io.tearline.store.StoreException;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.classic.Token;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;

/**
 * The analyst's query language: Lucene's classic syntax over the portion text only, all words
 * required by default, a hyphenated word searched as the phrase it is indexed as.
 */
public final class QueryParsing {

    public static final String TEXT = "text";
    private static final int MAX_LENGTH = 4096;

    private QueryParsing() {}

    public static Query parse(String input, Analyzer analyzer) {
        if (input.isBlank()) {
            throw error("search.empty", "the query is empty", 0);
        }
        if (input.length() > MAX_LENGTH) {
            throw error("search.too-long", "the query is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        QueryParser parser = new QueryParser(TEXT, analyzer) {
            @Override
            protected Query newFuzzyQuery(Term term, float minimumSimilarity, int prefixLength) {
                // constant score over every expansion: the default top-terms rewrite would choose and
                // weigh expansions by index-wide frequencies, invisible portions included
                String text = term.text();
                int edits = FuzzyQuery.floatToEdits(minimumSimilarity, text.codePointCount(0, text.length()));
                return new FuzzyQuery(term, edits, prefixLength, FuzzyQuery.defaultMaxExpansions,
                        FuzzyQuery.defaultTranspositions, MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE);
            }
        };
        parser.setDefaultOperator(QueryParser.Operator.AND);
        parser.setSplitOnWhitespace(true); // each word analysed alone, so that a hyphenated one becomes a phrase
        parser.setAutoGeneratePhraseQueries(true);
        parser.setAllowLeadingWildcard(false);
        parser.setMultiTermRewriteMethod(MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE);
        Query query;
        try {
            query = parser.parse(input);
        } catch (ParseException e) {
            throw error("search.syntax", firstLine(e.getMessage()), offset(input, e));
        } catch (IndexSearcher.TooManyClauses e) {
            throw error("search.too-complex", "the query expands to too many terms", 0);
        }
        query.visit(new QueryVisitor() {
            @Override
            public boolean acceptField(String field) {
                if (!TEXT.equals(field)) {
                    throw error("search.field", "only the portion text can be searched, not field '" + field + "'",
                            Math.max(0, input.indexOf(field + ":")));
                }
                return true;
            }

            @Override
            public QueryVisitor getSubVisitor(org.apache.lucene.search.BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
        return query;
    }

    private static StoreException error(String rule, String message, int offset) {
        return new StoreException(StoreException.BAD_QUERY, message,
                List.of(new InputError(new InputError.Location.Field("query"), rule, message, offset)));
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The character offset of the token the parser stopped at (its columns are 1-based, lines too). */
    private static int offset(String input, ParseException e) {
        Token t = e.currentToken;
        if (t == null || t.next == null) {
            return 0;
        }
        Token at = t.next;
        int line = 1;
        int pos = 0;
        while (line < at.beginLine && pos < input.length()) {
            if (input.charAt(pos++) == '\n') {
                line++;
            }
        }
        return Math.min(input.length(), Math.max(0, pos + at.beginColumn - 1));
    }
}
