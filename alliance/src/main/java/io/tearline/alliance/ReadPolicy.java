package io.tearline.alliance;

import io.tearline.access.Decision;
import io.tearline.access.DecisionEngine;
import io.tearline.access.Equivalence;
import io.tearline.access.Principal;
import io.tearline.access.Reason;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every read decision: the marking's rules (access) and then the alliance gate, for one alliance
 * snapshot on one day. Build a new policy when either changes; {@link #key()} tells them apart.
 * Immutable and thread-safe.
 */
public final class ReadPolicy {

    private final Alliance alliance;
    private final LocalDate day;
    private final DecisionEngine engine;
    // the gate depends only on (reader nation, owner, level) for one snapshot and day: few answers, asked often
    private final Map<Gate, Optional<Reason>> gates = new ConcurrentHashMap<>();

    private record Gate(String reader, String owner, Level level) {}

    public ReadPolicy(Alliance alliance, Equivalence equivalence, LocalDate day) {
        this.alliance = alliance;
        this.day = day;
        this.engine = new DecisionEngine(alliance.membership(), equivalence);
    }

    public Alliance alliance() {
        return alliance;
    }

    public LocalDate day() {
        return day;
    }

    public DecisionEngine engine() {
        return engine;
    }

    /** Identifies the inputs of this policy, for caches of its answers. */
    public Key key() {
        return new Key(alliance.version(), day);
    }

    public record Key(long allianceVersion, LocalDate day) {}

    /**
     * Decides a read of a portion of a report owned by {@code owner}; a denial lists the marking's
     * unmet requirements and, for a foreign reader, the closed gate.
     */
    public Decision decide(Principal p, Marking m, String owner, Set<String> disseminationList) {
        return gated(p, m, owner, engine.decide(p, m, owner, disseminationList));
    }

    /**
     * {@link #decide} from the marking's own decision already made by this policy's {@link #engine()}
     * (for instance through a {@link io.tearline.access.DecisionCache} over it): adds the alliance gate.
     */
    public Decision gated(Principal p, Marking m, String owner, Decision d) {
        Optional<Reason> gate = gate(p.nation(), owner, m.level());
        if (gate.isEmpty()) {
            return d;
        }
        List<Reason> reasons = new ArrayList<>(d.reasons());
        reasons.add(gate.get());
        return new Decision.Deny(reasons);
    }

    /** Whether the portion is releasable to a nation as such (no one person's clearance or read-ins). */
    public boolean releasableTo(String nation, Marking m, String owner) {
        return engine.nationReasons(nation, m, owner).isEmpty() && gate(nation, owner, m.level()).isEmpty();
    }

    /** Whether the alliance gate stands open to {@code readerNation} for {@code owner}'s portions at {@code level}. */
    public boolean gateOpen(String readerNation, String owner, Level level) {
        return gate(readerNation, owner, level).isEmpty();
    }

    private Optional<Reason> gate(String reader, String owner, Level level) {
        return gates.computeIfAbsent(new Gate(reader, owner, level), g -> alliance.gate(g.reader(), g.owner(), g.level(), day));
    }
}
