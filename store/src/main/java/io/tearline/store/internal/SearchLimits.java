package io.tearline.store.internal;

import io.tearline.store.InputError;
import io.tearline.store.StoreException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefHash;
import org.apache.lucene.util.automaton.ByteRunAutomaton;
import org.apache.lucene.util.automaton.RegExp;

/**
 * The bounds on one search's cost. Each is checked before the work it bounds, and a search over a
 * bound fails with a {@link StoreException} whose rule is {@code search.limit.<name>} and whose
 * message names the limit and its value; a search never returns partial results.
 *
 * <table>
 * <caption>Limits</caption>
 * <tr><th>name</th><th>value</th><th>what</th></tr>
 * <tr><td>query-length</td><td>{@value #MAX_QUERY_LENGTH}</td><td>characters in the query</td></tr>
 * <tr><td>clauses</td><td>{@value #MAX_CLAUSES}</td><td>terms the query matches after expansion</td></tr>
 * <tr><td>patterns</td><td>{@value #MAX_PATTERNS}</td><td>prefix, wildcard, regex, fuzzy and range terms</td></tr>
 * <tr><td>expansions</td><td>{@value #MAX_EXPANSIONS}</td><td>terms one pattern expands to</td></tr>
 * <tr><td>leading-wildcard</td><td>-</td><td>a pattern may not start with {@code *} or {@code ?}</td></tr>
 * <tr><td>regex-length</td><td>{@value #MAX_REGEX_LENGTH}</td><td>characters in one regular expression</td></tr>
 * <tr><td>regex-complexity</td><td>{@value #MAX_REGEX_STATES} states, {@value #DETERMINIZE_WORK_LIMIT}
 *     determinization work</td><td>the automaton of one regular expression</td></tr>
 * <tr><td>fuzzy-edits</td><td>{@value #MAX_FUZZY_EDITS}</td><td>edit distance of a fuzzy term</td></tr>
 * <tr><td>fuzzy-length</td><td>edits + {@value #FUZZY_LENGTH_OVER_EDITS}</td><td>characters a fuzzy term
 *     needs</td></tr>
 * <tr><td>time</td><td>{@link #TIME_BUDGET}</td><td>time one search may take</td></tr>
 * </table>
 */
public final class SearchLimits {

    public static final int MAX_QUERY_LENGTH = 4096;
    public static final int MAX_CLAUSES = 1024;
    public static final int MAX_PATTERNS = 16;
    public static final int MAX_EXPANSIONS = 512;
    public static final int MAX_REGEX_LENGTH = 128;
    public static final int MAX_REGEX_STATES = 4096;
    public static final int DETERMINIZE_WORK_LIMIT = 10_000;
    public static final int MAX_FUZZY_EDITS = 2;
    public static final int FUZZY_LENGTH_OVER_EDITS = 2;
    public static final Duration TIME_BUDGET = Duration.ofSeconds(2);

    public static final String QUERY_LENGTH = "query-length";
    public static final String CLAUSES = "clauses";
    public static final String PATTERNS = "patterns";
    public static final String EXPANSIONS = "expansions";
    public static final String LEADING_WILDCARD = "leading-wildcard";
    public static final String REGEX_LENGTH = "regex-length";
    public static final String REGEX_COMPLEXITY = "regex-complexity";
    public static final String FUZZY_EDITS = "fuzzy-edits";
    public static final String FUZZY_LENGTH = "fuzzy-length";
    public static final String TIME = "time";

    private SearchLimits() {}

    /** The rule id of a limit. */
    public static String rule(String limit) {
        return "search.limit." + limit;
    }

    static StoreException exceeded(String limit, String message, int offset) {
        String rule = rule(limit);
        return new StoreException(rule, message,
                List.of(new InputError(new InputError.Location.Field("query"), rule, message, offset)));
    }

    static StoreException timeExceeded(Duration budget) {
        return exceeded(TIME, "the search took longer than its time budget of " + budget.toMillis() + " ms", 0);
    }

    static StoreException tooManyClauses(long clauses) {
        return exceeded(CLAUSES, "the query matches " + (clauses < 0 ? "too many" : "more than " + MAX_CLAUSES)
                + " terms after expansion; the limit is " + MAX_CLAUSES, 0);
    }

    /** Where {@code text} is in the query (ignoring case), or 0 when it cannot be told. */
    static int offsetOf(String input, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int at = input.toLowerCase(Locale.ROOT).indexOf(text.toLowerCase(Locale.ROOT));
        return Math.max(0, at);
    }

    // ---- regular expressions ------------------------------------------------------------

    /**
     * An upper estimate of the states of the automaton a regular expression compiles to (before
     * determinization), computed from its syntax tree so that a nested repetition is refused before it
     * is built.
     */
    static long states(RegExp r) {
        long s = switch (r.kind) {
            case REGEXP_UNION, REGEXP_CONCATENATION, REGEXP_INTERSECTION -> states(r.exp1) + states(r.exp2);
            case REGEXP_OPTIONAL, REGEXP_REPEAT, REGEXP_COMPLEMENT, REGEXP_DEPRECATED_COMPLEMENT -> states(r.exp1) + 1;
            case REGEXP_REPEAT_MIN -> mul(states(r.exp1), (long) r.min + 1);
            case REGEXP_REPEAT_MINMAX -> mul(states(r.exp1), Math.max(1L, r.max));
            case REGEXP_STRING -> r.s == null ? 1 : r.s.length() + 1;
            case REGEXP_INTERVAL -> 10L * Math.max(1, r.digits) + 2;
            case REGEXP_CHAR_CLASS -> (r.from == null ? 1 : r.from.length) + 2;
            default -> 2;
        };
        return Math.min(s, Long.MAX_VALUE / 4);
    }

    private static long mul(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / 4 / b ? Long.MAX_VALUE / 4 : a * b;
    }

    // ---- expansion ----------------------------------------------------------------------

    /**
     * Counts the terms {@code query} matches in {@code reader}'s terms dictionaries (for a search as a
     * reader, the visible ones), expanding each pattern, and fails when a pattern expands to more than
     * {@link #MAX_EXPANSIONS} terms or the query to more than {@link #MAX_CLAUSES}.
     */
    static void checkExpansion(Query query, IndexReader reader, String input) {
        long[] clauses = {0};
        query.visit(new QueryVisitor() {
            @Override
            public void consumeTerms(Query q, Term... terms) {
                add(terms.length);
            }

            @Override
            public void consumeTermsMatching(Query q, String field, Supplier<ByteRunAutomaton> automaton) {
                if (q instanceof MultiTermQuery mtq) {
                    add(expansions(mtq, reader, input));
                } else {
                    add(1);
                }
            }

            @Override
            public void visitLeaf(Query q) {
                add(1);
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this;
            }

            private void add(long n) {
                clauses[0] += n;
                if (clauses[0] > MAX_CLAUSES) {
                    throw tooManyClauses(clauses[0]);
                }
            }
        });
    }

    private static int expansions(MultiTermQuery query, IndexReader reader, String input) {
        BytesRefHash seen = new BytesRefHash();
        try {
            for (LeafReaderContext ctx : reader.leaves()) {
                Terms terms = ctx.reader().terms(query.getField());
                if (terms == null) {
                    continue;
                }
                TermsEnum te = query.getTermsEnum(terms);
                for (BytesRef t = te.next(); t != null; t = te.next()) {
                    if (seen.add(t) >= 0 && seen.size() > MAX_EXPANSIONS) {
                        throw exceeded(EXPANSIONS, "'" + patternText(query) + "' matches more than " + MAX_EXPANSIONS
                                + " terms; the limit is " + MAX_EXPANSIONS + " per pattern",
                                offsetOf(input, patternText(query)));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return seen.size();
    }

    private static String patternText(MultiTermQuery q) {
        if (q instanceof FuzzyQuery f) {
            return f.getTerm().text();
        }
        if (q instanceof RegexpQuery r) {
            return r.getRegexp().text();
        }
        if (q instanceof PrefixQuery p) {
            return p.getPrefix().text();
        }
        if (q instanceof WildcardQuery w) {
            return w.getTerm().text();
        }
        return q.toString(q.getField());
    }

    // ---- time -----------------------------------------------------------------------------

    /**
     * One search's time budget: a deadline that term enumeration and scoring check. It runs from
     * {@link #start()}, after the per-segment structures a reader's searches share are in place, so
     * that it bounds what the query costs.
     */
    static final class Budget implements QueryTimeout {
        private final Duration budget;
        private volatile long deadline;
        private volatile boolean started;

        Budget(Duration budget) {
            this.budget = budget;
        }

        Duration budget() {
            return budget;
        }

        void start() {
            deadline = System.nanoTime() + budget.toNanos();
            started = true;
        }

        @Override
        public boolean shouldExit() {
            return started && System.nanoTime() - deadline > 0;
        }

        /** Throws when the budget is spent. */
        void check() {
            if (shouldExit()) {
                throw new Exceeded();
            }
        }
    }

    /** Thrown out of Lucene's enumeration when the budget is spent; turned into the limit error. */
    static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded() {
            super("search time budget exceeded", null, false, false);
        }
    }
}
