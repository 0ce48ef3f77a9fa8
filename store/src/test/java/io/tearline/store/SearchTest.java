package io.tearline.store;

import static io.tearline.store.Fixtures.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tearline.markings.Dissem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Search: per-report results, visible-only statistics and snippets, the query language. */
class SearchTest {

    @RegisterExtension
    final TempStore temp = new TempStore();
    ReportStore store;

    @BeforeEach
    void open() {
        store = temp.store();
    }


    private VisibleLabels reader(String key, Predicate<Label> mayRead) {
        return store.visibleLabels(key, mayRead);
    }

    private static boolean noNoforn(Label l) {
        return !l.marking().has(Dissem.NOFORN);
    }

    @Test
    void findsPhrasesAndHyphenatedWords() {
        Report r1 = store.create(Fixtures.r1());
        Report r4 = store.create(Fixtures.single("(U)", "Partner information-security review", "EXERCISE text"));
        VisibleLabels all = reader("all", l -> true);

        assertThat(store.search("\"water cannon\"", all, 10, 0).hits()).extracting(SearchResult.Hit::reportId)
                .containsExactly(r1.id());
        assertThat(store.search("information-security review", all, 10, 0).hits())
                .extracting(SearchResult.Hit::reportId).containsExactly(r4.id());
        assertThat(store.search("information security", all, 10, 0).total()).isEqualTo(1);
        assertThat(store.search("Information-Security", all, 10, 0).total()).isEqualTo(1);
        // a phrase is a phrase: the words apart do not match it
        assertThat(store.search("\"cannon water\"", all, 10, 0).total()).isZero();
        assertThat(store.search("security-information", all, 10, 0).total()).isZero();
        // all words are required by default; OR widens
        assertThat(store.search("water review", all, 10, 0).total()).isZero();
        assertThat(store.search("water OR review", all, 10, 0).total()).isEqualTo(2);
        assertThat(store.search("wat*", all, 10, 0).total()).isEqualTo(1);
        assertThat(store.search("cannnon~1", all, 10, 0).total()).isEqualTo(1);
    }

    @Test
    void resultsArePerReportWithTheBestVisiblePortion() {
        Report r1 = store.create(Fixtures.r1()); // "water cannon" in the title, portions 1 and 3
        VisibleLabels all = reader("all", l -> true);
        VisibleLabels kenji = reader("kenji", l -> !l.marking().level().isClassified()
                || l.marking().relTo().contains("JPN"));

        SearchResult forAll = store.search("cannon", all, 10, 0);
        assertThat(forAll.total()).isEqualTo(1);
        assertThat(forAll.hits()).singleElement().satisfies(h -> {
            assertThat(h.reportId()).isEqualTo(r1.id());
            assertThat(h.snippet()).contains("<mark>cannon</mark>");
            assertThat(h.score()).isPositive();
        });
        // only portion 3 (FVEY) mentions "intent": kenji finds nothing, a US reader finds portion 3
        assertThat(store.search("intent", kenji, 10, 0).total()).isZero();
        assertThat(store.search("intent", all, 10, 0).hits()).singleElement()
                .satisfies(h -> assertThat(h.portion()).isEqualTo(3));
        assertThat(store.search("trilateral", kenji, 10, 0).hits()).singleElement()
                .satisfies(h -> assertThat(h.portion()).isEqualTo(2));
    }

    @Test
    void pagesAreSlicesOfOneOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            StringBuilder text = new StringBuilder("harbour");
            for (int j = 0; j < i % 7; j++) {
                text.append(" harbour");
            }
            ids.add(store.create(Fixtures.single("(U)", "report " + i, text + " filler words here")).id());
        }
        VisibleLabels all = reader("all", l -> true);
        SearchResult full = store.search("harbour", all, 100, 0);
        assertThat(full.total()).isEqualTo(25);
        assertThat(full.hits()).extracting(SearchResult.Hit::reportId).containsExactlyInAnyOrderElementsOf(ids);
        List<SearchResult.Hit> paged = new ArrayList<>();
        for (int offset = 0; offset < 25; offset += 10) {
            SearchResult page = store.search("harbour", all, 10, offset);
            assertThat(page.total()).isEqualTo(25);
            paged.addAll(page.hits());
        }
        assertThat(paged).isEqualTo(full.hits());
        assertThat(store.search("harbour", all, 10, 30).hits()).isEmpty();
        for (int i = 1; i < full.hits().size(); i++) {
            assertThat(full.hits().get(i - 1).score()).isGreaterThanOrEqualTo(full.hits().get(i).score());
        }
    }

    /**
     * Ranking statistics come from the visible set only: adding portions the reader cannot see, full
     * of the query's terms, to new reports and to reports the reader does see, changes neither the
     * visible hits' scores nor their order; without trimming, the same additions do change scores.
     */
    @Test
    void invisiblePortionsDoNotMoveVisibleScores() {
        String[] texts = {
                "the coast guard used a water cannon against the supply boat",
                "water levels at the shoal rose during the night",
                "the cannon was mounted on the larger cutter, water spraying",
                "a supply mission reached the shoal without incident",
                "coast guard cutters shadowed the mission for hours, water cannon ready",
                "the summit discussed the lunar agreement and exchange programmes",
        };
        List<Report> visible = new ArrayList<>();
        for (String t : texts) {
            visible.add(store.create(Fixtures.single("(S//REL TO USA, JPN)", "visible report", t)));
        }
        VisibleLabels kenji = reader("kenji", SearchTest::noNoforn);
        List<String> queries = List.of("water", "water cannon", "coast guard", "water OR shoal", "\"water cannon\"");
        List<SearchResult> before = new ArrayList<>();
        List<SearchResult> unrestrictedBefore = new ArrayList<>();
        for (String q : queries) {
            before.add(store.search(q, kenji, 50, 0));
            unrestrictedBefore.add(store.searchUnrestricted(q, 50, 0));
        }
        assertThat(before.get(0).total()).isEqualTo(4);

        // NOFORN portions, invisible to kenji, stuffed with the query terms: new reports, and new
        // versions of visible reports that add invisible portions
        for (int i = 0; i < 20; i++) {
            store.create(new ReportDraft(p("(S//NF)", "water cannon coast guard"), "USA", "DIA", List.of(),
                    List.of(p("(S//NF)", "water water water cannon cannon shoal coast guard " + i)), "ava"));
        }
        for (Report r : visible.subList(0, 3)) {
            List<PortionText> portions = new ArrayList<>();
            r.portions().forEach(x -> portions.add(p(x.marking(), x.text())));
            portions.add(p("(S//NF)", "water cannon water cannon shoal shoal guard"));
            store.update(r.id(), 1, new Revision(p(r.title().marking(), r.title().text()), List.of(), portions, "ava"));
        }

        for (int i = 0; i < queries.size(); i++) {
            assertThat(store.search(queries.get(i), kenji, 50, 0)).as(queries.get(i)).isEqualTo(before.get(i));
        }
        // the test has teeth: with index-wide statistics the same visible report's score does move
        String id = visible.get(3).id(); // untouched by the updates above
        assertThat(scoreOf(store.searchUnrestricted("water OR shoal", 50, 0), id))
                .isNotEqualTo(scoreOf(unrestrictedBefore.get(3), id));
        // the deny's permit: a reader who may see the NOFORN portions does find them
        assertThat(store.search("water", reader("ava", l -> true), 50, 0).total()).isEqualTo(24);
    }

    private static float scoreOf(SearchResult result, String reportId) {
        return result.hits().stream().filter(h -> h.reportId().equals(reportId)).findFirst().orElseThrow().score();
    }

    @Test
    void snippetsNeverShowAnInvisiblePortion() {
        Report r = store.create(new ReportDraft(p("(U)", "Shoal summary"), "USA", "DIA", List.of(), List.of(
                p("(S//REL TO USA, JPN)", "EXERCISE the convoy passed the shoal at dawn"),
                p("(S//NF)", "EXERCISE the convoy carried codeword BLUEHERON and the convoy was late, convoy convoy"),
                p("(U)", "weather was fair")), "ava"));
        VisibleLabels kenji = reader("kenji", SearchTest::noNoforn);

        SearchResult res = store.search("convoy", kenji, 10, 0);
        assertThat(res.hits()).singleElement().satisfies(h -> {
            assertThat(h.reportId()).isEqualTo(r.id());
            assertThat(h.portion()).isEqualTo(1);
            assertThat(h.snippet()).contains("<mark>convoy</mark>").doesNotContain("BLUEHERON").doesNotContain("late");
        });
        assertThat(store.search("blueheron", kenji, 10, 0).total()).isZero();
        assertThat(store.search("convoy late", kenji, 10, 0).total()).isZero();
        // a query matching an invisible portion better still shows the visible one only
        assertThat(store.search("convoy OR blueheron", kenji, 10, 0).hits()).singleElement()
                .satisfies(h -> assertThat(h.snippet()).doesNotContain("BLUEHERON"));
        // the permit: a reader who may see the NOFORN portion gets it
        assertThat(store.search("blueheron", reader("ava", l -> true), 10, 0).hits()).singleElement()
                .satisfies(h -> assertThat(h.snippet()).contains("<mark>BLUEHERON</mark>"));
    }

    @Test
    void snippetsAreEscaped() {
        store.create(Fixtures.single("(U)", "markup", "the <script>alert(1)</script> tag & friends"));
        SearchResult res = store.search("alert", reader("all", l -> true), 10, 0);
        assertThat(res.hits().get(0).snippet()).contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void badQueriesAreLocated() {
        VisibleLabels all = reader("all", l -> true);
        StoreException syntax = catchThrowableOfType(StoreException.class, () -> store.search("water AND (", all, 10, 0));
        assertThat(syntax.rule()).isEqualTo(StoreException.BAD_QUERY);
        assertThat(syntax.errors()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("search.syntax");
            assertThat(e.location()).isEqualTo(new InputError.Location.Field("query"));
        });
        StoreException field = catchThrowableOfType(StoreException.class, () -> store.search("label:3", all, 10, 0));
        assertThat(field.errors()).singleElement().satisfies(e -> assertThat(e.rule()).isEqualTo("search.field"));
        StoreException empty = catchThrowableOfType(StoreException.class, () -> store.search("  ", all, 10, 0));
        assertThat(empty.errors()).singleElement().satisfies(e -> assertThat(e.rule()).isEqualTo("search.empty"));
        StoreException page = catchThrowableOfType(StoreException.class, () -> store.search("water", all, 0, 0));
        assertThat(page.rule()).isEqualTo("search.page");
    }

    @Test
    void aReaderWithNoVisibleLabelsFindsNothing() {
        store.create(Fixtures.r1());
        assertThat(store.search("water", VisibleLabels.none(), 10, 0)).isEqualTo(new SearchResult(0, List.of()));
        assertThat(store.search("water", reader("all", l -> true), 10, 0).total()).isEqualTo(1);
    }
}
