package io.tearline.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tearline.access.Principal;
import io.tearline.alliance.AllianceException;
import io.tearline.audit.Entry;
import io.tearline.markings.MarkingException;
import io.tearline.server.internal.AllianceApi;
import io.tearline.server.internal.AuditApi;
import io.tearline.server.internal.Http;
import io.tearline.server.internal.MarkingsApi;
import io.tearline.server.internal.Problem;
import io.tearline.server.internal.Receipts;
import io.tearline.server.internal.ReportsApi;
import io.tearline.server.internal.RequestLog;
import io.tearline.server.internal.Routes;
import io.tearline.server.internal.ServerMetrics;
import io.tearline.server.internal.SystemApi;
import io.tearline.store.InputError;
import io.tearline.store.StaleVersionException;
import io.tearline.store.StoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API over one {@link Tearline}. */
public final class TearlineServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TearlineServer.class);

    private final Tearline t;
    private final Javalin app;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RequestLog requestLog = new RequestLog(metrics);
    private final Receipts receipts;
    private final AllianceApi alliance;
    private final ReportsApi reports;
    private final List<Routes.Route> routes;

    private TearlineServer(Tearline t) {
        this.t = t;
        this.receipts = new Receipts(t.audit(), metrics);
        ServerMetrics.bindJvm(metrics);
        ServerMetrics.bindAudit(metrics, t.audit());
        ServerMetrics.bindCache(metrics, "decisions", t.decisionCache());
        ServerMetrics.bindPool(metrics, t.dataSource());
        SystemApi sys = new SystemApi(t, metrics);
        this.alliance = new AllianceApi(t, receipts);
        this.reports = new ReportsApi(t, receipts);
        List<Routes.Route> routes = Routes.table(sys, reports, new MarkingsApi(t.markings()),
                new AuditApi(t.audit(), receipts, t.config().audit().operatorNation()), alliance);
        sys.openapiFrom(routes);
        this.routes = routes;
        this.app = Javalin.create(config -> configure(config, routes));
    }

    /** Starts listening on the configured host and port (port 0: any free port). */
    public static TearlineServer start(Tearline t) {
        return create(t).listen();
    }

    /** The API, ready but not listening yet (the demo loads its reports first). */
    public static TearlineServer create(Tearline t) {
        return new TearlineServer(t);
    }

    public TearlineServer listen() {
        Config.Server c = t.config().server();
        app.start(c.host(), c.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    public AllianceApi allianceApi() {
        return alliance;
    }

    public ReportsApi reportsApi() {
        return reports;
    }

    /** The route table this server serves (and documents). */
    public List<Routes.Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        app.stop();
    }

    private void configure(JavalinConfig config, List<Routes.Route> routes) {
        config.http.maxRequestSize = t.config().server().maxBodyBytes();
        config.startup.showJavalinBanner = false;
        config.requestLogger.http(requestLog::end);
        config.routes.before(requestLog::begin);
        config.routes.before(ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.header("X-Content-Type-Options", "nosniff");
            String length = ctx.header("Content-Length");
            if (length != null && length.chars().allMatch(Character::isDigit) && !length.isEmpty()
                    && Long.parseLong(length) > t.config().server().maxBodyBytes()) {
                throw tooLarge();
            }
        });
        for (Routes.Route r : routes) {
            config.routes.addHttpHandler(r.method(), r.path(), ctx -> {
                RequestLog.route(ctx, r.path());
                switch (r.guard()) {
                    case Routes.Guard.Public g -> g.action().handle(ctx);
                    case Routes.Guard.SignedIn g -> {
                        Principal p = authenticate(ctx, r);
                        if (!g.anyRole().isEmpty() && g.anyRole().stream().noneMatch(p::hasRole)) {
                            receipts.record(ctx, Entry.builder().put("type", "forbidden")
                                    .put("reader", Map.of("name", p.name(), "nation", p.nation()))
                                    .put("route", r.method().name() + " " + r.path())
                                    .put("needs", g.anyRole().stream().sorted().toList()).reader(p.nation()).build());
                            throw Problem.forbidden("this needs the role " + String.join(" or ",
                                    g.anyRole().stream().sorted().toList()));
                        }
                        g.action().handle(ctx, p);
                    }
                }
            });
        }
        config.routes.exception(Problem.class, (e, ctx) -> Http.problem(ctx, e));
        config.routes.exception(Unauthorized.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate", "Bearer realm=\"tearline\", error=\"invalid_token\"");
            Http.problem(ctx, new Problem(401, "unauthorized", "Unauthorized", e.getMessage(), Map.of()));
        });
        config.routes.exception(StoreException.class, (e, ctx) -> Http.problem(ctx, storeProblem(e)));
        config.routes.exception(AllianceException.class, (e, ctx) -> Http.problem(ctx, Problem.badRequest(e.rule(),
                e.getMessage(), Map.of("errors", List.of(Map.of("field", e.field(), "rule", e.rule(), "message", e.getMessage()))))));
        config.routes.exception(MarkingException.class, (e, ctx) -> Http.problem(ctx, Problem.badRequest(e.rule(), e.getMessage(),
                Map.of("errors", e.violations().stream().map(v -> Map.of("rule", v.rule(), "message", v.message(), "offset", v.offset())).toList()))));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> Http.problem(ctx,
                e.getStatus() == 413 ? tooLarge() : e.getStatus() == 404 ? Problem.notFound()
                        : new Problem(e.getStatus(), "http", e.getMessage(), e.getMessage(), Map.of())));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            Http.problem(ctx, new Problem(500, "internal", "Internal Server Error", "the request failed; it is logged", Map.of()));
        });
        config.routes.error(404, ctx -> {
            if (!Http.PROBLEM.equals(ctx.res().getContentType())) {
                Http.problem(ctx, Problem.notFound());
            }
        });
        config.routes.error(405, ctx -> Http.problem(ctx, new Problem(405, "method", "Method Not Allowed",
                "this path does not take " + ctx.method(), Map.of())));
    }

    private Principal authenticate(Context ctx, Routes.Route r) {
        try {
            Principal p = t.authenticator().authenticate(ctx.header("Authorization"));
            RequestLog.subject(ctx, p.name());
            return p;
        } catch (AuthException e) {
            receipts.record(ctx, Entry.builder().put("type", "auth.failure").put("reason", e.getMessage())
                    .put("route", r.method().name() + " " + r.path()).build());
            throw new Unauthorized(e.getMessage());
        }
    }

    private static Problem tooLarge() {
        return new Problem(413, "body.too-large", "Content Too Large", "the request body is over the limit", Map.of());
    }

    private static Problem storeProblem(StoreException e) {
        if (e instanceof StaleVersionException s) {
            return Problem.conflict(e.rule(), e.getMessage(), Map.of("current", s.current(), "expected", s.expected()));
        }
        if (StoreException.NOT_FOUND.equals(e.rule())) {
            return Problem.notFound();
        }
        return Problem.badRequest(e.rule(), e.getMessage(), Map.of("errors", e.errors().stream().map(TearlineServer::located).toList()));
    }

    private static Map<String, Object> located(InputError err) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (err.location()) {
            case InputError.Location.Title tt -> m.put("portion", 0);
            case InputError.Location.Portion pp -> m.put("portion", pp.index());
            case InputError.Location.Field f -> m.put("field", f.name());
        }
        m.put("rule", err.rule());
        m.put("message", err.message());
        m.put("offset", err.offset());
        return m;
    }

    /** Thrown when credentials are refused; rendered as 401 with a challenge. */
    static final class Unauthorized extends RuntimeException {
        Unauthorized(String message) {
            super(message);
        }
    }
}
