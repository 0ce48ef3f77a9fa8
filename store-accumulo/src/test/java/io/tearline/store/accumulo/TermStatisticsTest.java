package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.access.Clearance;
import io.tearline.access.Principal;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import io.tearline.store.SearchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.accumulo.core.client.AccumuloClient;
import org.junit.jupiter.api.Test;

/**
 * Ranking statistics are counted over the reader's visible cells only: portions a reader may not see,
 * however many and whatever words they hold, change neither the total, nor any score, nor the order,
 * nor what a prefix expands to, for that reader.
 */
class TermStatisticsTest {

    static final Principal READER = new Principal("r", "JPN", Clearance.SECRET, Set.of(), Set.of(), Set.of());
    static final Principal CLEARED = new Principal("c", "USA", Clearance.TOP_SECRET, Set.of("SI"), Set.of(), Set.of());

    @Test
    void hiddenPortionsChangeNothingAReaderGets() {
        long seed = Corpus.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        try (AccumuloClient client = TestAccumulo.rootClient()) {
            AccumuloReports store = new AccumuloReports(client, TestAccumulo.freshPrefix("stats"), Corpus.MARKINGS,
                    Corpus.COMPILER, 4);
            store.createTables();
            Set<Gate> gates = AccumuloReports.gates(List.of(Corpus.OWNERS), (o, l) -> true);
            for (int i = 0; i < 40; i++) {
                store.write(Corpus.report(rnd, Corpus.id(rnd), 1, 4));
            }
            List<String> queries = List.of("vessel", "water cannon", "har*", "shoal OR convoy", "\"coast guard\"", "patrol* fleet");
            List<SearchResult> before = new ArrayList<>();
            for (String q : queries) {
                before.add(store.search(q, store.authorizations(READER, gates), 100, 0));
            }
            assertThat(before).anySatisfy(r -> assertThat(r.total()).isPositive());
            List<SearchResult> clearedBefore = new ArrayList<>();
            for (String q : queries) {
                clearedBefore.add(store.search(q, store.authorizations(CLEARED, gates), 100, 0));
            }
            // reports the reader may not see at all, full of the query words and one word of their own
            for (int i = 0; i < 25; i++) {
                String text = "vessel vessel water cannon harpoon hardship shoal coast guard patrolled fleet zephyr " + Corpus.text(rnd, 6);
                List<Portion> body = List.of(Corpus.portion(1, "(TS//SI//NF)", text), Corpus.portion(2, "(S//NF)", "zephyr vessel"));
                Report r = Corpus.report(rnd, Corpus.id(rnd), 1, 1);
                store.write(new Report(r.id(), "USA", r.org(), List.of(), Corpus.portion(0, "(S//NF)", "zephyr convoy"), body,
                        r.banner(), 1, r.created(), r.updated(), r.author()));
            }
            for (int i = 0; i < queries.size(); i++) {
                assertThat(store.search(queries.get(i), store.authorizations(READER, gates), 100, 0))
                        .as("seed %d, %s", seed, queries.get(i)).isEqualTo(before.get(i));
            }
            assertThat(store.search("zephyr", store.authorizations(READER, gates), 100, 0).total()).isZero();
            assertThat(store.search("zep*", store.authorizations(READER, gates), 100, 0).total()).isZero();
            // the permit path next to it: a reader who sees the new portions finds them, and their scores move
            assertThat(store.search("zephyr", store.authorizations(CLEARED, gates), 100, 0).total()).isEqualTo(25);
            assertThat(store.search("zep*", store.authorizations(CLEARED, gates), 100, 0).total()).isEqualTo(25);
            assertThat(store.search(queries.get(0), store.authorizations(CLEARED, gates), 100, 0)).isNotEqualTo(clearedBefore.get(0));
        }
    }

    /**
     * The statistics a store keeps per authorization set are never older than its own last write, nor
     * than another store's (another process's): every score equals that of a store reading the tables
     * afresh.
     */
    @Test
    void cachedStatisticsFollowThisStoresWritesAndAnothers() {
        long seed = Corpus.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        try (AccumuloClient client = TestAccumulo.rootClient()) {
            String prefix = TestAccumulo.freshPrefix("statscache");
            AccumuloReports store = new AccumuloReports(client, prefix, Corpus.MARKINGS, Corpus.COMPILER, 4);
            store.createTables();
            AccumuloReports other = new AccumuloReports(client, prefix, Corpus.MARKINGS, Corpus.COMPILER, 4);
            Set<Gate> gates = AccumuloReports.gates(List.of(Corpus.OWNERS), (o, l) -> true);
            var auths = store.authorizations(CLEARED, gates);
            for (int i = 0; i < 20; i++) {
                store.write(Corpus.report(rnd, Corpus.id(rnd), 1, 4));
            }
            SearchResult first = store.search("vessel", auths, 100, 0);
            assertThat(first.total()).as("seed %d", seed).isPositive();
            // this store's write: the very next search ranks with the new figures
            store.write(Corpus.report(rnd, Corpus.id(rnd), 1, 4));
            SearchResult afterOwn = store.search("vessel", auths, 100, 0);
            assertThat(afterOwn).as("seed %d", seed).isEqualTo(fresh(client, prefix).search("vessel", auths, 100, 0));
            // another store's writes (of portions without the word, so only the statistics move)
            for (int i = 0; i < 10; i++) {
                Report r = Corpus.report(rnd, Corpus.id(rnd), 1, 1);
                other.write(new Report(r.id(), "USA", r.org(), List.of(), Corpus.portion(0, "(U)", "zephyr"),
                        List.of(Corpus.portion(1, "(U)", "zephyr zephyr zephyr zephyr zephyr zephyr zephyr zephyr")),
                        r.banner(), 1, r.created(), r.updated(), r.author()));
            }
            SearchResult truth = fresh(client, prefix).search("vessel", auths, 100, 0);
            assertThat(truth.hits().get(0).score()).as("the other store's writes move the scores")
                    .isNotEqualTo(afterOwn.hits().get(0).score());
            assertThat(store.search("vessel", auths, 100, 0)).as("seed %d", seed).isEqualTo(truth);
        }
    }

    private static AccumuloReports fresh(AccumuloClient client, String prefix) {
        return new AccumuloReports(client, prefix, Corpus.MARKINGS, Corpus.COMPILER, 4);
    }
}
