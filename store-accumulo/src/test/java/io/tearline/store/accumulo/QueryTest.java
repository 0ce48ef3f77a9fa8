package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tearline.access.Clearance;
import io.tearline.access.Principal;
import io.tearline.store.InputError;
import io.tearline.store.Report;
import io.tearline.store.StoreException;
import io.tearline.store.accumulo.internal.IndexSearch;
import io.tearline.store.accumulo.internal.Query;
import java.util.List;
import java.util.Set;
import org.apache.accumulo.core.client.AccumuloClient;
import org.junit.jupiter.api.Test;

/** The query language this index supports, what it refuses, its limits, and its snippets. */
class QueryTest {

    @Test
    void wordsPrefixesPhrasesAndOrParse() {
        assertThat(Query.parse("Water cannon")).containsExactly(new Query.Group(List.of(new Query.Term("water"), new Query.Term("cannon"))));
        assertThat(Query.parse("\"coast guard\" har*")).containsExactly(new Query.Group(List.of(
                new Query.Phrase(List.of("coast", "guard")), new Query.Prefix("har", "har*"))));
        assertThat(Query.parse("information-security")).containsExactly(new Query.Group(List.of(
                new Query.Phrase(List.of("information", "security")))));
        assertThat(Query.parse("shoal OR convoy AND fleet")).containsExactly(new Query.Group(List.of(new Query.Term("shoal"))),
                new Query.Group(List.of(new Query.Term("convoy"), new Query.Term("fleet"))));
        assertThat(Query.parse("... , ;")).isEmpty();
    }

    @Test
    void whatTheIndexDoesNotSupportIsRefusedNotReadDifferently() {
        for (String q : List.of("text:water", "water~1", "/wat.*/", "wa*er", "*ater", "-water", "+water", "NOT water",
                "(water)", "[a TO b]", "water^2", "wat?r")) {
            assertThatThrownBy(() -> Query.parse(q)).as(q).isInstanceOfSatisfying(StoreException.class,
                    e -> assertThat(e.errors()).extracting(InputError::rule).containsExactly("search.unsupported"));
        }
        assertThatThrownBy(() -> Query.parse("  ")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> Query.parse("\"open phrase")).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.errors()).extracting(InputError::rule).containsExactly("search.syntax"));
    }

    @Test
    void theLimitsAreTheLuceneBackendsLimits() {
        assertThatThrownBy(() -> Query.parse("a".repeat(Query.MAX_QUERY_LENGTH + 1))).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.rule()).isEqualTo("search.limit.query-length"));
        assertThat(Query.parse("a* ".repeat(Query.MAX_PATTERNS))).hasSize(1);
        assertThatThrownBy(() -> Query.parse("a* ".repeat(Query.MAX_PATTERNS + 1))).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.rule()).isEqualTo("search.limit.patterns"));
        assertThatThrownBy(() -> Query.parse("w ".repeat(Query.MAX_CLAUSES + 1))).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.rule()).isEqualTo("search.limit.clauses"));
        // the same numbers as the store's SearchLimits (read here, in a test, from the store's internals)
        assertThat(List.of(Query.MAX_QUERY_LENGTH, Query.MAX_CLAUSES, Query.MAX_PATTERNS, Query.MAX_EXPANSIONS)).containsExactly(
                io.tearline.store.internal.SearchLimits.MAX_QUERY_LENGTH, io.tearline.store.internal.SearchLimits.MAX_CLAUSES,
                io.tearline.store.internal.SearchLimits.MAX_PATTERNS, io.tearline.store.internal.SearchLimits.MAX_EXPANSIONS);
        assertThat(Query.TIME_BUDGET).isEqualTo(io.tearline.store.internal.SearchLimits.TIME_BUDGET);
    }

    @Test
    void snippetsAreEscapedAndMarkOnlyQueryTerms() {
        assertThat(IndexSearch.snippet("Water <cannon> & 'water'", Set.of("water")))
                .isEqualTo("<mark>Water</mark> &lt;cannon&gt; &amp; &#x27;<mark>water</mark>&#x27;");
        String longText = "x ".repeat(200) + "target " + "y ".repeat(200);
        String s = IndexSearch.snippet(longText, Set.of("target"));
        assertThat(s).contains("<mark>target</mark>").startsWith("… ").endsWith(" …").hasSizeLessThan(260);
    }

    @Test
    void aPrefixExpandsOverVisibleTermsOnlyAndWithinTheLimit() {
        try (AccumuloClient client = TestAccumulo.rootClient()) {
            AccumuloReports store = new AccumuloReports(client, TestAccumulo.freshPrefix("expand"), Corpus.MARKINGS, Corpus.COMPILER, 2);
            store.createTables();
            StringBuilder many = new StringBuilder();
            for (int i = 0; i <= Query.MAX_EXPANSIONS; i++) {
                many.append("zq").append(Integer.toString(i, 36)).append(i).append(' ');
            }
            Report r = ReadsTest.report("00000000000000e1", 1, "USA", List.of(), Corpus.portion(0, "(U)", "zqtitle"),
                    Corpus.portion(1, "(S//NF)", many.toString()));
            store.write(r);
            Set<Gate> gates = AccumuloReports.gates(List.of("USA"), (o, l) -> true);
            Principal us = new Principal("u", "USA", Clearance.SECRET, Set.of(), Set.of(), Set.of());
            Principal jp = new Principal("j", "JPN", Clearance.SECRET, Set.of(), Set.of(), Set.of());
            assertThatThrownBy(() -> store.search("zq*", store.authorizations(us, gates), 10, 0))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.rule()).isEqualTo("search.limit.expansions"));
            // a reader who cannot see the portion has one visible expansion: no limit reached, one hit (the title)
            var hits = store.search("zq*", store.authorizations(jp, gates), 10, 0);
            assertThat(hits.total()).isEqualTo(1);
            assertThat(hits.hits().get(0).portion()).isZero();
            // a search over its time budget fails, saying so
            store.timeBudget(java.time.Duration.ZERO);
            assertThatThrownBy(() -> store.search("zqtitle", store.authorizations(jp, gates), 10, 0))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.rule()).isEqualTo("search.limit.time"));
            store.timeBudget(Query.TIME_BUDGET);
            assertThat(store.search("zqtitle", store.authorizations(jp, gates), 10, 0).total()).isEqualTo(1);
        }
    }
}
