package io.tearline.alliance;

import io.tearline.access.Equivalence;
import io.tearline.markings.Marking;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What would change for a nation if the alliance changed: whether it would be eligible, which controls
 * block it, and which portions would become releasable or unreleasable to it. Portions are counted at
 * nation level (individual readers still need their clearance and read-ins).
 */
public final class WhatIf {

    private WhatIf() {}

    /** A hypothetical change. */
    public sealed interface Change {
        String nation();

        /** Admit a nation to a community; releasability is counted as if its required controls were met. */
        record Admit(String nation, String community) implements Change {}

        /** Remove a nation from a community. */
        record Remove(String nation, String community) implements Change {}

        /** Change one assessment's status (assessed today, valid for a year). */
        record Assess(String nation, String control, Status status) implements Change {}
    }

    /** A portion to count: where it is, its marking, and its report's owner nation. */
    public record Portion(String reportId, int portionIndex, Marking marking, String owner) {}

    /** A counted portion as reported: where it is and its classification. */
    public record PortionRef(String reportId, int portionIndex, String classification) {}

    public record Delta(int count, List<PortionRef> portions) {
        public Delta {
            portions = List.copyOf(portions);
        }
    }

    public record Result(String nation, boolean eligible, List<Blocker> blockingControls, Delta gained, Delta lost) {
        public Result {
            blockingControls = List.copyOf(blockingControls);
        }
    }

    public static Result analyse(Alliance now, Equivalence equivalence, LocalDate day, Change change,
                                 Iterable<Portion> portions) {
        String nation = change.nation();
        boolean eligible;
        List<Blocker> blockers;
        Alliance counted;
        switch (change) {
            case Change.Admit a -> {
                Community c = now.community(a.community()).orElseThrow(() ->
                        new AllianceException("community.unknown", "to", "no community " + a.community()));
                requireNation(now, nation, "admit");
                Set<String> members = new HashSet<>(c.members());
                members.add(nation);
                Alliance admitted = now.withChangedCommunity(
                        new Community(c.id(), c.tetragraph(), members, c.coversUpTo(), c.requiredControls()));
                eligible = admitted.eligible(nation, c.id(), day);
                blockers = admitted.blockers(nation, c.id(), day);
                counted = admitted;
                for (String control : c.requiredControls()) {
                    counted = counted.withAssessment(new Assessment(nation, control, Status.MET, "what-if",
                            "assumed met for the what-if analysis", day, day));
                }
            }
            case Change.Remove r -> {
                Community c = now.community(r.community()).orElseThrow(() ->
                        new AllianceException("community.unknown", "from", "no community " + r.community()));
                if (!c.members().contains(nation)) {
                    throw new AllianceException("community.not-member", "remove", nation + " is not a member of " + c.id());
                }
                Set<String> members = new HashSet<>(c.members());
                members.remove(nation);
                counted = now.withChangedCommunity(
                        new Community(c.id(), c.tetragraph(), members, c.coversUpTo(), c.requiredControls()));
                eligible = false;
                blockers = List.of();
            }
            case Change.Assess s -> {
                counted = now.withAssessment(new Assessment(nation, s.control(), s.status(), "what-if",
                        "hypothetical assessment", day, day.plusYears(1)));
                List<Blocker> all = new ArrayList<>();
                boolean any = false;
                for (Community c : counted.communities().values().stream()
                        .filter(c -> c.members().contains(nation))
                        .sorted(java.util.Comparator.comparing(Community::id)).toList()) {
                    any |= counted.eligible(nation, c.id(), day);
                    for (Blocker b : counted.blockers(nation, c.id(), day)) {
                        if (all.stream().noneMatch(x -> x.control().equals(b.control()))) {
                            all.add(b);
                        }
                    }
                }
                eligible = any;
                blockers = all;
            }
        }
        ReadPolicy before = new ReadPolicy(now, equivalence, day);
        ReadPolicy after = new ReadPolicy(counted, equivalence, day);
        record Label(Marking marking, String owner) {}
        Map<Label, Integer> memo = new HashMap<>(); // bit 1: releasable before, bit 2: after
        List<PortionRef> gained = new ArrayList<>();
        List<PortionRef> lost = new ArrayList<>();
        for (Portion p : portions) {
            int state = memo.computeIfAbsent(new Label(p.marking(), p.owner()), l ->
                    (before.releasableTo(nation, l.marking(), l.owner()) ? 1 : 0)
                            | (after.releasableTo(nation, l.marking(), l.owner()) ? 2 : 0));
            PortionRef ref = new PortionRef(p.reportId(), p.portionIndex(), p.marking().level().banner());
            if (state == 2) {
                gained.add(ref);
            } else if (state == 1) {
                lost.add(ref);
            }
        }
        return new Result(nation, eligible, blockers, new Delta(gained.size(), gained), new Delta(lost.size(), lost));
    }

    private static void requireNation(Alliance a, String nation, String field) {
        if (!a.nations().containsKey(nation)) {
            throw new AllianceException("nation.unknown", field, "unknown nation " + nation);
        }
    }
}
