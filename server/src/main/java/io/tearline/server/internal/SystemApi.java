package io.tearline.server.internal;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tearline.access.Principal;
import io.tearline.server.Tearline;
import io.tearline.store.ReportStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Health, metrics, the caller's principal and the OpenAPI document. */
public final class SystemApi {

    /** The request attribute holding the caller's {@link io.tearline.server.Identity}. */
    public static final String IDENTITY = "tearline.identity";

    private final Tearline t;
    private final PrometheusMeterRegistry metrics;
    private Supplier<byte[]> openapi = () -> new byte[0];
    private final ApiDocs docs = new ApiDocs();

    /** The caller's principal, as {@code GET /api/v1/me} answers it. */
    public record Me(String name, String nation, String clearance, List<String> accesses, List<String> orgs,
                     List<String> roles) {}

    /** How long readiness waits for the database's answer. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** How long readiness lets the index catch up with a write that has just committed. */
    static final Duration INDEX_GRACE = Duration.ofSeconds(1);

    public SystemApi(Tearline t, PrometheusMeterRegistry metrics) {
        this.t = t;
        this.metrics = metrics;
    }

    /** Serves the OpenAPI document of these routes. */
    public void openapiFrom(List<Routes.Route> routes) {
        byte[] doc = Json.bytes(OpenApi.document(routes));
        openapi = () -> doc;
    }

    public void health(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "UP");
        out.put("auditLogSize", t.audit().size());
        Http.json(ctx, out);
    }

    /** Liveness: the process is up and serving (nothing else is checked). */
    public void live(Context ctx) {
        Http.json(ctx, Map.of("status", "UP"));
    }

    /**
     * Readiness: the database answers within {@link #PROBE_TIMEOUT}, the audit writer runs, and the
     * search index has applied the store's last change (a write's own catch-up is given a moment).
     * 200 with the parts, or 503 problem+json naming the parts that fail.
     */
    public void ready(Context ctx) {
        Map<String, Object> parts = new LinkedHashMap<>();
        List<String> failing = new ArrayList<>();
        boolean database = t.store().database().reachable(PROBE_TIMEOUT);
        parts.put("database", Map.of("status", database ? "UP" : "DOWN"));
        if (!database) {
            failing.add("database");
        }
        boolean writer = t.audit().writerAlive();
        parts.put("auditWriter", Map.of("status", writer ? "UP" : "DOWN", "size", t.audit().size()));
        if (!writer) {
            failing.add("auditWriter");
        }
        if (database) {
            ReportStore.IndexState index = indexState();
            parts.put("searchIndex", Map.of("status", index.caughtUp() ? "UP" : "BEHIND",
                    "lastChange", index.lastChange(), "applied", index.applied()));
            if (!index.caughtUp()) {
                failing.add("searchIndex");
            }
        } else {
            parts.put("searchIndex", Map.of("status", "UNKNOWN"));
        }
        if (failing.isEmpty()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", "UP");
            out.put("parts", parts);
            Http.json(ctx, out);
            return;
        }
        throw new Problem(503, "not-ready", "Service Unavailable", "not ready: " + String.join(", ", failing),
                Map.of("failing", failing, "parts", parts));
    }

    /**
     * The index's position, after giving a just-committed write a moment to be applied and, if the
     * index still lags (a catch-up that failed while the database was away), one catch-up attempt.
     */
    private ReportStore.IndexState indexState() {
        ReportStore.IndexState s = t.store().indexState();
        long deadline = System.nanoTime() + INDEX_GRACE.toNanos();
        while (!s.caughtUp() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            s = new ReportStore.IndexState(s.lastChange(), t.store().indexState().applied());
        }
        if (!s.caughtUp()) {
            try {
                t.store().indexCommitted();
            } catch (RuntimeException e) {
                return s; // still behind; the part says so
            }
            s = new ReportStore.IndexState(s.lastChange(), t.store().indexState().applied());
        }
        return s;
    }

    public void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    public void openapi(Context ctx) {
        ctx.contentType(Http.JSON).result(openapi.get());
    }

    /** Swagger UI's page. */
    public void docs(Context ctx) {
        docs.page(ctx);
    }

    /** Swagger UI's script, styles and icons. */
    public void docsAsset(Context ctx) {
        docs.asset(ctx);
    }

    public void me(Context ctx, Principal p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.name());
        out.put("nation", p.nation());
        out.put("clearance", p.clearance().name());
        out.put("accesses", p.accesses().stream().sorted().toList());
        out.put("orgs", p.orgs().stream().sorted().toList());
        out.put("roles", p.roles().stream().sorted().toList());
        io.tearline.server.Identity id = ctx.attribute(IDENTITY);
        if (id != null) {
            out.put("source", id.describe());
            out.put("caps", id.caps());
        }
        Http.json(ctx, out);
    }
}
