package io.tearline.server.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tearline.server.Config;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Repeated authentication failures, per key ({@code address:...} or {@code subject:...}): counted
 * over a sliding window; past {@code slowAfter} failures each refusal is delayed a little more, past
 * {@code refuseAfter} the key is locked for {@code lockFor} and every request under it is refused (429)
 * without being verified. At most {@value #MAX_KEYS} keys are tracked (the least recently used are
 * forgotten), so a flood of made-up subjects cannot exhaust memory. Thread-safe.
 */
public final class Lockout {

    static final int MAX_KEYS = 100_000;

    /** What a failure led to: a delay before the answer, and whether the key is now locked. */
    public record Verdict(Duration delay, boolean lockedNow) {}

    private static final class State {
        final ArrayDeque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil = Instant.EPOCH;
    }

    private final Config.Lockout config;
    private final Clock clock;
    private final Cache<String, State> states;

    public Lockout(Config.Lockout config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.states = Caffeine.newBuilder().maximumSize(MAX_KEYS)
                .expireAfterAccess(config.window().plus(config.lockFor())).build();
    }

    /** How long {@code key} stays locked, if it is locked now. */
    public Optional<Duration> locked(String key) {
        State s = states.getIfPresent(key);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (s) {
            return now.isBefore(s.lockedUntil) ? Optional.of(Duration.between(now, s.lockedUntil)) : Optional.empty();
        }
    }

    /** Counts a failure under {@code key}. */
    public Verdict failed(String key) {
        State s = states.get(key, k -> new State());
        Instant now = clock.instant();
        synchronized (s) {
            Instant since = now.minus(config.window());
            while (!s.failures.isEmpty() && s.failures.peekFirst().isBefore(since)) {
                s.failures.pollFirst();
            }
            s.failures.addLast(now);
            while (s.failures.size() > config.refuseAfter()) {
                s.failures.pollFirst(); // the count never needs to exceed the threshold
            }
            int n = s.failures.size();
            if (n >= config.refuseAfter() && !now.isBefore(s.lockedUntil)) {
                s.lockedUntil = now.plus(config.lockFor());
                s.failures.clear();
                return new Verdict(Duration.ZERO, true);
            }
            if (n <= config.slowAfter()) {
                return new Verdict(Duration.ZERO, false);
            }
            Duration d = config.delayStep().multipliedBy(n - config.slowAfter());
            return new Verdict(d.compareTo(config.maxDelay()) > 0 ? config.maxDelay() : d, false);
        }
    }
}
