package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tearline.access.Principal;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import io.tearline.store.SearchResult;
import io.tearline.store.accumulo.internal.Analysis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.accumulo.core.client.AccumuloClient;
import org.junit.jupiter.api.Test;

/**
 * Search on the tablet servers against a plain in-memory reference over the same corpus: for random
 * readers and queries, the total, the reports hit, each one's best portion and score are those the
 * reference computes from the decision engine's answers alone (BM25 over the reader's visible portions).
 */
class SearchDifferentialTest {

    @Test
    void searchAgreesWithAReferenceOverTheVisiblePortions() {
        long seed = Corpus.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        try (AccumuloClient client = TestAccumulo.rootClient()) {
            AccumuloReports store = new AccumuloReports(client, TestAccumulo.freshPrefix("search"), Corpus.MARKINGS,
                    Corpus.COMPILER, 4);
            store.createTables();
            Map<String, Report> current = new TreeMap<>();
            for (int i = 0; i < Integer.getInteger("tearline.accumulo.reports", 60); i++) {
                Report r = Corpus.report(rnd, Corpus.id(rnd), 1, 4);
                store.write(r);
                current.put(r.id(), r);
            }
            for (Report r : new ArrayList<>(current.values()).subList(0, 8)) {
                Report v2 = Corpus.report(rnd, r.id(), 2, 4);
                store.write(v2);
                current.put(r.id(), v2);
            }
            int nonEmpty = 0;
            int empty = 0;
            for (int k = 0; k < Integer.getInteger("tearline.accumulo.readers", 40); k++) {
                Principal p = Corpus.principal(rnd);
                Set<Gate> gates = Corpus.gates(rnd);
                Reference ref = new Reference(current.values(), p, gates);
                for (int q = 0; q < 6; q++) {
                    String query = query(rnd, current);
                    String why = "seed " + seed + ", reader " + p + ", gates " + gates + ", query " + query;
                    SearchResult got = store.search(query, store.authorizations(p, gates), 1000, 0);
                    Map<String, Reference.Best> want = ref.search(query);
                    assertThat(got.total()).as(why).isEqualTo(want.size());
                    assertThat(got.hits()).extracting(SearchResult.Hit::reportId).as(why)
                            .containsExactlyInAnyOrderElementsOf(want.keySet());
                    float previous = Float.MAX_VALUE;
                    for (SearchResult.Hit h : got.hits()) {
                        Reference.Best b = want.get(h.reportId());
                        assertThat((double) h.score()).as(why).isCloseTo(b.score(), within(1e-4 * Math.max(1, b.score())));
                        if (b.unique()) {
                            assertThat(h.portion()).as(why + ", best portion of " + h.reportId()).isEqualTo(b.index());
                        }
                        assertThat(h.score()).as("ranked by score, " + why).isLessThanOrEqualTo(previous);
                        previous = h.score();
                        // the snippet is the hit's own portion's text, escaped, marks aside
                        String text = current.get(h.reportId()).allPortions().get(h.portion()).text();
                        assertThat(Corpus.permits(p, gates, current.get(h.reportId()), current.get(h.reportId()).allPortions().get(h.portion())))
                                .as(why).isTrue();
                        assertThat(h.snippet().replace("<mark>", "").replace("</mark>", "")).as(why).isEqualTo(escape(text));
                        assertThat(h.snippet()).as(why).contains("<mark>");
                    }
                    if (want.isEmpty()) {
                        empty++;
                    } else {
                        nonEmpty++;
                    }
                }
            }
            assertThat(nonEmpty).as("seed %d", seed).isGreaterThan(20);
            assertThat(empty).as("seed %d", seed).isGreaterThan(0);
        }
    }

    static String query(SplittableRandom rnd, Map<String, Report> corpus) {
        String w1 = Corpus.WORDS[rnd.nextInt(Corpus.WORDS.length)];
        String w2 = Corpus.WORDS[rnd.nextInt(Corpus.WORDS.length)];
        return switch (rnd.nextInt(6)) {
            case 0 -> w1;
            case 1 -> w1 + " " + w2;
            case 2 -> {
                List<Report> rs = new ArrayList<>(corpus.values());
                Report r = rs.get(rnd.nextInt(rs.size()));
                List<Portion> ps = r.allPortions();
                List<Analysis.Token> ts = Analysis.tokens(ps.get(rnd.nextInt(ps.size())).text());
                int i = rnd.nextInt(Math.max(1, ts.size() - 1));
                yield ts.size() < 2 ? w1 : "\"" + ts.get(i).term() + " " + ts.get(i + 1).term() + "\"";
            }
            case 3 -> w1.substring(0, 3) + "*";
            case 4 -> w1 + " OR " + w2;
            default -> w1.substring(0, 4) + "* " + w2;
        };
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#x27;");
    }

    /** The plain reference: the current portions the engine permits, searched by brute force. */
    static final class Reference {
        record Doc(String report, int index, List<String> terms) {}

        record Best(double score, int index, boolean unique) {}

        final List<Doc> docs = new ArrayList<>();
        final Map<String, Integer> df = new HashMap<>();
        final double avgdl;

        Reference(java.util.Collection<Report> reports, Principal p, Set<Gate> gates) {
            long tokens = 0;
            for (Report r : reports) {
                for (Portion portion : r.allPortions()) {
                    if (Corpus.permits(p, gates, r, portion)) {
                        List<String> terms = Analysis.terms(portion.text());
                        docs.add(new Doc(r.id(), portion.index(), terms));
                        tokens += terms.size();
                        new java.util.HashSet<>(terms).forEach(t -> df.merge(t, 1, Integer::sum));
                    }
                }
            }
            avgdl = docs.isEmpty() ? 1 : (double) tokens / docs.size();
        }

        Map<String, Best> search(String query) {
            Map<String, List<double[]>> byReport = new HashMap<>();
            for (Doc d : docs) {
                double total = 0;
                boolean any = false;
                for (String group : query.split(" OR ")) {
                    double s = 0;
                    boolean all = true;
                    for (String element : elements(group)) {
                        if (element.startsWith("\"")) {
                            List<String> phrase = List.of(element.substring(1, element.length() - 1).split(" "));
                            int freq = 0;
                            for (int i = 0; i + phrase.size() <= d.terms().size(); i++) {
                                if (d.terms().subList(i, i + phrase.size()).equals(phrase)) {
                                    freq++;
                                }
                            }
                            if (freq == 0) {
                                all = false;
                            } else {
                                double idf = 0;
                                for (String t : phrase) {
                                    idf += idf(t);
                                }
                                s += idf * norm(freq, d.terms().size());
                            }
                        } else if (element.endsWith("*")) {
                            String prefix = element.substring(0, element.length() - 1);
                            if (d.terms().stream().anyMatch(t -> t.startsWith(prefix))) {
                                s += 1;
                            } else {
                                all = false;
                            }
                        } else {
                            int tf = (int) d.terms().stream().filter(element::equals).count();
                            if (tf == 0) {
                                all = false;
                            } else {
                                s += idf(element) * norm(tf, d.terms().size());
                            }
                        }
                    }
                    if (all) {
                        total += s;
                        any = true;
                    }
                }
                if (any) {
                    byReport.computeIfAbsent(d.report(), x -> new ArrayList<>()).add(new double[] {total, d.index()});
                }
            }
            Map<String, Best> out = new HashMap<>();
            byReport.forEach((report, scored) -> {
                scored.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
                boolean unique = scored.size() == 1 || scored.get(0)[0] - scored.get(1)[0] > 1e-6;
                out.put(report, new Best(scored.get(0)[0], (int) scored.get(0)[1], unique));
            });
            return out;
        }

        /** The words, phrases and prefixes of one group, lower-cased as the analyser does. */
        static List<String> elements(String group) {
            List<String> out = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"[^\"]*\"|\\S+").matcher(group);
            while (m.find()) {
                out.add(m.group().toLowerCase(java.util.Locale.ROOT));
            }
            return out;
        }

        double idf(String term) {
            int n = df.getOrDefault(term, 0);
            return Math.log(1 + (docs.size() - n + 0.5) / (n + 0.5));
        }

        double norm(int tf, int dl) {
            return tf / (tf + 1.2 * (1 - 0.75 + 0.75 * dl / avgdl));
        }
    }
}
