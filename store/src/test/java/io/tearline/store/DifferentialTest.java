package io.tearline.store;

import static io.tearline.store.Fixtures.p;
import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.access.Clearance;
import io.tearline.access.DecisionEngine;
import io.tearline.access.Equivalence;
import io.tearline.access.Membership;
import io.tearline.access.Principal;
import io.tearline.markings.Check;
import io.tearline.markings.MarkingGen;
import io.tearline.markings.Markings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Search against a brute-force filter of the store: for random readers (random predicates over labels,
 * and nation/clearance rules over labels of random realistic markings) and a random corpus, totals and
 * report ids must be equal. Seeded: -Dtearline.seed=N reproduces a failure.
 */
class DifferentialTest {

    private static final List<String> READER_NATIONS = List.of("USA", "JPN", "PHL", "AUS", "CAN", "GBR", "NZL", "KOR");
    private static final List<String> WORDS = List.of("shoal", "cannon", "water", "coast", "guard", "vessel", "track",
            "intent", "supply", "boat", "summit", "lunar", "radar", "cutter", "convoy", "harbour", "patrol", "signal",
            "island", "reef", "source", "fleet", "exercise", "partner", "review");

    @RegisterExtension
    final TempStore temp = new TempStore();
    ReportStore store;
    final long seed = Long.getLong("tearline.seed", new SplittableRandom().nextLong());
    final SplittableRandom rnd = new SplittableRandom(seed);
    final Analyzer analyzer = new StandardAnalyzer();

    @BeforeEach
    void open() {
        store = temp.store();
    }


    @Test
    void searchEqualsABruteForceFilterOfTheStore() {
        Markings rules = Markings.standard();
        List<String> markings = new ArrayList<>();
        while (markings.size() < 60) {
            String m = MarkingGen.portion(rnd);
            if (rules.checkPortion(m) instanceof Check.Accepted && !markings.contains(m)) {
                markings.add(m);
            }
        }
        List<String> ids = new ArrayList<>();
        List<ReportDraft> batch = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            batch.add(draft(markings));
            if (batch.size() == 1 + rnd.nextInt(8)) {
                store.createAll(batch).forEach(r -> ids.add(r.id()));
                batch.clear();
            }
        }
        store.createAll(batch).forEach(r -> ids.add(r.id()));
        // new versions: their old portions must vanish from results
        for (int i = 0; i < 40; i++) {
            String id = ids.get(rnd.nextInt(ids.size()));
            Report cur = store.read(id).orElseThrow();
            ReportDraft d = draft(markings);
            store.update(id, cur.version(), new Revision(d.title(), d.orcon(), d.portions(), "editor"));
        }
        List<Report> corpus = ids.stream().map(id -> store.read(id).orElseThrow()).toList();

        for (int reader = 0; reader < 40; reader++) {
            Predicate<Label> mayRead = reader % 2 == 0 ? randomPredicate() : rulePredicate();
            VisibleLabels visible = store.visibleLabels("reader-" + reader, mayRead);
            for (int q = 0; q < 12; q++) {
                Query query = randomQuery();
                Set<String> expected = new HashSet<>();
                for (Report r : corpus) {
                    for (Portion portion : r.allPortions()) {
                        if (visible.contains(portion.label()) && query.matches(tokens(portion.text()))) {
                            expected.add(r.id());
                        }
                    }
                }
                SearchResult got = store.search(query.text(), visible, 1000, 0);
                String why = "seed=" + seed + " reader=" + reader + " query=" + query.text();
                assertThat(got.total()).as(why).isEqualTo(expected.size());
                assertThat(got.hits()).as(why).extracting(SearchResult.Hit::reportId)
                        .containsExactlyInAnyOrderElementsOf(expected);
                for (SearchResult.Hit h : got.hits()) {
                    Portion shown = corpus.stream().filter(r -> r.id().equals(h.reportId())).findFirst().orElseThrow()
                            .allPortions().get(h.portion());
                    assertThat(visible.contains(shown.label())).as(why).isTrue();
                    assertThat(query.matches(tokens(shown.text()))).as(why).isTrue();
                }
            }
        }
    }

    private ReportDraft draft(List<String> markings) {
        int n = rnd.nextInt(6);
        List<PortionText> portions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            portions.add(p(markings.get(rnd.nextInt(markings.size())), text()));
        }
        List<String> orcon = rnd.nextInt(4) == 0 ? List.of("DIA") : List.of();
        String owner = rnd.nextInt(5) == 0 ? "GBR" : "USA";
        return new ReportDraft(p(markings.get(rnd.nextInt(markings.size())), text()), owner, "ORG", orcon, portions,
                "author");
    }

    private String text() {
        int n = 3 + rnd.nextInt(10);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS.get(rnd.nextInt(WORDS.size())));
        }
        return b.toString();
    }

    /** A random subset of the labels, fixed per label id for this reader. */
    private Predicate<Label> randomPredicate() {
        double p = List.of(0.05, 0.3, 0.7, 0.95).get(rnd.nextInt(4));
        long salt = rnd.nextLong();
        return l -> new SplittableRandom(salt ^ l.id() * 0x9E3779B97F4A7C15L).nextDouble() < p;
    }

    /** A random person judged by the real decision engine (MARKINGS.md section 3). */
    private Predicate<Label> rulePredicate() {
        String nation = READER_NATIONS.get(rnd.nextInt(READER_NATIONS.size()));
        Clearance clearance = Clearance.values()[rnd.nextInt(Clearance.values().length)];
        Set<String> accesses = rnd.nextBoolean() ? Set.of("SI", "TK") : Set.of();
        Set<String> orgs = rnd.nextBoolean() ? Set.of("DIA") : Set.of("STATE");
        Principal p = new Principal("reader", nation, clearance, accesses, orgs, Set.of("analyst"));
        return l -> ENGINE.decide(p, l.marking(), Set.copyOf(l.orconOrgs())).permitsDisplay();
    }

    private static final DecisionEngine ENGINE = new DecisionEngine(
            new Membership(Map.of("FVEY", Set.of("USA", "AUS", "CAN", "GBR", "NZL"), "ACGU", Set.of("USA", "AUS", "CAN", "GBR"))),
            Equivalence.of(Markings.standard().register()));

    /** A query and its meaning over one portion's tokens. */
    record Query(String text, Predicate<List<String>> matches) {
        boolean matches(List<String> tokens) {
            return matches.test(tokens);
        }
    }

    private Query randomQuery() {
        String a = WORDS.get(rnd.nextInt(WORDS.size()));
        String b = WORDS.get(rnd.nextInt(WORDS.size()));
        return switch (rnd.nextInt(5)) {
            case 0 -> new Query(a, t -> t.contains(a));
            case 1 -> new Query(a + " " + b, t -> t.contains(a) && t.contains(b));
            case 2 -> new Query(a + " OR " + b, t -> t.contains(a) || t.contains(b));
            case 3 -> new Query(a + " -" + b, t -> t.contains(a) && !t.contains(b));
            default -> new Query("\"" + a + " " + b + "\"", t -> {
                for (int i = 0; i + 1 < t.size(); i++) {
                    if (t.get(i).equals(a) && t.get(i + 1).equals(b)) {
                        return true;
                    }
                }
                return false;
            });
        };
    }

    private final Map<String, List<String>> tokenCache = new HashMap<>();

    private List<String> tokens(String text) {
        return tokenCache.computeIfAbsent(text, t -> {
            List<String> out = new ArrayList<>();
            try (TokenStream ts = analyzer.tokenStream("text", t)) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    out.add(term.toString());
                }
                ts.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        });
    }
}
