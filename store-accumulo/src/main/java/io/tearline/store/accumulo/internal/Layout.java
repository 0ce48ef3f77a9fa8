package io.tearline.store.accumulo.internal;

import io.tearline.store.accumulo.Gate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where everything is, in three tables named {@code <prefix>reports}, {@code <prefix>shards} and
 * {@code <prefix>terms}:
 * <ul>
 *   <li>reports: row = report id; a head cell per version (family {@code h}, qualifier the version in ten
 *       digits) visible when any portion of that version is (the OR of their expressions); a cell per
 *       portion per version (family {@code p}, qualifier {@code version:index}) whose visibility is the
 *       portion's compiled expression AND its gate token;</li>
 *   <li>shards: the document-partitioned index of current versions. row = shard; family = term,
 *       qualifier = document ({@code reportId NUL index}), value = the portion's label id, the
 *       document's length and the term's positions (a term's postings alone rank its documents, and
 *       label the portions for the service's own check). Each cell has its portion's visibility;</li>
 *   <li>terms: the term dictionary and the statistics, summed per (row, visibility) by a combiner:
 *       row = term, family {@code df}: how many documents of that visibility hold it; row {@link #STATS}:
 *       family {@code docs} and {@code tokens}. A reader's scan sums only the visibilities it may see.
 *       The statistics row's family {@link #WRITES} (no visibility) counts the writes the tables have
 *       taken, so that a process keeping statistics knows when another process has changed them.</li>
 * </ul>
 * Every cell of a version is written at timestamp = version, so a newer version's deletes and
 * rewrites take precedence over an older one's cells.
 */
public final class Layout {

    public static final String HEAD = "h";
    public static final String PORTION = "p";
    public static final String DF = "df";
    public static final String STATS = "\u0000stats";
    public static final String DOCS = "docs";
    public static final String TOKENS = "tokens";
    public static final String WRITES = "writes";

    private Layout() {}

    public static String version(int version) {
        return String.format("%010d", version);
    }

    public static String portionQualifier(int version, int index) {
        return version(version) + ":" + String.format("%05d", index);
    }

    public static int versionOfPortion(String qualifier) {
        return Integer.parseInt(qualifier.substring(0, 10));
    }

    public static int indexOfPortion(String qualifier) {
        return Integer.parseInt(qualifier.substring(11));
    }

    public static String document(String reportId, int index) {
        return reportId + "\u0000" + String.format("%05d", index);
    }

    public static String reportOf(String document) {
        return document.substring(0, document.indexOf('\u0000'));
    }

    public static int indexOf(String document) {
        return Integer.parseInt(document.substring(document.indexOf('\u0000') + 1));
    }

    /** The shard of a report: all its portions in one row, so a document's cells are together. */
    public static String shard(String reportId, int shards) {
        return String.format("s%04d", Math.floorMod(reportId.hashCode(), shards));
    }

    /** A portion cell's visibility: its compiled expression AND its gate's token. */
    public static String portionVisibility(String compiled, Gate gate) {
        return "(" + compiled + ")&" + gate.expressionToken();
    }

    /** The head's visibility: visible when any of these portion visibilities is. */
    public static String anyOf(Collection<String> visibilities) {
        Set<String> distinct = new LinkedHashSet<>(visibilities);
        if (distinct.size() == 1) {
            return distinct.iterator().next();
        }
        StringBuilder b = new StringBuilder();
        for (String v : distinct) {
            if (!b.isEmpty()) {
                b.append('|');
            }
            b.append('(').append(v).append(')');
        }
        return b.toString();
    }

    /** The authorizations named in an access expression (quoted ones unquoted). */
    public static Set<String> tokens(String expression) {
        Set<String> out = new LinkedHashSet<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quoted) {
                cur.append(c);
                if (c == '\\' && i + 1 < expression.length()) {
                    cur.append(expression.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
                cur.append(c);
            } else if (c == '&' || c == '|' || c == '(' || c == ')') {
                flush(cur, out);
            } else {
                cur.append(c);
            }
        }
        flush(cur, out);
        return out;
    }

    private static void flush(StringBuilder cur, Set<String> out) {
        if (!cur.isEmpty()) {
            out.add(io.tearline.access.AccessExpressions.unquote(cur.toString()));
            cur.setLength(0);
        }
    }
}
