package io.tearline.server.internal;

import io.javalin.http.Context;
import io.tearline.access.Decision;
import io.tearline.access.Principal;
import io.tearline.access.Reason;
import io.tearline.alliance.ReadPolicy;
import io.tearline.audit.Entry;
import io.tearline.audit.Receipted;
import io.tearline.markings.Marking;
import io.tearline.server.Tearline;
import io.tearline.store.Portion;
import io.tearline.store.PortionText;
import io.tearline.store.Report;
import io.tearline.store.ReportDraft;
import io.tearline.store.ReportView;
import io.tearline.store.Revision;
import io.tearline.store.SearchResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reports: create, read, update, search. Every answer is trimmed to what the reader may see and audited. */
public final class ReportsApi {

    private static final Pattern REPORT_ID = Pattern.compile("[0-9a-f]{16}");
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

    public record ReportUpdate(Integer version, PortionIn title, List<PortionIn> portions, List<String> disseminationList) {}

    public record TitleOut(String marking, String text) {}

    public record PortionOut(int index, String marking, Optional<String> canonical, String text, String decision,
                             List<String> obligations) {}

    public record ReportOut(String id, Optional<TitleOut> title, String banner, String owner, String originator,
                            List<String> disseminationList, List<PortionOut> portions, int version, Instant created,
                            Instant updated) {}

    public record HitOut(String id, Optional<TitleOut> title, String banner, String snippet, int portion, float score) {}

    public record SearchOut(long total, int limit, int offset, List<HitOut> hits) {}

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
        String owner = in.owner() == null ? p.nation() : in.owner();
        if (!owner.equals(p.nation())) {
            throw Problem.badRequest("report.owner", "a report is owned by its author's nation (" + p.nation()
                    + "), not " + owner, Map.of("errors", List.of(fieldError("owner", "report.owner",
                    "owner must be " + p.nation()))));
        }
        String org = originator(in.originator(), p);
        ReportDraft draft = new ReportDraft(title(in.title()), owner, org, list(in.disseminationList(), org),
                body(in.portions()), p.name());
        ReadPolicy policy = t.policies().current();
        Receipted<Report> created = receipts.recordWith(c -> {
            Report r = t.store().create(c, draft);
            requireAuthorReads(policy, p, r);
            if (sourceKey.isPresent()) {
                t.store().recordSourceKey(c, sourceKey.get(), r.id());
            }
            return r;
        }, r -> writeEntry("create", p, r));
        t.store().indexCommitted();
        return created;
    }

    public void update(Context ctx, Principal p) {
        String id = ctx.pathParam("id");
        ReportUpdate in = Json.read(ctx.bodyAsBytes(), ReportUpdate.class);
        if (in.version() == null) {
            throw Problem.badRequest("report.version", "an update names the version it replaces",
                    Map.of("errors", List.of(fieldError("version", "report.version", "version is required"))));
        }
        ReadPolicy policy = t.policies().current();
        Reads reads = t.reads(p);
        // only a reader of the owner's nation who sees the whole report may revise it; anyone else
        // learns nothing, not even that it exists
        Report current = (REPORT_ID.matcher(id).matches() ? t.store().read(id) : Optional.<Report>empty())
                .filter(r -> r.owner().equals(p.nation()) && t.store().view(r, reads.visible())
                        .filter(v -> v.title().isPresent() && v.portions().size() == r.portions().size()).isPresent())
                .orElseThrow(Problem::notFound);
        Revision revision = new Revision(title(in.title()),
                in.disseminationList() == null ? current.orcon() : list(in.disseminationList(), current.org()),
                body(in.portions()), p.name());
        Receipted<Report> done = receipts.recordWith(c -> {
            Report r = t.store().update(c, current.id(), in.version(), revision);
            requireAuthorReads(policy, p, r);
            return r;
        }, r -> writeEntry("update", p, r));
        Receipts.attach(ctx, done.receipt());
        Report updated = done.value();
        t.store().indexCommitted();
        Http.json(ctx, authorView(p, updated));
    }

    public void read(Context ctx, Principal p) {
        String id = ctx.pathParam("id");
        Reads reads = t.reads(p);
        Optional<Report> found = REPORT_ID.matcher(id).matches() ? t.store().read(id) : Optional.empty();
        Optional<ReportView> seen = found.flatMap(r -> t.store().view(r, reads.visible()));
        if (seen.isEmpty()) {
            // a report the reader may see nothing of is recorded and answered exactly like a missing one;
            // only the owner's auditors can open what was withheld
            Map<String, Object> sealed = new LinkedHashMap<>();
            sealed.put("report", id);
            sealed.put("exists", found.isPresent());
            found.ifPresent(r -> sealed.put("withheld", withheld(reads, r)));
            String opener = found.map(Report::owner).orElse(t.config().audit().operatorNation());
            receipts.record(ctx, Entry.builder().put("type", "read").put("reader", who(p)).put("requested", id)
                    .put("outcome", "not-found").commit("sealed", sealed, opener)
                    .reader(p.nation()).owner(opener).build());
            throw Problem.notFound();
        }
        Report r = found.get();
        List<Integer> shown = new ArrayList<>();
        seen.get().title().ifPresent(title -> shown.add(title.index()));
        seen.get().portions().forEach(portion -> shown.add(portion.index()));
        Entry.Builder e = Entry.builder().put("type", "read").put("reader", who(p)).put("requested", id)
                .put("outcome", "shown").put("owner", r.owner()).put("version", r.version())
                .put("shown", shown).reader(p.nation()).owner(r.owner());
        List<Map<String, Object>> withheld = withheld(reads, r);
        if (!withheld.isEmpty()) {
            e.commit("withheld", withheld, r.owner());
        }
        receipts.record(ctx, e.build());
        Http.json(ctx, out(reads, seen.get()));
    }

    public void search(Context ctx, Principal p) {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw Problem.badRequest("search.query", "a search needs a query: ?q=words");
        }
        int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = intParam(ctx, "offset", 0, 0, 100_000);
        Reads reads = t.reads(p);
        SearchResult result = t.store().search(q, reads.visible(), limit, offset);
        List<HitOut> hits = new ArrayList<>();
        TreeSet<String> owners = new TreeSet<>();
        for (SearchResult.Hit h : result.hits()) {
            Optional<ReportView> v = t.store().read(h.reportId(), reads.visible());
            if (v.isEmpty()) {
                continue; // changed between the index and the store: never show what cannot be read
            }
            owners.add(v.get().owner());
            hits.add(new HitOut(h.reportId(), title(v.get()), v.get().banner(), h.snippet(), h.portion(), h.score()));
        }
        receipts.record(ctx, Entry.builder().put("type", "search").put("reader", who(p)).put("query", q)
                .put("limit", limit).put("offset", offset).put("total", result.total())
                .put("ids", hits.stream().map(HitOut::id).toList()).reader(p.nation()).owners(owners).build());
        Http.json(ctx, new SearchOut(result.total(), limit, offset, hits));
    }

    // ---- views

    /** The report as this reader sees it (the store's view), with each portion's decision and obligations. */
    ReportOut out(Reads reads, ReportView v) {
        List<PortionOut> body = new ArrayList<>();
        for (Portion p : v.portions()) {
            Decision d = reads.decision(p);
            body.add(new PortionOut(p.index(), p.marking(),
                    p.marking().equals(p.normalised()) ? Optional.empty() : Optional.of(p.normalised()),
                    p.text(), d.effect().name(), d.obligations().stream().map(Enum::name).sorted().toList()));
        }
        return new ReportOut(v.id(), title(v), v.banner(), v.owner(), v.org(), v.orcon(), body, v.version(),
                v.created(), v.updated());
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

    /** An author may only store what they may read themselves: no one marks above their own clearance. */
    private void requireAuthorReads(ReadPolicy policy, Principal p, Report r) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (Portion portion : r.allPortions()) {
            Marking m = t.markings().parse(portion.normalised());
            Decision d = policy.decide(p, m, r.owner(), new TreeSet<>(r.orcon()));
            if (!d.permitsDisplay()) {
                errors.add(Map.of("portion", portion.index(), "rule", "report.author-cannot-read",
                        "message", "the author may not read " + portion.marking() + ": "
                                + d.reasons().stream().map(Reason::message).toList(), "offset", 0));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.badRequest("report.author-cannot-read", "the author may not store portions they may not read",
                    Map.of("errors", errors));
        }
    }

    private Entry writeEntry(String action, Principal p, Report r) {
        return Entry.builder().put("type", "write").put("action", action).put("author", who(p))
                .put("report", r.id()).put("owner", r.owner()).put("version", r.version())
                .put("markings", r.allPortions().stream().map(Portion::marking).toList())
                .reader(p.nation()).owner(r.owner()).build();
    }

    static Map<String, String> who(Principal p) {
        return Map.of("name", p.name(), "nation", p.nation());
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
