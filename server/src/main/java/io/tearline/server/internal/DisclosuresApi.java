package io.tearline.server.internal;

import io.javalin.http.Context;
import io.tearline.access.Clearance;
import io.tearline.access.Decision;
import io.tearline.access.Principal;
import io.tearline.access.Reason;
import io.tearline.alliance.Alliance;
import io.tearline.alliance.Community;
import io.tearline.alliance.ReadPolicy;
import io.tearline.audit.Receipt;
import io.tearline.audit.Receipted;
import io.tearline.markings.Dissem;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import io.tearline.markings.MarkingException;
import io.tearline.markings.Rollup;
import io.tearline.server.Tearline;
import io.tearline.server.release.Finding;
import io.tearline.server.release.Outgoing;
import io.tearline.server.release.ReleaseGuard;
import io.tearline.store.Disclosure;
import io.tearline.store.Portion;
import io.tearline.store.PortionText;
import io.tearline.store.Report;
import io.tearline.store.ReportView;
import io.tearline.store.Revision;
import io.tearline.store.VisiblePortion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Release to partners: the tearline preview and foreign disclosure requests (create, list, get, consent,
 * approve, deny). The flow is that of DESIGN.md "Data flow of a release": the checks that need no person
 * (NOFORN, SCI, agreement) refuse a request outright; the guard runs advisory on request and binding on
 * approval; ORCON material waits for its originating organisation's consent; the owner's disclosure
 * officer, never the requester, approves; approval writes the report's next version (REL TO extended,
 * replacements appended as tearline portions) in one transaction with its audit entry.
 *
 * <p>A request is visible to its requester and to disclosure officers of the owner nation (or of the
 * originating organisation) who may read every portion it names; to anyone else it does not exist (404).
 */
public final class DisclosuresApi {

    public static final String PENDING = "PENDING";
    public static final String AWAITING_ORIGINATOR = "AWAITING_ORIGINATOR";
    public static final String APPROVED = "APPROVED";
    public static final String DENIED = "DENIED";
    private static final Set<String> STATUSES = Set.of(PENDING, AWAITING_ORIGINATOR, APPROVED, DENIED);
    private static final int MAX_LIST = 200;
    private static final int MAX_JUSTIFICATION = 4000;
    private static final int MAX_ITEMS = 1000;

    private final Tearline t;
    private final Receipts receipts;
    private final ReleaseGuard guard;
    private final Clock clock;

    public DisclosuresApi(Tearline t, Receipts receipts, ReleaseGuard guard) {
        this.t = t;
        this.receipts = receipts;
        this.guard = guard;
        this.clock = Clock.systemUTC();
    }

    /** The guard this workflow runs (binding on approval). */
    public ReleaseGuard guard() {
        return guard;
    }

    // ---- request and response shapes

    public record ReplacementIn(Integer portion, String marking, String text) {}

    public record RequestIn(String reportId, List<String> to, List<Integer> portions, String justification,
                            List<String> orgs, List<ReplacementIn> replacements) {}

    public record ReasonIn(String reason) {}

    /** One portion of a request: the requester's number, its stored position and stable id at the version checked. */
    public record Item(int portion, int stored, String portionId) {}

    public record Step(String action, String by, String reason, Instant at) {}

    /** The request as stored (the document beside the store's columns). */
    public record Doc(List<String> to, List<Item> items, String justification, List<String> orgs,
                      List<ReplacementIn> replacements, List<Finding> findings, List<Step> steps) {}

    public record DisclosureOut(String id, String status, String reportId, List<String> to, List<Integer> portions,
                                String requester, String justification, List<String> orgs,
                                List<ReplacementIn> replacements, List<Finding> findings, List<Step> steps,
                                int reportVersion, Instant created, Instant updated) {}

    public record ListOut(List<DisclosureOut> disclosures) {}

    public record Approved(String id, String status, int reportVersion) {}

    /**
     * A dry run of a request: the errors and refusals a request would get, else the guard's findings;
     * nothing is stored. {@code ok}: sending it now would store a request.
     */
    public record CheckOut(String reportId, boolean ok, List<Map<String, Object>> errors, List<Finding> findings) {}

    public record PreviewPortion(int index, String marking, String text) {}

    public record Withheld(int index, String marking, List<Reason> reasons) {}

    // ---- the tearline preview

    public void preview(Context ctx, Principal p) {
        String nation = ctx.queryParam("for");
        Alliance alliance = t.alliance();
        if (nation == null || !alliance.nations().containsKey(nation)) {
            throw Problem.badRequest("tearline.nation", "for= names a nation of the alliance",
                    Map.of("errors", List.of(ReportsApi.fieldError("for", "tearline.nation",
                            nation == null ? "for is required" : "unknown nation " + nation))));
        }
        Reads reads = t.reads(p);
        String id = ctx.pathParam("id");
        Optional<Report> found = t.store().read(id);
        Optional<ReportView> seen = found.filter(r -> r.owner().equals(p.nation()))
                .flatMap(r -> t.store().view(r, reads.visible()));
        if (seen.isEmpty()) {
            throw Problem.notFound(); // another nation's report, or one the officer may see nothing of
        }
        Report r = found.get();
        Clearance clearance;
        String level = ctx.queryParam("clearance");
        if (level == null || level.isBlank()) {
            clearance = defaultClearance(alliance, nation, r.owner());
        } else {
            try {
                clearance = Clearance.parse(level);
            } catch (RuntimeException e) {
                throw Problem.badRequest("tearline.clearance", "clearance= is NONE, CONFIDENTIAL, SECRET or TOP_SECRET",
                        Map.of("errors", List.of(ReportsApi.fieldError("clearance", "tearline.clearance",
                                "unknown clearance " + level))));
            }
        }
        Reads partner = t.reads(new Principal("tearline:" + nation, nation, clearance, Set.of(), Set.of(), Set.of()));
        ReportView v = seen.get();
        List<PreviewPortion> shown = new ArrayList<>();
        List<Withheld> withheld = new ArrayList<>();
        List<Marking> rolled = new ArrayList<>();
        v.title().filter(partner::sees).ifPresent(title -> rolled.add(t.markings().parse(title.normalised())));
        for (VisiblePortion vp : v.portions()) {
            Portion portion = vp.portion();
            Decision d = partner.decision(portion);
            if (d.permitsDisplay()) {
                shown.add(new PreviewPortion(vp.index(), portion.marking(), portion.text()));
                rolled.add(t.markings().parse(portion.normalised()));
            } else {
                withheld.add(new Withheld(vp.index(), portion.marking(), d.reasons()));
            }
        }
        String banner = rolled.isEmpty() ? "" : t.markings().rollupMarkings(rolled) instanceof Rollup.Accepted a
                ? a.bannerText() : "";
        receipts.record(ctx, new AuditEvent.TearlinePreview(p, id, r.owner(), nation, clearance.name(),
                shown.stream().map(PreviewPortion::index).toList(), withheld.stream().map(Withheld::index).toList()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("for", nation);
        out.put("clearance", clearance.name());
        out.put("banner", banner);
        out.put("portions", shown);
        out.put("withheld", withheld);
        Http.json(ctx, out);
    }

    /** The highest level that the nation's current agreements with the owner cover (its own: TOP SECRET). */
    static Clearance defaultClearance(Alliance alliance, String nation, String owner) {
        if (nation.equals(owner)) {
            return Clearance.TOP_SECRET;
        }
        Level best = Level.UNCLASSIFIED;
        for (Community c : alliance.communities().values()) {
            if (c.members().contains(nation) && c.members().contains(owner)
                    && alliance.eligible(nation, c.id(), java.time.LocalDate.now(java.time.ZoneOffset.UTC))
                    && c.coversUpTo().dominates(best)) {
                best = c.coversUpTo();
            }
        }
        for (Clearance cl : Clearance.values()) {
            if (cl.highest() == best) {
                return cl;
            }
        }
        return Clearance.NONE;
    }

    // ---- create

    public void create(Context ctx, Principal p) {
        RequestIn in = Json.read(ctx.bodyAsBytes(), RequestIn.class);
        Receipted<DisclosureOut> done = create(p, in, Optional.empty());
        Receipts.attach(ctx, done.receipt());
        ctx.status(201);
        Http.json(ctx, done.value());
    }

    /**
     * Validates, checks and stores a request by {@code p}; the guard's findings are advisory here.
     * {@code sourceKey}: the request's key in the source it is loaded from (the demo's pending request),
     * recorded in the same transaction so that loading the source again skips it.
     */
    public Receipted<DisclosureOut> create(Principal p, RequestIn in, Optional<String> sourceKey) {
        Checked c = validate(p, in);
        if (!c.errors().isEmpty()) {
            throw bad(c.errors());
        }
        if (!c.refusals().isEmpty()) {
            throw refused(c.refusals());
        }
        return store(p, c, sourceKey);
    }

    public void check(Context ctx, Principal p) {
        RequestIn in = Json.read(ctx.bodyAsBytes(), RequestIn.class);
        Receipted<CheckOut> done = check(p, in);
        Receipts.attach(ctx, done.receipt());
        Http.json(ctx, done.value());
    }

    /**
     * A dry run: the same validation, refusals and guard as {@link #create}, answered (200) with the
     * errors or the findings; nothing is stored and nothing changes but the audit log, which records
     * the run (a guard step with status {@code dry-run}, or {@code dry-run-invalid} when the guard did
     * not run because the request is invalid or refused). A report the requester may see nothing of
     * answers 404, as {@link #create} does.
     */
    public Receipted<CheckOut> check(Principal p, RequestIn in) {
        Checked c = validate(p, in);
        List<Map<String, Object>> errors = new ArrayList<>(c.errors());
        errors.addAll(c.refusals());
        List<Finding> findings = errors.isEmpty()
                ? guard.check(c.report().id(), c.outgoing(), new LinkedHashSet<>(c.to()), p) : List.of();
        Map<String, Object> details = new LinkedHashMap<>(guardDetails(findings));
        details.put("errors", errors.stream().map(e -> String.valueOf(e.get("rule"))).toList());
        Receipt receipt = receipts.record(new AuditEvent.Disclosure("guard", p, "", c.report().id(), c.report().owner(),
                errors.isEmpty() ? "dry-run" : "dry-run-invalid", c.to(), details));
        return new Receipted<>(new CheckOut(c.report().id(), errors.isEmpty(), errors, findings), receipt);
    }

    /** A request validated against the report as the requester sees it; errors and refusals, if any, say why not. */
    private record Checked(Report report, ReportView view, List<String> to, List<Item> items, String justification,
                           List<String> orgs, List<ReplacementIn> replacements, Map<Integer, Portion> byNumber,
                           List<Map<String, Object>> errors, List<Map<String, Object>> refusals,
                           List<Outgoing> outgoing) {}

    private Checked validate(Principal p, RequestIn in) {
        if (in.reportId() == null || in.reportId().isBlank()) {
            throw bad(List.of(ReportsApi.fieldError("reportId", "disclosure.report", "reportId is required")));
        }
        Reads reads = t.reads(p);
        Optional<Report> found = t.store().labelled(in.reportId()).anyVisible(reads.visible())
                ? t.store().read(in.reportId()) : Optional.empty();
        Optional<ReportView> seen = found.flatMap(r -> t.store().view(r, reads.visible()));
        if (seen.isEmpty()) {
            throw Problem.notFound(); // a report the requester may see nothing of answers like a missing one
        }
        Report r = found.get();
        ReportView v = seen.get();
        List<Map<String, Object>> errors = new ArrayList<>();
        List<String> to = nations(in.to(), r.owner(), errors);
        List<Item> items = items(in.portions(), v, errors);
        String justification = in.justification() == null ? "" : in.justification().strip();
        if (justification.isEmpty()) {
            errors.add(ReportsApi.fieldError("justification", "disclosure.justification", "a request needs a justification"));
        } else if (justification.length() > MAX_JUSTIFICATION) {
            errors.add(ReportsApi.fieldError("justification", "disclosure.justification",
                    "a justification has at most " + MAX_JUSTIFICATION + " characters"));
        }
        List<String> orgs = orgs(in.orgs(), errors);
        List<ReplacementIn> replacements = replacements(in.replacements(), items, to, r, errors);
        if (!errors.isEmpty()) {
            return new Checked(r, v, to, items, justification, orgs, replacements, Map.of(), errors, List.of(), List.of());
        }
        ReadPolicy policy = t.policies().current();
        Map<Integer, Portion> byNumber = byNumber(v);
        List<Map<String, Object>> refusals = refusals(policy, r, byNumber, items, replacements, to, orgs);
        if (!refusals.isEmpty()) {
            return new Checked(r, v, to, items, justification, orgs, replacements, byNumber, List.of(), refusals, List.of());
        }
        List<Outgoing> outgoing = outgoing(policy, r, byNumber, items, replacements, to);
        return new Checked(r, v, to, items, justification, orgs, replacements, byNumber, List.of(), List.of(), outgoing);
    }

    private Receipted<DisclosureOut> store(Principal p, Checked checked, Optional<String> sourceKey) {
        Report r = checked.report();
        List<String> to = checked.to();
        List<Item> items = checked.items();
        String justification = checked.justification();
        List<String> orgs = checked.orgs();
        List<ReplacementIn> replacements = checked.replacements();
        Map<Integer, Portion> byNumber = checked.byNumber();
        List<Outgoing> outgoing = checked.outgoing();
        boolean orcon = items.stream().anyMatch(i -> isOrcon(marking(byNumber.get(i.portion()))));
        String id = t.store().newDisclosureId();
        List<Finding> findings = guard.check(r.id(), outgoing, new LinkedHashSet<>(to), p);
        receipts.record(new AuditEvent.Disclosure("guard", p, id, r.id(), r.owner(), "advisory", to,
                guardDetails(findings)));
        Instant now = clock.instant();
        Doc doc = new Doc(to, items, justification, orgs, replacements, findings,
                List.of(new Step("request", p.name(), justification, now)));
        Disclosure d = new Disclosure(id, r.id(), r.owner(), r.org(), p.name(), orcon ? AWAITING_ORIGINATOR : PENDING,
                r.version(), now, now, Json.string(doc));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", r.version());
        details.put("portions", items.stream().map(Item::stored).toList());
        details.put("replacements", replacements.size());
        details.put("findings", findings.size());
        Receipted<Disclosure> stored = receipts.recordWith(c -> {
            t.store().insertDisclosure(c, d);
            if (sourceKey.isPresent()) {
                t.store().recordSourceKey(c, sourceKey.get(), d.id());
            }
            return d;
        }, x -> new AuditEvent.Disclosure("request", p, id, r.id(), r.owner(), x.status(), to, details));
        return new Receipted<>(out(stored.value(), doc), stored.receipt());
    }

    // ---- list and get

    public void list(Context ctx, Principal p) {
        String status = ctx.queryParam("status");
        Optional<String> filter = Optional.empty();
        if (status != null && !status.isBlank()) {
            String s = status.toUpperCase(Locale.ROOT);
            if (!STATUSES.contains(s)) {
                throw Problem.badRequest("disclosure.status", "status is one of " + new TreeSet<>(STATUSES),
                        Map.of("errors", List.of(ReportsApi.fieldError("status", "disclosure.status", "unknown status " + status))));
            }
            filter = Optional.of(s);
        }
        String owner = p.hasRole(Routes.DISCLOSURE_OFFICER) ? p.nation() : "";
        List<DisclosureOut> out = new ArrayList<>();
        for (Disclosure d : t.store().disclosures(owner, p.name(), filter, MAX_LIST)) {
            if (visible(p, d)) {
                out.add(out(d, doc(d)));
            }
        }
        Http.json(ctx, new ListOut(out));
    }

    public void get(Context ctx, Principal p) {
        Disclosure d = find(p, ctx.pathParam("id"));
        Http.json(ctx, out(d, doc(d)));
    }

    // ---- consent, deny, approve

    public void consent(Context ctx, Principal p) {
        String reason = reason(ctx);
        Disclosure d = find(p, ctx.pathParam("id"));
        if (!p.orgs().contains(d.org()) || !p.hasRole(Routes.DISCLOSURE_OFFICER)) {
            throw Problem.forbidden("only a disclosure officer of the originating organisation " + d.org() + " consents");
        }
        if (p.name().equals(d.requester())) {
            throw Problem.forbidden("the requester may not consent to their own request");
        }
        requireStatus(d, AWAITING_ORIGINATOR);
        Receipted<String> done = move(p, d, AWAITING_ORIGINATOR, PENDING, "consent", reason, d.reportVersion());
        Receipts.attach(ctx, done.receipt());
        Http.json(ctx, out(t.store().disclosure(d.id()).orElseThrow(), doc(t.store().disclosure(d.id()).orElseThrow())));
    }

    public void deny(Context ctx, Principal p) {
        String reason = reason(ctx);
        Disclosure d = find(p, ctx.pathParam("id"));
        requireDecider(p, d);
        if (!d.status().equals(PENDING) && !d.status().equals(AWAITING_ORIGINATOR)) {
            throw Problem.conflict("disclosure.status", "request " + d.id() + " is " + d.status(),
                    Map.of("status", d.status()));
        }
        Receipted<String> done = move(p, d, d.status(), DENIED, "deny", reason, d.reportVersion());
        Receipts.attach(ctx, done.receipt());
        Http.json(ctx, out(t.store().disclosure(d.id()).orElseThrow(), doc(t.store().disclosure(d.id()).orElseThrow())));
    }

    public void approve(Context ctx, Principal p) {
        String reason = reason(ctx);
        Receipted<Approved> done = approve(p, ctx.pathParam("id"), reason, ctx);
        Receipts.attach(ctx, done.receipt());
        Http.json(ctx, done.value());
    }

    /**
     * Approval: the two-person rule, the status, a re-check against the report's current version, the
     * guard (binding: any finding refuses with 409 and changes nothing), then the report's next version
     * and the request's new status in one transaction with the audit entry.
     */
    Receipted<Approved> approve(Principal p, String id, String reason, Context ctx) {
        Disclosure d = find(p, id);
        requireDecider(p, d);
        requireStatus(d, PENDING);
        Doc doc = doc(d);
        Report current = t.store().read(d.reportId()).orElseThrow(Problem::notFound);
        Principal requester = t.users().principal(d.requester()).orElseThrow(() -> Problem.conflict("disclosure.stale",
                "the requester " + d.requester() + " is no longer a user", Map.of()));
        // the request in the requester's view of the current version: the same portions, by their stable ids
        Reads theirs = t.reads(requester);
        ReportView v = t.store().view(current, theirs.visible()).orElseThrow(() -> stale(d, current));
        List<Item> items = new ArrayList<>();
        Map<String, VisiblePortion> byId = new HashMap<>();
        for (VisiblePortion vp : v.portions()) {
            byId.put(vp.id(), vp);
        }
        Map<Integer, Integer> renumber = new HashMap<>();
        for (Item i : doc.items()) {
            VisiblePortion vp = byId.get(i.portionId());
            if (vp == null) {
                throw stale(d, current);
            }
            items.add(new Item(vp.index(), vp.portion().index(), vp.id()));
            renumber.put(i.portion(), vp.index());
        }
        List<ReplacementIn> replacements = doc.replacements().stream()
                .map(x -> new ReplacementIn(renumber.get(x.portion()), x.marking(), x.text())).toList();
        ReadPolicy policy = t.policies().current();
        Map<Integer, Portion> byNumber = byNumber(v);
        List<Map<String, Object>> refusals = refusals(policy, current, byNumber, items, replacements, doc.to(), doc.orgs());
        if (!refusals.isEmpty()) {
            throw new Problem(409, "disclosure.refused", "Conflict", "the report changed since the request and the"
                    + " release is now refused", Map.of("errors", refusals));
        }
        List<Outgoing> outgoing = outgoing(policy, current, byNumber, items, replacements, doc.to());
        List<Finding> findings = guard.check(current.id(), outgoing, new LinkedHashSet<>(doc.to()), p);
        if (!findings.isEmpty()) {
            receipts.record(ctx, new AuditEvent.Disclosure("guard", p, d.id(), d.reportId(), d.owner(), "blocked",
                    doc.to(), guardDetails(findings)));
            List<Map<String, Object>> listed = new ArrayList<>();
            for (Finding f : findings) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("check", f.check());
                m.put("portion", f.portion());
                m.put("offset", f.offset());
                m.put("message", f.message());
                m.put("evidence", f.evidence());
                m.put("rule", "guard." + f.check());
                listed.add(m);
            }
            throw Problem.conflict("disclosure.guard", "the release guard blocks this release: "
                    + findings.stream().map(Finding::check).distinct().toList(), Map.of("findings", listed, "errors", listed));
        }
        receipts.record(new AuditEvent.Disclosure("guard", p, d.id(), d.reportId(), d.owner(), "clear", doc.to(),
                guardDetails(findings)));
        Revision revision = revision(policy, current, byNumber, items, replacements, doc, p);
        Instant now = clock.instant();
        Doc next = new Doc(doc.to(), items, doc.justification(), doc.orgs(), replacements, doc.findings(),
                append(doc.steps(), new Step("approve", p.name(), reason, now)));
        Receipted<Report> written;
        try {
            written = receipts.recordWith(c -> {
                Report r = t.store().update(c, current.id(), current.version(), revision, t.reads(p).author());
                if (!t.store().updateDisclosure(c, d.id(), PENDING, APPROVED, r.version(), Json.string(next), now)) {
                    throw Problem.conflict("disclosure.status", "request " + d.id() + " was decided meanwhile", Map.of());
                }
                return r;
            }, r -> {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("reason", reason);
                details.put("version", r.version());
                details.put("markings", r.allPortions().stream().map(Portion::marking).toList());
                details.put("orcon", r.orcon());
                return new AuditEvent.Disclosure("approve", p, d.id(), r.id(), r.owner(), APPROVED, doc.to(), details);
            });
        } catch (io.tearline.store.StaleVersionException e) {
            throw Problem.conflict("disclosure.stale", "report " + d.reportId() + " changed during the approval;"
                    + " nothing was changed", Map.of());
        }
        t.store().indexCommitted();
        return new Receipted<>(new Approved(d.id(), APPROVED, written.value().version()), written.receipt());
    }

    // ---- the checks that need no person

    /**
     * Why the release of these portions to these nations is refused outright: SCI or SAP ({@code sci}),
     * NOFORN without a replacement ({@code noforn}), no current agreement covering what would go out
     * ({@code agreement}), or a marking that stays unreleasable after the REL TO extension ({@code marking}).
     */
    private List<Map<String, Object>> refusals(ReadPolicy policy, Report r, Map<Integer, Portion> byNumber,
                                               List<Item> items, List<ReplacementIn> replacements, List<String> to,
                                               List<String> orgs) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<Integer, ReplacementIn> replaced = replacedBy(replacements);
        for (int k = 0; k < items.size(); k++) {
            Item i = items.get(k);
            Marking m = marking(byNumber.get(i.portion()));
            String field = "portions[" + k + "]";
            if (!m.sci().isEmpty() || !m.sap().isEmpty()) {
                out.add(refusal(field, i.portion(), "", "sci", "portion " + i.portion() + " is " + (m.sci().isEmpty()
                        ? "SAP" : "SCI") + " material: it is released through its own channels, not here"));
            }
            ReplacementIn rep = replaced.get(i.portion());
            if (rep == null && m.has(Dissem.NOFORN)) {
                out.add(refusal(field, i.portion(), "", "noforn", "portion " + i.portion() + " is NOFORN: a disclosure"
                        + " officer cannot re-mark it; only a replacement (a sanitised tearline) can go out"));
            }
            if (isOrcon(m) && orgs.isEmpty()) {
                out.add(refusal(field, i.portion(), "", "orcon", "portion " + i.portion() + " is ORCON: the request"
                        + " names the receiving organisations (orgs)"));
            }
            Marking leaving = rep == null ? m : t.markings().parse(rep.marking());
            for (String nation : to) {
                agreement(r.owner(), nation, leaving.level()).ifPresent(msg ->
                        out.add(refusal(field, i.portion(), nation, "agreement", msg)));
            }
            if (rep == null && !m.has(Dissem.NOFORN) && m.sci().isEmpty() && m.sap().isEmpty()) {
                Marking extended = extend(policy, m, r.owner(), to);
                for (String nation : to) {
                    if (agreement(r.owner(), nation, m.level()).isEmpty()
                            && !policy.engine().nationReasons(nation, extended, r.owner()).isEmpty()) {
                        out.add(refusal(field, i.portion(), nation, "marking", "portion " + i.portion() + " marked "
                                + extended.portion() + " is still not releasable to " + nation + ": "
                                + policy.engine().nationReasons(nation, extended, r.owner()).stream()
                                .map(Reason::message).toList()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Empty when a current agreement between {@code nation} and {@code owner} covers {@code level};
     * otherwise the message naming the missing or lapsed agreement.
     */
    private Optional<String> agreement(String owner, String nation, Level level) {
        if (nation.equals(owner) || !level.isClassified()) {
            return Optional.empty();
        }
        Alliance a = t.alliance();
        java.time.LocalDate today = t.today();
        List<String> lapsed = new ArrayList<>();
        List<String> lower = new ArrayList<>();
        for (Community c : a.communities().values().stream().sorted(java.util.Comparator.comparing(Community::id)).toList()) {
            if (!c.members().contains(nation) || !c.members().contains(owner)) {
                continue;
            }
            if (!c.covers(level)) {
                lower.add(c.id() + " (up to " + c.coversUpTo().banner() + ")");
            } else if (a.eligible(nation, c.id(), today)) {
                return Optional.empty();
            } else {
                lapsed.add(c.id() + " (" + nation + " does not meet " + a.blockers(nation, c.id(), today).stream()
                        .map(b -> b.control() + " " + b.status()).toList() + ")");
            }
        }
        if (!lapsed.isEmpty()) {
            return Optional.of("the agreement between " + nation + " and " + owner + " covering " + level.banner()
                    + " has lapsed: " + String.join(", ", lapsed));
        }
        if (!lower.isEmpty()) {
            return Optional.of("no agreement between " + nation + " and " + owner + " covers " + level.banner()
                    + "; " + String.join(", ", lower) + " cover less");
        }
        return Optional.of("no sharing agreement between " + nation + " and " + owner);
    }

    // ---- what leaves, and the next version

    /** The items as they would leave: re-marked portions with their extended marking, and replacements. */
    private List<Outgoing> outgoing(ReadPolicy policy, Report r, Map<Integer, Portion> byNumber, List<Item> items,
                                    List<ReplacementIn> replacements, List<String> to) {
        Map<Integer, ReplacementIn> replaced = replacedBy(replacements);
        List<Outgoing> out = new ArrayList<>();
        for (Item i : items) {
            Portion portion = byNumber.get(i.portion());
            ReplacementIn rep = replaced.get(i.portion());
            if (rep != null) {
                out.add(new Outgoing(i.portion(), true, rep.marking(), rep.text()));
            } else {
                out.add(new Outgoing(i.portion(), false, extend(policy, marking(portion), r.owner(), to).portion(),
                        portion.text()));
            }
        }
        return out;
    }

    private Revision revision(ReadPolicy policy, Report r, Map<Integer, Portion> byNumber, List<Item> items,
                              List<ReplacementIn> replacements, Doc doc, Principal approver) {
        Map<Integer, ReplacementIn> replaced = replacedBy(replacements);
        Map<Integer, String> remarked = new HashMap<>();
        List<PortionText> appended = new ArrayList<>();
        boolean orcon = false;
        for (Item i : items) {
            Portion portion = byNumber.get(i.portion());
            Marking m = marking(portion);
            orcon |= isOrcon(m);
            ReplacementIn rep = replaced.get(i.portion());
            if (rep != null) {
                appended.add(new PortionText(rep.marking(), rep.text(), true, i.stored()));
            } else {
                Marking extended = extend(policy, m, r.owner(), doc.to());
                if (!extended.equals(m)) {
                    remarked.put(i.stored(), extended.portion());
                }
            }
        }
        List<PortionText> body = new ArrayList<>();
        for (Portion portion : r.portions()) {
            body.add(new PortionText(remarked.getOrDefault(portion.index(), portion.marking()), portion.text(),
                    portion.tearline(), portion.derivedFrom()));
        }
        body.addAll(appended);
        List<String> list = r.orcon();
        if (orcon) {
            TreeSet<String> more = new TreeSet<>(r.orcon());
            more.addAll(doc.orgs());
            more.add(r.org());
            list = List.copyOf(more);
        }
        return new Revision(new PortionText(r.title().marking(), r.title().text()), list, body, approver.name());
    }

    /**
     * The marking with every target nation added to its REL TO list (MARKINGS.md order: USA first, then
     * trigraphs, then tetragraphs, each sorted); a target that may already have it (by trigraph or by a
     * tetragraph it belongs to) adds nothing. A classified marking without REL TO gets one naming USA,
     * the owner and the targets. Unclassified and NOFORN markings are returned unchanged.
     */
    Marking extend(ReadPolicy policy, Marking m, String owner, List<String> to) {
        if (!m.level().isClassified() || m.has(Dissem.NOFORN)) {
            return m;
        }
        List<String> missing = to.stream().filter(n -> !policy.engine().nationReasons(n, m, owner).isEmpty()).toList();
        if (missing.isEmpty()) {
            return m;
        }
        Set<String> codes = new LinkedHashSet<>(m.relTo());
        if (codes.isEmpty()) {
            codes.add("USA");
            codes.add(owner);
        }
        codes.addAll(missing);
        var register = t.markings().register();
        List<String> ordered = new ArrayList<>();
        if (codes.contains("USA")) {
            ordered.add("USA");
        }
        codes.stream().filter(c -> !c.equals("USA") && !register.isTetragraph(c)).sorted().forEach(ordered::add);
        codes.stream().filter(c -> !c.equals("USA") && register.isTetragraph(c)).sorted().forEach(ordered::add);
        Set<Dissem> dissem = new HashSet<>(m.dissem());
        dissem.add(Dissem.REL_TO);
        Marking out = new Marking(m.classification(), m.sci(), m.sap(), m.aea(), m.fgi(), dissem, ordered,
                m.displayOnly(), m.eyes(), m.nonIc(), m.natoControls());
        try {
            return t.markings().parse(out.portion()); // through the markings module's rules: canonical and valid
        } catch (MarkingException e) {
            throw Problem.conflict("disclosure.marking", "the extended marking " + out.portion() + " is not valid: "
                    + e.getMessage(), Map.of());
        }
    }

    // ---- validation of the request

    private List<String> nations(List<String> in, String owner, List<Map<String, Object>> errors) {
        if (in == null || in.isEmpty()) {
            errors.add(ReportsApi.fieldError("to", "disclosure.to", "a request names at least one target nation"));
            return List.of();
        }
        Set<String> known = t.alliance().nations().keySet();
        List<String> out = new ArrayList<>();
        for (int k = 0; k < in.size(); k++) {
            String n = in.get(k);
            String field = "to[" + k + "]";
            if (n == null || !known.contains(n)) {
                errors.add(ReportsApi.fieldError(field, "disclosure.unknown-nation", "unknown nation " + n
                        + "; the alliance knows " + new TreeSet<>(known)));
            } else if (n.equals(owner)) {
                errors.add(ReportsApi.fieldError(field, "disclosure.owner-nation", n + " owns the report"));
            } else if (out.contains(n)) {
                errors.add(ReportsApi.fieldError(field, "disclosure.duplicate-nation", n + " is named twice"));
            } else {
                out.add(n);
            }
        }
        return out;
    }

    private static List<Item> items(List<Integer> in, ReportView v, List<Map<String, Object>> errors) {
        if (in == null || in.isEmpty()) {
            errors.add(ReportsApi.fieldError("portions", "disclosure.portions", "a request names at least one portion"));
            return List.of();
        }
        if (in.size() > MAX_ITEMS) {
            errors.add(ReportsApi.fieldError("portions", "disclosure.portions", "at most " + MAX_ITEMS + " portions"));
            return List.of();
        }
        List<Item> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < in.size(); k++) {
            Integer n = in.get(k);
            String field = "portions[" + k + "]";
            if (n == null || n < 1 || n > v.portions().size()) {
                errors.add(ReportsApi.fieldError(field, "disclosure.no-such-portion", "the report has no portion " + n
                        + " (portions are numbered 1.." + v.portions().size() + " as you see the report)"));
            } else if (!seen.add(n)) {
                errors.add(ReportsApi.fieldError(field, "disclosure.duplicate-portion", "portion " + n + " is named twice"));
            } else {
                VisiblePortion vp = v.portions().get(n - 1);
                out.add(new Item(n, vp.portion().index(), vp.id()));
            }
        }
        return out;
    }

    private static List<String> orgs(List<String> in, List<Map<String, Object>> errors) {
        if (in == null) {
            return List.of();
        }
        TreeSet<String> out = new TreeSet<>();
        for (int k = 0; k < in.size(); k++) {
            String o = in.get(k);
            if (o == null || o.isBlank() || o.length() > 200) {
                errors.add(ReportsApi.fieldError("orgs[" + k + "]", "disclosure.org", "an organisation is a non-empty name"));
            } else if (!out.add(o.strip())) {
                errors.add(ReportsApi.fieldError("orgs[" + k + "]", "disclosure.duplicate-org", o + " is named twice"));
            }
        }
        return List.copyOf(out);
    }

    private List<ReplacementIn> replacements(List<ReplacementIn> in, List<Item> items, List<String> to, Report r,
                                             List<Map<String, Object>> errors) {
        if (in == null) {
            return List.of();
        }
        ReadPolicy policy = t.policies().current();
        Map<Integer, Item> named = new HashMap<>();
        items.forEach(i -> named.put(i.portion(), i));
        Set<Integer> seen = new HashSet<>();
        List<ReplacementIn> out = new ArrayList<>();
        for (int k = 0; k < in.size(); k++) {
            ReplacementIn x = in.get(k);
            String field = "replacements[" + k + "]";
            if (x == null || x.portion() == null) {
                errors.add(ReportsApi.fieldError(field + ".portion", "disclosure.replacement", "a replacement names its portion"));
                continue;
            }
            if (!named.containsKey(x.portion())) {
                errors.add(ReportsApi.fieldError(field + ".portion", "disclosure.replacement-portion",
                        "portion " + x.portion() + " is not one of the request's portions"));
                continue;
            }
            if (!seen.add(x.portion())) {
                errors.add(ReportsApi.fieldError(field + ".portion", "disclosure.duplicate-replacement",
                        "portion " + x.portion() + " has two replacements"));
                continue;
            }
            if (x.text() == null || x.text().isBlank()) {
                errors.add(ReportsApi.fieldError(field + ".text", "disclosure.replacement-text", "a replacement has text"));
                continue;
            }
            Marking m;
            try {
                m = t.markings().parse(x.marking() == null ? "" : x.marking());
            } catch (MarkingException e) {
                errors.add(ReportsApi.fieldError(field + ".marking", e.rule(), e.getMessage()));
                continue;
            }
            Marking original = marking(rPortion(r, named.get(x.portion()).stored()));
            if (!original.level().dominates(m.level()) || !original.sci().containsAll(m.sci())
                    || !original.sap().containsAll(m.sap())) {
                errors.add(ReportsApi.fieldError(field + ".marking", "disclosure.replacement-higher", "the replacement "
                        + m.portion() + " is higher than the original " + original.portion()));
                continue;
            }
            List<String> notTo = to.stream().filter(n -> !policy.engine().nationReasons(n, m, r.owner()).isEmpty()).toList();
            if (!notTo.isEmpty()) {
                errors.add(ReportsApi.fieldError(field + ".marking", "disclosure.replacement-not-releasable",
                        "the replacement " + m.portion() + " is not releasable to " + notTo));
                continue;
            }
            out.add(new ReplacementIn(x.portion(), x.marking(), x.text()));
        }
        return out;
    }

    // ---- visibility and helpers

    /**
     * Whether {@code p} may know of the request: its requester, or a disclosure officer of the owner
     * nation or of the originating organisation who may read every portion it names (at the version
     * it was last checked against).
     */
    private boolean visible(Principal p, Disclosure d) {
        if (p.name().equals(d.requester())) {
            return true;
        }
        if (!p.hasRole(Routes.DISCLOSURE_OFFICER) || !(p.nation().equals(d.owner()) || p.orgs().contains(d.org()))) {
            return false;
        }
        Optional<Report> r = t.store().read(d.reportId(), d.reportVersion());
        if (r.isEmpty()) {
            return false;
        }
        Reads reads = t.reads(p);
        for (Item i : doc(d).items()) {
            if (i.stored() < 1 || i.stored() > r.get().portions().size() || !reads.sees(rPortion(r.get(), i.stored()))) {
                return false;
            }
        }
        return true;
    }

    private Disclosure find(Principal p, String id) {
        return t.store().disclosure(id).filter(d -> visible(p, d)).orElseThrow(Problem::notFound);
    }

    /** Approver or denier: a disclosure officer of the owner nation, never the requester (two-person rule). */
    private static void requireDecider(Principal p, Disclosure d) {
        if (p.name().equals(d.requester())) {
            throw Problem.forbidden("the requester may not decide their own request (two-person rule)");
        }
        if (!p.hasRole(Routes.DISCLOSURE_OFFICER) || !p.nation().equals(d.owner())) {
            throw Problem.forbidden("only a disclosure officer of " + d.owner() + " decides this request");
        }
    }

    private static void requireStatus(Disclosure d, String status) {
        if (!d.status().equals(status)) {
            throw Problem.conflict("disclosure.status", "request " + d.id() + " is " + d.status() + ", not " + status,
                    Map.of("status", d.status()));
        }
    }

    private Receipted<String> move(Principal p, Disclosure d, String from, String to, String action, String reason,
                                   int version) {
        Doc doc = doc(d);
        Instant now = clock.instant();
        Doc next = new Doc(doc.to(), doc.items(), doc.justification(), doc.orgs(), doc.replacements(), doc.findings(),
                append(doc.steps(), new Step(action, p.name(), reason, now)));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        return receipts.recordWith(c -> {
            if (!t.store().updateDisclosure(c, d.id(), from, to, version, Json.string(next), now)) {
                throw Problem.conflict("disclosure.status", "request " + d.id() + " was decided meanwhile", Map.of());
            }
            return to;
        }, s -> new AuditEvent.Disclosure(action, p, d.id(), d.reportId(), d.owner(), s, doc.to(), details));
    }

    private static String reason(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        ReasonIn in = body.length == 0 ? new ReasonIn(null) : Json.read(body, ReasonIn.class);
        if (in.reason() == null || in.reason().isBlank()) {
            throw bad(List.of(ReportsApi.fieldError("reason", "disclosure.reason", "a decision gives its reason")));
        }
        return in.reason().strip();
    }

    private Problem stale(Disclosure d, Report current) {
        return Problem.conflict("disclosure.stale", "report " + d.reportId() + " changed since the request (now version "
                + current.version() + "): a portion it names is no longer as it was; nothing was changed",
                Map.of("reportVersion", current.version()));
    }

    private static Problem bad(List<Map<String, Object>> errors) {
        return Problem.badRequest("disclosure.invalid", "the request is invalid; nothing was changed", Map.of("errors", errors));
    }

    private static Problem refused(List<Map<String, Object>> refusals) {
        return new Problem(422, "disclosure.refused", "Unprocessable Content", "the release is refused: "
                + refusals.stream().map(m -> (String) m.get("code")).distinct().toList(), Map.of("errors", refusals));
    }

    private static Map<String, Object> refusal(String field, int portion, String nation, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", field);
        m.put("rule", "disclosure." + code);
        m.put("code", code);
        m.put("portion", portion);
        if (!nation.isEmpty()) {
            m.put("nation", nation);
        }
        m.put("message", message);
        m.put("offset", 0);
        return m;
    }

    private static Map<String, Object> guardDetails(List<Finding> findings) {
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Finding f : findings) { // where and which check, never text or evidence
            kept.add(Map.of("check", f.check(), "portion", f.portion(), "offset", f.offset()));
        }
        return Map.of("findings", kept);
    }

    private static Map<Integer, ReplacementIn> replacedBy(List<ReplacementIn> replacements) {
        Map<Integer, ReplacementIn> out = new HashMap<>();
        replacements.forEach(x -> out.put(x.portion(), x));
        return out;
    }

    private static Map<Integer, Portion> byNumber(ReportView v) {
        Map<Integer, Portion> out = new HashMap<>();
        v.portions().forEach(vp -> out.put(vp.index(), vp.portion()));
        return out;
    }

    private static Portion rPortion(Report r, int stored) {
        return r.portions().get(stored - 1);
    }

    private Marking marking(Portion p) {
        return t.markings().parse(p.normalised());
    }

    private static boolean isOrcon(Marking m) {
        return m.has(Dissem.ORCON) || m.has(Dissem.ORCON_USGOV);
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return List.copyOf(out);
    }

    private static Doc doc(Disclosure d) {
        return Json.read(d.document().getBytes(java.nio.charset.StandardCharsets.UTF_8), Doc.class);
    }

    private static DisclosureOut out(Disclosure d, Doc doc) {
        return new DisclosureOut(d.id(), d.status(), d.reportId(), doc.to(), doc.items().stream().map(Item::portion).toList(),
                d.requester(), doc.justification(), doc.orgs(), doc.replacements(), doc.findings(), doc.steps(),
                d.reportVersion(), d.created(), d.updated());
    }
}
