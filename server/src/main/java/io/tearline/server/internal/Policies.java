package io.tearline.server.internal;

import io.tearline.access.Equivalence;
import io.tearline.access.Principal;
import io.tearline.alliance.Alliance;
import io.tearline.alliance.ReadPolicy;
import io.tearline.audit.AuditLog;
import io.tearline.audit.Receipted;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;

/**
 * The current alliance and the read policy it implies. A change is validated, written with its audit
 * entry in one transaction, and only then published, so the next request sees it; the policy's key
 * changes with it, which retires every cached visibility set. Eligibility also changes when a day
 * passes (assessments expire), so the policy is rebuilt on a new day too. Thread-safe.
 */
public final class Policies {

    private final AllianceVersions versions;
    private final AuditLog audit;
    private final Equivalence equivalence;
    private final Clock clock;
    private volatile Alliance alliance;
    private volatile ReadPolicy policy;

    public Policies(AllianceVersions versions, Alliance initial, AuditLog audit, Equivalence equivalence, Clock clock) {
        this.versions = versions;
        this.audit = audit;
        this.equivalence = equivalence;
        this.clock = clock;
        this.alliance = versions.latest().orElse(initial);
    }

    public Alliance alliance() {
        return alliance;
    }

    public Equivalence equivalence() {
        return equivalence;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public ReadPolicy current() {
        Alliance a = alliance;
        LocalDate today = today();
        ReadPolicy p = policy;
        if (p == null || p.alliance() != a || !p.day().equals(today)) {
            p = new ReadPolicy(a, equivalence, today);
            policy = p;
        }
        return p;
    }

    /**
     * Applies a change: {@code change} validates (throwing changes nothing), the new version and its
     * audit entry commit together, then the new alliance is published.
     */
    public synchronized Receipted<Alliance> change(Principal who, String action, String reason, Map<String, ?> details,
                                                   UnaryOperator<Alliance> change) {
        Alliance next = change.apply(alliance);
        try {
            Receipted<Alliance> done = audit.appendWith(c -> {
                versions.write(c, next, who.name(), reason);
                return next;
            }, a -> new AuditEvent.AllianceChange(who, action, reason, a.version(), details, a.nations().keySet())
                    .entry()).join();
            alliance = done.value();
            return done;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
