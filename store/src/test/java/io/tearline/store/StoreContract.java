package io.tearline.store;

import static io.tearline.store.Fixtures.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tearline.markings.Check;
import io.tearline.markings.Dissem;
import io.tearline.markings.Markings;
import io.tearline.markings.Violation;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's behaviour, run once per database engine by the subclasses. */
abstract class StoreContract {

    @TempDir
    Path tmp;
    TestDatabases.Handle handle;
    ReportStore store;

    abstract TestDatabases.Handle openDatabase(Path dir);

    /** The store under test over {@code db}: the embedded one unless a subclass adds a replica. */
    ReportStore openStore(io.tearline.db.Database db, Path indexDir) {
        return ReportStore.open(db, indexDir);
    }

    @BeforeEach
    void open() {
        handle = openDatabase(tmp.resolve("data"));
        store = openStore(handle.db(), tmp.resolve("index"));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (handle != null) { // null when the database variant was skipped
            handle.close();
        }
    }

    private void reopen() {
        store.close();
        store = openStore(handle.db(), tmp.resolve("index"));
    }

    @Test
    void migratesIntoASchemaThatOtherModulesAlreadyUse() throws Exception {
        try (TestDatabases.Handle other = openDatabase(tmp.resolve("other"))) {
            try (Connection c = other.db().connection(); var s = c.createStatement()) {
                s.execute("create table audit_leaf (idx bigint primary key, leaf varchar(100))");
            }
            try (ReportStore second = openStore(other.db(), tmp.resolve("other-index"))) {
                Report r = second.create(Fixtures.r1());
                assertThat(second.read(r.id())).contains(r);
            }
            // and opening again finds the schema current
            try (ReportStore again = openStore(other.db(), tmp.resolve("other-index"))) {
                assertThat(again.labels()).isNotEmpty();
            }
        }
    }

    @Test
    void reportsAnotherProcessWritesBecomeReadableHereWithoutAWriteOfOurOwn() throws Exception {
        // a second store on the same database is what a second server process is
        try (ReportStore other = openStore(handle.db(), tmp.resolve("other-index"))) {
            Report theirs = other.create(Fixtures.r1());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!store.labelled(theirs.id()).exists() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            VisibleLabels ava = store.visibleLabels("ava", l -> true); // with the labels the other store created
            assertThat(store.labelled(theirs.id()).exists()).as("followed within the sync interval").isTrue();
            assertThat(store.labelled(theirs.id()).allVisible(ava)).isTrue();
            assertThat(store.read(theirs.id(), ava)).isPresent();
            // a revision there moves the head here too (version and labels), at once after indexCommitted
            other.update(theirs.id(), 1, new Revision(Fixtures.p("(U)", "Renamed"), List.of(),
                    List.of(Fixtures.p("(S//NF)", "EXERCISE only this")), "ava"));
            store.indexCommitted();
            ReportStore.Labelled now = store.labelled(theirs.id());
            assertThat(now.version()).isEqualTo(2);
            VisibleLabels kenji = store.visibleLabels("kenji", l -> !l.marking().level().isClassified()
                    || l.marking().relTo().contains("JPN"));
            assertThat(now.allVisible(kenji)).as("kenji cannot see the NOFORN portion of version 2").isFalse();
            assertThat(now.anyVisible(kenji)).as("but sees the unclassified title").isTrue();
        }
        // a missing id stays missing
        assertThat(store.labelled("0123456789abcdef").exists()).isFalse();
    }

    @Test
    void createsAndReadsAReport() {
        Report r = store.create(Fixtures.r1());

        assertThat(r.id()).matches("[0-9a-f]{16}");
        assertThat(r.version()).isEqualTo(1);
        assertThat(r.created()).isEqualTo(r.updated());
        assertThat(r.title().index()).isZero();
        assertThat(r.portions()).extracting(Portion::index).containsExactly(1, 2, 3, 4);
        assertThat(r.portions()).extracting(Portion::marking)
                .containsExactly("(U)", "(S//REL TO USA, JPN, PHL)", "(S//REL TO USA, FVEY)", "(S//NF)");
        assertThat(r.banner()).isEqualTo("SECRET//NOFORN");
        assertThat(store.read(r.id())).contains(r);
        assertThat(store.read(r.id(), 1)).contains(r);
        assertThat(store.read(r.id(), 2)).isEmpty();
        assertThat(store.versions(r.id())).containsExactly(1);
        // the (U) title and the (U) portion share a label; the others each have their own
        assertThat(r.title().label()).isEqualTo(r.portions().get(0).label());
        assertThat(r.allPortions().stream().map(Portion::label).distinct()).hasSize(4);
    }

    @Test
    void idsAreRandomAndUnrelated() {
        Set<String> ids = new HashSet<>();
        List<String> inOrder = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = store.create(Fixtures.single("(U)", "title " + i, "text " + i)).id();
            ids.add(id);
            inOrder.add(id);
        }
        assertThat(ids).hasSize(30).allMatch(id -> id.matches("[0-9a-f]{16}"));
        // creation order is not id order (a counter would be): 30 random ids are sorted with p = 1/30!
        assertThat(inOrder).isNotEqualTo(inOrder.stream().sorted().toList());
        assertThat(store.read("0000000000000000")).isEmpty();
        assertThat(store.read("not-an-id")).isEmpty();
    }

    @Test
    void updateWritesANewVersionAndKeepsTheOldOne() {
        Report v1 = store.create(Fixtures.r1());
        Revision rev = new Revision(p("(U)", "Water cannon incident, revised"), List.of("DIA"),
                List.of(p("(U)", "Revised public summary."), p("(S//REL TO USA, JPN)", "EXERCISE narrower release.")),
                "ben");

        Report v2 = store.update(v1.id(), 1, rev);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.created()).isEqualTo(v1.created());
        assertThat(v2.updated()).isAfterOrEqualTo(v1.updated());
        assertThat(v2.author()).isEqualTo("ben");
        assertThat(v2.orcon()).containsExactly("DIA");
        assertThat(v2.portions()).extracting(Portion::marking).containsExactly("(U)", "(S//REL TO USA, JPN)");
        assertThat(store.read(v1.id())).contains(v2);
        assertThat(store.read(v1.id(), 1)).contains(v1);
        assertThat(store.read(v1.id(), 2)).contains(v2);
        assertThat(store.versions(v1.id())).containsExactly(1, 2);
        // the index holds the current version only
        assertThat(store.searchUnrestricted("sourcing", 10, 0).total()).isZero();
        assertThat(store.searchUnrestricted("narrower", 10, 0).hits()).extracting(SearchResult.Hit::reportId)
                .containsExactly(v1.id());
    }

    @Test
    void aStaleVersionIsRefusedAndNothingIsLost() {
        Report v1 = store.create(Fixtures.r1());
        Revision first = new Revision(p("(U)", "first edit"), List.of(), List.of(p("(U)", "first")), "ava");
        Revision second = new Revision(p("(U)", "second edit"), List.of(), List.of(p("(U)", "second")), "ben");
        store.update(v1.id(), 1, first);
        Map<String, Long> before = Fixtures.rowCounts(handle.db());

        StaleVersionException e = catchThrowableOfType(StaleVersionException.class,
                () -> store.update(v1.id(), 1, second));

        assertThat(e.rule()).isEqualTo(StoreException.STALE_VERSION);
        assertThat(e.expected()).isEqualTo(1);
        assertThat(e.current()).isEqualTo(2);
        assertThat(Fixtures.rowCounts(handle.db())).isEqualTo(before);
        assertThat(store.read(v1.id()).orElseThrow().title().text()).isEqualTo("first edit");
        assertThat(store.read(v1.id(), 1)).contains(v1);
        // and with the current version it goes through
        assertThat(store.update(v1.id(), 2, second).version()).isEqualTo(3);
    }

    @Test
    void concurrentUpdatesOfOneVersionLetExactlyOneThrough() throws Exception {
        Report v1 = store.create(Fixtures.r1());
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                start.await();
                try {
                    store.update(v1.id(), 1, new Revision(p("(U)", "edit " + n), List.of(), List.of(), "w" + n));
                    return 1;
                } catch (StaleVersionException e) {
                    return 0;
                }
            }));
        }
        start.countDown();
        int ok = 0;
        for (Future<Integer> f : results) {
            ok += f.get();
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(1);
        assertThat(store.versions(v1.id())).containsExactly(1, 2);
    }

    @Test
    void updatingAReportThatDoesNotExistIsNotFound() {
        Revision rev = new Revision(p("(U)", "t"), List.of(), List.of(), "ava");
        assertThatThrownBy(() -> store.update("0123456789abcdef", 1, rev))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.rule()).isEqualTo(StoreException.NOT_FOUND));
        assertThatThrownBy(() -> store.update("nope", 1, rev))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.rule()).isEqualTo(StoreException.NOT_FOUND));
    }

    @Test
    void anInvalidPortionRejectsTheWholeReportWithEveryErrorLocated() {
        store.create(Fixtures.r1());
        Map<String, Long> before = Fixtures.rowCounts(handle.db());
        int docs = store.index().liveDocs();
        int labels = store.labels().size();
        ReportDraft bad = new ReportDraft(p("(X)", "title with a bad marking"), "ZZZ", "DIA", List.of(), List.of(
                p("(U)", "fine"),
                p("(S//NF/REL TO USA, GBR)", "two problems"),
                p("(S//REL TO USA, JPN)", "fine too"),
                p("(U//OC)", "orcon on unclassified")), "ava");

        StoreException e = catchThrowableOfType(StoreException.class, () -> store.create(bad));

        assertThat(e.rule()).isEqualTo(StoreException.INVALID_REPORT);
        assertThat(e.errors()).extracting(InputError::location).contains(
                new InputError.Location.Title(), new InputError.Location.Portion(2), new InputError.Location.Portion(4),
                new InputError.Location.Field("owner"));
        assertThat(e.errors()).extracting(InputError::location)
                .doesNotContain(new InputError.Location.Portion(1), new InputError.Location.Portion(3));
        // each portion's errors are exactly what the markings module finds in it, rule and offset
        Markings markings = Markings.standard();
        List<PortionText> all = new ArrayList<>(bad.portions());
        all.add(0, bad.title());
        for (int i = 0; i < all.size(); i++) {
            InputError.Location at = i == 0 ? new InputError.Location.Title() : new InputError.Location.Portion(i);
            List<Violation> expected = markings.checkPortion(all.get(i).marking()) instanceof Check.Rejected r
                    ? r.findings() : List.of();
            assertThat(e.errors().stream().filter(err -> err.location().equals(at))
                    .map(err -> new Violation(err.rule(), err.message(), err.offset())).toList())
                    .as("errors of %s", at).isEqualTo(expected);
        }
        assertThat(e.errors()).filteredOn(err -> err.location().equals(new InputError.Location.Portion(2)))
                .isNotEmpty().allSatisfy(err -> assertThat(err.offset()).isBetween(1, 22));
        assertThat(Fixtures.rowCounts(handle.db())).isEqualTo(before);
        assertThat(store.index().liveDocs()).isEqualTo(docs);
        assertThat(store.labels()).hasSize(labels);
        assertThat(store.searchUnrestricted("problems", 10, 0).total()).isZero();
    }

    @Test
    void anInvalidUpdateWritesNothing() {
        Report v1 = store.create(Fixtures.r1());
        Map<String, Long> before = Fixtures.rowCounts(handle.db());
        Revision bad = new Revision(p("(U)", "ok title"), List.of(), List.of(p("(S//REL TO USA)", "x")), "ava");

        StoreException e = catchThrowableOfType(StoreException.class, () -> store.update(v1.id(), 1, bad));

        assertThat(e.errors()).extracting(InputError::location).containsExactly(new InputError.Location.Portion(1));
        assertThat(Fixtures.rowCounts(handle.db())).isEqualTo(before);
        assertThat(store.read(v1.id())).contains(v1);
    }

    @Test
    void aNonCanonicalMarkingIsKeptAsWrittenWithItsNormalFormBeside() {
        Report r = store.create(new ReportDraft(p("(U)", "title"), "USA", "DIA", List.of(),
                List.of(p("(s//rel to usa, phl, jpn)", "lowercase and out of order"),
                        p("(S//REL TO USA, JPN, PHL)", "canonical")), "ava"));

        Portion written = r.portions().get(0);
        assertThat(written.marking()).isEqualTo("(s//rel to usa, phl, jpn)");
        assertThat(written.normalised()).isEqualTo("(S//REL TO USA, JPN, PHL)");
        assertThat(written.canonical()).isFalse();
        assertThat(r.portions().get(1).canonical()).isTrue();
        // same content, same label: the decision does not depend on spelling
        assertThat(written.label()).isEqualTo(r.portions().get(1).label());
        Portion stored = store.read(r.id()).orElseThrow().portions().get(0);
        assertThat(stored.marking()).isEqualTo("(s//rel to usa, phl, jpn)");
        assertThat(stored.normalised()).isEqualTo("(S//REL TO USA, JPN, PHL)");
    }

    @Test
    void labelsAreTheDistinctMarkingOwnerOrconTriples() {
        Report a = store.create(new ReportDraft(p("(S//OC/REL TO USA, GBR)", "a"), "USA", "DIA",
                List.of("DIA", "CIA"), List.of(), "ava"));
        Report b = store.create(new ReportDraft(p("(S//OC/REL TO USA, GBR)", "b"), "USA", "DIA",
                List.of(" CIA", "DIA", "DIA"), List.of(), "ava"));
        Report c = store.create(new ReportDraft(p("(S//OC/REL TO USA, GBR)", "c"), "GBR", "DI",
                List.of("DIA", "CIA"), List.of(), "ava"));
        Report d = store.create(new ReportDraft(p("(S//OC/REL TO USA, GBR)", "d"), "USA", "DIA",
                List.of("DIA"), List.of(), "ava"));

        assertThat(b.title().label()).isEqualTo(a.title().label());
        assertThat(c.title().label()).isNotEqualTo(a.title().label());
        assertThat(d.title().label()).isNotEqualTo(a.title().label());
        Label la = store.label(a.title().label()).orElseThrow();
        assertThat(la.owner()).isEqualTo("USA");
        assertThat(la.orconOrgs()).containsExactly("CIA", "DIA");
        assertThat(la.marking().has(Dissem.ORCON)).isTrue();
        assertThat(la.marking().relTo()).containsExactly("USA", "GBR");
        assertThat(store.labels()).extracting(Label::id).containsExactly(1, 2, 3);
        assertThat(b.orcon()).containsExactly("CIA", "DIA");
        // labels survive a restart with the same ids
        reopen();
        assertThat(store.label(a.title().label())).contains(la);
    }

    @Test
    void forEachPortionVisitsTheCurrentVersionsOnly() {
        Report a = store.create(Fixtures.r1());
        Report b = store.create(Fixtures.single("(U)", "b", "text"));
        store.update(b.id(), 1, new Revision(p("(U)", "b v2"), List.of(), List.of(), "ava"));
        List<PortionRef> seen = new ArrayList<>();
        store.forEachPortion(seen::add);
        List<PortionRef> expected = new ArrayList<>();
        for (Portion x : a.allPortions()) {
            expected.add(new PortionRef(a.id(), x.index(), x.label()));
        }
        expected.add(new PortionRef(b.id(), 0, b.title().label()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void visibilityIsEvaluatedOncePerLabelAndPrincipalKey() {
        store.create(Fixtures.r1());
        AtomicInteger calls = new AtomicInteger();
        java.util.function.Predicate<Label> notNoforn = l -> {
            calls.incrementAndGet();
            return !l.marking().has(Dissem.NOFORN);
        };
        int labels = store.labels().size();

        VisibleLabels first = store.visibleLabels("kenji@v1", notNoforn);
        assertThat(calls.get()).isEqualTo(labels);
        assertThat(store.visibleLabels("kenji@v1", notNoforn)).isSameAs(first);
        assertThat(calls.get()).isEqualTo(labels);

        store.create(Fixtures.single("(S//REL TO USA, PHL)", "new label", "phl only"));
        VisibleLabels second = store.visibleLabels("kenji@v1", notNoforn);
        assertThat(calls.get()).isEqualTo(labels + 1);
        assertThat(second.size()).isEqualTo(first.size() + 1);

        store.visibleLabels("kenji@v2", notNoforn);
        assertThat(calls.get()).isEqualTo(2 * labels + 2);
    }

    /** kenji: U and REL TO lists naming JPN; oliver: U and FVEY, not JPN's list. */
    private VisibleLabels kenji() {
        return store.visibleLabels("kenji", l -> !l.marking().level().isClassified() || l.marking().relTo().contains("JPN"));
    }

    private VisibleLabels oliver() {
        return store.visibleLabels("oliver", l -> !l.marking().level().isClassified() || l.marking().relTo().contains("FVEY"));
    }

    @Test
    void viewsNumberTheVisiblePortionsAmongThemselvesWithIdsThatDoNotDependOnPosition() {
        Report r1 = store.create(Fixtures.r1());
        VisibleLabels all = store.visibleLabels("all", l -> true);
        ReportView full = store.read(r1.id(), all).orElseThrow();
        ReportView o = store.read(r1.id(), oliver()).orElseThrow();
        // oliver sees stored portions 1 and 3, numbered 1 and 2, with the ids everyone sees for them
        assertThat(o.portions()).extracting(VisiblePortion::index).containsExactly(1, 2);
        assertThat(o.portions()).extracting(v -> v.portion().index()).containsExactly(1, 3);
        assertThat(o.portions()).extracting(VisiblePortion::id)
                .containsExactly(full.portions().get(0).id(), full.portions().get(2).id());
        assertThat(full.portions()).extracting(VisiblePortion::id).doesNotHaveDuplicates();
        // stable across reads and across a reopen (the key is the store's)
        reopen();
        assertThat(store.read(r1.id(), oliver()).orElseThrow()).isEqualTo(o);
        // a different report with the same text gets different ids
        Report copy = store.create(Fixtures.r1());
        assertThat(store.read(copy.id(), all).orElseThrow().portions().get(0).id()).isNotEqualTo(full.portions().get(0).id());
    }

    @Test
    void aChangeToAWithheldPortionMovesNothingInTheViewsOfThoseWhoCannotSeeIt() {
        Report r1 = store.create(Fixtures.r1());
        VisibleLabels all = store.visibleLabels("all", l -> true);
        ReportView kenjiBefore = store.read(r1.id(), kenji()).orElseThrow();
        ReportView fullBefore = store.read(r1.id(), all).orElseThrow();
        List<PortionText> body = new ArrayList<>();
        r1.portions().forEach(x -> body.add(p(x.marking(), x.text())));
        // the owner inserts a NOFORN portion before the REL TO JPN one and edits the other NOFORN one
        body.add(1, p("(S//NF)", "EXERCISE new sourcing detail."));
        body.set(4, p("(S//NF)", "EXERCISE sourcing note, revised."));
        store.update(r1.id(), 1, new Revision(p(r1.title().marking(), r1.title().text()), List.of(), body, "ava"));
        ReportView kenjiAfter = store.read(r1.id(), kenji()).orElseThrow();
        assertThat(shown(kenjiAfter)).isEqualTo(shown(kenjiBefore));
        assertThat(kenjiAfter.version()).isEqualTo(kenjiBefore.version());
        // the permit side: a reader who sees the change sees a new version
        ReportView fullAfter = store.read(r1.id(), all).orElseThrow();
        assertThat(fullAfter.version()).isNotEqualTo(fullBefore.version());
        assertThat(fullAfter.portions()).hasSize(5);
        // and a change kenji can see moves his version
        body.set(2, p("(S//REL TO USA, JPN, PHL)", "EXERCISE vessel track summary, corrected."));
        store.update(r1.id(), 2, new Revision(p(r1.title().marking(), r1.title().text()), List.of(), body, "ava"));
        assertThat(store.read(r1.id(), kenji()).orElseThrow().version()).isNotEqualTo(kenjiBefore.version());
    }

    /** Everything a view shows its reader (the stored positions are not shown). */
    private static List<Object> shown(ReportView v) {
        List<Object> out = new ArrayList<>(List.of(v.id(), v.owner(), v.org(), v.orcon(), v.banner(), v.version(),
                v.created(), v.title().map(t -> t.marking() + " " + t.text())));
        v.portions().forEach(x -> out.add(List.of(x.index(), x.id(), x.portion().marking(), x.portion().text())));
        return out;
    }

    @Test
    void theOrconListIsShownOnlyToReadersOfAnOrconPortion() {
        Report r = store.create(new ReportDraft(p("(U)", "Orcon probe"), "USA", "DIA", List.of("DIA", "NSA"),
                List.of(p("(U)", "open text"), p("(S//OC/NF)", "EXERCISE originator-controlled text")), "ava"));
        VisibleLabels unclassified = store.visibleLabels("u", l -> !l.marking().level().isClassified());
        VisibleLabels all = store.visibleLabels("all", l -> true);
        assertThat(store.read(r.id(), unclassified).orElseThrow().orcon()).isEmpty();
        assertThat(store.read(r.id(), all).orElseThrow().orcon()).containsExactly("DIA", "NSA");
    }

    /** An author who is of {@code nation} and may read what {@code reads} accepts. */
    private static Author author(String nation, java.util.function.Predicate<io.tearline.markings.Marking> reads) {
        return new Author() {
            @Override
            public String nation() {
                return nation;
            }

            @Override
            public List<String> whyNotRead(io.tearline.markings.Marking m, String owner, List<String> orcon) {
                return reads.test(m) ? List.of() : List.of("not cleared");
            }
        };
    }

    @Test
    void writeRulesOwnerNationAndAuthorMustReadWhatTheyStore() throws Exception {
        Author ben = author("USA", m -> !m.has(Dissem.NOFORN));
        Map<String, Long> before = Fixtures.rowCounts(handle.db());
        try (Connection c = handle.db().connection()) {
            StoreException owner = catchThrowableOfType(StoreException.class, () -> store.create(c,
                    new ReportDraft(p("(U)", "t"), "GBR", "DIA", List.of(), List.of(p("(U)", "x")), "ben"), ben));
            assertThat(owner.rule()).isEqualTo(ReportStore.OWNER);
            assertThat(owner.errors()).extracting(InputError::location).containsExactly(new InputError.Location.Field("owner"));
            StoreException cannot = catchThrowableOfType(StoreException.class, () -> store.create(c, Fixtures.r1(), ben));
            assertThat(cannot.rule()).isEqualTo(ReportStore.AUTHOR_CANNOT_READ);
            assertThat(cannot.errors()).extracting(InputError::location).containsExactly(new InputError.Location.Portion(4));
        }
        assertThat(Fixtures.rowCounts(handle.db())).isEqualTo(before);
        // the permits beside them: an author of the owner nation who reads everything stores it
        Author ava = author("USA", m -> true);
        Report r;
        try (Connection c = handle.db().connection()) {
            r = store.create(c, Fixtures.r1(), ava);
        }
        store.indexCommitted();
        assertThat(store.read(r.id())).isPresent();
        Revision rev = new Revision(p("(U)", "t"), List.of(), List.of(p("(U)", "x")), "oliver");
        try (Connection c = handle.db().connection()) {
            StoreException foreign = catchThrowableOfType(StoreException.class,
                    () -> store.update(c, r.id(), 1, rev, author("GBR", m -> true)));
            assertThat(foreign.rule()).isEqualTo(StoreException.NOT_FOUND);
            Report updated = store.update(c, r.id(), 1, rev, ava);
            assertThat(updated.version()).isEqualTo(2);
        }
    }

    @Test
    void aReaderWhoSeesNothingOfAReportGetsWhatANonexistentReportGives() {
        Report r1 = store.create(Fixtures.r1());
        Report r4 = store.create(Fixtures.single("(S//REL TO USA, FVEY)", "Partner information-security review",
                "EXERCISE review text"));
        // kenji (JPN): U, and REL TO lists naming JPN
        VisibleLabels kenji = store.visibleLabels("kenji", l -> !l.marking().level().isClassified()
                || l.marking().relTo().contains("JPN"));

        ReportView view = store.read(r1.id(), kenji).orElseThrow();
        assertThat(view.title()).contains(r1.title());
        assertThat(view.portions()).extracting(VisiblePortion::index).containsExactly(1, 2);
        assertThat(view.banner()).isEqualTo("SECRET//REL TO USA, JPN, PHL");
        assertThat(view.version()).matches("[0-9a-f]{16}");
        assertThat(store.labelled(r4.id()).exists()).isTrue();
        assertThat(store.labelled(r4.id()).owner()).isEqualTo("USA");
        assertThat(store.labelled(r4.id()).anyVisible(kenji)).isFalse();
        assertThat(store.labelled(r4.id()).anyVisible(store.visibleLabels("ava", l -> true))).isTrue();
        assertThat(store.labelled(r4.id()).allVisible(store.visibleLabels("ava", l -> true))).isTrue();
        assertThat(store.labelled("0123456789abcdef").exists()).isFalse();
        assertThat(store.labelled("0123456789abcdef").anyVisible(store.visibleLabels("ava", l -> true))).isFalse();
        assertThat(store.labelled("0123456789abcdef").allVisible(store.visibleLabels("ava", l -> true))).isFalse();

        Optional<ReportView> hidden = store.read(r4.id(), kenji);
        Optional<ReportView> missing = store.read("0123456789abcdef", kenji);
        assertThat(hidden).isEmpty().isEqualTo(missing);
        // the deny's permit: a US reader sees R4
        VisibleLabels ava = store.visibleLabels("ava", l -> true);
        assertThat(store.read(r4.id(), ava)).isPresent();
        assertThat(store.search("review", kenji, 10, 0)).isEqualTo(store.search("nonexistentword", kenji, 10, 0));
        assertThat(store.search("review", ava, 10, 0).total()).isEqualTo(1);
    }

    @Test
    void theConnectionFormsJoinTheCallersTransaction() throws Exception {
        Map<String, Long> before = Fixtures.rowCounts(handle.db());
        try (Connection c = handle.db().connection()) {
            c.setAutoCommit(false);
            store.create(c, Fixtures.single("(U)", "rolled back", "never committed"));
            c.rollback();
        }
        store.indexCommitted();
        assertThat(store.searchUnrestricted("committed", 10, 0).total()).isZero();
        Map<String, Long> after = Fixtures.rowCounts(handle.db());
        after.remove("store_label"); // a label may outlive the transaction that wanted it
        before.remove("store_label");
        assertThat(after).isEqualTo(before);

        Report kept;
        try (Connection c = handle.db().connection()) {
            c.setAutoCommit(false);
            kept = store.create(c, Fixtures.single("(U)", "kept", "committed with its audit entry"));
            Report v2 = store.update(c, kept.id(), 1, new Revision(p("(U)", "kept v2"), List.of(),
                    List.of(p("(U)", "committed with its audit entry, revised")), "ava"));
            assertThat(v2.version()).isEqualTo(2);
            c.commit();
        }
        assertThat(store.read(kept.id()).orElseThrow().version()).isEqualTo(2);
        store.indexCommitted();
        assertThat(store.searchUnrestricted("revised", 10, 0).hits()).extracting(SearchResult.Hit::reportId)
                .containsExactly(kept.id());
    }

    @Test
    void theIndexCatchesUpOnOpenAndRebuildsFromTheStore() throws Exception {
        Report a = store.create(Fixtures.r1());
        // committed but not indexed, as after a crash between commit and index
        Report b;
        try (Connection c = handle.db().connection()) {
            c.setAutoCommit(false);
            b = store.create(c, Fixtures.single("(U)", "unindexed", "zebra crossing"));
            c.commit();
        }
        assertThat(store.searchUnrestricted("zebra", 10, 0).total()).isZero();
        reopen();
        assertThat(store.searchUnrestricted("zebra", 10, 0).hits()).extracting(SearchResult.Hit::reportId)
                .containsExactly(b.id());

        SearchResult before = store.searchUnrestricted("water cannon", 10, 0);
        store.reindex();
        assertThat(store.searchUnrestricted("water cannon", 10, 0)).isEqualTo(before);
        assertThat(store.index().liveDocs()).isEqualTo(a.allPortions().size() + b.allPortions().size());
    }
}
