package io.tearline.server.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.tearline.audit.AuditLog;
import io.tearline.audit.AuditStats;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;

/**
 * The service's meters besides the HTTP timer ({@link RequestLog}): the JVM, the caches and the audit
 * log. Names follow Micrometer's conventions, which the Prometheus registry renders as
 * {@code tearline_audit_entries}, {@code cache_gets_total{cache="decisions",result="hit"}}, ...
 *
 * <p>The connection pool's meters ({@code hikaricp_connections_active}, ...) are HikariCP's own,
 * attached to the running pool.
 */
public final class ServerMetrics {

    private ServerMetrics() {}

    public static void bindJvm(MeterRegistry r) {
        new JvmMemoryMetrics().bindTo(r);
        new JvmGcMetrics().bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        new UptimeMetrics().bindTo(r);
    }

    /**
     * HikariCP's pool meters, when {@code ds} is a HikariCP pool that has none yet (a pool takes one
     * registry for its lifetime: a second server over the same pool keeps the first's).
     */
    public static void bindPool(MeterRegistry r, DataSource ds) {
        if (ds instanceof HikariDataSource h && h.getMetricRegistry() == null && h.getMetricsTrackerFactory() == null) {
            h.setMetricRegistry(r);
        }
    }

    /** Cache counters under the names {@link #bindCache} uses, read from a stats snapshot supplier. */
    public static void bindCacheStats(MeterRegistry r, String name,
                                      java.util.function.Supplier<com.github.benmanes.caffeine.cache.stats.CacheStats> stats) {
        io.micrometer.core.instrument.FunctionCounter.builder("cache.gets", stats, s -> s.get().hitCount())
                .tag("cache", name).tag("result", "hit").description("cache hits").register(r);
        io.micrometer.core.instrument.FunctionCounter.builder("cache.gets", stats, s -> s.get().missCount())
                .tag("cache", name).tag("result", "miss").description("cache misses").register(r);
        io.micrometer.core.instrument.FunctionCounter.builder("cache.evictions", stats, s -> s.get().evictionCount())
                .tag("cache", name).description("cache evictions").register(r);
    }

    public static void bindCache(MeterRegistry r, String name, Cache<?, ?> cache) {
        CaffeineCacheMetrics.monitor(r, cache, name);
    }

    /**
     * The audit log: entries, group commits (count and time: the append time), changes rolled back,
     * checkpoints signed, entries not yet covered by a signed checkpoint and how long they have waited.
     * The time an answer waits for its entry to be durable is {@code tearline_audit_wait_seconds}
     * ({@link Receipts}).
     */
    public static void bindAudit(MeterRegistry r, AuditLog log) {
        gauge(r, "tearline.audit.entries", "entries in the audit log", log, l -> l.stats().size());
        FunctionTimer.builder("tearline.audit.commit", log, l -> l.stats().commits(),
                        l -> l.stats().commitNanos(), TimeUnit.NANOSECONDS)
                .description("group commits of audit entries and the time spent in them").register(r);
        FunctionCounter.builder("tearline.audit.failed.changes", log, l -> l.stats().failedChanges())
                .description("changes rolled back with their audit entry").register(r);
        FunctionCounter.builder("tearline.audit.checkpoints", log, l -> l.stats().checkpoints())
                .description("checkpoints signed by this process").register(r);
        gauge(r, "tearline.audit.unsigned.entries", "entries not yet covered by a signed checkpoint", log,
                l -> Math.max(0, l.stats().size() - l.stats().signedSize()));
        Gauge.builder("tearline.audit.checkpoint.age", log, ServerMetrics::checkpointAgeSeconds).baseUnit("seconds")
                .description("0 when the latest signed checkpoint covers every entry, else seconds since it was signed")
                .register(r);
        Gauge.builder("tearline.audit.tree.memory", log, l -> l.stats().treeMemoryBytes()).baseUnit("bytes")
                .description("memory held by the in-memory Merkle tree").register(r);
    }

    static double checkpointAgeSeconds(AuditLog log) {
        AuditStats s = log.stats();
        if (s.signedSize() >= s.size()) {
            return 0;
        }
        return Math.max(0, System.currentTimeMillis() - s.checkpointMillis()) / 1000.0;
    }

    private static <T> void gauge(MeterRegistry r, String name, String description, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).description(description).register(r);
    }
}
