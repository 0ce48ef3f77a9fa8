package io.tearline.server.internal;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.tearline.access.Principal;
import java.util.List;
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

    /** One route. {@code audited}: its answers carry an audit receipt. */
    public record Route(HandlerType method, String path, String summary, Guard guard, boolean audited) {}

    static Route open(HandlerType m, String path, String summary, Open a) {
        return new Route(m, path, summary, new Guard.Public(a), false);
    }

    static Route signed(HandlerType m, String path, String summary, boolean audited, Signed a, String... roles) {
        return new Route(m, path, summary, new Guard.SignedIn(Set.of(roles), a), audited);
    }

    public static List<Route> table(SystemApi sys, ReportsApi reports, MarkingsApi markings, AuditApi audit,
                                    AllianceApi alliance, ImportApi imports) {
        return List.of(
                open(GET, "/health", "Liveness: 200 when the store and the audit log answer", sys::health),
                open(GET, "/health/live", "Liveness: 200 while the process serves", sys::live),
                open(GET, "/health/ready", "Readiness: database reachable, audit writer running, search index caught up; 503 naming what is not", sys::ready),
                signed(GET, "/metrics", "Prometheus metrics (operators)", false, (ctx, p) -> sys.metrics(ctx), OPERATOR, ADMIN),
                open(GET, "/api/v1/openapi.json", "This API as an OpenAPI 3.1 document", sys::openapi),
                signed(GET, "/api/v1/me", "The caller's principal: nation, clearance, accesses, organisations, roles", false, sys::me),

                signed(POST, "/api/v1/reports", "Create a report (owner defaults to the author's nation); 201 with the stored report", true, reports::create),
                signed(GET, "/api/v1/reports/{id}", "Read a report: only the portions the reader may see, banner rolled up from them", true, reports::read),
                signed(PUT, "/api/v1/reports/{id}", "Revise a report (optimistic: name the version replaced; 409 when stale)", true, reports::update),
                signed(POST, ImportApi.PATH, "Bulk import (NDJSON body, streamed: one create body plus optional externalId a line); the summary {stored, skipped, rejected, rejects}", true, imports::run),
                signed(GET, "/api/v1/search", "Search (q, limit, offset): totals, hits and snippets from visible portions only", true, reports::search),

                signed(POST, "/api/v1/markings/check", "Validate and normalise markings", false, markings::check),
                signed(POST, "/api/v1/markings/rollup", "Roll portion markings up into a banner", false, markings::rollup),

                open(GET, "/api/v1/audit/checkpoint", "The latest signed checkpoint (C2SP signed note)", audit::checkpoint),
                open(GET, "/api/v1/audit/key", "The checkpoint verifier key (name+keyid+key)", audit::key),
                open(GET, "/api/v1/audit/proof/inclusion", "RFC 9162 inclusion proof (index, size)", audit::inclusion),
                open(GET, "/api/v1/audit/proof/consistency", "RFC 9162 consistency proof (from, to)", audit::consistency),
                signed(GET, "/api/v1/audit/entries/{index}", "An entry's exact leaf bytes (auditors)", true, audit::entry, AUDITOR),
                signed(GET, "/api/v1/audit/entries/{index}/openings", "Openings of an entry's commitments for the auditor's nation", true, audit::openings, AUDITOR),

                signed(GET, "/api/v1/alliance", "The alliance: nations, controls, communities, assessments", false, alliance::all),
                signed(GET, "/api/v1/alliance/status", "Eligibility of every nation in every community it belongs to", false, alliance::status),
                signed(GET, "/api/v1/alliance/status/{nation}", "Eligibility of one nation, with the controls that block it", false, alliance::nationStatus),
                signed(POST, "/api/v1/alliance/nations", "Add or rename a nation", true, alliance::putNation, SECURITY_OFFICER),
                signed(GET, "/api/v1/alliance/controls", "The control catalogue", false, alliance::controls),
                signed(POST, "/api/v1/alliance/controls", "Add a control", true, alliance::createControl, SECURITY_OFFICER),
                signed(PUT, "/api/v1/alliance/controls/{id}", "Change a control's requirement", true, alliance::updateControl, SECURITY_OFFICER),
                signed(DELETE, "/api/v1/alliance/controls/{id}", "Remove a control no community requires (reason)", true, alliance::deleteControl, SECURITY_OFFICER),
                signed(GET, "/api/v1/alliance/communities", "The communities", false, alliance::communities),
                signed(GET, "/api/v1/alliance/communities/{id}", "One community", false, alliance::community),
                signed(POST, "/api/v1/alliance/communities", "Create a community", true, alliance::createCommunity, SECURITY_OFFICER),
                signed(PUT, "/api/v1/alliance/communities/{id}", "Replace a community (members, level, required controls)", true, alliance::updateCommunity, SECURITY_OFFICER),
                signed(DELETE, "/api/v1/alliance/communities/{id}", "Dissolve a community (reason)", true, alliance::deleteCommunity, SECURITY_OFFICER),
                signed(GET, "/api/v1/alliance/assessments", "Assessments (nation, control)", false, alliance::assessments),
                signed(POST, "/api/v1/alliance/assessments", "Record an assessment (replaces the nation's earlier one for the control)", true, alliance::assess, ASSESSOR),
                signed(POST, "/api/v1/alliance/what-if", "What would admitting, removing or reassessing a nation change?", true, alliance::whatIf, SECURITY_OFFICER));
    }
}
