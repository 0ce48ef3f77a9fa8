package io.tearline.server.internal;

import io.javalin.http.Context;
import io.tearline.access.Decision;
import io.tearline.access.Principal;
import io.tearline.access.Reason;
import io.tearline.audit.Receipted;
import io.tearline.server.Tearline;
import io.tearline.store.Author;
import io.tearline.store.Portion;
import io.tearline.store.PortionText;
import io.tearline.store.Report;
import io.tearline.store.ReportDraft;
import io.tearline.store.ReportStore;
import io.tearline.store.ReportView;
import io.tearline.store.Revision;
import io.tearline.store.SearchResult;
import io.tearline.store.VisiblePortion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Reports: create, read, update, search. Every answer is trimmed to what the reader may see and audited. */
public final class ReportsApi {

    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 100;

    private final Tearline t;
    private final Receipts receipts;

    public ReportsApi(Tearline t, Receipts receipts) {
        this.t = t;
        this.receipts = receipts;
    }

    // ---- request and response shapes

    public record PortionIn(Integer index, String marking, String text) {}

    public record ReportIn(PortionIn title, List<PortionIn> portions, String owner, String originator,
                           List<String> disseminationList) {}

    /** @param version the {@code version} of the view the writer read (the writer sees the whole report) */
    public record ReportUpdate(String version, PortionIn title, List<PortionIn> portions, List<String> disseminationList) {}

    public record TitleOut(String marking, String text) {}

    /**
     * @param index       the reader's own numbering, 1..n
     * @param id          stable, says nothing of withheld portions
     * @param tearline    present (true) on a tearline portion: a sanitised paraphrase released in place of another
     * @param derivedFrom the reader's number of the portion a tearline derives from, when the reader sees it
     */
    public record PortionOut(int index, String id, String marking, Optional<String> canonical, String text,
                             String decision, List<String> obligations, Optional<Boolean> tearline,
                             Optional<Integer> derivedFrom) {}

    /** @param version a digest of this reader's view; @param disseminationList only for readers of an ORCON portion */
    public record ReportOut(String id, Optional<TitleOut> title, String banner, String owner, String originator,
                            List<String> disseminationList, List<PortionOut> portions, String version, Instant created) {}

    public record HitOut(String id, Optional<TitleOut> title, String banner, String snippet, int portion, float score) {}

    public record SearchOut(long total, int limit, int offset, List<HitOut> hits) {}

    /**
     * One stored version of a report, for its owner's history.
     *
     * @param version  the stored number (1 is the first), as {@code ?version=} names it
     * @param author   who wrote it
     * @param created  when it was written
     * @param banner   rolled up from the portions the reader sees of it
     * @param portions how many body portions the reader sees of it
     */
    public record VersionOut(int version, String author, Instant created, String banner, int portions) {}

    /** @param current the stored number of the current version */
    public record VersionsOut(String id, int current, List<VersionOut> versions) {}

    // ---- handlers

    public void create(Context ctx, Principal p) {
        Receipted<Report> created = create(p, Json.read(ctx.bodyAsBytes(), ReportIn.class), Optional.empty());
        Receipts.attach(ctx, created.receipt());
        ctx.status(201);
        Http.json(ctx, authorView(p, created.value()));
    }

    /**
     * Validates and stores a report written by {@code p}, with its audit entry in the same transaction,
     * and makes it searchable. {@code sourceKey}: the report's key in the source it is loaded from (the
     * demo's R1..R8), recorded in the same transaction so that loading the source again skips it.
     */
    public Receipted<Report> create(Principal p, ReportIn in, Optional<String> sourceKey) {
        ReportDraft draft = draft(p, in);
        Author author = t.reads(p).author();
        // the store enforces the write rules: owned by the author's nation, nothing the author may not read
        Receipted<Report> created = receipts.recordWith(c -> {
            Report r = t.store().create(c, draft, author);
            if (sourceKey.isPresent()) {
                t.store().recordSourceKey(c, sourceKey.get(), r.id());
            }
            return r;
        }, r -> new AuditEvent.Write("create", p, r));
        t.store().indexCommitted();
        return created;
    }

    /**
     * The draft a create by {@code p} stores (owner defaults to the author's nation, originator to their
     * first organisation; the dissemination list names the originator).
     *
     * @throws Problem when a field is missing or the originator is not the author's
     */
    public ReportDraft draft(Principal p, ReportIn in) {
        String owner = in.owner() == null ? p.nation() : in.owner();
        String org = originator(in.originator(), p);
        return new ReportDraft(title(in.title()), owner, org, list(in.disseminationList(), org), body(in.portions()),
                p.name());
    }

    public void update(Context ctx, Principal p) {
        Receipted<ReportOut> done = update(p, ctx.pathParam("id"), Json.read(ctx.bodyAsBytes(), ReportUpdate.class));
        Receipts.attach(ctx, done.receipt());
        Http.json(ctx, done.value());
    }

    /**
     * Writes a new version. Only a writer of the owner's nation who sees the whole report may revise it;
     * anyone else gets {@link Problem#notFound()} after the same work as for an id that does not exist
     * (the labels are decided before anything else is loaded). The writer names the {@code version} of
     * the view they read; since they see the whole report, that view is the stored version, and a view
     * that has moved since is refused with 409.
     */
    public Receipted<ReportOut> update(Principal p, String id, ReportUpdate in) {
        if (in.version() == null) {
            throw Problem.badRequest("report.version", "an update names the version it replaces",
                    Map.of("errors", List.of(fieldError("version", "report.version", "version is required"))));
        }
        Reads reads = t.reads(p);
        ReportStore.Labelled labelled = t.store().labelled(id);
        boolean whole = labelled.owner().equals(p.nation()) & labelled.allVisible(reads.visible());
        Optional<Report> found = whole ? t.store().read(id) : Optional.empty();
        Optional<ReportView> seen = found.flatMap(r -> t.store().view(r, reads.visible())
                .filter(v -> v.title().isPresent() && v.portions().size() == r.portions().size()));
        if (seen.isEmpty()) {
            throw Problem.notFound();
        }
        Report current = found.get();
        if (!seen.get().version().equals(in.version())) {
            throw Problem.conflict("report.stale-version", "report " + id + " is at version " + seen.get().version()
                    + ", not " + in.version(), Map.of("current", seen.get().version(), "expected", in.version()));
        }
        Revision revision = new Revision(title(in.title()),
                in.disseminationList() == null ? current.orcon() : list(in.disseminationList(), current.org()),
                body(in.portions()), p.name());
        Author author = reads.author();
        Receipted<Report> done = receipts.recordWith(c -> t.store().update(c, current.id(), current.version(),
                revision, author), r -> new AuditEvent.Write("update", p, r));
        t.store().indexCommitted();
        return new Receipted<>(authorView(p, done.value()), done.receipt());
    }

    public void read(Context ctx, Principal p) {
        String version = ctx.queryParam("version");
        ReadAnswer answer = version == null || version.isEmpty() ? read(p, ctx.pathParam("id"))
                : readVersion(p, ctx.pathParam("id"), intParam(ctx, "version", 0, 1, Integer.MAX_VALUE));
        receipts.record(ctx, answer.entry());
        // one place answers 404, for a report the reader may see nothing of and for one that does not exist
        Http.json(ctx, answer.view().orElseThrow(Problem::notFound));
    }

    /** What a read shows (empty: answer 404) and the audit entry that records it. */
    public record ReadAnswer(Optional<ReportOut> view, AuditEvent entry) {}

    /**
     * A read, up to the audit append. The labels of the report are loaded and decided first; its text
     * is loaded only when the reader may see something of it, so a report the reader may see nothing of
     * costs what a missing id costs: one look-up of its head in memory, the decisions, and a sealed entry of the
     * same shape (the owner's auditor opens it to learn that the whole of a stored version was withheld).
     */
    public ReadAnswer read(Principal p, String id) {
        Reads reads = t.reads(p);
        ReportStore.Labelled labelled = t.store().labelled(id);
        boolean any = labelled.anyVisible(reads.visible());
        Optional<Report> found = any ? t.store().read(id) : Optional.empty();
        Optional<ReportView> seen = found.flatMap(r -> t.store().view(r, reads.visible()));
        if (seen.isEmpty()) {
            // a report the reader may see nothing of is recorded and answered exactly like a missing one;
            // only the owner's auditors can open what was withheld
            return new ReadAnswer(Optional.empty(), notFound(p, id, labelled, Map.of()));
        }
        return shown(reads, p, id, found.get(), seen.get());
    }

    /** A read that shows {@code v} of stored version {@code r}: the view and its audit entry. */
    private ReadAnswer shown(Reads reads, Principal p, String id, Report r, ReportView v) {
        // public: what the reader was shown in their own numbering (0 = the title) and the view's version;
        // sealed for the owner: the stored version and positions shown and withheld, and why
        List<Integer> shown = new ArrayList<>();
        v.title().ifPresent(title -> shown.add(0));
        v.portions().forEach(portion -> shown.add(portion.index()));
        List<Integer> stored = new ArrayList<>();
        v.title().ifPresent(title -> stored.add(title.index()));
        v.portions().forEach(portion -> stored.add(portion.portion().index()));
        Map<String, Object> sealed = new LinkedHashMap<>();
        sealed.put("version", r.version());
        sealed.put("shown", stored);
        sealed.put("withheld", withheld(reads, r));
        return new ReadAnswer(Optional.of(out(reads, v)), new AuditEvent.ReadShown(p, id, r.owner(), v.version(), shown, sealed));
    }

    /**
     * An older (or the current) stored version, for the owner: only a reader of the owner's nation who
     * may read the whole of the current version gets it, trimmed to what they may see of that version;
     * anyone else, and a version that does not exist, gets what a missing id gets, after the same work
     * (the labels of the current version are decided before anything else is loaded).
     */
    public ReadAnswer readVersion(Principal p, String id, int version) {
        Reads reads = t.reads(p);
        ReportStore.Labelled labelled = t.store().labelled(id);
        boolean whole = labelled.owner().equals(p.nation()) & labelled.allVisible(reads.visible());
        Optional<Report> found = whole ? t.store().read(id, version) : Optional.empty();
        Optional<ReportView> seen = found.flatMap(r -> t.store().view(r, reads.visible()));
        if (seen.isEmpty()) {
            return new ReadAnswer(Optional.empty(), notFound(p, id, labelled, Map.of("requestedVersion", version)));
        }
        return shown(reads, p, id, found.get(), seen.get());
    }

    /**
     * The entry of a read answered "not found", for a report the reader may see nothing of and for one
     * that does not exist alike; sealed for the owner's auditors (or the operator's, for a missing id).
     * {@code exists}: every stored position of that version was withheld (the reasons follow from the
     * reader, who is named in the entry, and the alliance version of the day).
     */
    private AuditEvent notFound(Principal p, String id, ReportStore.Labelled labelled, Map<String, Object> more) {
        Map<String, Object> sealed = new LinkedHashMap<>();
        sealed.put("report", id);
        sealed.put("exists", labelled.exists());
        sealed.put("version", labelled.version());
        sealed.putAll(more);
        String opener = labelled.ownerOr(t.config().audit().operatorNation());
        return new AuditEvent.ReadNotFound(p, id, sealed, opener);
    }

    public void versions(Context ctx, Principal p) {
        VersionsAnswer answer = versions(p, ctx.pathParam("id"));
        receipts.record(ctx, answer.entry());
        Http.json(ctx, answer.versions().orElseThrow(Problem::notFound));
    }

    /** A report's history (empty: answer 404) and the audit entry that records its reading. */
    public record VersionsAnswer(Optional<VersionsOut> versions, AuditEvent entry) {}

    /**
     * The version history, for the owner: the same rule as {@link #readVersion}. Each version's banner
     * and portion count are those of the reader's view of it, so the history tells nothing a read of
     * each version would not. Recorded as a read of the current version.
     */
    public VersionsAnswer versions(Principal p, String id) {
        Reads reads = t.reads(p);
        ReportStore.Labelled labelled = t.store().labelled(id);
        boolean whole = labelled.owner().equals(p.nation()) & labelled.allVisible(reads.visible());
        Optional<Report> current = whole ? t.store().read(id) : Optional.empty();
        Optional<ReportView> seen = current.flatMap(r -> t.store().view(r, reads.visible()));
        if (seen.isEmpty()) {
            return new VersionsAnswer(Optional.empty(), notFound(p, id, labelled, Map.of("history", true)));
        }
        List<VersionOut> out = new ArrayList<>();
        for (int n : t.store().versions(id)) {
            Optional<Report> r = n == current.get().version() ? current : t.store().read(id, n);
            Optional<ReportView> v = r.flatMap(x -> t.store().view(x, reads.visible()));
            if (r.isPresent() && v.isPresent()) {
                out.add(new VersionOut(n, r.get().author(), r.get().updated(), v.get().banner(), v.get().portions().size()));
            }
        }
        ReadAnswer entry = shown(reads, p, id, current.get(), seen.get());
        return new VersionsAnswer(Optional.of(new VersionsOut(id, current.get().version(), out)), entry.entry());
    }

    public void search(Context ctx, Principal p) {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw Problem.badRequest("search.query", "a search needs a query: ?q=words");
        }
        int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = intParam(ctx, "offset", 0, 0, 100_000);
        SearchAnswer answer = search(p, q, limit, offset);
        receipts.record(ctx, answer.entry());
        Http.json(ctx, answer.result());
    }

    /** What a search answers and the audit entry that records it. */
    public record SearchAnswer(SearchOut result, AuditEvent entry) {}

    /** A search, up to the audit append: only visible portions match, and hits number portions as the reader does. */
    public SearchAnswer search(Principal p, String q, int limit, int offset) {
        Reads reads = t.reads(p);
        SearchResult result = t.store().search(q, reads.visible(), limit, offset);
        List<HitOut> hits = new ArrayList<>();
        TreeSet<String> owners = new TreeSet<>();
        for (SearchResult.Hit h : result.hits()) {
            Optional<ReportView> v = t.store().read(h.reportId(), reads.visible());
            if (v.isEmpty()) {
                continue; // changed between the index and the store: never show what cannot be read
            }
            Optional<Integer> number = v.get().numberOf(h.portion());
            if (number.isEmpty()) {
                continue; // the hit's portion is not in the reader's view (changed since it was indexed)
            }
            owners.add(v.get().owner());
            hits.add(new HitOut(h.reportId(), title(v.get()), v.get().banner(), h.snippet(), number.get(), h.score()));
        }
        return new SearchAnswer(new SearchOut(result.total(), limit, offset, hits), new AuditEvent.Search(p, q, limit,
                offset, result.total(), hits.stream().map(HitOut::id).toList(), owners));
    }

    // ---- views

    /** The report as this reader sees it (the store's view), with each portion's decision and obligations. */
    ReportOut out(Reads reads, ReportView v) {
        List<PortionOut> body = new ArrayList<>();
        for (VisiblePortion shown : v.portions()) {
            Portion p = shown.portion();
            Decision d = reads.decision(p);
            body.add(new PortionOut(shown.index(), shown.id(), p.marking(),
                    p.marking().equals(p.normalised()) ? Optional.empty() : Optional.of(p.normalised()),
                    p.text(), d.effect().name(), d.obligations().stream().map(Enum::name).sorted().toList(),
                    p.tearline() ? Optional.of(true) : Optional.empty(),
                    p.tearline() ? v.numberOf(p.derivedFrom()) : Optional.empty()));
        }
        return new ReportOut(v.id(), title(v), v.banner(), v.owner(), v.org(), v.orcon(), body, v.version(),
                v.created());
    }

    /** A written report as its author sees it: all of it, since an author only stores what they may read. */
    private ReportOut authorView(Principal p, Report r) {
        Reads reads = t.reads(p);
        return out(reads, t.store().view(r, reads.visible())
                .orElseThrow(() -> new IllegalStateException("the author of " + r.id() + " cannot see it")));
    }

    private static Optional<TitleOut> title(ReportView v) {
        return v.title().map(t -> new TitleOut(t.marking(), t.text()));
    }

    // ---- helpers

    /** The withheld portions of a shown read, by stored position (for the owner's auditor). */
    private static List<Map<String, Object>> withheld(Reads reads, Report r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Portion p : r.allPortions()) {
            if (!reads.sees(p)) {
                out.add(Map.of("index", p.index(), "marking", p.marking(),
                        "reasons", reads.decision(p).reasons().stream().map(Reason::code).toList()));
            }
        }
        return out;
    }

    private static String originator(String requested, Principal p) {
        if (requested == null) {
            return p.orgs().stream().sorted().findFirst()
                    .orElseThrow(() -> Problem.badRequest("report.originator", "the author has no organisation to originate a report"));
        }
        if (!p.orgs().contains(requested)) {
            throw Problem.badRequest("report.originator", "the originator must be one of the author's organisations "
                    + new TreeSet<>(p.orgs()), Map.of("errors", List.of(fieldError("originator", "report.originator",
                    requested + " is not the author's organisation"))));
        }
        return requested;
    }

    /** The ORCON dissemination list always names the originating organisation. */
    private static List<String> list(List<String> requested, String org) {
        TreeSet<String> out = new TreeSet<>(requested == null ? List.of() : requested);
        out.add(org);
        return List.copyOf(out);
    }

    private static PortionText title(PortionIn in) {
        if (in == null) {
            throw Problem.badRequest("report.title", "a report needs a title {marking, text}",
                    Map.of("errors", List.of(fieldError("title", "report.title", "title is required"))));
        }
        return portion(in, "title");
    }

    private static List<PortionText> body(List<PortionIn> in) {
        if (in == null) {
            throw Problem.badRequest("report.portions", "a report needs its portions [{marking, text}]",
                    Map.of("errors", List.of(fieldError("portions", "report.portions", "portions is required"))));
        }
        List<PortionText> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            PortionIn p = in.get(i);
            if (p == null) {
                throw Problem.badRequest("report.portion", "portion " + (i + 1) + " is null");
            }
            if (p.index() != null && p.index() != i + 1) {
                throw Problem.badRequest("report.portion-index", "portion " + (i + 1) + " says index " + p.index()
                        + "; portions are numbered in order from 1");
            }
            out.add(portion(p, "portions[" + i + "]"));
        }
        return out;
    }

    private static PortionText portion(PortionIn in, String where) {
        if (in.marking() == null || in.text() == null) {
            String missing = in.marking() == null ? "marking" : "text";
            throw Problem.badRequest("report.portion", where + "." + missing + " is required",
                    Map.of("errors", List.of(fieldError(where + "." + missing, "report.portion", missing + " is required"))));
        }
        return new PortionText(in.marking(), in.text());
    }

    static Map<String, Object> fieldError(String field, String rule, String message) {
        return Map.of("field", field, "rule", rule, "message", message, "offset", 0);
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw Problem.badRequest("query." + name, name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw Problem.badRequest("query." + name, name + " must be a whole number, not '" + v + "'");
        }
    }
}
