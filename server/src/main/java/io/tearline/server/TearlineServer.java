package io.tearline.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tearline.access.Principal;
import io.tearline.alliance.AllianceException;
import io.tearline.markings.MarkingException;
import io.tearline.server.internal.AllianceApi;
import io.tearline.server.internal.AuditApi;
import io.tearline.server.internal.AuditEvent;
import io.tearline.server.internal.AuthFailures;
import io.tearline.server.internal.ExportApi;
import io.tearline.server.internal.Http;
import io.tearline.server.internal.HttpEdges;
import io.tearline.server.internal.Lockout;
import io.tearline.server.internal.SessionsApi;
import io.tearline.server.internal.Tls;
import io.tearline.server.internal.ImportApi;
import io.tearline.server.internal.MarkingsApi;
import io.tearline.server.internal.DisclosuresApi;
import io.tearline.server.internal.Problem;
import io.tearline.server.release.Guards;
import io.tearline.server.release.ReleaseGuard;
import io.tearline.server.internal.Receipts;
import io.tearline.server.internal.ReportsApi;
import io.tearline.server.internal.RequestLog;
import io.tearline.server.internal.Routes;
import io.tearline.server.internal.ServerMetrics;
import io.tearline.server.internal.SystemApi;
import io.tearline.server.internal.DemoIdentityProvider;
import io.tearline.server.internal.WebApp;
import io.tearline.store.InputError;
import io.tearline.store.StaleVersionException;
import io.tearline.store.StoreException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API over one {@link Tearline}. */
public final class TearlineServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TearlineServer.class);
    private static final int MAX_RECORDED_QUERY = 2048;

    private final Tearline t;
    private final Javalin app;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RequestLog requestLog = new RequestLog(metrics);
    private final Receipts receipts;
    private final AllianceApi alliance;
    private final ReportsApi reports;
    private final DisclosuresApi disclosures;
    private final Importer importer;
    private final AuthFailures authFailures;
    private final List<Routes.Route> routes;
    private final Lockout lockout;
    private final WebApp web;

    private TearlineServer(Tearline t) {
        this(t, Guards.standard(t));
    }

    private TearlineServer(Tearline t, ReleaseGuard guard) {
        this.t = t;
        this.receipts = new Receipts(t.audit(), metrics);
        this.authFailures = new AuthFailures(receipts::record, Clock.systemUTC());
        this.lockout = new Lockout(t.config().lockout(), Clock.systemUTC());
        ServerMetrics.bindJvm(metrics);
        ServerMetrics.bindAudit(metrics, t.audit());
        ServerMetrics.bindPool(metrics, t.dataSource());
        ServerMetrics.bindCacheStats(metrics, "decisions", t::decisionStats);
        SystemApi sys = new SystemApi(t, metrics);
        this.alliance = new AllianceApi(t, receipts);
        this.reports = new ReportsApi(t, receipts);
        this.disclosures = new DisclosuresApi(t, receipts, guard);
        this.importer = new Importer(t, reports, receipts);
        List<Routes.Route> routes = Routes.table(sys, reports, new MarkingsApi(t.markings()),
                new AuditApi(t.audit(), receipts, t.config().audit().operatorNation()), alliance,
                new ExportApi(t, reports, receipts), disclosures, new SessionsApi(t, receipts),
                new ImportApi(importer, t.config().server().maxBodyBytes()));
        sys.openapiFrom(routes);
        this.routes = routes;
        this.web = new WebApp(t.users(), WebApp.logins(t.config()));
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

    /** The API with the given release guard, ready but not listening yet. */
    public static TearlineServer create(Tearline t, ReleaseGuard guard) {
        return new TearlineServer(t, guard);
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

    public DisclosuresApi disclosuresApi() {
        return disclosures;
    }

    /** Bulk import under the rules of a create (the API's {@code POST /api/v1/imports} and the command's). */
    public Importer importer() {
        return importer;
    }

    /** Demo mode: the web application's sign-in picker issues tokens for the demo people with {@code issuer}. */
    public TearlineServer enableDemoSignIn(TokenIssuer issuer) {
        web.enableDemoSignIn(issuer);
        return this;
    }

    /**
     * The federated demo: each nation's demo issuer (keys under {@code dir}) signs its people in to the
     * web application through a minimal authorization-code flow with PKCE (see {@link DemoIdentityProvider}).
     */
    public TearlineServer enableDemoIdentityProviders(io.tearline.db.DataDir dir) throws java.io.IOException {
        Map<String, TokenIssuer> issuers = new java.util.TreeMap<>();
        for (WebApp.LoginIssuer l : WebApp.logins(t.config())) {
            if (l.authorization().startsWith(DemoIdentityProvider.PATH)) {
                issuers.put(l.nation(), Demo.nationIssuer(dir, t.config(), l.nation()));
            }
        }
        web.enableDemoIdentityProviders(new DemoIdentityProvider(t.config(), issuers, Clock.systemUTC()));
        return this;
    }

    /** Writes the summary of unauthenticated requests counted so far (it is written every window anyway). */
    void flushAuthFailures() {
        authFailures.flush();
    }

    /** The route table this server serves (and documents). */
    public List<Routes.Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        app.stop();
        authFailures.close(); // the last window's refusals are recorded too
    }

    private void configure(JavalinConfig config, List<Routes.Route> routes) {
        Config.Server server = t.config().server();
        config.http.maxRequestSize = server.maxBodyBytes();
        config.startup.showJavalinBanner = false;
        HttpEdges.configure(config.jetty, server.idleTimeout(), server.receiveTimeout());
        config.requestLogger.http(requestLog::end);
        config.routes.before(requestLog::begin);
        if (server.tls() != null) {
            try {
                Tls.configure(config.jetty, server, server.tls(), t.dataDir().root(), t.authenticator().certificates());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        config.routes.before(ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.header("X-Content-Type-Options", "nosniff");
            String length = ctx.header("Content-Length");
            long limit = ctx.path().equals(ImportApi.PATH) ? ImportApi.MAX_BYTES : server.maxBodyBytes();
            if (length != null && length.chars().allMatch(Character::isDigit) && !length.isEmpty()
                    && Long.parseLong(length) > limit) {
                throw tooLarge();
            }
        });
        web.register(config);
        for (Routes.Route r : routes) {
            // HEAD runs the GET route itself (authentication, audit and all) and Jetty sends no body;
            // left to Javalin, HEAD would answer 200 without running anything
            List<HandlerType> methods = r.method() == HandlerType.GET ? List.of(HandlerType.GET, HandlerType.HEAD) : List.of(r.method());
            for (HandlerType method : methods) {
                config.routes.addHttpHandler(method, r.path(), ctx -> {
                    RequestLog.route(ctx, r.path());
                    switch (r.guard()) {
                        case Routes.Guard.Public g -> g.action().handle(ctx);
                        case Routes.Guard.SignedIn g -> signedIn(ctx, r, g);
                    }
                });
            }
        }
        config.routes.exception(Exception.class, (e, ctx) -> {
            Problem p = problem(e);
            if (p.status() >= 500) {
                RequestLog.expose(ctx);
                if (e instanceof Problem) { // a deliberate answer (not ready, unavailable): one line, no trace
                    LOG.warn("{} {} answered {}: {}", ctx.method(), ctx.path(), p.status(), e.getMessage());
                } else {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                }
            }
            if (e instanceof Unauthorized u) { // RFC 6750: no error code when no credentials were sent
                ctx.header("WWW-Authenticate", u.failure == AuthException.Failure.MISSING ? "Bearer realm=\"tearline\""
                        : "Bearer realm=\"tearline\", error=\"invalid_token\"");
            }
            if (e instanceof Throttled th) {
                ctx.header("Retry-After", Long.toString(Math.max(1, (th.retryAfter.toMillis() + 999) / 1000)));
            }
            Http.problem(ctx, p);
        });
        config.routes.error(404, ctx -> {
            if (!Http.PROBLEM.equals(ctx.res().getContentType())) {
                Http.problem(ctx, Problem.notFound());
            }
        });
        config.routes.error(405, ctx -> Http.problem(ctx, new Problem(405, "method", "Method Not Allowed",
                "this path does not take " + ctx.method(), Map.of())));
    }

    /**
     * A route for signed-in callers: authenticate, check the role, run it. Every refusal is audited
     * before the answer leaves: 401s counted into summaries, 403s and any other 4xx as an entry of their
     * own, unless the handler already recorded one for this request.
     */
    private void signedIn(Context ctx, Routes.Route r, Routes.Guard.SignedIn g) throws Exception {
        Principal p = authenticate(ctx, r);
        String route = r.method().name() + " " + r.path();
        if (!g.anyRole().isEmpty() && g.anyRole().stream().noneMatch(p::hasRole)) {
            List<String> needs = g.anyRole().stream().sorted().toList();
            receipts.record(ctx, new AuditEvent.Forbidden(p, route, needs));
            throw Problem.forbidden("this needs the role " + String.join(" or ", needs));
        }
        try {
            g.action().handle(ctx, p);
        } catch (Exception e) {
            Problem refusal = problem(e);
            if (refusal.status() >= 400 && refusal.status() < 500 && !Receipts.recorded(ctx)) {
                String query = java.util.Objects.requireNonNullElse(ctx.queryString(), "");
                receipts.record(ctx, new AuditEvent.Refused(p, route, new TreeMap<>(ctx.pathParamMap()),
                        query.length() > MAX_RECORDED_QUERY ? query.substring(0, MAX_RECORDED_QUERY) : query,
                        refusal.status(), refusal.rule(), refusal.locatedRules()));
            }
            throw e;
        }
    }

    /**
     * The caller's principal. An address or subject locked after repeated failures is refused with 429
     * (a locked address before its credentials are even looked at); a refusal past the lockout's
     * threshold is answered a little later each time. Refusals and lockouts are counted into the
     * {@code auth.failures} summaries.
     */
    private Principal authenticate(Context ctx, Routes.Route r) {
        String route = r.method().name() + " " + r.path();
        String ip = ctx.ip();
        Optional<Duration> addressLocked = lockout.locked("address:" + ip);
        if (addressLocked.isPresent()) {
            authFailures.count("lockout.address", route, ip);
            throw new Throttled(addressLocked.get());
        }
        try {
            Identity id = t.authenticator().identify(ctx.header("Authorization"), certificates(ctx));
            Optional<Duration> subjectLocked = lockout.locked("subject:" + id.principal().name());
            if (subjectLocked.isPresent()) {
                authFailures.count("lockout.subject", route, ip);
                throw new Throttled(subjectLocked.get());
            }
            ctx.attribute(SystemApi.IDENTITY, id);
            RequestLog.subject(ctx, id.principal().name());
            return id.principal();
        } catch (AuthException e) {
            authFailures.count(e.reason(), route, ip);
            if (e.failure() == AuthException.Failure.MISSING) {
                throw new Unauthorized(e.failure()); // the challenge a client answers with its token
            }
            Lockout.Verdict byAddress = lockout.failed("address:" + ip);
            if (byAddress.lockedNow()) {
                authFailures.count("lockout.start.address", route, ip);
            }
            Duration delay = byAddress.delay();
            if (e.claimedSubject().isPresent()) {
                String subject = "subject:" + e.claimedSubject().get();
                Lockout.Verdict bySubject = lockout.failed(subject);
                if (bySubject.lockedNow()) {
                    authFailures.count("lockout.start.subject", route, ip);
                }
                Optional<Duration> locked = lockout.locked(subject);
                if (locked.isPresent() && !bySubject.lockedNow()) {
                    authFailures.count("lockout.subject", route, ip);
                    throw new Throttled(locked.get());
                }
                delay = delay.compareTo(bySubject.delay()) >= 0 ? delay : bySubject.delay();
            }
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new Unauthorized(e.failure());
        }
    }

    private X509Certificate[] certificates(Context ctx) {
        if (t.authenticator().certificates().isEmpty()) {
            return null;
        }
        return ctx.req().getAttribute(Tls.CERTIFICATES) instanceof X509Certificate[] chain ? chain : null;
    }

    /** The problem an exception is answered with. */
    static Problem problem(Exception e) {
        return switch (e) {
            case Problem p -> p;
            case Throttled th -> new Problem(429, "auth.throttled", "Too Many Requests",
                    "too many failed authentications; retry later", Map.of());
            case Unauthorized u -> new Problem(401, "unauthorized", "Unauthorized", u.failure.detail(), Map.of());
            case StoreException s -> storeProblem(s);
            case AllianceException a -> Problem.badRequest(a.rule(), a.getMessage(),
                    Map.of("errors", List.of(Map.of("field", a.field(), "rule", a.rule(), "message", a.getMessage()))));
            case MarkingException m -> Problem.badRequest(m.rule(), m.getMessage(), Map.of("errors", m.violations().stream()
                    .map(v -> Map.of("rule", v.rule(), "message", v.message(), "offset", v.offset())).toList()));
            case HttpResponseException h -> h.getStatus() == 413 ? tooLarge() : h.getStatus() == 404 ? Problem.notFound()
                    : new Problem(h.getStatus(), "http", h.getMessage(), h.getMessage(), Map.of());
            // the connection failed while the body was read: a client that stopped, or a slow sender dropped
            case java.io.IOException io -> Problem.badRequest("body.unreadable", "the request body could not be read");
            case java.io.UncheckedIOException io -> Problem.badRequest("body.unreadable", "the request body could not be read");
            default -> new Problem(500, "internal", "Internal Server Error", "the request failed; it is logged", Map.of());
        };
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

    /** Thrown when an address or subject is locked out: 429 with Retry-After. */
    static final class Throttled extends RuntimeException {
        final Duration retryAfter;

        Throttled(Duration retryAfter) {
            super("locked out");
            this.retryAfter = retryAfter;
        }
    }

    /** Thrown when credentials are refused; rendered as 401 with a challenge and the failure's fixed words. */
    static final class Unauthorized extends RuntimeException {
        final AuthException.Failure failure;

        Unauthorized(AuthException.Failure failure) {
            super(failure.detail());
            this.failure = failure;
        }
    }
}
