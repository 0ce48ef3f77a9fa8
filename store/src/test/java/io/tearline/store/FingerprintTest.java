package io.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tearline.db.DataDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release guard's fingerprints (fields of the search index) follow every committed write, are caught
 * up before a lookup, and are rebuilt by reindex and when the index lacks them.
 */
class FingerprintTest {

    @TempDir
    Path dir;
    ReportStore store;

    @BeforeEach
    void open() {
        store = ReportStore.open(new DataDir(dir));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static final String SECRET_TEXT =
            "EXERCISE sourcing note: notional sourcing for the water cannon reporting from a sensitive source.";

    private static ReportDraft draft(String text) {
        return new ReportDraft(Fixtures.p("(U)", "Title of a report"), "USA", "DIA", List.of(),
                List.of(Fixtures.p("(U)", "A public line."), Fixtures.p("(S//NF)", text)), "ava");
    }

    private static List<PortionRef> at(List<PortionRef> refs, String id) {
        return refs.stream().filter(r -> r.reportId().equals(id)).toList();
    }

    @Test
    void aCreatedReportIsFoundByAnEightWordRunAndNotBySeven() {
        Report r = store.create(draft(SECRET_TEXT));
        assertThat(store.fingerprintCount(r.id())).isPositive();
        // 8 words copied, with other words around them and different case and spacing
        assertThat(at(store.sharingRuns("Our paraphrase: NOTIONAL sourcing for the  water cannon reporting from, we say"), r.id()))
                .extracting(PortionRef::index).containsExactly(2);
        // 7 words: never guaranteed, and in this text not shared as a fingerprinted gram either way
        assertThat(store.sharingRuns("completely different words then sourcing for the water cannon reporting from"))
                .allSatisfy(ref -> assertThat(ref.index()).isEqualTo(2)); // a candidate at most: callers verify
        assertThat(store.sharingRuns("nothing like it at all in any of the stored portions here")).isEmpty();
    }

    @Test
    void anUpdateReplacesTheFingerprintsOfThePreviousVersion() {
        Report r = store.create(draft(SECRET_TEXT));
        store.update(r.id(), 1, new Revision(Fixtures.p("(U)", "Title of a report"), List.of(),
                List.of(Fixtures.p("(U)", "An entirely new body about harbour cranes and their long maintenance schedule.")),
                "ava"));
        assertThat(at(store.sharingRuns("notional sourcing for the water cannon reporting from a"), r.id())).isEmpty();
        assertThat(at(store.sharingRuns("about harbour cranes and their long maintenance schedule"), r.id()))
                .extracting(PortionRef::index).containsExactly(1);
    }

    @Test
    void aRolledBackWriteLeavesNoFingerprints() {
        RuntimeException boom = new RuntimeException("rolled back on purpose");
        String[] id = new String[1];
        assertThatThrownBy(() -> store.database().transaction(c -> {
            id[0] = store.create(c, draft(SECRET_TEXT)).id();
            assertThat(store.sharingRuns(SECRET_TEXT)).isEmpty(); // not visible outside the transaction
            throw boom;
        })).isSameAs(boom);
        assertThat(store.fingerprintCount(id[0])).isZero();
        assertThat(store.sharingRuns(SECRET_TEXT)).isEmpty();

        Report r = store.create(draft(SECRET_TEXT));
        assertThatThrownBy(() -> store.database().transaction(c -> {
            store.update(c, r.id(), 1, new Revision(Fixtures.p("(U)", "T"), List.of(),
                    List.of(Fixtures.p("(U)", "replacement words that never get committed to the store at all")), "ava"));
            throw boom;
        })).isSameAs(boom);
        assertThat(at(store.sharingRuns(SECRET_TEXT), r.id())).isNotEmpty();
        assertThat(store.sharingRuns("replacement words that never get committed to the store at all")).isEmpty();
    }

    @Test
    void reindexRebuildsTheFingerprints() {
        Report r = store.create(draft(SECRET_TEXT));
        int before = store.fingerprintCount(r.id());
        assertThat(before).isPositive();
        store.reindex();
        assertThat(store.fingerprintCount(r.id())).isEqualTo(before);
        assertThat(at(store.sharingRuns(SECRET_TEXT), r.id())).extracting(PortionRef::index).containsExactly(2);
    }

    @Test
    void anIndexWrittenWithoutFingerprintsIsRebuiltWithThemWhenOpened() {
        store.close();
        Report r;
        try (ReportStore without = ReportStore.openWithoutFingerprints(new DataDir(dir))) {
            r = without.create(draft(SECRET_TEXT));
            assertThat(without.sharingRuns(SECRET_TEXT)).isEmpty(); // the benchmark's switch: no fingerprints
            assertThat(without.fingerprintCount(r.id())).isZero();
        }
        store = ReportStore.open(new DataDir(dir));
        assertThat(store.fingerprintCount(r.id())).isPositive();
        assertThat(at(store.sharingRuns(SECRET_TEXT), r.id())).extracting(PortionRef::index).containsExactly(2);
    }

    @Test
    void aStoreWhoseIndexIsLostGetsItsFingerprintsBackWhenItOpens() throws Exception {
        Report r = store.create(draft(SECRET_TEXT));
        store.close();
        try (var paths = java.nio.file.Files.walk(new DataDir(dir).index())) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
        store = ReportStore.open(new DataDir(dir));
        assertThat(at(store.sharingRuns(SECRET_TEXT), r.id())).extracting(PortionRef::index).containsExactly(2);
    }

    @Test
    void aWriteCommittedOnTheCallersTransactionIsFoundBeforeTheIndexIsToldOfIt() throws Exception {
        // the caller commits and has not yet called indexCommitted(): the lookup catches up first
        String id = store.database().transaction(c -> store.create(c, draft(SECRET_TEXT)).id());
        assertThat(at(store.sharingRuns(SECRET_TEXT), id)).extracting(PortionRef::index).containsExactly(2);
        assertThat(store.sharingRuns("nothing like it at all in any of the stored portions here")).isEmpty();
    }

    @Test
    void theOldFingerprintTableIsGone() throws Exception {
        store.create(draft(SECRET_TEXT));
        int tables = store.database().transaction(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("select count(*) from information_schema.tables"
                    + " where lower(table_name) = 'store_fingerprint'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(tables).isZero();
    }

    @Test
    void everySharedRunOfEightWordsIsFound() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] vocabulary = new String[300];
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] = "w" + Integer.toString(i, 36);
        }
        List<ReportDraft> drafts = new ArrayList<>();
        List<List<String>> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<String> words = new ArrayList<>();
            int n = 8 + rnd.nextInt(40);
            for (int j = 0; j < n; j++) {
                words.add(vocabulary[rnd.nextInt(vocabulary.length)]);
            }
            texts.add(words);
            drafts.add(new ReportDraft(Fixtures.p("(U)", "t"), "USA", "DIA", List.of(),
                    List.of(Fixtures.p("(U)", String.join(" ", words))), "ava"));
        }
        List<Report> reports = store.createAll(drafts);
        for (int trial = 0; trial < 200; trial++) {
            int i = rnd.nextInt(texts.size());
            List<String> words = texts.get(i);
            int from = rnd.nextInt(words.size() - 8 + 1);
            String run = String.join(" ", words.subList(from, from + 8));
            String query = "zz1 zz2 " + run + " zz3";
            assertThat(at(store.sharingRuns(query), reports.get(i).id()))
                    .as("seed %d, report %d, words %d..%d", seed, i, from, from + 8)
                    .extracting(PortionRef::index).contains(1);
        }
    }
}
