package io.tearline.store;

import io.tearline.db.Database;
import io.tearline.db.DataDir;
import io.tearline.markings.Dissem;
import io.tearline.markings.Marking;
import io.tearline.store.internal.DisclosureDao;
import io.tearline.store.internal.Ids;
import io.tearline.store.internal.LabelRegistry;
import io.tearline.store.internal.MarkingRules;
import io.tearline.store.internal.Prepared;
import io.tearline.store.internal.ReportDao;
import io.tearline.store.internal.Documents;
import io.tearline.store.internal.Fingerprints;
import io.tearline.store.internal.Heads;
import io.tearline.store.internal.Schema;
import io.tearline.store.internal.SearchIndex;
import io.tearline.store.internal.Secrets;
import io.tearline.store.internal.StandardRules;
import io.tearline.store.internal.Validation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marked reports in a JDBC database, and the Lucene index derived from it. Thread-safe.
 *
 * <p>The store never decides who may read what: it validates markings, keeps every version, assigns
 * each portion a {@link Label}, and filters by a {@link VisibleLabels} set the caller computed (through
 * {@link #visibleLabels}) from its own decisions.
 *
 * <p>Every write has two forms: one that runs and commits its own transaction and is searchable when
 * it returns, and one that takes the caller's {@link Connection}, does not commit, and is made
 * searchable by {@link #indexCommitted()} once the caller has committed (so that a write and its
 * audit entry share one transaction).
 *
 * <pre>{@code
 * try (ReportStore store = ReportStore.open(new DataDir(Path.of("tearline-data")))) {
 *     Report r = store.create(new ReportDraft(new PortionText("(U)", "Water cannon near Second Thomas Shoal"),
 *             "USA", "DIA", List.of(), List.of(new PortionText("(S//REL TO USA, JPN)", "EXERCISE track")), "ava"));
 *     VisibleLabels mine = store.visibleLabels(principalKey, label -> engine.permits(principal, label));
 *     SearchResult found = store.search("\"water cannon\"", mine, 10, 0);
 * }
 * }</pre>
 */
public final class ReportStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportStore.class);
    private static final int MAX_LIMIT = 1000;
    private static final int MAX_OFFSET = 100_000;

    private final Database db;
    private final boolean ownsDatabase;
    private final MarkingRules rules;
    private final LabelRegistry labels;
    private final SearchIndex index;
    private final Heads heads;
    private final SecretKeySpec portionIdKey;
    private final boolean fingerprints;
    /** Where readers' views and searches are answered from when the store has a scale-out replica. */
    private final Optional<Replica> replica;

    private ReportStore(Database db, boolean ownsDatabase, Path indexDir, MarkingRules rules) {
        this(db, ownsDatabase, indexDir, rules, true, Optional.empty());
    }

    private ReportStore(Database db, boolean ownsDatabase, Path indexDir, MarkingRules rules, boolean fingerprints,
                        Optional<Replica> replica) {
        this.fingerprints = fingerprints;
        this.replica = replica;
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.rules = rules;
        Schema.migrate(db);
        Documents.adoptLegacyTables(db);
        int filled = transaction(ReportDao::backfillLabels);
        if (filled > 0) {
            LOG.info("recorded the labels of {} versions written before the store kept them", filled);
        }
        this.portionIdKey = new SecretKeySpec(Secrets.get(db, "portion-id"), "HmacSHA256");
        this.labels = new LabelRegistry(db, rules::parseNormalised);
        labels.refresh();
        this.heads = new Heads(db);
        this.index = new SearchIndex(db, indexDir, fingerprints);
        catchUpReplica();
    }

    /** The embedded store of a data directory: H2 under {@code db/}, the index under {@code index/}. */
    public static ReportStore open(DataDir dir) {
        Database db = Database.open(dir);
        try {
            return new ReportStore(db, true, dir.index(), StandardRules.get());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** A store in a database the caller owns (and closes), with its index under {@code indexDir}. */
    public static ReportStore open(Database db, Path indexDir) {
        return new ReportStore(db, false, indexDir, StandardRules.get());
    }

    /**
     * A store whose search index keeps no release-guard fingerprints: only for benchmarks that measure
     * what the fingerprint index costs a write. A guard over such a store finds no spillage; opening the
     * same data directory with {@link #open(DataDir)} later rebuilds the index with them.
     */
    public static ReportStore openWithoutFingerprints(DataDir dir) {
        Database db = Database.open(dir);
        try {
            return new ReportStore(db, true, dir.index(), StandardRules.get(), false, Optional.empty());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * A store in a database the caller owns whose readers' views and searches are answered by
     * {@code replica} (which the store closes). The local index keeps the release guard's fingerprints.
     */
    public static ReportStore open(Database db, Path indexDir, Replica replica) {
        return new ReportStore(db, false, indexDir, StandardRules.get(), true, Optional.of(replica));
    }

    /** {@link #open(Database, Path, Replica)} over the embedded database of a data directory. */
    public static ReportStore open(DataDir dir, Replica replica) {
        Database db = Database.open(dir);
        try {
            return new ReportStore(db, true, dir.index(), StandardRules.get(), true, Optional.of(replica));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Whether readers' views and searches are answered by a replica. */
    public boolean replicated() {
        return replica.isPresent();
    }

    static ReportStore open(Database db, Path indexDir, MarkingRules rules) {
        return new ReportStore(db, false, indexDir, rules);
    }

    public Database database() {
        return db;
    }

    // ---- writes ----------------------------------------------------------------------------

    /**
     * Validates and stores a new report (version 1), searchable when this returns.
     *
     * @throws StoreException with rule {@link StoreException#INVALID_REPORT} and every located error
     *                        when any marking or field is invalid; nothing is written then
     */
    public Report create(ReportDraft draft) {
        return createAll(List.of(draft)).get(0);
    }

    /** Stores many reports in one transaction (all or none). */
    public List<Report> createAll(List<ReportDraft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        List<Prepared> prepared = prepare(drafts);
        List<int[]> labelIds = labelIds(prepared);
        ReportDao.Written w = transaction(c -> ReportDao.insert(c, prepared, labelIds));
        applyToIndex(w);
        return w.reports();
    }

    /** {@link #create(ReportDraft)} on the caller's transaction: no commit; call {@link #indexCommitted()} after it. */
    public Report create(Connection c, ReportDraft draft) throws SQLException {
        return createAll(c, List.of(draft)).get(0);
    }

    /** {@link #createAll(List)} on the caller's transaction: no commit; call {@link #indexCommitted()} after it. */
    public List<Report> createAll(Connection c, List<ReportDraft> drafts) throws SQLException {
        if (drafts.isEmpty()) {
            return List.of();
        }
        List<Prepared> prepared = prepare(drafts);
        return ReportDao.insert(c, prepared, labelIds(prepared)).reports();
    }

    /**
     * {@link #create(Connection, ReportDraft)} under the write rules of {@link Author}: the draft's owner
     * must be the author's nation, and the author must be able to read every portion; otherwise nothing
     * is written and a {@link StoreException} says which rule and which portions.
     */
    public Report create(Connection c, ReportDraft draft, Author author) throws SQLException {
        if (!draft.owner().equals(author.nation())) {
            throw new StoreException(OWNER, "a report is owned by its author's nation (" + author.nation() + "), not "
                    + draft.owner(), List.of(new InputError(new InputError.Location.Field("owner"), OWNER,
                    "owner must be " + author.nation(), 0)));
        }
        List<Prepared> prepared = prepare(List.of(draft));
        requireAuthorReads(author, prepared.get(0));
        return ReportDao.insert(c, prepared, labelIds(prepared)).reports().get(0);
    }

    /**
     * Checks a draft against everything {@link #create(Connection, ReportDraft, Author)} checks (markings,
     * fields, owner, the author reads every portion) without writing anything.
     *
     * @throws StoreException as that create would
     */
    public void check(ReportDraft draft, Author author) {
        checked(draft, author);
    }

    /**
     * {@link #check} that keeps what it checked: the validated draft, to store with
     * {@link #createChecked} without validating it again.
     *
     * @throws StoreException as {@link #check} does
     */
    public Checked checked(ReportDraft draft, Author author) {
        requireOwner(draft, author);
        Prepared p = prepare(List.of(draft)).get(0);
        requireAuthorReads(author, p);
        return new Checked(this, p);
    }

    /** A draft this store has checked against its author's write rules ({@link #checked}); opaque. */
    public static final class Checked {
        private final ReportStore store;
        private final Prepared prepared;

        private Checked(ReportStore store, Prepared prepared) {
            this.store = store;
            this.prepared = prepared;
        }

        /** How many portions the report has, its title included. */
        public int portions() {
            return prepared.parts().size();
        }
    }

    /** Reports written on a caller's transaction by {@link #createChecked}; index them once it commits. */
    public static final class Created {
        private final ReportDao.Written written;

        private Created(ReportDao.Written written) {
            this.written = written;
        }

        public List<Report> reports() {
            return written.reports();
        }
    }

    /**
     * Stores drafts checked by {@link #checked} on the caller's transaction, together (all or none),
     * without validating them again; after the commit, {@link #indexCommitted(Created)} indexes them from
     * memory.
     */
    public Created createChecked(Connection c, List<Checked> checked) throws SQLException {
        List<Prepared> prepared = new ArrayList<>(checked.size());
        for (Checked k : checked) {
            if (k.store != this) {
                throw new IllegalArgumentException("a draft checked by another store");
            }
            prepared.add(k.prepared);
        }
        if (prepared.isEmpty()) {
            return new Created(new ReportDao.Written(0, List.of()));
        }
        return new Created(ReportDao.insert(c, prepared, labelIds(prepared)));
    }

    /**
     * Many creates under the write rules of {@link Author} on the caller's transaction, inserted together:
     * every draft is checked before anything is written, and the first one that fails throws (nothing is
     * written then). Call {@link #check} on each first to sort the good from the bad.
     */
    public List<Report> createAll(Connection c, List<ReportDraft> drafts, Author author) throws SQLException {
        if (drafts.isEmpty()) {
            return List.of();
        }
        drafts.forEach(d -> requireOwner(d, author));
        List<Prepared> prepared = prepare(drafts);
        prepared.forEach(p -> requireAuthorReads(author, p));
        return ReportDao.insert(c, prepared, labelIds(prepared)).reports();
    }

    private static void requireOwner(ReportDraft draft, Author author) {
        if (!draft.owner().equals(author.nation())) {
            throw new StoreException(OWNER, "a report is owned by its author's nation (" + author.nation() + "), not "
                    + draft.owner(), List.of(new InputError(new InputError.Location.Field("owner"), OWNER,
                    "owner must be " + author.nation(), 0)));
        }
    }

    /**
     * {@link #update(Connection, String, int, Revision)} under the write rules of {@link Author}: a report
     * of another nation is {@link StoreException#NOT_FOUND} (as if it did not exist), and the author must
     * be able to read every portion of the new version.
     */
    public Report update(Connection c, String id, int expectedVersion, Revision revision, Author author)
            throws SQLException {
        Optional<ReportDao.Origin> origin = Ids.valid(id) ? ReportDao.origin(c, id) : Optional.empty();
        Prepared p = prepare(id, revision, origin.filter(o -> o.owner().equals(author.nation())));
        requireAuthorReads(author, p);
        return ReportDao.update(c, id, expectedVersion, p, labelIds(List.of(p)).get(0)).reports().get(0);
    }

    /** The rule of a create whose owner is not the author's nation. */
    public static final String OWNER = "report.owner";
    /** The rule of a write with a portion its author may not read. */
    public static final String AUTHOR_CANNOT_READ = "report.author-cannot-read";

    private void requireAuthorReads(Author author, Prepared p) {
        List<InputError> errors = new ArrayList<>();
        for (int j = 0; j < p.parts().size(); j++) {
            Prepared.Part part = p.parts().get(j);
            List<String> why = author.whyNotRead(rules.parseNormalised(part.normalised()), p.owner(), p.orcon());
            if (!why.isEmpty()) {
                errors.add(new InputError(InputError.Location.ofPortion(j), AUTHOR_CANNOT_READ,
                        "the author may not read " + part.written() + ": " + why, 0));
            }
        }
        if (!errors.isEmpty()) {
            throw new StoreException(AUTHOR_CANNOT_READ, "the author may not store portions they may not read", errors);
        }
    }

    /**
     * Writes a new version of a report (the previous ones stay readable).
     *
     * @throws StaleVersionException when {@code expectedVersion} is not the current version
     * @throws StoreException        {@link StoreException#NOT_FOUND}, or invalid content as in create
     */
    public Report update(String id, int expectedVersion, Revision revision) {
        Prepared p = prepare(id, revision, Ids.valid(id) ? query(c -> ReportDao.origin(c, id)) : Optional.empty());
        int[] labelIds = labelIds(List.of(p)).get(0);
        ReportDao.Written w = transaction(c -> ReportDao.update(c, id, expectedVersion, p, labelIds));
        applyToIndex(w);
        return w.reports().get(0);
    }

    /** {@link #update(String, int, Revision)} on the caller's transaction: no commit; then {@link #indexCommitted()}. */
    public Report update(Connection c, String id, int expectedVersion, Revision revision) throws SQLException {
        // read on the caller's connection: the report may have been created in this same transaction
        Prepared p = prepare(id, revision, ReportDao.origin(c, id));
        return ReportDao.update(c, id, expectedVersion, p, labelIds(List.of(p)).get(0)).reports().get(0);
    }

    /**
     * The write is committed, so it is acknowledged even if indexing fails: the store is the record,
     * and the index replays what it missed at the next write or open.
     */
    private void applyToIndex(ReportDao.Written w) {
        heads.apply(w.reports());
        try {
            index.apply(w.changeId(), w.reports());
        } catch (RuntimeException e) {
            LOG.error("change {} is committed but not yet indexed; the index will replay it", w.changeId(), e);
        }
        replica.ifPresent(rp -> {
            try {
                if (rp.applied() == w.changeId() - 1) { // else a change is missing: replayed from the feed
                    rp.apply(w.changeId(), w.reports());
                } else {
                    catchUpReplica();
                }
            } catch (RuntimeException e) {
                LOG.error("change {} is committed but not yet replicated; the replica will replay it", w.changeId(), e);
            }
        });
    }

    /**
     * Applies to the replica every committed change it has not seen: every stored version of each
     * report changed (a version it already holds is rewritten alike), so that older versions read there
     * too. Serialised: two catch-ups would apply the same changes twice.
     */
    private void catchUpReplica() {
        if (replica.isEmpty()) {
            return;
        }
        Replica rp = replica.get();
        synchronized (rp) {
            try (Connection c = db.connection()) {
                c.setAutoCommit(true);
                while (true) {
                    List<ReportDao.Change> changes = ReportDao.changesAfter(c, rp.applied(), 1000);
                    if (changes.isEmpty()) {
                        return;
                    }
                    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
                    changes.forEach(ch -> ids.add(ch.reportId()));
                    List<Report> versions = new ArrayList<>();
                    for (String id : ids) {
                        for (int v : ReportDao.versions(c, id)) {
                            ReportDao.read(c, id, v).ifPresent(versions::add);
                        }
                    }
                    rp.apply(changes.get(changes.size() - 1).changeId(), versions);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("reading changes for the replica", e);
            }
        }
    }

    /**
     * Brings the index up to every committed write: call it after committing a transaction that used
     * one of the {@code Connection} forms, before acknowledging the write.
     */
    public void indexCommitted() {
        labels.refresh(); // labels another process created (their portions stay invisible until known)
        heads.sync();
        index.catchUp();
        catchUpReplica();
    }

    /**
     * Brings the index up to a committed {@link #createChecked}: from the reports in memory when it is
     * the next change the index expects (as the store's own writes do), else by catching up from the
     * database.
     */
    public void indexCommitted(Created created) {
        if (created.written.reports().isEmpty()) {
            return;
        }
        applyToIndex(created.written);
    }

    // ---- reads -----------------------------------------------------------------------------

    /** The current version, complete (for trusted callers that decide per portion themselves). */
    public Optional<Report> read(String id) {
        return read(id, 0);
    }

    /** A given version (1-based), complete. */
    public Optional<Report> read(String id, int version) {
        if (!Ids.valid(id) || version < 0) {
            return Optional.empty();
        }
        return query(c -> ReportDao.read(c, id, version));
    }

    /** The versions of a report, oldest first (empty when it does not exist). */
    public List<Integer> versions(String id) {
        if (!Ids.valid(id)) {
            return List.of();
        }
        return query(c -> ReportDao.versions(c, id));
    }

    /**
     * The current version's owner, number and distinct label ids, without any text: enough to decide
     * whether a reader may see anything of it. From memory ({@link Heads}), with the same steps whether
     * or not the report exists, so that a report the reader may not see costs what a missing id costs.
     */
    public Labelled labelled(String id) {
        if (!Ids.valid(id)) {
            return Labelled.missing(id == null ? "" : id);
        }
        if (heads.due()) { // other processes' writes: their labels first, so that every head's labels are known
            labels.refresh();
            heads.trySync();
        }
        Heads.Head h = heads.get(id);
        return new Labelled(id, Heads.exists(h), h.owner(), h.version(), h.labels());
    }

    /**
     * A report's current version as deciding a read needs it. A report that does not exist has no
     * owner, version 0, and the one label id (0) that is never assigned and so never visible: deciding
     * it takes the same steps as deciding a report with one label that the reader may not see.
     *
     * @param labels the distinct label ids of its portions, ascending
     */
    public record Labelled(String id, boolean exists, String owner, int version, int[] labels) {
        private static final int[] NONE = {0};

        public Labelled {
            labels = labels.clone();
        }

        static Labelled missing(String id) {
            return new Labelled(id, false, "---", 0, NONE);
        }

        /** True when {@code visible} contains at least one of the labels. */
        public boolean anyVisible(VisibleLabels visible) {
            boolean any = false;
            for (int l : labels) {
                any |= visible.contains(l); // every label, not up to the first hit: the cost depends on the report only
            }
            return any;
        }

        /** True when {@code visible} contains every label (never for a report that does not exist). */
        public boolean allVisible(VisibleLabels visible) {
            boolean all = true;
            for (int l : labels) {
                all &= visible.contains(l);
            }
            return all & exists;
        }

        /**
         * The owner, or {@code otherwise} for an id that does not exist: selected by index rather than by
         * a branch, so that what follows a look-up runs the same instructions for a report and a miss.
         */
        public String ownerOr(String otherwise) {
            String[] either = {otherwise, owner};
            return either[exists ? 1 : 0];
        }

        @Override
        public int[] labels() {
            return labels.clone();
        }
    }

    /**
     * What a reader may see of the current version: only the portions whose label is visible. A
     * report the reader can see nothing of gives exactly what a report that does not exist gives, and
     * costs the same: the labels are loaded and decided first, the text only when something is visible.
     */
    public Optional<ReportView> read(String id, VisibleLabels visible) {
        return labelled(id).anyVisible(visible) ? read(id).flatMap(r -> view(r, visible)) : Optional.empty();
    }

    /**
     * A loaded report as a reader with {@code visible} sees it (see {@link ReportView}): only visible
     * portions numbered 1..n, each with its stable id, the banner rolled up from them, a version that
     * digests the view; empty when nothing is visible, exactly as for a report that does not exist.
     */
    public Optional<ReportView> view(Report r, VisibleLabels visible) {
        if (replica.isPresent()) {
            // the portions come from the replica, asked with the reader's authorizations; a version it does
            // not hold yet (another process's write, a failed apply) is replayed from the change feed first
            Optional<Report> seen = replica.get().read(r.id(), r.version(), visible);
            if (seen.isEmpty()) {
                catchUpReplica();
                seen = replica.get().read(r.id(), r.version(), visible);
            }
            return seen.flatMap(s -> viewOf(s, visible));
        }
        return viewOf(r, visible);
    }

    private Optional<ReportView> viewOf(Report r, VisibleLabels visible) {
        String id = r.id();
        Optional<Portion> title = visible.contains(r.title().label()) ? Optional.of(r.title()) : Optional.empty();
        List<Portion> body = new ArrayList<>();
        for (Portion p : r.portions()) {
            if (visible.contains(p.label())) {
                body.add(p);
            }
        }
        if (title.isEmpty() && body.isEmpty()) {
            return Optional.empty();
        }
        List<Marking> markings = new ArrayList<>();
        title.ifPresent(t -> markings.add(marking(t)));
        body.forEach(p -> markings.add(marking(p)));
        String banner = switch (rules.rollup(markings)) {
            case MarkingRules.Rolled.Ok ok -> ok.banner();
            case MarkingRules.Rolled.Bad bad -> {
                // valid portions always roll up; should the rules ever disagree, show no banner
                // rather than the full report's, which would tell what is withheld
                LOG.warn("visible portions of report {} do not roll up: {}", id, bad.errors());
                yield "";
            }
        };
        // the dissemination list concerns only those who see an ORCON portion
        boolean orcon = markings.stream().anyMatch(m -> m.has(Dissem.ORCON) || m.has(Dissem.ORCON_USGOV));
        List<String> list = orcon ? r.orcon() : List.of();
        List<VisiblePortion> shown = new ArrayList<>(body.size());
        Map<String, Integer> occurrences = new HashMap<>();
        Mac mac = portionIdMac();
        for (Portion p : body) {
            int k = occurrences.merge(p.marking() + '\u0000' + p.text(), 1, Integer::sum);
            shown.add(new VisiblePortion(shown.size() + 1, portionId(mac, id, p, k), p));
        }
        return Optional.of(new ReportView(r.id(), r.owner(), r.org(), list, title, shown, banner,
                digest(r, list, title, shown, banner), r.created()));
    }

    /** A keyed MAC of the report id, the portion's marking and text, and its occurrence among equal ones. */
    private static String portionId(Mac mac, String reportId, Portion p, int occurrence) {
        update(mac, reportId);
        update(mac, p.marking());
        update(mac, p.text());
        update(mac, Integer.toString(occurrence));
        return HexFormat.of().formatHex(mac.doFinal(), 0, 8); // doFinal resets the MAC for the next portion
    }

    private Mac portionIdMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(portionIdKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(Mac mac, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        mac.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
        mac.update(b);
    }

    /** A digest of everything the view shows (length-prefixed fields, so no two views encode alike). */
    private static String digest(Report r, List<String> list, Optional<Portion> title, List<VisiblePortion> shown,
                                 String banner) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<String> fields = new ArrayList<>();
            fields.add(r.id());
            fields.add(r.owner());
            fields.add(r.org());
            fields.add(String.join("\n", list));
            fields.add(banner);
            fields.add(title.isPresent() ? "title" : "no title");
            title.ifPresent(t -> {
                fields.add(t.marking());
                fields.add(t.text());
            });
            for (VisiblePortion p : shown) {
                fields.add(p.portion().marking());
                fields.add(p.portion().text());
                if (p.portion().tearline()) {
                    fields.add("tearline " + p.portion().derivedFrom()); // never a marking: no ambiguity
                }
            }
            for (String f : fields) {
                byte[] b = f.getBytes(StandardCharsets.UTF_8);
                md.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Marking marking(Portion p) {
        return labels.get(p.label()).map(Label::marking).orElseGet(() -> rules.parseNormalised(p.normalised()));
    }

    /**
     * Every portion of every report's current version, in report id order, without text (for counts
     * over live data such as a what-if analysis). Streams from the database; do not write to the store
     * from {@code action}.
     */
    public void forEachPortion(Consumer<PortionRef> action) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
            try {
                ReportDao.forEachPortion(c, action);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store query failed", e);
        }
    }

    // ---- labels ----------------------------------------------------------------------------

    /** Every label, by id. */
    public List<Label> labels() {
        return labels.all();
    }

    public Optional<Label> label(int id) {
        return labels.get(id);
    }

    /**
     * The labels a reader may see: {@code mayRead} is evaluated once per label and the result cached
     * per (principalKey, label generation); labels created since are evaluated on the next call. Pass
     * a new key whenever the reader's policy changes (attributes, accreditation, agreements).
     */
    public VisibleLabels visibleLabels(Object principalKey, Predicate<Label> mayRead) {
        return labels.visible(principalKey, mayRead);
    }

    // ---- search ----------------------------------------------------------------------------

    /**
     * Searches the portions a reader may see. Results are per report: {@code total} counts the
     * reports with at least one visible matching portion; each hit carries its best visible portion's
     * score, index and highlighted text. Ranking statistics come from visible portions only.
     *
     * @param query   Lucene classic syntax over the text: words are all required, {@code "phrases"},
     *                {@code OR}, {@code -not}, {@code prefix*}; a hyphenated word is searched as a phrase
     * @throws StoreException {@link StoreException#BAD_QUERY} with the offset of the problem, or
     *                        {@code search.limit.<name>} when the query is over one of the limits on a
     *                        search's cost (query length, clauses, patterns, expansions, regular
     *                        expressions, fuzzy terms, time; see README.md)
     */
    public SearchResult search(String query, VisibleLabels visible, int limit, int offset) {
        checkPage(limit, offset);
        if (replica.isPresent()) {
            // the replica parses the same query language: check it here first, so that bad input and
            // the limits on a search's cost answer exactly as without a replica
            index.search(query, Optional.of(VisibleLabels.none()), 1, 0);
            return replica.get().search(query, visible, limit, offset);
        }
        return index.search(query, Optional.of(visible), limit, offset);
    }

    /**
     * Searches every portion with index-wide statistics. Only for callers that have decided the reader
     * may see everything (and for benchmarks measuring the cost of trimming).
     */
    public SearchResult searchUnrestricted(String query, int limit, int offset) {
        checkPage(limit, offset);
        return index.search(query, Optional.empty(), limit, offset);
    }

    /** Rebuilds the search index, the release guard's fingerprints included, from the store. */
    public void reindex() {
        reindex(done -> { });
    }

    /**
     * {@link #reindex()}, telling {@code reportsDone} how many reports are indexed so far (every few
     * hundred; out of {@link #reportCount()}).
     */
    public void reindex(LongConsumer reportsDone) {
        index.rebuild(reportsDone);
        replica.ifPresent(rp -> {
            rp.clear();
            catchUpReplica();
        });
    }

    /** The number of reports (current versions). */
    public long reportCount() {
        return count("select count(*) from store_report");
    }

    /** The number of portions of the reports' current versions, as {@link #forEachPortion} visits them. */
    public long portionCount() {
        return count("select count(*) from store_portion p join store_report r on r.id = p.report_id and r.version = p.version");
    }

    private long count(String sql) {
        try (Connection c = db.connection(); java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("store query failed", e);
        }
    }

    // ---- the release guard's fingerprints ------------------------------------------------

    /** The shortest run of shared consecutive words that {@link #sharingRuns} always finds. */
    public static final int SHARED_RUN = Fingerprints.RUN;

    /**
     * The stored portions of current versions (title or body, any report) that may share a run of
     * {@link #SHARED_RUN} or more consecutive {@link TextWords normalised} words with {@code text}: a
     * superset (a candidate may share fewer words, or collide), so callers verify on the candidate's
     * text. Found through the fingerprint fields of the search index, after applying to it every
     * committed write it has not seen (the guard is binding: a write committed by another connection
     * and not yet applied is still found). Without text and without any decision: the caller decides
     * which candidates matter.
     */
    public List<PortionRef> sharingRuns(String text) {
        List<TextWords.Word> words = TextWords.words(text);
        if (words.size() < SHARED_RUN || !fingerprints) {
            return List.of();
        }
        long[] grams = Fingerprints.grams(words);
        index.catchUp();
        return index.sharing(grams);
    }

    /**
     * How many distinct fingerprints of the current version of a report the index holds for it (0 when
     * it has none, or is not indexed yet).
     */
    public int fingerprintCount(String reportId) {
        return index.fingerprintCount(reportId);
    }

    private static void checkPage(int limit, int offset) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0 || offset > MAX_OFFSET) {
            String m = "limit must be 1.." + MAX_LIMIT + " and offset 0.." + MAX_OFFSET;
            throw new StoreException("search.page", m,
                    List.of(new InputError(new InputError.Location.Field(limit < 1 || limit > MAX_LIMIT
                            ? "limit" : "offset"), "search.page", m, 0)));
        }
    }

    // ---- internals -------------------------------------------------------------------------

    SearchIndex index() {
        return index;
    }

    private List<Prepared> prepare(List<ReportDraft> drafts) {
        List<Prepared> out = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            ReportDraft d = drafts.get(i);
            try {
                out.add(Validation.prepare(rules, d.title(), d.portions(), d.owner(), d.org(), d.orcon(), d.author()));
            } catch (StoreException e) {
                if (drafts.size() == 1) {
                    throw e;
                }
                throw new StoreException(e.rule(), "report " + i + " of the batch: " + e.getMessage(), e.errors());
            }
        }
        return out;
    }

    private Prepared prepare(String id, Revision rev, Optional<ReportDao.Origin> found) {
        ReportDao.Origin origin = found.filter(o -> Ids.valid(id))
                .orElseThrow(() -> new StoreException(StoreException.NOT_FOUND, "no report " + id));
        return Validation.prepare(rules, rev.title(), rev.portions(), origin.owner(), origin.org(), rev.orcon(),
                rev.author());
    }

    private List<int[]> labelIds(List<Prepared> prepared) {
        List<LabelRegistry.Key> keys = new ArrayList<>();
        for (Prepared p : prepared) {
            for (Prepared.Part part : p.parts()) {
                keys.add(new LabelRegistry.Key(part.normalised(), p.owner(), p.orcon()));
            }
        }
        int[] all = labels.resolve(keys);
        List<int[]> out = new ArrayList<>(prepared.size());
        int k = 0;
        for (Prepared p : prepared) {
            int[] ids = new int[p.parts().size()];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = all[k++];
            }
            out.add(ids);
        }
        return out;
    }

    /** The store's last change id and the last one the search index has applied. */
    public record IndexState(long lastChange, long applied) {
        public boolean caughtUp() {
            return applied >= lastChange;
        }
    }

    /** Where the search index stands against the store (reads the store's change counter). */
    public IndexState indexState() {
        long last = query(ReportDao::lastChange);
        return new IndexState(last, index.applied());
    }

    // ---- foreign disclosure requests -------------------------------------------------------

    /** A new, unused disclosure request id. */
    public String newDisclosureId() {
        return Ids.next();
    }

    /** Stores a new disclosure request on the caller's connection, inside the caller's transaction (the audit entry's). */
    public void insertDisclosure(Connection c, Disclosure d) throws SQLException {
        DisclosureDao.insert(c, d);
    }

    /**
     * Moves a disclosure request on, in the caller's transaction, only while its stored status is
     * {@code expectedStatus}; false (and nothing written) when another decision got there first.
     */
    public boolean updateDisclosure(Connection c, String id, String expectedStatus, String status, int reportVersion,
                                    String document, java.time.Instant now) throws SQLException {
        return DisclosureDao.update(c, id, expectedStatus, status, reportVersion, document, now);
    }

    public Optional<Disclosure> disclosure(String id) {
        return Ids.valid(id) ? query(c -> DisclosureDao.read(c, id)) : Optional.empty();
    }

    /** Disclosure requests for reports owned by {@code owner} or made by {@code requester}, newest first. */
    public List<Disclosure> disclosures(String owner, String requester, Optional<String> status, int limit) {
        return query(c -> DisclosureDao.list(c, owner, requester, status, limit));
    }

    // ---- versioned documents and source keys ---------------------------------------------

    /** The highest version of the document {@code kind}, if any was written. */
    public Optional<VersionedDocument> latestDocument(String kind) {
        return query(c -> Documents.latest(c, kind));
    }

    /**
     * Writes a version of a document on the caller's connection, inside the caller's transaction (the
     * audit entry's); fails if that version of that kind exists.
     */
    public void writeDocument(Connection c, VersionedDocument document) throws SQLException {
        Documents.write(c, document);
    }

    /**
     * Records, in the caller's transaction, that report {@code reportId} was loaded from an outside
     * source (the demo) where it is known as {@code key}.
     */
    public void recordSourceKey(Connection c, String key, String reportId) throws SQLException {
        Documents.recordSourceKey(c, key, reportId);
    }

    /**
     * Records, in the caller's transaction (the report's), that an import stored report {@code reportId}
     * of {@code owner} under {@code key}; a key is recorded once per owner (a second insert fails).
     */
    public void recordImportKey(Connection c, String owner, String key, String reportId) throws SQLException {
        Documents.recordImportKey(c, owner, key, reportId);
    }

    /**
     * {@link #recordImportKey} for many reports at once: {@code keys.get(i)} is the key of
     * {@code reports.get(i)}.
     */
    public void recordImportKeys(Connection c, List<Report> reports, List<String> keys) throws SQLException {
        Documents.recordImportKeys(c, reports, keys);
    }

    /** Of {@code keys}, those an import already recorded for {@code owner}, with the report each became. */
    public Map<String, String> importKeys(String owner, java.util.Collection<String> keys) {
        return keys.isEmpty() ? Map.of() : query(c -> Documents.importKeys(c, owner, keys));
    }

    /** How many reports imports have stored for {@code owner} (one key each). */
    public long importKeyCount(String owner) {
        return query(c -> Documents.importKeyCount(c, owner));
    }

    /** Every recorded source key and the report it became. */
    public Map<String, String> sourceKeys() {
        return query(Documents::sourceKeys);
    }

    private <T> T transaction(Database.Work<T> work) {
        return db.transaction(work);
    }

    private <T> T query(Database.Work<T> work) {
        return db.query(work);
    }

    /** Commits the index and closes it; closes the database when this store opened it. */
    @Override
    public void close() {
        try {
            index.close();
            replica.ifPresent(Replica::close);
        } finally {
            if (ownsDatabase) {
                db.close();
            }
        }
    }
}
