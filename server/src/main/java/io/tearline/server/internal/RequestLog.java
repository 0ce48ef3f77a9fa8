package io.tearline.server.internal;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log and the HTTP metrics: one log line and one timer sample per request.
 *
 * <p>A line names the method, the route template (never the raw path, the query or a body), the status,
 * the duration, the request id and the subject (the signed-in user's name, or {@code -}). The request id
 * is the caller's {@code X-Request-Id} when it is a short token of safe characters, else a fresh random
 * one. It is returned in {@code Tearline-Request-Id} to a caller who sent {@code X-Request-Id}, and on
 * every 5xx answer; otherwise not, so that two answers differ in nothing the caller did not ask for (a
 * hidden report must answer exactly like a missing one, headers included). The timer is Prometheus's
 * {@code http_server_requests_seconds{method,route,status}}, with a few fixed buckets rather than a
 * percentile histogram per route.
 */
public final class RequestLog {

    /** Response header carrying the request id. */
    public static final String HEADER = "Tearline-Request-Id";
    /** Request header a caller (or a proxy) may use to propose a request id. */
    public static final String CALLER_HEADER = "X-Request-Id";

    private static final String ID = "tearline.requestId";
    private static final String ROUTE = "tearline.route";
    private static final String SUBJECT = "tearline.subject";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
    private static final Logger LOG = LoggerFactory.getLogger("tearline.access");
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofMillis(2500)};

    private final MeterRegistry metrics;

    public RequestLog(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** First thing for every request: settle its id and put it on the response. */
    public void begin(Context ctx) {
        String proposed = ctx.header(CALLER_HEADER);
        String id = proposed != null && SAFE_ID.matcher(proposed).matches() ? proposed : newId();
        ctx.attribute(ID, id);
        if (proposed != null) {
            ctx.header(HEADER, id);
        }
    }

    /** Names the route template that matched (called by the route's handler). */
    public static void route(Context ctx, String template) {
        ctx.attribute(ROUTE, template);
    }

    /** Names the authenticated subject. */
    public static void subject(Context ctx, String name) {
        ctx.attribute(SUBJECT, name);
    }

    /** Puts the request's id on the response (a server error: the caller needs it to report the failure). */
    public static void expose(Context ctx) {
        ctx.header(HEADER, id(ctx));
    }

    /** The request's id, once {@link #begin} has run. */
    public static String id(Context ctx) {
        String id = ctx.attribute(ID);
        return id == null ? "-" : id;
    }

    /** Last thing for every request (Javalin's request logger): the access line and the timer sample. */
    public void end(Context ctx, Float millis) {
        String method = ctx.method().name();
        int status = ctx.status().getCode();
        String route = ctx.attribute(ROUTE);
        if (route == null) {
            route = status == 404 ? "NOT_FOUND" : "UNKNOWN"; // never the raw path: it may carry ids
        }
        String subject = ctx.attribute(SUBJECT);
        subject = subject == null ? "-" : subject;
        long nanos = (long) (millis * 1_000_000L);
        Timer.builder("http.server.requests")
                .description("HTTP requests by method, route template and status")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(metrics)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (LOG.isInfoEnabled()) {
            String ms = String.format(Locale.ROOT, "%.1f", millis);
            LOG.atInfo()
                    .addKeyValue("method", method)
                    .addKeyValue("route", route)
                    .addKeyValue("status", status)
                    .addKeyValue("durationMs", ms)
                    .addKeyValue("requestId", id(ctx))
                    .addKeyValue("subject", subject)
                    .log("{} {} {} {} ms id={} subject={}", method, route, status, ms, id(ctx), subject);
        }
    }

    private static String newId() {
        // a request id correlates log lines and is no secret: a thread-local generator, not the shared,
        // locked SecureRandom that every request would queue on
        byte[] b = new byte[12];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
