package io.tearline.store.internal;

import io.tearline.db.Database;
import io.tearline.store.Portion;
import io.tearline.store.PortionRef;
import io.tearline.store.Report;
import io.tearline.store.SearchResult;
import io.tearline.store.VisibleLabels;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index derived from the store: one document per portion (the title is portion 0) with its
 * report, index, label and text. It follows the store's change ids: the last one applied is in each
 * commit's user data, so that on open it replays what it missed (after a crash, say), and a rebuild
 * starts from the store alone. Writes are applied right after their commit and made searchable at
 * once (near-real-time reopen); Lucene commits, which cost an fsync, happen at most once a second.
 *
 * <p>Each document also carries the portion's release-guard {@link Fingerprints} (unless the index is
 * opened without them, for benchmarks). Commits say so in their user data; an index whose documents
 * were written without fingerprints is rebuilt when opened with them.
 */
public final class SearchIndex implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

    static final String ID = "report";
    static final String CHANGE_KEY = "tearline.change_id";
    /** In the commit user data when every document carries its fingerprints: the winnowing in use. */
    static final String FINGERPRINT_KEY = "tearline.fingerprints";
    static final String FINGERPRINT_FORMAT = "winnow-k" + Fingerprints.K + "-w" + Fingerprints.W;
    private static final int PAGE = 500;
    private static final long COMMIT_INTERVAL_NANOS = 1_000_000_000L;
    private static final int SNIPPET_FALLBACK = 240;

    private final Database db;
    private final Analyzer analyzer = TextAnalysis.analyzer();
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final VisibilityCache visibility = new VisibilityCache();
    private final VisibleVocabulary vocabulary = new VisibleVocabulary(analyzer, VisibleVocabulary.DEFAULT_MAX_BYTES);
    private volatile Duration timeBudget = SearchLimits.TIME_BUDGET;
    private volatile UnaryOperator<DirectoryReader> readerWrapper = UnaryOperator.identity();
    private final UnifiedHighlighter highlighter;
    private final boolean fingerprints;

    /** Guarded by this: the last change id whose effect is in the writer, and in the last commit. */
    private long applied;
    private long committed;
    private long lastCommit = System.nanoTime();

    public SearchIndex(Database db, Path path) {
        this(db, path, true);
    }

    /** An index whose documents carry the release guard's fingerprints only when {@code fingerprints}. */
    public SearchIndex(Database db, Path path, boolean fingerprints) {
        this.db = db;
        this.fingerprints = fingerprints;
        boolean rebuild;
        try {
            this.directory = FSDirectory.open(path);
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64)
                    .setCommitOnClose(false);
            this.writer = new IndexWriter(directory, config);
            this.applied = readApplied(writer);
            this.committed = applied;
            this.searchers = new SearcherManager(writer, null);
            rebuild = fingerprints && !FINGERPRINT_FORMAT.equals(commitData(writer, FINGERPRINT_KEY))
                    && writer.getDocStats().numDocs > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("opening the search index at " + path, e);
        }
        this.highlighter = UnifiedHighlighter.builderWithoutSearcher(analyzer)
                .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", "… ", true))
                .build();
        if (rebuild) {
            LOG.info("search index written without the release guard's fingerprints ({}): rebuilding it",
                    FINGERPRINT_FORMAT);
            rebuild();
            return;
        }
        long before = applied;
        catchUp();
        if (applied != before) {
            LOG.info("search index caught up from change {} to {}", before, applied);
        }
    }

    private static long readApplied(IndexWriter writer) {
        String v = commitData(writer, CHANGE_KEY);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static String commitData(IndexWriter writer, String key) {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> e : data) {
                if (key.equals(e.getKey())) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    /** The last change id applied. */
    public synchronized long applied() {
        return applied;
    }

    /** The last change id in a Lucene commit (what survives a crash without replay). */
    public synchronized long committed() {
        return committed;
    }

    /**
     * Applies a committed write. When it is the next change it is indexed from memory; otherwise the
     * changes in between are read from the store first.
     */
    public synchronized void apply(long changeId, List<Report> reports) {
        if (changeId <= applied) {
            return;
        }
        if (changeId != applied + 1) {
            catchUp();
            return;
        }
        try {
            for (Report r : reports) {
                index(r);
            }
            applied = changeId;
            afterBatch();
        } catch (IOException e) {
            throw new UncheckedIOException("indexing change " + changeId, e);
        }
    }

    /** Applies every committed change the index has not seen. */
    public synchronized void catchUp() {
        try (Connection c = db.connection()) {
            c.setAutoCommit(true);
            boolean any = false;
            while (true) {
                List<ReportDao.Change> changes = ReportDao.changesAfter(c, applied, PAGE);
                if (changes.isEmpty()) {
                    break;
                }
                Set<String> ids = new LinkedHashSet<>();
                for (ReportDao.Change ch : changes) {
                    ids.add(ch.reportId());
                }
                Map<String, Report> current = ReportDao.readCurrent(c, ids);
                for (String id : ids) {
                    Report r = current.get(id);
                    if (r == null) {
                        writer.deleteDocuments(new Term(ID, id));
                    } else {
                        index(r);
                    }
                }
                applied = changes.get(changes.size() - 1).changeId();
                any = true;
            }
            if (any) {
                afterBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading changes for the search index", e);
        } catch (IOException e) {
            throw new UncheckedIOException("catching up the search index", e);
        }
    }

    /** Rebuilds the index from the store alone. */
    public void rebuild() {
        rebuild(done -> { });
    }

    /** Rebuilds the index from the store, telling {@code reportsDone} the count after each page of reports. */
    public synchronized void rebuild(java.util.function.LongConsumer reportsDone) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(true);
            long upTo = ReportDao.lastChange(c); // changes after this are replayed by the catch-up below
            writer.deleteAll();
            String after = "";
            int reports = 0;
            while (true) {
                List<String> ids = ReportDao.idsAfter(c, after, PAGE);
                if (ids.isEmpty()) {
                    break;
                }
                for (Report r : ReportDao.readCurrent(c, ids).values()) {
                    index(r);
                    reports++;
                }
                after = ids.get(ids.size() - 1);
                reportsDone.accept(reports);
            }
            applied = upTo;
            commit();
            searchers.maybeRefreshBlocking();
            LOG.info("search index rebuilt: {} reports, up to change {}", reports, upTo);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the store to rebuild the search index", e);
        } catch (IOException e) {
            throw new UncheckedIOException("rebuilding the search index", e);
        }
        catchUp();
    }

    private void index(Report r) throws IOException {
        List<Document> docs = new ArrayList<>(r.portions().size() + 1);
        long rid = Ids.toLong(r.id());
        for (Portion p : r.allPortions()) {
            Document d = new Document();
            d.add(new StringField(ID, r.id(), Field.Store.NO));
            d.add(new NumericDocValuesField(ReportHits.REPORT, rid));
            d.add(new NumericDocValuesField(ReportHits.PORTION, p.index()));
            d.add(new NumericDocValuesField(VisibilityCache.LABEL, p.label()));
            TextAnalysis.Analysed text = TextAnalysis.analyse(analyzer, QueryParsing.TEXT, p.text());
            d.add(new TextField(QueryParsing.TEXT, text.stream()));
            d.add(new StoredField(QueryParsing.TEXT, p.text()));
            d.add(new NumericDocValuesField(VisibilityCache.TOKENS, text.tokens()));
            d.add(new NumericDocValuesField(VisibilityCache.DISTINCT, text.distinct()));
            if (fingerprints) {
                Fingerprints.addTo(d, p.text());
            }
            docs.add(d);
        }
        writer.updateDocuments(new Term(ID, r.id()), docs);
    }

    private void afterBatch() throws IOException {
        searchers.maybeRefreshBlocking();
        if (System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS) {
            commit();
        }
    }

    private void commit() throws IOException {
        writer.setLiveCommitData((fingerprints
                ? Map.of(CHANGE_KEY, Long.toString(applied), FINGERPRINT_KEY, FINGERPRINT_FORMAT)
                : Map.of(CHANGE_KEY, Long.toString(applied))).entrySet());
        writer.commit();
        committed = applied;
        lastCommit = System.nanoTime();
    }

    /** Commits what has been applied (the next open then has nothing to replay). */
    public synchronized void flush() {
        try {
            if (committed != applied || writer.hasUncommittedChanges()) {
                commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("committing the search index", e);
        }
    }

    /**
     * Parses and searches; with a visible set, only documents whose label is in it match, and they
     * alone give the ranking statistics and the terms patterns expand to. Without one, every document
     * counts (trusted callers and benchmarks only). Every search is bounded by {@link SearchLimits}.
     *
     * @throws io.tearline.store.StoreException a bad query, or one over a limit
     */
    public SearchResult search(String input, Optional<VisibleLabels> visible, int limit, int offset) {
        return search(input, QueryParsing.parse(input, analyzer), visible, limit, offset);
    }

    SearchResult search(String input, Query query, Optional<VisibleLabels> visible, int limit, int offset) {
        SearchLimits.Budget budget = new SearchLimits.Budget(timeBudget);
        try {
            IndexSearcher base = searchers.acquire();
            try {
                DirectoryReader reader = readerWrapper.apply((DirectoryReader) base.getIndexReader());
                IndexSearcher searcher;
                Query full;
                if (visible.isPresent()) {
                    if (visible.get().isEmpty()) {
                        return new SearchResult(0, List.of());
                    }
                    searcher = VisibleSearcher.create(reader, visible.get(), visibility, vocabulary, budget);
                    full = new VisibleQuery(query, visible.get(), visibility);
                } else {
                    searcher = new IndexSearcher(VisibleReader.bounded(reader, budget));
                    searcher.setQueryCache(null);
                    full = query;
                }
                budget.start();
                SearchLimits.checkExpansion(query, searcher.getIndexReader(), input);
                searcher.setTimeout(budget);
                ReportHits hits = searcher.search(full, ReportHits.manager());
                if (searcher.timedOut()) {
                    throw SearchLimits.timeExceeded(budget.budget());
                }
                ReportHits.Best[] page = hits.page(offset, limit);
                StoredFields stored = reader.storedFields();
                List<SearchResult.Hit> out = new ArrayList<>(page.length);
                for (ReportHits.Best b : page) {
                    String text = stored.document(b.doc(), Set.of(QueryParsing.TEXT)).get(QueryParsing.TEXT);
                    out.add(new SearchResult.Hit(Ids.fromLong(b.report()), b.score(), b.portion(),
                            snippet(query, text)));
                }
                return new SearchResult(hits.total(), out);
            } finally {
                searchers.release(base);
            }
        } catch (SearchLimits.Exceeded e) {
            throw SearchLimits.timeExceeded(budget.budget());
        } catch (IndexSearcher.TooManyClauses e) {
            throw SearchLimits.tooManyClauses(-1);
        } catch (IOException e) {
            throw new UncheckedIOException("searching", e);
        }
    }

    /**
     * The portions (current versions, any report, no decision) whose fingerprints include any of these
     * hashes, distinct, in (report, index) order. Reads what has been applied: callers that must see
     * every committed write call {@link #catchUp()} first.
     */
    public List<PortionRef> sharing(long[] hashes) {
        if (!fingerprints || hashes.length == 0) {
            return List.of();
        }
        Set<PortionRef> out = new TreeSet<>(Comparator.comparing(PortionRef::reportId)
                .thenComparingInt(PortionRef::index));
        try {
            IndexSearcher s = searchers.acquire();
            try {
                IndexSearcher plain = new IndexSearcher(s.getIndexReader());
                plain.setQueryCache(null);
                Weight w = plain.createWeight(plain.rewrite(Fingerprints.anyOf(hashes)), ScoreMode.COMPLETE_NO_SCORES, 1f);
                for (LeafReaderContext leaf : plain.getIndexReader().leaves()) {
                    Scorer scorer = w.scorer(leaf);
                    if (scorer == null) {
                        continue;
                    }
                    Bits live = leaf.reader().getLiveDocs();
                    NumericDocValues report = DocValues.getNumeric(leaf.reader(), ReportHits.REPORT);
                    NumericDocValues portion = DocValues.getNumeric(leaf.reader(), ReportHits.PORTION);
                    NumericDocValues label = DocValues.getNumeric(leaf.reader(), VisibilityCache.LABEL);
                    DocIdSetIterator it = scorer.iterator();
                    for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
                        if (live != null && !live.get(d)) {
                            continue;
                        }
                        if (report.advanceExact(d) && portion.advanceExact(d) && label.advanceExact(d)) {
                            out.add(new PortionRef(Ids.fromLong(report.longValue()), (int) portion.longValue(),
                                    (int) label.longValue()));
                        }
                    }
                }
                return List.copyOf(out);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("looking up fingerprints", e);
        }
    }

    /**
     * How many distinct winnowed hashes of the report's indexed portions can be found in the index on
     * that report's documents (0 when it is not indexed, or indexed without fingerprints; for tests).
     */
    public int fingerprintCount(String reportId) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                Query ofReport = new TermQuery(new Term(ID, reportId));
                Set<Long> hashes = new java.util.HashSet<>();
                StoredFields stored = s.getIndexReader().storedFields();
                for (var hit : s.search(ofReport, Math.max(1, s.count(ofReport))).scoreDocs) {
                    for (long h : Fingerprints.winnow(stored.document(hit.doc).get(QueryParsing.TEXT))) {
                        hashes.add(h);
                    }
                }
                int found = 0;
                for (long h : hashes) {
                    Query q = new BooleanQuery.Builder()
                            .add(ofReport, BooleanClause.Occur.FILTER)
                            .add(Fingerprints.anyOf(new long[] {h}), BooleanClause.Occur.FILTER)
                            .build();
                    if (s.count(q) > 0) {
                        found++;
                    }
                }
                return found;
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the time budget of each search (the default is {@link SearchLimits#TIME_BUDGET}). */
    public void timeBudget(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a time budget is positive: " + budget);
        }
        this.timeBudget = budget;
    }

    /**
     * Wraps the reader each search starts from (tests observe with it what a search reads); the
     * wrapper's segments must keep their readers' cache helpers.
     */
    public void readerWrapper(UnaryOperator<DirectoryReader> wrapper) {
        this.readerWrapper = wrapper;
    }

    /** Highlights one portion's own text, and nothing else, so a snippet never shows another portion. */
    private String snippet(Query query, String text) throws IOException {
        Object h = highlighter.highlightWithoutSearcher(QueryParsing.TEXT, query, text, 1);
        if (h != null) {
            return h.toString();
        }
        String head = text.length() > SNIPPET_FALLBACK ? text.substring(0, SNIPPET_FALLBACK) + "…" : text;
        return escape(head);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#x27;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    public Analyzer analyzer() {
        return analyzer;
    }

    /** Documents in the index, deleted ones excepted (for tests and checks). */
    public int liveDocs() {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return s.getIndexReader().numDocs();
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    VisibilityCache visibilityCache() {
        return visibility;
    }

    @Override
    public synchronized void close() {
        try {
            flush();
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the search index", e);
        }
    }

    /** Every report id in the index (for consistency checks). */
    public Collection<String> reportIds() {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                ReportHits hits = s.search(org.apache.lucene.search.MatchAllDocsQuery.INSTANCE, ReportHits.manager());
                List<String> ids = new ArrayList<>(hits.total());
                for (ReportHits.Best b : hits.page(0, hits.total())) {
                    ids.add(Ids.fromLong(b.report()));
                }
                return ids;
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
