package io.tearline.store;

import static io.tearline.store.Fixtures.p;
import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.markings.Dissem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.ImpactsEnum;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.CompiledAutomaton;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a search reads from the index: a word that only portions the reader may not see hold costs
 * exactly what a word that exists nowhere costs (no terms dictionary lookup, no postings), and
 * patterns expand over the reader's visible terms only. A wrapper around the index reader records
 * every call on the segments' terms and every stored document read.
 */
class HiddenTermsTest {

    @TempDir
    Path tmp;
    @RegisterExtension
    final TempStore temp = new TempStore();
    ReportStore store;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Long> storedLabels = Collections.synchronizedList(new ArrayList<>());
    VisibleLabels kenji;
    VisibleLabels ava;

    @BeforeEach
    void open() {
        store = temp.store();
        store.index().readerWrapper(r -> {
            try {
                return new Recording(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        store.create(new ReportDraft(p("(U)", "Shoal summary"), "USA", "DIA", List.of(), List.of(
                p("(S//REL TO USA, JPN)", "the convoy passed the shoal at dawn, a bluebird overhead"),
                p("(S//NF)", "the convoy carried codeword blueheron and bluefin, convoy convoy"),
                p("(U)", "weather was fair")), "ava"));
        store.create(Fixtures.single("(S//NF)", "noforn title blueheron", "blueheron bluefin bluegill only here"));
        store.create(Fixtures.single("(U)", "harbour report", "the harbour convoy waited for fair weather"));
        kenji = store.visibleLabels("kenji", l -> !l.marking().has(Dissem.NOFORN));
        ava = store.visibleLabels("ava", l -> true);
    }


    private List<String> callsOf(String query, VisibleLabels reader) {
        calls.clear();
        store.search(query, reader, 10, 0);
        return List.copyOf(calls);
    }

    private static List<String> replaced(List<String> log, String word, String with) {
        return log.stream().map(s -> s.replace(word, with)).toList();
    }

    @Test
    void aHiddenOnlyWordDoesWhatAWordThatExistsNowhereDoes() {
        for (String order : List.of("hidden first", "nowhere first")) {
            List<String> hidden;
            List<String> nowhere;
            if (order.equals("hidden first")) {
                hidden = callsOf("blueheron", kenji);
                nowhere = callsOf("zqxjvwkpo", kenji);
            } else {
                nowhere = callsOf("zqxjvwkpo", kenji);
                hidden = callsOf("blueheron", kenji);
            }
            assertThat(hidden).as(order).noneMatch(c -> c.contains("blueheron"));
            assertThat(hidden).as(order).isEqualTo(replaced(nowhere, "zqxjvwkpo", "blueheron"));
            assertThat(hidden).as(order).noneMatch(c -> c.startsWith("postings") || c.startsWith("impacts"));
        }
        assertThat(store.search("blueheron", kenji, 10, 0).total()).isZero();
        // in a conjunction, a phrase and a disjunction the hidden word is never looked up either
        for (String q : List.of("convoy blueheron", "\"convoy blueheron\"", "convoy OR blueheron", "convoy -blueheron")) {
            List<String> hidden = callsOf(q, kenji);
            List<String> nowhere = callsOf(q.replace("blueheron", "zqxjvwkpo"), kenji);
            assertThat(hidden).as(q).noneMatch(c -> c.contains("blueheron"));
            assertThat(hidden).as(q).isEqualTo(replaced(nowhere, "zqxjvwkpo", "blueheron"));
        }
        // the permit beside the deny: a visible word's postings are read, and a reader who may see
        // the NOFORN portions reads the hidden word's postings and finds it
        assertThat(callsOf("convoy", kenji)).contains("postings convoy");
        assertThat(callsOf("blueheron", ava)).contains("postings blueheron");
        assertThat(store.search("blueheron", ava, 10, 0).total()).isEqualTo(2);
    }

    @Test
    void patternsExpandOverVisibleTermsOnly() {
        for (String q : List.of("blue*", "blue?ird", "bluehero~1", "bluefin~2", "/blue.*/", "/b.*n/", "[blua TO bluz]")) {
            List<String> log = callsOf(q, kenji);
            assertThat(log).as(q).noneMatch(c -> c.contains("blueheron") || c.contains("bluefin")
                    || c.contains("bluegill"));
        }
        assertThat(store.search("blue*", kenji, 10, 0).total()).isEqualTo(1); // bluebird
        assertThat(store.search("bluebirt~1", kenji, 10, 0).total()).isEqualTo(1);
        assertThat(store.search("bluefin~2", kenji, 10, 0).total()).isZero();
        assertThat(store.search("bluehero~1", kenji, 10, 0).total()).isZero();
        assertThat(store.search("/b.*n/", kenji, 10, 0).total()).isZero();
        // the permit: the same patterns do reach the hidden terms for a reader who may see them
        assertThat(callsOf("blue*", ava)).anyMatch(c -> c.contains("blueheron"));
        assertThat(store.search("bluehero~1", ava, 10, 0).total()).isEqualTo(2);
        assertThat(store.search("/b.*n/", ava, 10, 0).total()).isEqualTo(2);
    }

    @Test
    void onlyVisibleDocumentsAreRead() {
        storedLabels.clear();
        store.search("convoy", kenji, 10, 0);
        store.search("blue*", kenji, 10, 0);
        assertThat(storedLabels).isNotEmpty().allSatisfy(label -> assertThat(kenji.contains(label.intValue())).isTrue());
        storedLabels.clear();
        store.search("convoy", ava, 10, 0);
        assertThat(storedLabels).anySatisfy(label -> assertThat(kenji.contains(label.intValue())).isFalse());
    }

    @Test
    void deletedAndNewPortionsChangeTheVisibleVocabulary() {
        Report r = store.create(Fixtures.single("(U)", "osprey note", "an osprey over the reef"));
        assertThat(store.search("osprey", kenji, 10, 0).total()).isEqualTo(1);
        assertThat(store.search("ospr*", kenji, 10, 0).total()).isEqualTo(1);
        // a new version moves "osprey" into a NOFORN portion: for kenji it is now a hidden-only word
        store.update(r.id(), 1, new Revision(p("(U)", "bird note"), List.of(),
                List.of(p("(S//NF)", "an osprey over the reef"), p("(U)", "a kestrel over the reef")), "ava"));
        assertThat(store.search("osprey", kenji, 10, 0).total()).isZero();
        assertThat(store.search("ospr*", kenji, 10, 0).total()).isZero();
        assertThat(store.search("kestrel", kenji, 10, 0).total()).isEqualTo(1);
        List<String> hidden = callsOf("osprey", kenji);
        assertThat(hidden).isEqualTo(replaced(callsOf("zqxjvw", kenji), "zqxjvw", "osprey"));
        assertThat(callsOf("ospr*", kenji)).noneMatch(c -> c.contains("osprey"));
        assertThat(store.search("osprey", ava, 10, 0).total()).isEqualTo(1);
    }

    /**
     * The statistics are exactly those of the visible portions: through new reports, new versions
     * (deleting visible portions after the vocabularies were cached) and hidden portions, every score
     * equals the score in a store that holds only what the reader sees.
     */
    @Test
    void scoresEqualThoseOfAStoreHoldingOnlyTheVisiblePortions() {
        long seed = Long.getLong("tearline.seed", new java.util.SplittableRandom().nextLong());
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        List<String> words = List.of("shoal", "cannon", "water", "coast", "guard", "vessel", "radar", "convoy", "reef",
                "signal", "harbour", "patrol");
        java.util.function.Supplier<String> text = () -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0, n = 2 + rnd.nextInt(9); i < n; i++) {
                b.append(i == 0 ? "" : " ").append(words.get(rnd.nextInt(words.size())));
            }
            return b.toString();
        };
        java.util.Map<String, List<String>> visibleBodies = new java.util.LinkedHashMap<>(); // title -> portions
        java.util.Map<String, Report> reports = new java.util.LinkedHashMap<>();
        List<String> queries = List.of("water", "cannon OR reef", "coast guard", "\"water cannon\"", "sh*", "radr~1",
                "convoy -signal", "/h.*r/");
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 6; i++) {
                String title = "report " + round + " " + i;
                List<String> visible = new ArrayList<>();
                List<PortionText> portions = new ArrayList<>();
                for (int k = 0, n = 1 + rnd.nextInt(4); k < n; k++) {
                    String t = text.get();
                    if (rnd.nextBoolean()) {
                        visible.add(t);
                        portions.add(p("(U)", t));
                    } else {
                        portions.add(p("(S//NF)", t));
                    }
                }
                reports.put(title, store.create(new ReportDraft(p("(U)", title), "USA", "DIA", List.of(), portions, "ava")));
                visibleBodies.put(title, visible);
            }
            // new versions of earlier reports: their old portions are deleted from cached segments
            for (int i = 0; i < 3 && round > 0; i++) {
                String title = "report " + rnd.nextInt(round) + " " + rnd.nextInt(6);
                Report cur = reports.get(title);
                String t = text.get();
                String hidden = text.get();
                reports.put(title, store.update(cur.id(), cur.version(), new Revision(p("(U)", title), List.of(),
                        List.of(p("(U)", t), p("(S//NF)", hidden)), "ava")));
                visibleBodies.put(title, List.of(t));
            }
            kenji = store.visibleLabels("kenji-" + round, l -> !l.marking().has(Dissem.NOFORN));
            for (String q : queries) {
                store.search(q, kenji, 100, 0); // caches the vocabularies of this state
            }
        }
        // what kenji sees of the reports made in open()
        visibleBodies.put("Shoal summary", List.of("the convoy passed the shoal at dawn, a bluebird overhead",
                "weather was fair"));
        visibleBodies.put("harbour report", List.of("the harbour convoy waited for fair weather"));

        TestDatabases.Handle otherDb = TestDatabases.h2(tmp.resolve("oracle-data"));
        try (ReportStore oracle = ReportStore.open(otherDb.db(), tmp.resolve("oracle-index"))) {
            visibleBodies.forEach((title, bodies) -> oracle.create(new ReportDraft(p("(U)", title), "USA",
                    "DIA", List.of(), bodies.stream().map(t -> p("(U)", t)).toList(), "ava")));
            VisibleLabels everything = oracle.visibleLabels("all", l -> true);
            for (String q : queries) {
                String why = "seed=" + seed + " query=" + q;
                java.util.Map<String, Float> got = new java.util.HashMap<>();
                store.search(q, kenji, 100, 0).hits().forEach(h -> got.put(titleOf(store, h), h.score()));
                java.util.Map<String, Float> want = new java.util.HashMap<>();
                oracle.search(q, everything, 100, 0).hits().forEach(h -> want.put(titleOf(oracle, h), h.score()));
                assertThat(got).as(why).isEqualTo(want);
            }
            assertThat(oracle.search("water OR cannon OR reef", everything, 100, 0).total()).isPositive();
        } finally {
            otherDb.close();
        }
    }

    private static String titleOf(ReportStore s, SearchResult.Hit h) {
        return s.read(h.reportId()).orElseThrow().title().text();
    }

    /** Records calls on the segments' terms dictionaries and stored documents read. */
    final class Recording extends FilterDirectoryReader {
        Recording(DirectoryReader in) throws IOException {
            super(in, new SubReaderWrapper() {
                @Override
                public LeafReader wrap(LeafReader reader) {
                    return new RecordingLeaf(reader);
                }
            });
        }

        @Override
        protected DirectoryReader doWrapDirectoryReader(DirectoryReader in) throws IOException {
            return new Recording(in);
        }

        @Override
        public CacheHelper getReaderCacheHelper() {
            return null;
        }
    }

    final class RecordingLeaf extends FilterLeafReader {
        RecordingLeaf(LeafReader in) {
            super(in);
        }

        @Override
        public Terms terms(String field) throws IOException {
            Terms t = in.terms(field);
            return t == null ? null : new RecordingTerms(t);
        }

        @Override
        public StoredFields storedFields() throws IOException {
            StoredFields stored = in.storedFields();
            return new StoredFields() {
                @Override
                public void prefetch(int docID) throws IOException {
                    stored.prefetch(docID);
                }

                @Override
                public void document(int docID, StoredFieldVisitor visitor) throws IOException {
                    NumericDocValues l = DocValues.getNumeric(in, "label");
                    storedLabels.add(l.advanceExact(docID) ? l.longValue() : -1L);
                    stored.document(docID, visitor);
                }
            };
        }

        @Override
        public CacheHelper getCoreCacheHelper() {
            return in.getCoreCacheHelper();
        }

        @Override
        public CacheHelper getReaderCacheHelper() {
            return in.getReaderCacheHelper();
        }
    }

    final class RecordingTerms extends FilterLeafReader.FilterTerms {
        RecordingTerms(Terms in) {
            super(in);
        }

        @Override
        public TermsEnum iterator() throws IOException {
            calls.add("iterator");
            return new RecordingEnum(in.iterator());
        }

        @Override
        public TermsEnum intersect(CompiledAutomaton compiled, BytesRef startTerm) throws IOException {
            calls.add("intersect");
            return new RecordingEnum(in.intersect(compiled, startTerm));
        }
    }

    final class RecordingEnum extends FilterLeafReader.FilterTermsEnum {
        RecordingEnum(TermsEnum in) {
            super(in);
        }

        private String current() {
            try {
                BytesRef t = in.term();
                return t == null ? "-" : t.utf8ToString();
            } catch (IOException | RuntimeException e) {
                return "-";
            }
        }

        @Override
        public boolean seekExact(BytesRef text) throws IOException {
            boolean found = in.seekExact(text);
            calls.add("seekExact " + text.utf8ToString() + " " + found);
            return found;
        }

        @Override
        public void seekExact(BytesRef term, TermState state) throws IOException {
            calls.add("seekExactState " + term.utf8ToString());
            in.seekExact(term, state);
        }

        @Override
        public SeekStatus seekCeil(BytesRef text) throws IOException {
            SeekStatus s = in.seekCeil(text);
            calls.add("seekCeil " + text.utf8ToString() + " " + s + " " + (s == SeekStatus.END ? "-" : current()));
            return s;
        }

        @Override
        public BytesRef next() throws IOException {
            BytesRef t = in.next();
            calls.add("next " + (t == null ? "-" : t.utf8ToString()));
            return t;
        }

        @Override
        public PostingsEnum postings(PostingsEnum reuse, int flags) throws IOException {
            calls.add("postings " + current());
            return in.postings(reuse, flags);
        }

        @Override
        public ImpactsEnum impacts(int flags) throws IOException {
            calls.add("impacts " + current());
            return in.impacts(flags);
        }

        @Override
        public TermState termState() throws IOException {
            calls.add("termState " + current());
            return in.termState();
        }
    }
}
