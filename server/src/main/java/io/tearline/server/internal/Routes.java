package io.tearline.server.internal;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.tearline.access.Principal;
import io.tearline.alliance.Alliance;
import io.tearline.alliance.Assessment;
import io.tearline.alliance.Community;
import io.tearline.alliance.Control;
import io.tearline.alliance.Nation;
import io.tearline.alliance.Standing;
import io.tearline.alliance.WhatIf;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every HTTP route of Tearline, in one table that reads like the API reference; the OpenAPI document
 * is generated from it. Handlers are small and delegate to the domain.
 */
public final class Routes {

    public static final String ANALYST = "analyst";
    public static final String AUDITOR = "auditor";
    public static final String SECURITY_OFFICER = "security-officer";
    public static final String ASSESSOR = "assessor";
    /** Runs the service: reads its metrics. */
    public static final String OPERATOR = "operator";
    /** A foreign disclosure officer: previews tearlines and decides release requests for their nation. */
    public static final String DISCLOSURE_OFFICER = "disclosure-officer";
    /** Administers the deployment: everything an operator may. */
    public static final String ADMIN = "admin";

    private Routes() {}

    /** Who may call a route: anyone, any signed-in person, or a signed-in person with one of the roles. */
    public sealed interface Guard {
        record Public(Open action) implements Guard {}

        record SignedIn(Set<String> anyRole, Signed action) implements Guard {}
    }

    @FunctionalInterface
    public interface Open {
        void handle(Context ctx) throws Exception;
    }

    @FunctionalInterface
    public interface Signed {
        void handle(Context ctx, Principal p) throws Exception;
    }

    /**
     * One route. {@code audited}: its answers carry an audit receipt. {@code doc}: its parameters, body
     * and answer, for the OpenAPI document; added to a route with {@link #query}, {@link #body},
     * {@link #returns} and friends.
     */
    public record Route(HandlerType method, String path, String summary, Guard guard, boolean audited, Doc doc) {

        /** A query parameter. */
        Route query(String name, Doc.Type type, boolean required, String description) {
            return with(doc.withParam(new Doc.Param(name, Doc.In.QUERY, type, required, description)));
        }

        /** Describes a path parameter (every {@code {name}} in the path is one; undescribed ones are strings). */
        Route pathParam(String name, Doc.Type type, String description) {
            return with(doc.withParam(new Doc.Param(name, Doc.In.PATH, type, true, description)));
        }

        /** The JSON request body, as the handler reads it. */
        Route body(Class<?> type) {
            return with(new Doc(doc.params(), Optional.of(Doc.Shape.of(type)), doc.status(), doc.answer()));
        }

        /** The answer on success. */
        Route returns(int status, Doc.Shape answer) {
            return with(new Doc(doc.params(), doc.body(), status, answer));
        }

        Route returns(Doc.Shape answer) {
            return returns(200, answer);
        }

        Route returns(Class<?> type) {
            return returns(200, Doc.Shape.of(type));
        }

        private Route with(Doc d) {
            return new Route(method, path, summary, guard, audited, d);
        }
    }

    static Route open(HandlerType m, String path, String summary, Open a) {
        return new Route(m, path, summary, new Guard.Public(a), false, Doc.NONE);
    }

    static Route signed(HandlerType m, String path, String summary, boolean audited, Signed a, String... roles) {
        return new Route(m, path, summary, new Guard.SignedIn(Set.of(roles), a), audited, Doc.NONE);
    }

    public static List<Route> table(SystemApi sys, ReportsApi reports, MarkingsApi markings, AuditApi audit,
                                    AllianceApi alliance, ExportApi export, DisclosuresApi disclosures,
                                    SessionsApi sessions, ImportApi imports) {
        return List.of(
                open(GET, "/health", "Liveness: 200 when the store and the audit log answer", sys::health)
                        .returns(Doc.Shape.object("Health", Map.of("status", Doc.Type.STRING, "auditLogSize", Doc.Type.INTEGER))),
                open(GET, "/health/live", "Liveness: 200 while the process serves", sys::live)
                        .returns(Doc.Shape.anyObject("{status: UP}")),
                open(GET, "/health/ready", "Readiness: database reachable, audit writer running, search index caught up; 503 naming what is not", sys::ready)
                        .returns(Doc.Shape.anyObject("the parts and their state")),
                signed(GET, "/metrics", "Prometheus metrics (operators)", false, (ctx, p) -> sys.metrics(ctx), OPERATOR, ADMIN)
                        .returns(Doc.Shape.text("text/plain", "Prometheus text exposition format")),
                open(GET, "/api/v1/openapi.json", "This API as an OpenAPI 3.1 document", sys::openapi)
                        .returns(Doc.Shape.anyObject("an OpenAPI 3.1 document")),
                open(GET, "/api/docs", "This API in Swagger UI", sys::docs)
                        .returns(Doc.Shape.text("text/html", "the Swagger UI page")),
                open(GET, "/api/docs/{file}", "Swagger UI's scripts and styles", sys::docsAsset)
                        .pathParam("file", Doc.Type.STRING, "a file of the Swagger UI distribution")
                        .returns(Doc.Shape.text("application/octet-stream", "the file")),
                signed(GET, "/api/v1/me", "The caller's principal: nation, clearance, accesses, organisations, roles; where the identity came from and the caps applied", false, sys::me)
                        .returns(Doc.Shape.of(SystemApi.Me.class)),
                signed(POST, "/api/v1/sessions/revoke", "Refuse a subject's tokens issued before now (admins)", true, sessions::revoke, ADMIN)
                        .body(SessionsApi.RevokeIn.class),

                signed(POST, "/api/v1/reports", "Create a report (owner defaults to the author's nation); 201 with the stored report", true, reports::create)
                        .body(ReportsApi.ReportIn.class).returns(201, Doc.Shape.of(ReportsApi.ReportOut.class)),
                signed(GET, "/api/v1/reports/{id}", "Read a report: only the portions the reader may see, banner rolled up from them; version=N: an older stored version, for the owner only (readers of the owner's nation who see the whole current version; anyone else 404)", true, reports::read)
                        .pathParam("id", Doc.Type.STRING, "the report id (16 hex digits)")
                        .query("version", Doc.Type.INTEGER, false, "a stored version number (from the history); default the current one")
                        .returns(ReportsApi.ReportOut.class),
                signed(GET, "/api/v1/reports/{id}/versions", "A report's version history (number, author, time, banner, portion count), for the owner only: readers of the owner's nation who see the whole current version; anyone else 404 as for a missing id", true, reports::versions)
                        .pathParam("id", Doc.Type.STRING, "the report id (16 hex digits)").returns(ReportsApi.VersionsOut.class),
                signed(PUT, "/api/v1/reports/{id}", "Revise a report (optimistic: name the version replaced; 409 when stale)", true, reports::update)
                        .pathParam("id", Doc.Type.STRING, "the report id (16 hex digits)")
                        .body(ReportsApi.ReportUpdate.class).returns(ReportsApi.ReportOut.class),
                signed(GET, "/api/v1/reports/{id}/export", "Export the reader's view (format=pdf|json|ism|4774, omitViewOnly): banner rolled up from what is exported; DISPLAY ONLY portions refused (403) unless left out", true, export::export)
                        .pathParam("id", Doc.Type.STRING, "the report id (16 hex digits)")
                        .query("format", Doc.Type.STRING, false, "pdf (default), json, ism or 4774")
                        .query("omitViewOnly", Doc.Type.STRING, false, "true: leave DISPLAY ONLY portions out instead of refusing")
                        .returns(Doc.Shape.text("application/pdf", "the document (PDF, JSON or XML by format)")),
                signed(POST, ImportApi.PATH, "Bulk import (NDJSON body, streamed: one create body plus optional externalId a line); the summary {stored, skipped, rejected, rejects}", true, imports::run)
                        .body(ReportsApi.ReportIn.class),
                signed(GET, "/api/v1/search", "Search (q, limit, offset): totals, hits and snippets from visible portions only", true, reports::search)
                        .query("q", Doc.Type.STRING, true, "words (all required), \"phrases\", OR, -not, prefix*")
                        .query("limit", Doc.Type.INTEGER, false, "hits per page, 1 to 100 (default 10)")
                        .query("offset", Doc.Type.INTEGER, false, "hits to skip (default 0)")
                        .returns(ReportsApi.SearchOut.class),

                signed(GET, "/api/v1/reports/{id}/tearline", "Tearline preview (for=NATION, clearance=LEVEL): what a reader of that nation would get today, and what is withheld and why", true, disclosures::preview, DISCLOSURE_OFFICER)
                        .pathParam("id", Doc.Type.STRING, "the report id (16 hex digits)")
                        .query("for", Doc.Type.STRING, true, "the recipient nation (trigraph)")
                        .query("clearance", Doc.Type.STRING, false, "the recipient's level (default: the highest the nation's agreements with the owner cover)"),
                signed(POST, "/api/v1/disclosures", "Request a release {reportId, to, portions, justification, orgs?, replacements?}; 201 with the guard's advisory findings", true, disclosures::create)
                        .body(DisclosuresApi.RequestIn.class).returns(201, Doc.Shape.of(DisclosuresApi.DisclosureOut.class)),
                signed(POST, "/api/v1/disclosures/check", "Dry run of a request (same body): the errors and refusals it would get, else the guard's findings; nothing is stored (the guard run is audited)", true, disclosures::check)
                        .body(DisclosuresApi.RequestIn.class).returns(DisclosuresApi.CheckOut.class),
                signed(GET, "/api/v1/disclosures", "Disclosure requests (status=): an officer's queue and the caller's own", false, disclosures::list)
                        .returns(DisclosuresApi.ListOut.class)
                        .query("status", Doc.Type.STRING, false, "PENDING, AWAITING_ORIGINATOR, APPROVED, DENIED or REFUSED"),
                signed(GET, "/api/v1/disclosures/{id}", "One disclosure request", false, disclosures::get)
                        .pathParam("id", Doc.Type.STRING, "the request id").returns(DisclosuresApi.DisclosureOut.class),
                signed(POST, "/api/v1/disclosures/{id}/consent", "The originating organisation consents to an ORCON release {reason}", true, disclosures::consent, DISCLOSURE_OFFICER)
                        .pathParam("id", Doc.Type.STRING, "the request id").body(DisclosuresApi.ReasonIn.class),
                signed(POST, "/api/v1/disclosures/{id}/approve", "Approve {reason}: the guard runs binding, then the report's next version; never by the requester", true, disclosures::approve, DISCLOSURE_OFFICER)
                        .pathParam("id", Doc.Type.STRING, "the request id").body(DisclosuresApi.ReasonIn.class)
                        .returns(DisclosuresApi.Approved.class),
                signed(POST, "/api/v1/disclosures/{id}/deny", "Deny {reason}", true, disclosures::deny, DISCLOSURE_OFFICER)
                        .pathParam("id", Doc.Type.STRING, "the request id").body(DisclosuresApi.ReasonIn.class),

                signed(POST, "/api/v1/markings/check", "Validate and normalise markings", false, markings::check)
                        .body(MarkingsApi.CheckIn.class).returns(Doc.Shape.listOf(Doc.Shape.object("MarkingCheck", Map.of(
                                "input", Doc.Type.STRING, "verdict", Doc.Type.STRING, "banner", Doc.Type.STRING,
                                "portion", Doc.Type.STRING, "errors", Doc.Type.OBJECT_LIST)))),
                signed(POST, "/api/v1/markings/rollup", "Roll portion markings up into a banner", false, markings::rollup)
                        .body(MarkingsApi.RollupIn.class).returns(Doc.Shape.object("Rollup", Map.of(
                                "verdict", Doc.Type.STRING, "banner", Doc.Type.STRING, "errors", Doc.Type.OBJECT_LIST))),

                open(GET, "/api/v1/audit/checkpoint", "The latest signed checkpoint (C2SP signed note)", audit::checkpoint)
                        .returns(Doc.Shape.text("text/plain", "a C2SP signed note")),
                open(GET, "/api/v1/audit/key", "The checkpoint verifier key (name+keyid+key)", audit::key)
                        .returns(Doc.Shape.text("text/plain", "name+hex(keyid)+base64(key)")),
                open(GET, "/api/v1/audit/proof/inclusion", "RFC 9162 inclusion proof (index, size)", audit::inclusion)
                        .query("index", Doc.Type.INTEGER, true, "the entry's index")
                        .query("size", Doc.Type.INTEGER, true, "the tree size of a checkpoint")
                        .returns(Doc.Shape.object("InclusionProof", Map.of("index", Doc.Type.INTEGER, "size", Doc.Type.INTEGER,
                                "hashes", Doc.Type.STRING_LIST))),
                open(GET, "/api/v1/audit/proof/consistency", "RFC 9162 consistency proof (from, to)", audit::consistency)
                        .query("from", Doc.Type.INTEGER, true, "the older tree size")
                        .query("to", Doc.Type.INTEGER, true, "the newer tree size")
                        .returns(Doc.Shape.object("ConsistencyProof", Map.of("from", Doc.Type.INTEGER, "to", Doc.Type.INTEGER,
                                "hashes", Doc.Type.STRING_LIST))),
                signed(GET, "/api/v1/audit/entries/{index}", "An entry's exact leaf bytes (auditors)", true, audit::entry, AUDITOR)
                        .pathParam("index", Doc.Type.INTEGER, "the entry's index")
                        .returns(Doc.Shape.anyObject("the entry's leaf: canonical JSON, exactly as hashed")),
                signed(GET, "/api/v1/audit/entries/{index}/openings", "Openings of an entry's commitments for the auditor's nation", true, audit::openings, AUDITOR)
                        .pathParam("index", Doc.Type.INTEGER, "the entry's index")
                        .returns(Doc.Shape.listOf(Doc.Shape.object("Opening", Map.of("field", Doc.Type.STRING,
                                "nation", Doc.Type.STRING, "salt", Doc.Type.STRING, "secret", Doc.Type.ANY,
                                "commitment", Doc.Type.STRING)))),

                signed(GET, "/api/v1/alliance", "The alliance: nations, controls, communities, assessments", false, alliance::all)
                        .returns(Alliance.class),
                signed(GET, "/api/v1/alliance/status", "Eligibility of every nation in every community it belongs to", false, alliance::status)
                        .returns(Doc.Shape.listOf(Standing.class)),
                signed(GET, "/api/v1/alliance/status/{nation}", "Eligibility of one nation, with the controls that block it", false, alliance::nationStatus)
                        .pathParam("nation", Doc.Type.STRING, "a nation code (trigraph)").returns(Standing.class),
                signed(POST, "/api/v1/alliance/nations", "Add or rename a nation", true, alliance::putNation, SECURITY_OFFICER)
                        .body(AllianceApi.NationIn.class).returns(Nation.class),
                signed(GET, "/api/v1/alliance/controls", "The control catalogue", false, alliance::controls)
                        .returns(Doc.Shape.listOf(Control.class)),
                signed(POST, "/api/v1/alliance/controls", "Add a control", true, alliance::createControl, SECURITY_OFFICER)
                        .body(AllianceApi.ControlIn.class).returns(201, Doc.Shape.of(Control.class)),
                signed(PUT, "/api/v1/alliance/controls/{id}", "Change a control's requirement", true, alliance::updateControl, SECURITY_OFFICER)
                        .body(AllianceApi.ControlIn.class).returns(Control.class),
                signed(DELETE, "/api/v1/alliance/controls/{id}", "Remove a control no community requires (reason)", true, alliance::deleteControl, SECURITY_OFFICER)
                        .query("reason", Doc.Type.STRING, true, "why, for the audit log").returns(204, Doc.Shape.NOTHING),
                signed(GET, "/api/v1/alliance/communities", "The communities", false, alliance::communities)
                        .returns(Doc.Shape.listOf(Community.class)),
                signed(GET, "/api/v1/alliance/communities/{id}", "One community", false, alliance::community)
                        .returns(Community.class),
                signed(POST, "/api/v1/alliance/communities", "Create a community", true, alliance::createCommunity, SECURITY_OFFICER)
                        .body(AllianceApi.CommunityIn.class).returns(201, Doc.Shape.of(Community.class)),
                signed(PUT, "/api/v1/alliance/communities/{id}", "Replace a community (members, level, required controls)", true, alliance::updateCommunity, SECURITY_OFFICER)
                        .body(AllianceApi.CommunityIn.class).returns(Community.class),
                signed(DELETE, "/api/v1/alliance/communities/{id}", "Dissolve a community (reason)", true, alliance::deleteCommunity, SECURITY_OFFICER)
                        .query("reason", Doc.Type.STRING, true, "why, for the audit log").returns(204, Doc.Shape.NOTHING),
                signed(GET, "/api/v1/alliance/assessments", "Assessments (nation, control)", false, alliance::assessments)
                        .query("nation", Doc.Type.STRING, false, "only this nation's")
                        .query("control", Doc.Type.STRING, false, "only this control's")
                        .returns(Doc.Shape.listOf(Assessment.class)),
                signed(POST, "/api/v1/alliance/assessments", "Record an assessment (replaces the nation's earlier one for the control)", true, alliance::assess, ASSESSOR)
                        .body(AllianceApi.AssessmentIn.class).returns(201, Doc.Shape.of(Assessment.class)),
                signed(POST, "/api/v1/alliance/what-if", "What would admitting, removing or reassessing a nation change?", true, alliance::whatIf, SECURITY_OFFICER)
                        .body(AllianceApi.WhatIfIn.class).returns(WhatIf.Result.class));
    }
}
