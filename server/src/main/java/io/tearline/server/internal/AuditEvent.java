package io.tearline.server.internal;

import io.tearline.access.Principal;
import io.tearline.audit.Entry;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every kind of entry the server writes to the audit log, each with the fields it needs. {@link #entry()}
 * is the one place where an event becomes leaf fields; the JSON names in the leaves are the log's
 * public format (read by {@code tearline audit verify} and partners' own verifiers) and do not change.
 *
 * <pre>{@code
 * receipts.record(ctx, new AuditEvent.AuditRead(auditor, 42));
 * }</pre>
 */
public sealed interface AuditEvent {

    /**
     * A report read: the portions shown in the reader's own numbering (0 = the title) and the view's
     * version; sealed for the owner: the stored version, the stored positions shown and withheld, and why.
     */
    record ReadShown(Principal reader, String requested, String owner, String version, List<Integer> shown,
                     Map<String, Object> sealed) implements AuditEvent {}

    /**
     * A read answered "not found": whether the report exists and what was withheld is sealed in a
     * commitment that only {@code opener} (the owner, or the operator when nothing exists) can open.
     */
    record ReadNotFound(Principal reader, String requested, Map<String, Object> sealed, String opener) implements AuditEvent {}

    /**
     * An export: the format, the portions exported in the reader's own numbering (0 = the title), those
     * left out as DISPLAY ONLY, the banner printed and the view's version; sealed for the owner: the stored
     * version, the stored positions exported and those withheld, and why.
     */
    record ExportShown(Principal reader, String requested, String format, String owner, String version, String banner,
                       List<Integer> exported, List<Integer> omitted, Map<String, Object> sealed) implements AuditEvent {}

    /** An export answered "not found", sealed as {@link ReadNotFound} is. */
    record ExportNotFound(Principal reader, String requested, String format, Map<String, Object> sealed,
                          String opener) implements AuditEvent {}

    record Search(Principal reader, String query, int limit, int offset, long total, List<String> ids,
                  Set<String> owners) implements AuditEvent {}

    /** A stored report (create or update), with its markings and never its text. */
    record Write(String action, Principal author, Report report) implements AuditEvent {}

    /**
     * One batch of a bulk import, stored in one transaction with this entry: each report with its
     * import key (the record's externalId, or the digest of its content), version and markings, never
     * its text. Every report an import stores is in exactly one such entry.
     */
    record Import(Principal author, List<Report> reports, List<String> keys) implements AuditEvent {}

    /**
     * A signed-in request refused with a 4xx answer: the route, the path parameters, the problem's rule
     * and the located rule ids of its errors (never portion text or messages).
     */
    record Refused(Principal who, String route, Map<String, String> params, String query, int status, String rule,
                   List<Map<String, Object>> errors) implements AuditEvent {}

    /** A signed-in caller without the role a route needs. */
    record Forbidden(Principal who, String route, List<String> needs) implements AuditEvent {}

    /**
     * Unauthenticated requests refused in one window, counted per bucket (reason, route, source) so that
     * a flood adds one entry, not one per request. {@code total} is the sum of the buckets' counts.
     */
    record Unauthenticated(Instant from, Instant to, long total, List<Bucket> buckets) implements AuditEvent {
        public record Bucket(String reason, String route, String source, long count, Instant first, Instant last) {}
    }

    record AuditRead(Principal auditor, long index) implements AuditEvent {}

    record AuditOpen(Principal auditor, long index, List<String> opened) implements AuditEvent {}

    record AllianceChange(Principal by, String action, String reason, long allianceVersion, Map<String, ?> details,
                          Set<String> nations) implements AuditEvent {}

    record WhatIf(Principal by, Object question, boolean eligible, int gained, int lost) implements AuditEvent {}

    /**
     * A step of a foreign disclosure request: {@code request}, {@code guard} (a run of the release
     * guard: where and which check, never text or evidence), {@code consent}, {@code approve} or
     * {@code deny}, with the status it leaves the request in.
     */
    record Disclosure(String action, Principal by, String disclosure, String report, String owner, String status,
                      List<String> to, Map<String, ?> details) implements AuditEvent {}

    /** A tearline preview: what a reader of {@code nation} at {@code clearance} would get, in the officer's numbering. */
    record TearlinePreview(Principal by, String report, String owner, String nation, String clearance,
                           List<Integer> shown, List<Integer> withheld) implements AuditEvent {}

    /** An administrator refused a subject's tokens issued before {@code before}. */
    record SessionsRevoked(Principal by, String subject, Instant before, String reason) implements AuditEvent {}

    /** The entry this event is recorded as. */
    default Entry entry() {
        Entry.Builder b = Entry.builder();
        switch (this) {
            case ReadShown e -> {
                b.put("type", "read").put("reader", who(e.reader())).put("requested", e.requested())
                        .put("outcome", "shown").put("owner", e.owner()).put("version", e.version())
                        .put("shown", e.shown()).commit("withheld", e.sealed(), e.owner())
                        .reader(e.reader().nation()).owner(e.owner());
            }
            case ReadNotFound e -> b.put("type", "read").put("reader", who(e.reader())).put("requested", e.requested())
                    .put("outcome", "not-found").commit("sealed", e.sealed(), e.opener())
                    .reader(e.reader().nation()).owner(e.opener());
            case ExportShown e -> b.put("type", "export").put("reader", who(e.reader())).put("requested", e.requested())
                    .put("format", e.format()).put("outcome", "exported").put("owner", e.owner())
                    .put("version", e.version()).put("banner", e.banner()).put("exported", e.exported())
                    .put("omitted", e.omitted()).commit("withheld", e.sealed(), e.owner())
                    .reader(e.reader().nation()).owner(e.owner());
            case ExportNotFound e -> b.put("type", "export").put("reader", who(e.reader())).put("requested", e.requested())
                    .put("format", e.format()).put("outcome", "not-found").commit("sealed", e.sealed(), e.opener())
                    .reader(e.reader().nation()).owner(e.opener());
            case Search e -> b.put("type", "search").put("reader", who(e.reader())).put("query", e.query())
                    .put("limit", e.limit()).put("offset", e.offset()).put("total", e.total())
                    .put("ids", e.ids()).reader(e.reader().nation()).owners(e.owners());
            case Write e -> b.put("type", "write").put("action", e.action()).put("author", who(e.author()))
                    .put("report", e.report().id()).put("owner", e.report().owner()).put("version", e.report().version())
                    .put("markings", e.report().allPortions().stream().map(Portion::marking).toList())
                    .reader(e.author().nation()).owner(e.report().owner());
            case Import e -> {
                List<Map<String, Object>> stored = new java.util.ArrayList<>();
                for (int i = 0; i < e.reports().size(); i++) {
                    Report r = e.reports().get(i);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("report", r.id());
                    m.put("key", e.keys().get(i));
                    m.put("owner", r.owner());
                    m.put("version", r.version());
                    m.put("markings", r.allPortions().stream().map(Portion::marking).toList());
                    stored.add(m);
                    b.owner(r.owner());
                }
                b.put("type", "import").put("author", who(e.author())).put("count", e.reports().size())
                        .put("reports", stored).reader(e.author().nation());
            }
            case Refused e -> {
                b.put("type", "refused").put("reader", who(e.who())).put("route", e.route())
                        .put("status", e.status()).put("rule", e.rule()).reader(e.who().nation());
                if (!e.params().isEmpty()) {
                    b.put("params", e.params());
                }
                if (!e.query().isEmpty()) {
                    b.put("query", e.query());
                }
                if (!e.errors().isEmpty()) {
                    b.put("errors", e.errors());
                }
            }
            case Forbidden e -> b.put("type", "forbidden").put("reader", who(e.who())).put("route", e.route())
                    .put("needs", e.needs()).reader(e.who().nation());
            case Unauthenticated e -> b.put("type", "auth.failures").put("from", e.from().toString())
                    .put("to", e.to().toString()).put("total", e.total())
                    .put("buckets", e.buckets().stream().map(AuditEvent::bucket).toList());
            case AuditRead e -> b.put("type", "audit.read").put("auditor", who(e.auditor())).put("entry", e.index())
                    .reader(e.auditor().nation());
            case AuditOpen e -> b.put("type", "audit.open").put("auditor", who(e.auditor())).put("entry", e.index())
                    .put("opened", e.opened()).reader(e.auditor().nation());
            case AllianceChange e -> b.put("type", "alliance.change").put("action", e.action()).put("reason", e.reason())
                    .put("by", who(e.by())).put("allianceVersion", e.allianceVersion()).put("details", e.details())
                    .reader(e.by().nation()).owners(e.nations());
            case SessionsRevoked e -> b.put("type", "sessions.revoke").put("by", who(e.by())).put("subject", e.subject())
                    .put("before", e.before().toString()).put("reason", e.reason()).reader(e.by().nation());
            case WhatIf e -> b.put("type", "alliance.what-if").put("by", who(e.by())).put("question", e.question())
                    .put("eligible", e.eligible()).put("gained", e.gained()).put("lost", e.lost())
                    .reader(e.by().nation());
            case Disclosure e -> b.put("type", "disclosure").put("action", e.action()).put("by", who(e.by()))
                    .put("disclosure", e.disclosure()).put("report", e.report()).put("owner", e.owner())
                    .put("status", e.status()).put("to", e.to()).put("details", e.details())
                    .reader(e.by().nation()).owner(e.owner());
            case TearlinePreview e -> b.put("type", "tearline.preview").put("by", who(e.by())).put("report", e.report())
                    .put("owner", e.owner()).put("for", e.nation()).put("clearance", e.clearance())
                    .put("shown", e.shown()).put("withheld", e.withheld()).reader(e.by().nation()).owner(e.owner());
        }
        return b.build();
    }

    private static Map<String, String> who(Principal p) {
        return Map.of("name", p.name(), "nation", p.nation());
    }

    private static Map<String, Object> bucket(Unauthenticated.Bucket k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", k.reason());
        m.put("route", k.route());
        m.put("source", k.source());
        m.put("count", k.count());
        m.put("first", k.first().toString());
        m.put("last", k.last().toString());
        return m;
    }
}
