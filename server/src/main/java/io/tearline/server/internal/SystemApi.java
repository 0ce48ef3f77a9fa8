package io.tearline.server.internal;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tearline.access.Principal;
import io.tearline.server.Tearline;
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

    public void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    public void openapi(Context ctx) {
        ctx.contentType(Http.JSON).result(openapi.get());
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
