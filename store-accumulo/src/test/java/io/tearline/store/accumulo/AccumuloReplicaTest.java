package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tearline.access.Principal;
import io.tearline.markings.Markings;
import io.tearline.store.Portion;
import io.tearline.store.Replica;
import io.tearline.store.Report;
import io.tearline.store.SearchResult;
import io.tearline.store.VisibleLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The replica as the store uses it: a reader's authorizations are enforced by the tablet servers even
 * when the labels the service passes would admit everything; labels the reader may not see are refused
 * on top even when the authorizations open them; the change applied survives a restart; versions of a
 * report arriving together are stored in order; and the store's URL is checked before anything connects.
 */
class AccumuloReplicaTest {

    /** Every label {@link Corpus#portion} gives (index + 1): a reader the service's labels would admit to everything. */
    private static final VisibleLabels ALL_LABELS = VisibleLabels.of(IntStream.rangeClosed(1, 8).toArray());

    @Test
    void aReaderSeesOnlyWhatTheirAuthorizationsOpenWhateverTheLabelsAdmit() {
        long seed = Corpus.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Replica replica = replica("replica")) {
            List<Report> reports = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                reports.add(Corpus.report(rnd, Corpus.id(rnd), 1, 5));
            }
            replica.apply(1, reports);
            int shown = 0;
            int refused = 0;
            for (int k = 0; k < 60; k++) {
                Principal p = Corpus.principal(rnd);
                Set<Gate> gates = Corpus.gates(rnd);
                Set<String> tokens = new TreeSet<>(Corpus.COMPILER.authorizations(p));
                gates.forEach(g -> tokens.add(g.token()));
                VisibleLabels reader = ALL_LABELS.withAuthorizations(tokens);
                for (Report r : reports) {
                    List<Integer> expected = r.allPortions().stream().filter(x -> Corpus.permits(p, gates, r, x))
                            .map(Portion::index).toList();
                    Optional<Report> got = replica.read(r.id(), 1, reader);
                    String where = "seed " + seed + ", reader " + p + ", gates " + gates + ", report " + r.id();
                    if (expected.isEmpty()) {
                        assertThat(got).as(where + ": nothing permitted, so nothing returned").isEmpty();
                        refused++;
                        continue;
                    }
                    assertThat(got).as(where).isPresent();
                    List<Integer> indexes = got.get().allPortions().stream().filter(x -> x != Replica.HIDDEN_TITLE)
                            .map(Portion::index).toList();
                    assertThat(indexes).as(where + ": exactly the permitted portions").containsExactlyElementsOf(expected);
                    shown += expected.size();
                    refused += r.allPortions().size() - expected.size();
                }
            }
            assertThat(shown).as("the readers were shown something").isPositive();
            assertThat(refused).as("and refused something").isPositive();
        }
    }

    @Test
    void labelsTheReaderMayNotSeeAreRefusedEvenWhenTheAuthorizationsOpenThem() {
        try (Replica replica = replica("labels")) {
            Report r = new Report("00000000000000a1", "USA", "DIA", List.of(), Corpus.portion(0, "(U)", "harbour survey"),
                    List.of(Corpus.portion(1, "(U)", "open shoal notes"), Corpus.portion(2, "(U)", "second shoal notes")),
                    "UNCLASSIFIED", 1, java.time.Instant.EPOCH, java.time.Instant.EPOCH, "ava");
            replica.apply(1, List.of(r));
            Set<String> everything = everyToken();
            // labels 1 (title) and 3 (portion 2): portion 1 (label 2) is refused although every token is held
            VisibleLabels reader = VisibleLabels.of(1, 3).withAuthorizations(everything);
            Report seen = replica.read(r.id(), 1, reader).orElseThrow();
            assertThat(seen.portions()).extracting(Portion::index).containsExactly(2);
            assertThat(replica.read(r.id(), 1, VisibleLabels.of(2).withAuthorizations(everything)).orElseThrow().portions())
                    .extracting(Portion::index).containsExactly(1);
            assertThat(replica.read(r.id(), 1, VisibleLabels.none().withAuthorizations(everything))).isEmpty();
            // searches keep to the same labels: the word of portion 1 is not found for the first reader
            assertThat(replica.search("open", reader, 10, 0).total()).isZero();
            SearchResult found = replica.search("second", reader, 10, 0);
            assertThat(found.hits()).extracting(SearchResult.Hit::portion).containsExactly(2);
            // on every path of a search: several words (intersected), a phrase, a prefix (a union of postings)
            assertThat(replica.search("open shoal", reader, 10, 0).total()).isZero();
            assertThat(replica.search("\"open shoal\"", reader, 10, 0).total()).isZero();
            assertThat(replica.search("ope*", reader, 10, 0).total()).isZero();
            assertThat(replica.search("sho*", reader, 10, 0).hits()).extracting(SearchResult.Hit::portion).containsExactly(2);
            assertThat(replica.search("shoal notes", reader, 10, 0).hits()).extracting(SearchResult.Hit::portion)
                    .containsExactly(2);
            assertThat(replica.search("open shoal", VisibleLabels.of(2).withAuthorizations(everything), 10, 0).hits())
                    .extracting(SearchResult.Hit::portion).containsExactly(1);
            // and with no authorizations at all, nothing, whatever the labels
            assertThat(replica.read(r.id(), 1, ALL_LABELS.withAuthorizations(Set.of()))).isEmpty();
            assertThat(replica.search("shoal", ALL_LABELS.withAuthorizations(Set.of()), 10, 0).total()).isZero();
        }
    }

    @Test
    void theAppliedChangeSurvivesARestartAndVersionsArrivingTogetherAreStoredInOrder() {
        String prefix = TestAccumulo.freshPrefix("restart");
        SplittableRandom rnd = new SplittableRandom(7);
        String id = Corpus.id(rnd);
        Report v1 = Corpus.report(rnd, id, 1, 3);
        Report v2 = Corpus.report(rnd, id, 2, 3);
        Report v3 = Corpus.report(rnd, id, 3, 3);
        Report other = Corpus.report(rnd, Corpus.id(rnd), 1, 3);
        try (Replica replica = open(prefix)) {
            assertThat(replica.applied()).isZero();
            replica.apply(5, List.of(v3, other, v1, v2)); // in any order, as a catch-up gathers them
            assertThat(replica.applied()).isEqualTo(5);
            // an older change again changes nothing
            replica.apply(4, List.of(Corpus.report(rnd, id, 4, 3)));
            assertThat(replica.applied()).isEqualTo(5);
        }
        try (Replica again = open(prefix)) {
            assertThat(again.applied()).as("resumes after the change it applied").isEqualTo(5);
            VisibleLabels all = ALL_LABELS.withAuthorizations(everyToken());
            for (Report r : List.of(v1, v2, v3)) {
                assertThat(again.read(id, r.version(), all)).as("version " + r.version()).get()
                        .extracting(Report::version, Report::updated).containsExactly(r.version(), r.updated());
            }
            assertThat(again.read(id, 4, all)).as("the version of the ignored change").isEmpty();
            // a version already stored, applied again (a catch-up racing the live path), is written once
            again.apply(6, List.of(v2, v3));
            assertThat(again.applied()).isEqualTo(6);
            again.clear();
            assertThat(again.applied()).isZero();
            assertThat(again.read(id, 3, all)).isEmpty();
        }
    }

    @Test
    void aChangeBringingManyNewReportsIsBulkLoadedAndReadsAsIfWritten(@org.junit.jupiter.api.io.TempDir java.nio.file.Path bulk) {
        long seed = Corpus.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        org.apache.accumulo.core.client.AccumuloClient client = TestAccumulo.rootClient();
        try (AccumuloReplica replica = new AccumuloReplica(client, new AccumuloReports(client, TestAccumulo.freshPrefix("bulk"),
                Corpus.MARKINGS, Corpus.COMPILER, 4), Optional.of(bulk));
             Replica written = replica("written")) {
            List<Report> many = new ArrayList<>();
            for (int i = 0; i < AccumuloReplica.BULK_MIN; i++) {
                many.add(Corpus.report(rnd, Corpus.id(rnd), 1, 2));
            }
            // with a second version of one of them in the same change: it follows the bulk-loaded first
            Report v2 = Corpus.report(rnd, many.get(0).id(), 2, 2);
            List<Report> change = new ArrayList<>(many);
            change.add(v2);
            replica.apply(1, change);
            written.apply(1, change);
            assertThat(replica.bulkLoads()).as("the new reports' first versions were bulk loaded").isEqualTo(1);
            // a few new reports later are written, not bulk loaded
            List<Report> few = List.of(Corpus.report(rnd, Corpus.id(rnd), 1, 2));
            replica.apply(2, few);
            written.apply(2, few);
            assertThat(replica.bulkLoads()).isEqualTo(1);
            VisibleLabels all = ALL_LABELS.withAuthorizations(everyToken());
            for (Report r : List.of(many.get(0), many.get(1), many.get(500), many.get(999), v2)) {
                assertThat(replica.read(r.id(), r.version(), all)).as("seed " + seed + ", " + r.id() + " v" + r.version())
                        .isEqualTo(written.read(r.id(), r.version(), all)).isPresent();
            }
            String word = Corpus.WORDS[rnd.nextInt(Corpus.WORDS.length)];
            assertThat(replica.search(word, all, 10, 0)).as("seed " + seed + ": search for " + word)
                    .isEqualTo(written.search(word, all, 10, 0));
        }
    }

    @Test
    void everyLevelHasItsGateRestrictedIncluded() {
        assertThat(AccumuloReports.gates(List.of("GBR"), (owner, level) -> true)).extracting(Gate::level)
                .containsExactlyInAnyOrder(io.tearline.markings.Level.values());
        assertThat(AccumuloReports.gates(List.of("GBR"), (owner, level) -> false)).isEmpty();
    }

    @Test
    void aBadStoreUrlIsRefusedBeforeAnythingConnects() {
        AccumuloReplicaProvider provider = new AccumuloReplicaProvider();
        Markings m = Markings.standard();
        assertThatThrownBy(() -> provider.open("accumulo://inst", "root", "pw", m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zookeepers=HOST:PORT is required");
        assertThatThrownBy(() -> provider.open("accumulo://inst?zookeepers=h:2181&colour=red", "root", "pw", m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parameter colour");
        assertThatThrownBy(() -> provider.open("accumulo://inst?zookeepers=h:2181&prefix=a-b", "root", "pw", m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix may hold");
        assertThatThrownBy(() -> provider.open("accumulo://inst?zookeepers", "root", "pw", m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a value");
        assertThatThrownBy(() -> provider.open("accumulo://inst?zookeepers=h:2181&bulk=relative/dir", "root", "pw", m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bulk must be an absolute directory");
        assertThat(AccumuloReplicaProvider.parse("accumulo://inst?zookeepers=h:2181&bulk=%2Fdata%20dir%2Fbulk").bulk())
                .contains(java.nio.file.Path.of("/data dir/bulk"));
        assertThatThrownBy(() -> provider.open("accumulo://inst?zookeepers=h:2181", "", "pw", m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store.user");
    }

    private static Replica replica(String base) {
        return open(TestAccumulo.freshPrefix(base));
    }

    /** A replica over the tables of {@code prefix}; it closes its client. */
    private static Replica open(String prefix) {
        org.apache.accumulo.core.client.AccumuloClient client = TestAccumulo.rootClient();
        return new AccumuloReplica(client, new AccumuloReports(client, prefix, Corpus.MARKINGS, Corpus.COMPILER, 4));
    }

    /** Every token the service's user holds (each one granted as cells carrying it were written). */
    private static Set<String> everyToken() {
        try (org.apache.accumulo.core.client.AccumuloClient client = TestAccumulo.rootClient()) {
            Set<String> out = new TreeSet<>();
            client.securityOperations().getUserAuthorizations(client.whoami())
                    .forEach(a -> out.add(new String(a, java.nio.charset.StandardCharsets.UTF_8)));
            return out;
        } catch (org.apache.accumulo.core.client.AccumuloException
                 | org.apache.accumulo.core.client.AccumuloSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
