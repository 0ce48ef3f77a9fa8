package io.tearline.store.accumulo.internal;

import io.tearline.store.SearchResult;
import io.tearline.store.accumulo.AccumuloStoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.apache.accumulo.core.client.AccumuloClient;
import org.apache.accumulo.core.client.BatchScanner;
import org.apache.accumulo.core.client.IteratorSetting;
import org.apache.accumulo.core.client.Scanner;
import org.apache.accumulo.core.client.TableNotFoundException;
import org.apache.accumulo.core.data.Key;
import org.apache.accumulo.core.data.Range;
import org.apache.accumulo.core.data.Value;
import org.apache.accumulo.core.iterators.user.IntersectingIterator;
import org.apache.accumulo.core.security.Authorizations;
import org.apache.hadoop.io.Text;

/**
 * One search as one reader. Every scan carries the reader's authorizations, so the tablet servers
 * return only the cells that reader may see; everything below is computed from those alone:
 * <ol>
 *   <li>statistics: the number of documents and of tokens, and each term's document frequency, summed
 *       over the visible cells of the terms table (one per visibility, kept summed by its combiner);</li>
 *   <li>a prefix expands over the visible term dictionary (at most {@link Query#MAX_EXPANSIONS} terms);</li>
 *   <li>the documents of a group: its exact terms intersected on the tablet servers by Accumulo's
 *       {@link IntersectingIterator} over the shards table (a single term: that term's cells); each
 *       prefix's documents are the union of its expansions' cells, intersected here;</li>
 *   <li>positions and lengths of the candidate documents, from their visible index cells: phrases are
 *       checked on positions, and each document is scored by BM25 (k1 1.2, b 0.75) with the visible
 *       statistics; a prefix scores a constant 1, as the Lucene backend's constant-score rewrite does;
 *       a document matching several groups sums their scores;</li>
 *   <li>per report, its best portion (highest score, then lowest index); reports by score, then id;</li>
 *   <li>snippets from the visible text of the hit's own portion only.</li>
 * </ol>
 */
public final class IndexSearch {

    static final double K1 = 1.2;
    static final double B = 0.75;
    private static final int SNIPPET = 240;

    private final AccumuloClient client;
    private final String shards;
    private final String terms;
    private final Authorizations auths;
    private final Function<List<String>, Map<String, String>> text;
    private final IntPredicate admits;
    private final Supplier<long[]> statistics;
    /** The label of each matching document, from its postings (one search's). */
    private final Map<Doc, Integer> labels = new HashMap<>();
    private final java.time.Duration budget;
    private long deadline;

    /**
     * @param statistics the visible documents and tokens for {@code auths} (see {@link #statistics})
     * @param text       the visible texts of documents ({@code reportId NUL index}) for this reader, by
     *                   document (a document whose text the reader may not see is absent)
     * @param budget     how long the search may take before it fails with {@code search.limit.time}
     * @param admits     a further test of each matching document's label id (as its postings carry it) before
     *                   reports are counted and ranked: a caller's own visibility on top of the tablet servers'.
     *                   A document whose postings carry no label is not admitted unless every label is.
     */
    public IndexSearch(AccumuloClient client, String shards, String terms, Authorizations auths,
                       Supplier<long[]> statistics, Function<List<String>, Map<String, String>> text, java.time.Duration budget,
                       IntPredicate admits) {
        this.admits = admits;
        this.client = client;
        this.shards = shards;
        this.terms = terms;
        this.auths = auths;
        this.statistics = statistics;
        this.text = text;
        this.budget = budget;
    }

    /** Fails the search when its time budget is spent (checked between cells and phases). */
    private void check() {
        if (System.nanoTime() - deadline > 0) {
            throw Query.limit("time", "the search took longer than its time budget of " + budget.toMillis() + " ms", 0);
        }
    }

    /** A document of one shard. */
    record Doc(String shard, String id) {}

    public SearchResult search(String input, int limit, int offset) {
        List<Query.Group> groups = Query.parse(input);
        deadline = System.nanoTime() + budget.toNanos();
        if (groups.isEmpty()) {
            return new SearchResult(0, List.of());
        }
        try {
            long[] stats = statistics.get();
            long docs = stats[0];
            if (docs <= 0) {
                return new SearchResult(0, List.of());
            }
            double avgdl = (double) stats[1] / docs;
            Map<Doc, Double> scores = new HashMap<>();
            Set<String> highlight = new HashSet<>();
            for (Query.Group g : groups) {
                score(g, docs, avgdl, scores, highlight);
            }
            scores.keySet().removeIf(d -> !admits.test(labels.getOrDefault(d, Cells.NO_LABEL)));
            // per report, the best portion
            Map<String, double[]> best = new HashMap<>();
            for (Map.Entry<Doc, Double> e : scores.entrySet()) {
                String report = Layout.reportOf(e.getKey().id());
                int index = Layout.indexOf(e.getKey().id());
                double s = e.getValue();
                double[] b = best.get(report);
                if (b == null || s > b[0] || s == b[0] && index < b[1]) {
                    best.put(report, new double[] {s, index});
                }
            }
            List<Map.Entry<String, double[]>> ranked = new ArrayList<>(best.entrySet());
            ranked.sort(Comparator.<Map.Entry<String, double[]>>comparingDouble(e -> -(float) e.getValue()[0])
                    .thenComparing(Map.Entry::getKey));
            List<Map.Entry<String, double[]>> shown = ranked.subList(Math.min(Math.max(0, offset), ranked.size()),
                    Math.min(ranked.size(), Math.max(0, offset) + Math.max(0, limit)));
            // the page's texts in one read
            Map<String, String> texts = text.apply(shown.stream().map(e -> Layout.document(e.getKey(), (int) e.getValue()[1])).toList());
            List<SearchResult.Hit> page = new ArrayList<>();
            for (Map.Entry<String, double[]> e : shown) {
                int index = (int) e.getValue()[1];
                String t = texts.get(Layout.document(e.getKey(), index));
                page.add(new SearchResult.Hit(e.getKey(), (float) e.getValue()[0], index, t == null ? "" : snippet(t, highlight)));
            }
            return new SearchResult(ranked.size(), page);
        } catch (TableNotFoundException e) {
            throw new AccumuloStoreException("searching", e);
        }
    }

    private void score(Query.Group g, long docs, double avgdl, Map<Doc, Double> scores, Set<String> highlight)
            throws TableNotFoundException {
        Set<String> exact = g.terms();
        Map<Doc, Map<String, int[]>> positions = new HashMap<>();
        Map<Doc, Integer> lengths = new HashMap<>();
        // one term: its postings scan alone ranks its documents; several: intersected on the servers,
        // then the candidates' postings fetched
        Set<Doc> candidates = exact.isEmpty() ? null
                : exact.size() == 1 ? postings(exact.iterator().next(), positions, lengths) : intersect(exact);
        for (Query.Element e : g.elements()) {
            if (e instanceof Query.Prefix p) {
                Set<String> expansions = expand(p);
                highlight.addAll(expansions);
                Set<Doc> any = expansions.isEmpty() ? Set.of() : union(expansions);
                if (candidates == null) {
                    candidates = new HashSet<>(any);
                } else {
                    candidates.retainAll(any);
                }
            }
        }
        if (candidates == null || candidates.isEmpty()) {
            return;
        }
        highlight.addAll(exact);
        Map<String, Long> df = documentFrequencies(exact);
        if (exact.size() > 1) {
            details(candidates, exact, positions, lengths);
        }
        check();
        for (Doc d : candidates) {
            Map<String, int[]> pos = positions.getOrDefault(d, Map.of());
            Integer dl = lengths.get(d);
            if (dl == null && !exact.isEmpty()) {
                continue; // none of its postings of the group's words is visible: nor is the document
            }
            double s = 0;
            boolean matched = true;
            for (Query.Element e : g.elements()) {
                switch (e) {
                    case Query.Term t -> {
                        int[] p = pos.get(t.term());
                        if (p == null) {
                            matched = false;
                        } else {
                            s += idf(docs, df.getOrDefault(t.term(), 0L)) * tfNorm(p.length, dl, avgdl);
                        }
                    }
                    case Query.Phrase ph -> {
                        int freq = phraseFreq(ph.terms(), pos);
                        if (freq == 0) {
                            matched = false;
                        } else {
                            double idf = 0;
                            for (String t : ph.terms()) {
                                idf += idf(docs, df.getOrDefault(t, 0L));
                            }
                            s += idf * tfNorm(freq, dl, avgdl);
                        }
                    }
                    case Query.Prefix p -> s += 1.0;
                }
            }
            if (matched) {
                scores.merge(d, s, Double::sum);
            }
        }
    }

    public static double idf(long docs, long df) {
        return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
    }

    public static double tfNorm(int tf, int dl, double avgdl) {
        return tf / (tf + K1 * (1 - B + B * dl / avgdl));
    }

    /** How many times the phrase occurs: positions p where term i is at p + i for every i. */
    public static int phraseFreq(List<String> phrase, Map<String, int[]> positions) {
        int[] first = positions.get(phrase.get(0));
        if (first == null) {
            return 0;
        }
        List<Set<Integer>> rest = new ArrayList<>();
        for (int i = 1; i < phrase.size(); i++) {
            int[] p = positions.get(phrase.get(i));
            if (p == null) {
                return 0;
            }
            Set<Integer> s = new HashSet<>();
            for (int x : p) {
                s.add(x);
            }
            rest.add(s);
        }
        int freq = 0;
        outer:
        for (int p : first) {
            for (int i = 0; i < rest.size(); i++) {
                if (!rest.get(i).contains(p + i + 1)) {
                    continue outer;
                }
            }
            freq++;
        }
        return freq;
    }

    /** The visible documents holding every one of {@code exact}, intersected on the tablet servers. */
    private Set<Doc> intersect(Set<String> exact) throws TableNotFoundException {
        if (exact.size() == 1) {
            return union(exact);
        }
        Set<Doc> out = new HashSet<>();
        try (BatchScanner s = client.createBatchScanner(shards, auths)) {
            s.setRanges(List.of(new Range()));
            IteratorSetting ii = new IteratorSetting(30, "intersect", IntersectingIterator.class);
            IntersectingIterator.setColumnFamilies(ii, exact.stream().map(Text::new).toArray(Text[]::new));
            s.addScanIterator(ii);
            for (Map.Entry<Key, Value> e : s) {
                check();
                out.add(new Doc(e.getKey().getRow().toString(), e.getKey().getColumnQualifier().toString()));
            }
        }
        return out;
    }

    /** The visible documents holding any of {@code anyOf}. */
    private Set<Doc> union(Set<String> anyOf) throws TableNotFoundException {
        Set<Doc> out = new HashSet<>();
        try (BatchScanner s = client.createBatchScanner(shards, auths)) {
            s.setRanges(List.of(new Range()));
            anyOf.forEach(t -> s.fetchColumnFamily(new Text(t)));
            for (Map.Entry<Key, Value> e : s) {
                check();
                Doc d = new Doc(e.getKey().getRow().toString(), e.getKey().getColumnQualifier().toString());
                out.add(d);
                labels.put(d, Cells.posting(e.getValue().get()).label());
            }
        }
        return out;
    }

    /** The visible documents holding {@code term}, with its positions and their lengths, from one scan of its postings. */
    private Set<Doc> postings(String term, Map<Doc, Map<String, int[]>> positions, Map<Doc, Integer> lengths)
            throws TableNotFoundException {
        try (BatchScanner s = client.createBatchScanner(shards, auths)) {
            s.setRanges(List.of(new Range()));
            s.fetchColumnFamily(new Text(term));
            for (Map.Entry<Key, Value> e : s) {
                check();
                keep(e, term, positions, lengths);
            }
        }
        return new HashSet<>(lengths.keySet());
    }

    /** The postings of {@code exact} in the candidates (their positions and lengths), from their visible cells. */
    private void details(Set<Doc> candidates, Set<String> exact, Map<Doc, Map<String, int[]>> positions,
                         Map<Doc, Integer> lengths) throws TableNotFoundException {
        List<Range> ranges = new ArrayList<>();
        for (Doc d : candidates) {
            for (String t : exact) {
                ranges.add(Range.exact(d.shard(), t, d.id()));
            }
        }
        try (BatchScanner s = client.createBatchScanner(shards, auths)) {
            s.setRanges(ranges);
            for (Map.Entry<Key, Value> e : s) {
                check();
                keep(e, e.getKey().getColumnFamily().toString(), positions, lengths);
            }
        }
    }

    private void keep(Map.Entry<Key, Value> e, String term, Map<Doc, Map<String, int[]>> positions,
                      Map<Doc, Integer> lengths) {
        Key k = e.getKey();
        Doc d = new Doc(k.getRow().toString(), k.getColumnQualifier().toString());
        Cells.Posting p = Cells.posting(e.getValue().get());
        labels.put(d, p.label());
        positions.computeIfAbsent(d, x -> new HashMap<>()).put(term, p.positions());
        lengths.put(d, p.length());
    }

    /**
     * Visible documents and tokens for {@code auths}: sums over the statistics row's cells it may see
     * (one per distinct visibility, fetched in large batches).
     */
    public static long[] statistics(AccumuloClient client, String terms, Authorizations auths) throws TableNotFoundException {
        long[] out = new long[2];
        try (Scanner s = client.createScanner(terms, auths)) {
            s.setRange(Range.exact(Layout.STATS));
            s.fetchColumnFamily(new Text(Layout.DOCS));
            s.fetchColumnFamily(new Text(Layout.TOKENS));
            s.setBatchSize(10_000);
            for (Map.Entry<Key, Value> e : s) {
                long n = Long.parseLong(e.getValue().toString());
                out[e.getKey().getColumnFamily().toString().equals(Layout.DOCS) ? 0 : 1] += n;
            }
        }
        return out;
    }

    private Map<String, Long> documentFrequencies(Set<String> exact) throws TableNotFoundException {
        Map<String, Long> out = new HashMap<>();
        if (exact.isEmpty()) {
            return out;
        }
        try (BatchScanner s = client.createBatchScanner(terms, auths)) {
            s.setRanges(exact.stream().map(t -> Range.exact(t, Layout.DF)).toList());
            for (Map.Entry<Key, Value> e : s) {
                out.merge(e.getKey().getRow().toString(), Long.parseLong(e.getValue().toString()), Long::sum);
            }
        }
        return out;
    }

    /** The visible terms starting with the prefix (with a positive visible count). */
    private Set<String> expand(Query.Prefix p) throws TableNotFoundException {
        TreeMap<String, Long> counts = new TreeMap<>();
        try (Scanner s = client.createScanner(terms, auths)) {
            s.setRange(Range.prefix(p.prefix()));
            s.fetchColumnFamily(new Text(Layout.DF));
            for (Map.Entry<Key, Value> e : s) {
                check();
                counts.merge(e.getKey().getRow().toString(), Long.parseLong(e.getValue().toString()), Long::sum);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        counts.forEach((t, n) -> {
            if (n > 0) {
                out.add(t);
            }
        });
        if (out.size() > Query.MAX_EXPANSIONS) {
            throw Query.limit("expansions", "'" + p.text() + "' matches more than " + Query.MAX_EXPANSIONS
                    + " terms; the limit is " + Query.MAX_EXPANSIONS, 0);
        }
        return out;
    }

    /** The portion's text, HTML-escaped, with the query's terms in {@code <mark>}; a window around the first match when long. */
    public static String snippet(String text, Set<String> highlight) {
        List<Analysis.Token> marks = Analysis.tokens(text).stream().filter(t -> highlight.contains(t.term())).toList();
        int from = 0;
        int to = text.length();
        if (text.length() > SNIPPET) {
            int first = marks.isEmpty() ? 0 : marks.get(0).start();
            from = Math.max(0, Math.min(first - SNIPPET / 4, text.length() - SNIPPET));
            to = Math.min(text.length(), from + SNIPPET);
        }
        StringBuilder b = new StringBuilder();
        if (from > 0) {
            b.append("… ");
        }
        int at = from;
        for (Analysis.Token t : marks) {
            if (t.start() < from || t.end() > to) {
                continue;
            }
            escape(text.substring(at, t.start()), b);
            b.append("<mark>");
            escape(text.substring(t.start(), t.end()), b);
            b.append("</mark>");
            at = t.end();
        }
        escape(text.substring(at, to), b);
        if (to < text.length()) {
            b.append(" …");
        }
        return b.toString();
    }

    private static void escape(String s, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#x27;");
                default -> b.append(ch);
            }
        }
    }
}
