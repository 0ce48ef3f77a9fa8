package io.tearline.server.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unauthenticated refusals, counted rather than logged one by one: a flood of 401s must neither grow
 * the audit log at the attacker's rate nor go unrecorded. Each refusal is counted under (reason,
 * route, source network); once per window the counts become one {@link AuditEvent.Unauthenticated}
 * entry with each bucket's count and its first and last time. A window holds at most
 * {@value #MAX_SOURCES} source networks; refusals from further ones are counted under the source
 * {@code "other"}, so an entry's size is bounded and its counts still add up to every refusal.
 * The last window is written on {@link #close()}. Thread-safe.
 */
public final class AuthFailures implements AutoCloseable {

    /** How often a summary is written, at most. */
    public static final Duration WINDOW = Duration.ofSeconds(10);
    static final int MAX_SOURCES = 64;
    private static final java.util.regex.Pattern LITERAL =
            java.util.regex.Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private static final Logger LOG = LoggerFactory.getLogger(AuthFailures.class);

    private record Key(String reason, String route, String source) {}

    private static final class Tally {
        long count;
        Instant first;
        Instant last;
    }

    private final Consumer<AuditEvent.Unauthenticated> sink;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private Map<Key, Tally> window = new HashMap<>(); // guarded by this
    private final java.util.Set<String> sources = new java.util.HashSet<>(); // guarded by this
    private Instant opened;
    private boolean closed;

    /** @param sink writes a summary to the audit log (and waits until it is durable) */
    public AuthFailures(Consumer<AuditEvent.Unauthenticated> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
        this.opened = clock.instant();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tearline-auth-failures");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::flushQuietly, WINDOW.toMillis(), WINDOW.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Counts one refusal. {@code address} is the peer's IP address; it is kept as its network. */
    public void count(String reason, String route, String address) {
        Instant now = clock.instant();
        String network = network(address);
        synchronized (this) {
            if (!sources.contains(network)) {
                if (sources.size() >= MAX_SOURCES) {
                    network = "other";
                } else {
                    sources.add(network);
                }
            }
            Tally t = window.computeIfAbsent(new Key(reason, route, network), k -> new Tally());
            if (t.count++ == 0) {
                t.first = now;
            }
            t.last = now;
        }
    }

    /** Writes the current window's summary, if anything was counted, and starts a new window. */
    public void flush() {
        Map<Key, Tally> done;
        Instant from;
        Instant to = clock.instant();
        synchronized (this) {
            if (window.isEmpty()) {
                opened = to;
                return;
            }
            done = window;
            from = opened;
            window = new HashMap<>();
            sources.clear();
            opened = to;
        }
        List<AuditEvent.Unauthenticated.Bucket> buckets = new ArrayList<>();
        long total = 0;
        for (Map.Entry<Key, Tally> e : done.entrySet()) {
            Key k = e.getKey();
            Tally t = e.getValue();
            buckets.add(new AuditEvent.Unauthenticated.Bucket(k.reason(), k.route(), k.source(), t.count, t.first, t.last));
            total += t.count;
        }
        buckets.sort(Comparator.comparing(AuditEvent.Unauthenticated.Bucket::first)
                .thenComparing(AuditEvent.Unauthenticated.Bucket::reason)
                .thenComparing(AuditEvent.Unauthenticated.Bucket::route)
                .thenComparing(AuditEvent.Unauthenticated.Bucket::source));
        sink.accept(new AuditEvent.Unauthenticated(from, to, total, buckets));
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.error("cannot write the summary of unauthenticated requests", e);
        }
    }

    /** Stops the timer and writes the last window. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    /** An IPv4 address's /24, an IPv6 address's /48: one bucket per network, not per address. */
    static String network(String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        literal = zone < 0 ? literal : literal.substring(0, zone);
        if (!LITERAL.matcher(literal).matches()) {
            return "unknown"; // never a name: no lookups for what a peer sends
        }
        try {
            byte[] a = InetAddress.getByName(literal).getAddress();
            if (a.length == 4) {
                return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24";
            }
            return String.format("%x:%x:%x::/48", ((a[0] & 0xff) << 8) | (a[1] & 0xff),
                    ((a[2] & 0xff) << 8) | (a[3] & 0xff), ((a[4] & 0xff) << 8) | (a[5] & 0xff));
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
