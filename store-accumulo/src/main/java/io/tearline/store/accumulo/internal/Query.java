package io.tearline.store.accumulo.internal;

import io.tearline.store.InputError;
import io.tearline.store.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The query language this index supports, a subset of the Lucene backend's: words (all required), a
 * word ending in {@code *} (a prefix), a quoted phrase (a word the analyser splits, such as
 * {@code information-security}, is a phrase too), and {@code OR} between groups of these. Everything
 * else of Lucene's classic syntax (fields, fuzzy, regular expressions, wildcards inside a word, ranges,
 * boosts, grouping, exclusion) is refused with a clear error rather than read differently. The limits
 * are the Lucene backend's (the store's SearchLimits): query length, clauses, patterns, expansions, time.
 */
public final class Query {

    public static final int MAX_QUERY_LENGTH = 4096;
    public static final int MAX_CLAUSES = 1024;
    public static final int MAX_PATTERNS = 16;
    public static final int MAX_EXPANSIONS = 512;
    public static final java.time.Duration TIME_BUDGET = java.time.Duration.ofSeconds(2);

    /** One required part of a group. */
    public sealed interface Element {}

    public record Term(String term) implements Element {}

    public record Phrase(List<String> terms) implements Element {
        public Phrase {
            terms = List.copyOf(terms);
        }
    }

    public record Prefix(String prefix, String text) implements Element {}

    /** A group: all its elements required. A query matches a document when any group does. */
    public record Group(List<Element> elements) {
        public Group {
            elements = List.copyOf(elements);
        }

        /** The exact terms the group needs (words and phrase words). */
        public Set<String> terms() {
            Set<String> out = new LinkedHashSet<>();
            for (Element e : elements) {
                switch (e) {
                    case Term t -> out.add(t.term());
                    case Phrase p -> out.addAll(p.terms());
                    case Prefix p -> { }
                }
            }
            return out;
        }
    }

    private Query() {}

    public static List<Group> parse(String input) {
        if (input.isBlank()) {
            throw error("search.query", "search.empty", "the query is empty", 0);
        }
        if (input.length() > MAX_QUERY_LENGTH) {
            throw limit("query-length", "the query is longer than " + MAX_QUERY_LENGTH + " characters", MAX_QUERY_LENGTH);
        }
        List<Group> groups = new ArrayList<>();
        List<Element> current = new ArrayList<>();
        int patterns = 0;
        int clauses = 0;
        int i = 0;
        int n = input.length();
        while (i < n) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '"') {
                int end = input.indexOf('"', i + 1);
                if (end < 0) {
                    throw error("search.query", "search.syntax", "the phrase starting here has no closing quote", i);
                }
                List<String> terms = Analysis.terms(input.substring(i + 1, end));
                add(current, terms);
                clauses += terms.size();
                i = end + 1;
                continue;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(input.charAt(i)) && input.charAt(i) != '"') {
                i++;
            }
            String word = input.substring(start, i);
            if (word.equals("OR")) {
                if (!current.isEmpty()) {
                    groups.add(new Group(current));
                }
                current = new ArrayList<>();
                continue;
            }
            if (word.equals("AND")) {
                continue;
            }
            if (word.equals("NOT") || "+-!".indexOf(word.charAt(0)) >= 0 || word.startsWith("*")) {
                throw unsupported(word, start);
            }
            for (char ch : word.toCharArray()) {
                if (":~^()[]{}?\\/".indexOf(ch) >= 0) {
                    throw unsupported(word, start);
                }
            }
            int star = word.indexOf('*');
            if (star >= 0 && star != word.length() - 1) {
                throw unsupported(word, start);
            }
            if (star > 0) {
                List<String> terms = Analysis.terms(word.substring(0, star));
                if (terms.size() != 1) {
                    throw unsupported(word, start);
                }
                if (++patterns > MAX_PATTERNS) {
                    throw limit("patterns", "the query has more than " + MAX_PATTERNS + " patterns (prefix terms); the limit is "
                            + MAX_PATTERNS, start);
                }
                current.add(new Prefix(terms.get(0), word));
                clauses++;
            } else {
                List<String> terms = Analysis.terms(word);
                add(current, terms);
                clauses += terms.size();
            }
            if (clauses > MAX_CLAUSES) {
                throw limit("clauses", "the query has more than " + MAX_CLAUSES + " terms; the limit is " + MAX_CLAUSES, 0);
            }
        }
        if (!current.isEmpty()) {
            groups.add(new Group(current));
        }
        return groups;
    }

    private static void add(List<Element> group, List<String> terms) {
        if (terms.size() == 1) {
            group.add(new Term(terms.get(0)));
        } else if (terms.size() > 1) {
            group.add(new Phrase(terms));
        }
    }

    static StoreException unsupported(String word, int offset) {
        return error("search.query", "search.unsupported", "'" + word + "' is not supported by the Accumulo index: it searches"
                + " words, prefixes (word*), \"phrases\" and OR", offset);
    }

    static StoreException limit(String limit, String message, int offset) {
        return error("search.limit." + limit, "search.limit." + limit, message, offset);
    }

    static StoreException error(String code, String rule, String message, int offset) {
        return new StoreException(code, message,
                List.of(new InputError(new InputError.Location.Field("query"), rule, message, Math.max(0, offset))));
    }
}
