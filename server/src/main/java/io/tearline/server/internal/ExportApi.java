package io.tearline.server.internal;

import io.javalin.http.Context;
import io.tearline.access.Decision;
import io.tearline.access.Principal;
import io.tearline.access.Reason;
import io.tearline.markings.Interchange;
import io.tearline.markings.InterchangeException;
import io.tearline.markings.Ism;
import io.tearline.markings.MarkedDocument;
import io.tearline.markings.Marking;
import io.tearline.markings.MarkingException;
import io.tearline.markings.Rollup;
import io.tearline.markings.Stanag4774;
import io.tearline.server.Tearline;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import io.tearline.store.ReportStore;
import io.tearline.store.ReportView;
import io.tearline.store.VisiblePortion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Export of a report as the reader sees it: {@code pdf} (a printable document), {@code json} (the view with
 * its banner), {@code ism} (ISM XML) and {@code 4774} (ISM XML with a STANAG 4778 binding of 4774 labels).
 *
 * <p>The export is the reader's own view: only the portions they may see, numbered as they see them, the
 * banner rolled up from what is exported. A report the reader sees nothing of is answered and audited as a
 * missing id is. Portions the reader may only view (DISPLAY ONLY) are never exported: the export is refused
 * with 403 naming them unless the caller asks to leave them out ({@code omitViewOnly=true}). Every export
 * is an audit entry, written before the document leaves.
 */
public final class ExportApi {

    /** The formats, as named in {@code ?format=}. */
    public static final List<String> FORMATS = List.of("pdf", "json", "ism", "4774");

    private final Tearline t;
    private final ReportsApi reports;
    private final Receipts receipts;
    private final PdfExport pdf;

    public ExportApi(Tearline t, ReportsApi reports, Receipts receipts) {
        this(t, reports, receipts, PdfExport.standard());
    }

    public ExportApi(Tearline t, ReportsApi reports, Receipts receipts, PdfExport pdf) {
        this.t = t;
        this.reports = reports;
        this.receipts = receipts;
        this.pdf = pdf;
    }

    /** The JSON export: the view as {@code GET /api/v1/reports/{id}} gives it, less what was left out. */
    public record JsonOut(String id, Optional<ReportsApi.TitleOut> title, String banner, String owner, String originator,
                          List<String> disseminationList, List<ReportsApi.PortionOut> portions, String version,
                          Instant created, List<Integer> omitted) {}

    /** A document ready to leave: its bytes, content type and file name. */
    public record Exported(byte[] body, String contentType, String fileName) {}

    public void export(Context ctx, Principal p) {
        String format = format(ctx.queryParam("format"));
        boolean omitViewOnly = omit(ctx.queryParam("omitViewOnly"));
        Answer answer = export(p, ctx.pathParam("id"), format, omitViewOnly);
        if (answer.document().isEmpty()) {
            // a report the reader may see nothing of: recorded and answered exactly like a missing one
            receipts.record(ctx, answer.entry());
            throw Problem.notFound();
        }
        Exported e = answer.document().get();
        receipts.record(ctx, answer.entry());
        ctx.header("Content-Disposition", "attachment; filename=\"" + e.fileName() + "\"");
        ctx.contentType(e.contentType()).result(e.body());
    }

    /** What an export answers (empty: 404) and the audit entry that records it. */
    public record Answer(Optional<Exported> document, AuditEvent entry) {}

    /**
     * An export up to the audit append.
     *
     * @throws Problem 403 {@code export.display-only} naming DISPLAY ONLY portions (unless left out), 422
     *                 {@code export.unmappable} naming a portion whose marking the format cannot carry
     */
    public Answer export(Principal p, String id, String format, boolean omitViewOnly) {
        Reads reads = t.reads(p);
        ReportStore.Labelled labelled = t.store().labelled(id);
        boolean any = labelled.anyVisible(reads.visible());
        Optional<Report> found = any ? t.store().read(id) : Optional.empty();
        Optional<ReportView> seen = found.flatMap(r -> t.store().view(r, reads.visible()));
        if (seen.isEmpty()) {
            Map<String, Object> sealed = new LinkedHashMap<>();
            sealed.put("report", id);
            sealed.put("exists", labelled.exists());
            sealed.put("version", labelled.version());
            String opener = labelled.ownerOr(t.config().audit().operatorNation());
            return new Answer(Optional.empty(), new AuditEvent.ExportNotFound(p, id, format, sealed, opener));
        }
        Report r = found.get();
        ReportView v = seen.get();

        // DISPLAY ONLY for this reader: never exported
        List<Integer> viewOnly = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        boolean titleOut = v.title().isPresent() && !viewOnly(reads, v.title().get());
        if (v.title().isPresent() && !titleOut) {
            viewOnly.add(0);
            errors.add(displayOnly(0, v.title().get()));
        }
        List<VisiblePortion> body = new ArrayList<>();
        for (VisiblePortion shown : v.portions()) {
            if (viewOnly(reads, shown.portion())) {
                viewOnly.add(shown.index());
                errors.add(displayOnly(shown.index(), shown.portion()));
            } else {
                body.add(shown);
            }
        }
        if (!viewOnly.isEmpty() && (!omitViewOnly || (!titleOut && body.isEmpty()))) {
            String which = viewOnly.stream().map(n -> n == 0 ? "the title" : "portion " + n).toList().toString();
            String detail = !omitViewOnly
                    ? "DISPLAY ONLY for you, never exported: " + which + "; ask with omitViewOnly=true to leave them out"
                    : "everything you see of this report is DISPLAY ONLY: nothing may be exported";
            throw new Problem(403, "export.display-only", "Forbidden", detail,
                    Map.of("portions", viewOnly, "errors", errors));
        }

        Optional<Portion> title = titleOut ? v.title() : Optional.empty();
        String banner = viewOnly.isEmpty() ? v.banner() : rollup(title, body);
        Marking bannerMarking = t.markings().parse(banner);
        Exported doc = switch (format) {
            case "pdf" -> new Exported(pdf.render(pdfDocument(v, title, body, banner, bannerMarking)),
                    "application/pdf", v.id() + ".pdf");
            case "json" -> new Exported(Json.bytes(json(reads, v, title, body, banner, viewOnly)),
                    Http.JSON, v.id() + ".json");
            case "ism" -> new Exported(xml(v, title, body, false).getBytes(StandardCharsets.UTF_8),
                    "application/xml", v.id() + ".xml");
            case "4774" -> new Exported(xml(v, title, body, true).getBytes(StandardCharsets.UTF_8),
                    "application/xml", v.id() + ".4774.xml");
            default -> throw new IllegalStateException(format);
        };

        List<Integer> exported = new ArrayList<>();
        title.ifPresent(x -> exported.add(0));
        body.forEach(x -> exported.add(x.index()));
        List<Integer> stored = new ArrayList<>();
        title.ifPresent(x -> stored.add(x.index()));
        body.forEach(x -> stored.add(x.portion().index()));
        Map<String, Object> sealed = new LinkedHashMap<>();
        sealed.put("version", r.version());
        sealed.put("exported", stored);
        sealed.put("withheld", withheld(reads, r));
        return new Answer(Optional.of(doc), new AuditEvent.ExportShown(p, id, format, r.owner(), v.version(), banner,
                exported, viewOnly, sealed));
    }

    // ---- formats

    private PdfExport.Document pdfDocument(ReportView v, Optional<Portion> title, List<VisiblePortion> body,
                                           String banner, Marking bannerMarking) {
        List<PdfExport.Paragraph> paragraphs = new ArrayList<>();
        for (VisiblePortion shown : body) {
            // the tearline section (released replacements) is rendered under a rule once portions carry that flag
            paragraphs.add(new PdfExport.Paragraph(shown.index(), shown.portion().marking(), shown.portion().text(), shown.portion().tearline()));
        }
        return new PdfExport.Document(v.id(), banner, bannerMarking,
                title.map(x -> new PdfExport.Paragraph(0, x.marking(), x.text(), false)), paragraphs);
    }

    private JsonOut json(Reads reads, ReportView v, Optional<Portion> title, List<VisiblePortion> body, String banner,
                         List<Integer> omitted) {
        ReportsApi.ReportOut whole = reports.out(reads, v);
        List<Integer> keep = body.stream().map(VisiblePortion::index).toList();
        List<ReportsApi.PortionOut> portions = whole.portions().stream().filter(x -> keep.contains(x.index())).toList();
        return new JsonOut(v.id(), title.isPresent() ? whole.title() : Optional.empty(), banner, v.owner(), v.org(),
                v.orcon(), portions, v.version(), v.created(), omitted);
    }

    /** ISM XML, bound with 4774 labels when {@code bound}; a marking the format cannot carry names its portion. */
    private String xml(ReportView v, Optional<Portion> title, List<VisiblePortion> body, boolean bound) {
        Optional<MarkedDocument.Part> t0 = title.map(x -> new MarkedDocument.Part(0, marking(x), x.text()));
        List<MarkedDocument.Part> parts = body.stream()
                .map(x -> new MarkedDocument.Part(x.index(), marking(x.portion()), x.portion().text())).toList();
        MarkedDocument d = MarkedDocument.of(v.id(), v.owner(), v.org(), v.created(), t0, parts);
        try {
            return bound ? Interchange.toBoundXml(d) : Interchange.toIsmXml(d);
        } catch (InterchangeException | MarkingException e) {
            throw unmappable(d, bound, e);
        }
    }

    /** The first part whose marking the format cannot carry (else the banner, portion -1), as a 422 problem. */
    private static Problem unmappable(MarkedDocument d, boolean bound, RuntimeException cause) {
        String format = bound ? "STANAG 4774" : "ISM";
        for (MarkedDocument.Part part : d.parts()) {
            try {
                if (bound) {
                    Stanag4774.label(part.marking(), d.created());
                }
                Ism.attributes(part.marking());
            } catch (InterchangeException | MarkingException e) {
                return unmappable(part.index(), part.marking().portion(), format, rule(e), e.getMessage());
            }
        }
        return unmappable(-1, d.banner().banner(), format, rule(cause), cause.getMessage());
    }

    private static Problem unmappable(int portion, String marking, String format, String rule, String why) {
        String where = portion == 0 ? "the title" : portion < 0 ? "the banner" : "portion " + portion;
        String message = where + " (" + marking + ") cannot be written as " + format + ": " + why;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("portion", portion);
        error.put("rule", rule);
        error.put("offset", 0);
        error.put("message", message);
        return new Problem(422, "export.unmappable", "Unprocessable Content", message, Map.of("errors", List.of(error)));
    }

    private static String rule(RuntimeException e) {
        return switch (e) {
            case InterchangeException i -> i.rule();
            case MarkingException m -> m.rule();
            default -> "export.unmappable";
        };
    }

    // ---- helpers

    private static boolean viewOnly(Reads reads, Portion p) {
        return reads.decision(p).effect() == Decision.Effect.VIEW_ONLY;
    }

    private static Map<String, Object> displayOnly(int number, Portion p) {
        String where = number == 0 ? "the title" : "portion " + number;
        return Map.of("portion", number, "rule", "export.display-only", "offset", 0,
                "message", where + " (" + p.marking() + ") is DISPLAY ONLY for you: it may be viewed, never exported");
    }

    private Marking marking(Portion p) {
        return t.markings().parse(p.normalised());
    }

    /** The banner of what is exported, rolled up from those portions alone. */
    private String rollup(Optional<Portion> title, List<VisiblePortion> body) {
        List<Marking> markings = new ArrayList<>();
        title.ifPresent(x -> markings.add(marking(x)));
        body.forEach(x -> markings.add(marking(x.portion())));
        return switch (t.markings().rollupMarkings(markings)) {
            case Rollup.Accepted a -> a.banner().banner();
            case Rollup.Rejected bad -> throw new IllegalStateException("exported portions do not roll up: " + bad.errors());
        };
    }

    /** The withheld portions, by stored position, for the owner's auditor. */
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

    static String format(String requested) {
        if (requested == null || requested.isEmpty()) {
            return "pdf";
        }
        if (!FORMATS.contains(requested)) {
            throw Problem.badRequest("export.format", "format must be one of " + String.join(", ", FORMATS)
                    + ", not '" + requested + "'", Map.of("errors", List.of(ReportsApi.fieldError("format",
                    "export.format", "unknown format '" + requested + "'"))));
        }
        return requested;
    }

    static boolean omit(String requested) {
        if (requested == null || requested.isEmpty() || requested.equals("false")) {
            return false;
        }
        if (requested.equals("true")) {
            return true;
        }
        throw Problem.badRequest("export.omit-view-only", "omitViewOnly is true or false, not '" + requested + "'",
                Map.of("errors", List.of(ReportsApi.fieldError("omitViewOnly", "export.omit-view-only",
                        "expected true or false"))));
    }
}
