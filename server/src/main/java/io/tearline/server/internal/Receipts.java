package io.tearline.server.internal;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tearline.audit.AuditLog;
import io.tearline.audit.Receipt;
import io.tearline.audit.Receipted;
import io.tearline.audit.JdbcWork;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** Appends audit entries and puts their receipts on the response: an answer leaves only once its entry is durable. */
public final class Receipts {

    public static final String INDEX = "Tearline-Audit-Index";
    public static final String LEAF = "Tearline-Audit-Leaf";

    private final AuditLog audit;
    private final Timer wait;

    /** @param metrics where the time an answer waits for its entry to be durable is recorded */
    public Receipts(AuditLog audit, MeterRegistry metrics) {
        this.audit = audit;
        this.wait = Timer.builder("tearline.audit.wait").description("time an answer waits for its audit entry to be durable")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    /** Records an event (group-committed) and waits until it is durable. */
    public Receipt record(Context ctx, AuditEvent event) {
        long start = System.nanoTime();
        Receipt r = join(audit.append(event.entry()));
        wait.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        attach(ctx, r);
        return r;
    }

    /** Runs a change and records its event in the same transaction; the caller attaches the receipt. */
    public <T> Receipted<T> recordWith(JdbcWork<T> change, Function<? super T, ? extends AuditEvent> event) {
        return join(audit.appendWith(change, v -> event.apply(v).entry()));
    }

    /** Records an event written outside any request (a summary), without a response to attach it to. */
    public Receipt record(AuditEvent event) {
        return join(audit.append(event.entry()));
    }

    /** Whether an entry was already recorded for this request (its receipt is on the response). */
    public static boolean recorded(Context ctx) {
        return ctx.res().getHeader(INDEX) != null;
    }

    public static void attach(Context ctx, Receipt r) {
        ctx.header(INDEX, Long.toString(r.index()));
        ctx.header(LEAF, r.leafHash().base64());
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
