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
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * The analyst's query language: Lucene's classic syntax over the portion text only, all words
 * required by default, a hyphenated word searched as the phrase it is indexed as. Patterns are
 * bounded at parse time by {@link SearchLimits}.
 */
public final class QueryParsing {

    public static final String TEXT = "text";

    private QueryParsing() {}

    public static Query parse(String input, Analyzer analyzer) {
        if (input.isBlank()) {
            throw error("search.empty", "the query is empty", 0);
        }
        if (input.length() > SearchLimits.MAX_QUERY_LENGTH) {
            throw SearchLimits.exceeded(SearchLimits.QUERY_LENGTH, "the query is longer than "
                    + SearchLimits.MAX_QUERY_LENGTH + " characters", SearchLimits.MAX_QUERY_LENGTH);
        }
        QueryParser parser = new QueryParser(TEXT, analyzer) {
            private int patterns;

            private void pattern(String text) {
                if (++patterns > SearchLimits.MAX_PATTERNS) {
                    throw SearchLimits.exceeded(SearchLimits.PATTERNS, "the query has more than "
                            + SearchLimits.MAX_PATTERNS + " patterns (prefix, wildcard, regular expression, fuzzy or"
                            + " range terms); the limit is " + SearchLimits.MAX_PATTERNS,
                            SearchLimits.offsetOf(input, text));
                }
            }

            @Override
            protected Query newFuzzyQuery(Term term, float minimumSimilarity, int prefixLength) {
                String text = term.text();
                pattern(text);
                if (minimumSimilarity >= 1f && minimumSimilarity > SearchLimits.MAX_FUZZY_EDITS) {
                    throw SearchLimits.exceeded(SearchLimits.FUZZY_EDITS, "'" + text + "~" + (int) minimumSimilarity
                            + "' asks for more than " + SearchLimits.MAX_FUZZY_EDITS + " edits; the limit is "
                            + SearchLimits.MAX_FUZZY_EDITS, SearchLimits.offsetOf(input, text));
                }
                int length = text.codePointCount(0, text.length());
                int edits = FuzzyQuery.floatToEdits(minimumSimilarity, length);
                if (edits > 0 && length < edits + SearchLimits.FUZZY_LENGTH_OVER_EDITS) {
                    throw SearchLimits.exceeded(SearchLimits.FUZZY_LENGTH, "'" + text + "' is too short for " + edits
                            + (edits == 1 ? " edit" : " edits") + ": a fuzzy term needs at least its edits + "
                            + SearchLimits.FUZZY_LENGTH_OVER_EDITS + " characters", SearchLimits.offsetOf(input, text));
                }
                // constant score over every expansion: the default top-terms rewrite would choose and
                // weigh expansions by index-wide frequencies, invisible portions included
                return new FuzzyQuery(term, edits, prefixLength, FuzzyQuery.defaultMaxExpansions,
                        FuzzyQuery.defaultTranspositions, MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE);
            }

            @Override
            protected Query getWildcardQuery(String field, String termStr) throws ParseException {
                if (!"*".equals(field) && (termStr.startsWith("*") || termStr.startsWith("?"))) {
                    throw SearchLimits.exceeded(SearchLimits.LEADING_WILDCARD, "'" + termStr
                            + "' starts with a wildcard; a pattern must start with a character",
                            SearchLimits.offsetOf(input, termStr));
                }
                return super.getWildcardQuery(field, termStr);
            }

            @Override
            protected Query newWildcardQuery(Term t) {
                pattern(t.text());
                return super.newWildcardQuery(t);
            }

            @Override
            protected Query newPrefixQuery(Term prefix) {
                pattern(prefix.text());
                return super.newPrefixQuery(prefix);
            }

            @Override
            protected Query newRangeQuery(String field, String part1, String part2, boolean startInclusive,
                    boolean endInclusive) {
                pattern(part1);
                return super.newRangeQuery(field, part1, part2, startInclusive, endInclusive);
            }

            @Override
            protected Query newRegexpQuery(Term regexp) {
                String text = regexp.text();
                int at = SearchLimits.offsetOf(input, text);
                pattern(text);
                if (text.length() > SearchLimits.MAX_REGEX_LENGTH) {
                    throw SearchLimits.exceeded(SearchLimits.REGEX_LENGTH, "a regular expression may have at most "
                            + SearchLimits.MAX_REGEX_LENGTH + " characters", at);
                }
                RegExp parsed;
                try {
                    parsed = new RegExp(text, RegExp.ALL);
                } catch (IllegalArgumentException e) {
                    throw error("search.syntax", "invalid regular expression: " + firstLine(String.valueOf(e.getMessage())),
                            at);
                }
                if (SearchLimits.states(parsed) > SearchLimits.MAX_REGEX_STATES) {
                    throw SearchLimits.exceeded(SearchLimits.REGEX_COMPLEXITY, "the regular expression '" + text
                            + "' compiles to more than " + SearchLimits.MAX_REGEX_STATES + " states; the limit is "
                            + SearchLimits.MAX_REGEX_STATES, at);
                }
                try {
                    return super.newRegexpQuery(regexp);
                } catch (TooComplexToDeterminizeException e) {
                    throw SearchLimits.exceeded(SearchLimits.REGEX_COMPLEXITY, "the regular expression '" + text
                            + "' needs more than " + SearchLimits.DETERMINIZE_WORK_LIMIT
                            + " units of determinization work; the limit is " + SearchLimits.DETERMINIZE_WORK_LIMIT, at);
                } catch (IllegalArgumentException e) {
                    throw error("search.syntax", "invalid regular expression: " + firstLine(String.valueOf(e.getMessage())),
                            at);
                }
            }
        };
        parser.setDefaultOperator(QueryParser.Operator.AND);
        parser.setSplitOnWhitespace(true); // each word analysed alone, so that a hyphenated one becomes a phrase
        parser.setAutoGeneratePhraseQueries(true);
        parser.setAllowLeadingWildcard(false);
        parser.setDeterminizeWorkLimit(SearchLimits.DETERMINIZE_WORK_LIMIT);
        parser.setMultiTermRewriteMethod(MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE);
        Query query;
        try {
            query = parser.parse(input);
        } catch (ParseException e) {
            if (e.getCause() instanceof IndexSearcher.TooManyClauses) {
                throw SearchLimits.tooManyClauses(-1);
            }
            throw error("search.syntax", firstLine(e.getMessage()), offset(input, e));
        } catch (IndexSearcher.TooManyClauses e) {
            throw SearchLimits.tooManyClauses(-1);
        } catch (TooComplexToDeterminizeException e) {
            throw SearchLimits.exceeded(SearchLimits.REGEX_COMPLEXITY, "a pattern in the query needs more than "
                    + SearchLimits.DETERMINIZE_WORK_LIMIT + " units of determinization work; the limit is "
                    + SearchLimits.DETERMINIZE_WORK_LIMIT, 0);
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

    static StoreException error(String rule, String message, int offset) {
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
