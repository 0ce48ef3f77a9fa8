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

    private final Tearline t;
    private final PrometheusMeterRegistry metrics;
    private Supplier<byte[]> openapi = () -> new byte[0];
    private final ApiDocs docs = new ApiDocs();

    /** The caller's principal, as {@code GET /api/v1/me} answers it. */
    public record Me(String name, String nation, String clearance, List<String> accesses, List<String> orgs,
                     List<String> roles) {}

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

    /** Swagger UI's page. */
    public void docs(Context ctx) {
        docs.page(ctx);
    }

    /** Swagger UI's script, styles and icons. */
    public void docsAsset(Context ctx) {
        docs.asset(ctx);
    }

    public void me(Context ctx, Principal p) {
        Http.json(ctx, new Me(p.name(), p.nation(), p.clearance().name(), p.accesses().stream().sorted().toList(),
                p.orgs().stream().sorted().toList(), p.roles().stream().sorted().toList()));
    }
}
