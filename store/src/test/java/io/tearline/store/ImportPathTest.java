package io.tearline.store;

import static io.tearline.store.Fixtures.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tearline.markings.Dissem;
import io.tearline.markings.Marking;
import io.tearline.store.internal.MarkingRules;
import io.tearline.store.internal.StandardRules;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk import's way into the store: a draft checked once ({@link ReportStore#checked}) is stored as
 * checked ({@link ReportStore#createChecked}) without its markings being validated again, and indexed
 * from memory after the commit; import keys are recorded and found many at a time, per owner.
 */
class ImportPathTest {

    @TempDir
    Path tmp;
    TestDatabases.Handle handle;
    ReportStore store;
    /** Portion markings validated by the store's rules: the seam that sees a second check. */
    final AtomicInteger checks = new AtomicInteger();

    @BeforeEach
    void open() {
        handle = TestDatabases.h2(tmp.resolve("data"));
        MarkingRules standard = StandardRules.get();
        MarkingRules counting = new MarkingRules() {
            @Override
            public Checked checkPortion(String written) {
                checks.incrementAndGet();
                return standard.checkPortion(written);
            }

            @Override
            public Rolled rollup(List<Marking> portions) {
                return standard.rollup(portions);
            }

            @Override
            public Marking parseNormalised(String normalised) {
                return standard.parseNormalised(normalised);
            }

            @Override
            public boolean isCountry(String code) {
                return standard.isCountry(code);
            }
        };
        store = ReportStore.open(handle.db(), tmp.resolve("index"), counting);
    }

    @AfterEach
    void close() {
        store.close();
        handle.close();
    }

    private static Author author(String nation, java.util.function.Predicate<Marking> reads) {
        return new Author() {
            @Override
            public String nation() {
                return nation;
            }

            @Override
            public List<String> whyNotRead(Marking m, String owner, List<String> orcon) {
                return reads.test(m) ? List.of() : List.of("not cleared");
            }
        };
    }

    @Test
    void aCheckedDraftIsStoredWithoutBeingCheckedAgainAndIndexedFromMemory() throws Exception {
        Author ava = author("USA", m -> true);
        ReportDraft draft = Fixtures.r1();
        ReportStore.Checked checked = store.checked(draft, ava);
        int once = checks.get();
        assertThat(once).as("the check validates every portion").isGreaterThanOrEqualTo(1 + draft.portions().size());
        assertThat(checked.portions()).isEqualTo(1 + draft.portions().size());

        ReportStore.Created created;
        try (Connection c = handle.db().connection()) {
            c.setAutoCommit(false);
            created = store.createChecked(c, List.of(checked));
            c.commit();
        }
        assertThat(checks.get()).as("stored as checked: no portion validated again").isEqualTo(once);
        store.indexCommitted(created);
        Report r = created.reports().get(0);
        assertThat(store.read(r.id())).contains(r);
        assertThat(store.searchUnrestricted("\"resupply boats\"", 10, 0).hits())
                .extracting(SearchResult.Hit::reportId).containsExactly(r.id());

        // the seam sees the store's own write rules: createAll under an author checks in the transaction
        int before = checks.get();
        try (Connection c = handle.db().connection()) {
            store.createAll(c, List.of(draft), ava);
        }
        assertThat(checks.get()).isGreaterThan(before);
    }

    @Test
    void aDraftThatFailsTheWriteRulesIsNeverCheckedAndNothingIsWritten() {
        Author ben = author("USA", m -> !m.has(Dissem.NOFORN));
        Map<String, Long> before = Fixtures.rowCounts(handle.db());
        StoreException owner = catchThrowableOfType(StoreException.class, () -> store.checked(
                new ReportDraft(p("(U)", "t"), "GBR", "DIA", List.of(), List.of(p("(U)", "x")), "ben"), ben));
        assertThat(owner.rule()).isEqualTo(ReportStore.OWNER);
        StoreException cannot = catchThrowableOfType(StoreException.class, () -> store.checked(Fixtures.r1(), ben));
        assertThat(cannot.rule()).isEqualTo(ReportStore.AUTHOR_CANNOT_READ);
        assertThat(cannot.errors()).extracting(InputError::location).containsExactly(new InputError.Location.Portion(4));
        StoreException invalid = catchThrowableOfType(StoreException.class, () -> store.checked(
                Fixtures.single("(S//REL TO USA, XXQ)", "t", "x"), ben));
        assertThat(invalid.rule()).isEqualTo(StoreException.INVALID_REPORT);
        assertThat(Fixtures.rowCounts(handle.db())).isEqualTo(before);
        // the permit beside them: the same author stores what they may read
        assertThat(store.checked(Fixtures.single("(S//REL TO USA, JPN)", "t", "x"), ben).portions()).isEqualTo(2);
    }

    @Test
    void aDraftCheckedByAnotherStoreIsRefusedAndARolledBackWriteLeavesNothing() throws Exception {
        Author ava = author("USA", m -> true);
        try (TestDatabases.Handle otherDb = TestDatabases.h2(tmp.resolve("other"));
             ReportStore other = ReportStore.open(otherDb.db(), tmp.resolve("other-index"))) {
            ReportStore.Checked foreign = other.checked(Fixtures.r1(), ava);
            try (Connection c = handle.db().connection()) {
                assertThatThrownBy(() -> store.createChecked(c, List.of(foreign)))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
        Map<String, Long> before = Fixtures.rowCounts(handle.db());
        ReportStore.Created created;
        try (Connection c = handle.db().connection()) {
            c.setAutoCommit(false);
            created = store.createChecked(c, List.of(store.checked(Fixtures.r1(), ava)));
            c.rollback();
        }
        assertThat(store.read(created.reports().get(0).id())).isEmpty();
        Map<String, Long> after = new java.util.HashMap<>(Fixtures.rowCounts(handle.db()));
        after.remove("store_label"); // labels are registered in their own transaction, as on every write path
        Map<String, Long> expected = new java.util.HashMap<>(before);
        expected.remove("store_label");
        assertThat(after).isEqualTo(expected);
    }

    @Test
    void importKeysAreRecordedAndFoundPerOwnerAcrossLookUpChunks() throws Exception {
        Author ava = author("USA", m -> true);
        List<ReportDraft> drafts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 250; i++) { // more than one chunk of the insert and of the look-up
            drafts.add(Fixtures.single("(U)", "title " + i, "text " + i));
            keys.add("id:k-" + i);
        }
        List<ReportStore.Checked> checked = drafts.stream().map(d -> store.checked(d, ava)).toList();
        List<Report> written;
        try (Connection c = handle.db().connection()) {
            c.setAutoCommit(false);
            ReportStore.Created created = store.createChecked(c, checked);
            store.recordImportKeys(c, created.reports(), keys);
            c.commit();
            written = created.reports();
        }
        List<String> asked = new ArrayList<>(keys);
        asked.add("id:never");
        Map<String, String> found = store.importKeys("USA", asked);
        assertThat(found).hasSize(250).doesNotContainKey("id:never");
        for (int i = 0; i < 250; i++) {
            assertThat(found.get(keys.get(i))).isEqualTo(written.get(i).id());
        }
        // another owner's keys are not this owner's
        assertThat(store.importKeys("GBR", asked)).isEmpty();
        assertThat(store.importKeyCount("USA")).isEqualTo(250);
        // a key is recorded once per owner
        try (Connection c = handle.db().connection()) {
            assertThatThrownBy(() -> store.recordImportKeys(c, List.of(written.get(0)), List.of(keys.get(0))))
                    .isInstanceOf(java.sql.SQLException.class);
        }
    }
}
