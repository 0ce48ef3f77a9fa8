package io.tearline.alliance;

import static io.tearline.alliance.Scenario.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.markings.Marking;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WhatIfTest {

    final Alliance a = Scenario.alliance();

    /** The scenario's reports, portion by portion (index 0 is the title). */
    static List<WhatIf.Portion> scenarioPortions() {
        List<WhatIf.Portion> out = new ArrayList<>();
        add(out, "R1", "USA", "(U)", "(U)", "(S//REL TO USA, JPN, PHL)", "(S//REL TO USA, FVEY)", "(S//NF)");
        add(out, "R2", "USA", "(U)", "(U)", "(C//REL TO USA, JPN, PHL)");
        add(out, "R3", "USA", "(U)", "(S//REL TO USA, JPN)", "(S//NF)");
        add(out, "R4", "USA", "(S//REL TO USA, FVEY)", "(S//REL TO USA, FVEY)");
        add(out, "R5", "USA", "(TS//SI//REL TO USA, FVEY)", "(TS//SI//REL TO USA, FVEY)");
        add(out, "R6", "USA", "(U)", "(S//OC/REL TO USA, GBR)");
        add(out, "R7", "USA", "(U)", "(U)");
        add(out, "R8", "JPN", "(U)", "(//JPN S//REL TO USA, JPN)");
        return out;
    }

    static void add(List<WhatIf.Portion> out, String report, String owner, String... markings) {
        for (int i = 0; i < markings.length; i++) {
            out.add(new WhatIf.Portion(report, i, Scenario.m(markings[i]), owner));
        }
    }

    @Test
    void admittingJapanToFiveEyes() {
        WhatIf.Result r = WhatIf.analyse(a, Scenario.EQUIVALENCE, TODAY, new WhatIf.Change.Admit("JPN", "FVEY"), scenarioPortions());
        assertThat(r.eligible()).isFalse();
        assertThat(r.blockingControls()).extracting(Blocker::control).containsExactly("CI-1", "NET-1");
        assertThat(r.blockingControls()).extracting(Blocker::status).containsOnly("PARTIAL");
        assertThat(r.gained().portions()).extracting(p -> p.reportId() + "#" + p.portionIndex())
                .containsExactlyInAnyOrder("R1#3", "R4#0", "R4#1", "R5#0", "R5#1");
        assertThat(r.lost().count()).isZero();
    }

    @Test
    void removingJapanFromTheTrilateralLosesNothingWhileUsJpnStillCovers() {
        WhatIf.Result r = WhatIf.analyse(a, Scenario.EQUIVALENCE, TODAY, new WhatIf.Change.Remove("JPN", "US-JPN-PHL"), scenarioPortions());
        assertThat(r.lost().count()).isZero();
        WhatIf.Result both = WhatIf.analyse(a.withChangedCommunity(withoutJapan(a.community("US-JPN").orElseThrow())),
                Scenario.EQUIVALENCE, TODAY, new WhatIf.Change.Remove("JPN", "US-JPN-PHL"), scenarioPortions());
        assertThat(both.lost().portions()).extracting(p -> p.reportId() + "#" + p.portionIndex())
                .containsExactlyInAnyOrder("R1#2", "R2#2", "R3#1");
    }

    static Community withoutJapan(Community c) {
        var members = new java.util.HashSet<>(c.members());
        members.remove("JPN");
        return new Community(c.id(), c.tetragraph(), members, c.coversUpTo(), c.requiredControls());
    }

    @Test
    void aControlChangeCanMakeANationEligible() {
        Alliance philippinesMeetsPer1 = Scenario.assess(a, "PHL", "PHY-1", Status.MET);
        WhatIf.Result r = WhatIf.analyse(philippinesMeetsPer1, Scenario.EQUIVALENCE, TODAY,
                new WhatIf.Change.Assess("PHL", "PER-1", Status.MET), scenarioPortions());
        assertThat(r.eligible()).isTrue();
        assertThat(r.gained().count()).isZero(); // PHL joins no community by meeting controls
    }

    /** Counts agree with a brute-force evaluation, portion by portion, over a random corpus. */
    @Test
    void countsAgreeWithBruteForceOnRandomCorpora() {
        long seed = Long.getLong("tearline.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] pool = {"(U)", "(S//NF)", "(S//REL TO USA, JPN)", "(S//REL TO USA, FVEY)", "(TS//REL TO USA, FVEY)",
                "(C//REL TO USA, JPN, PHL)", "(TS//SI//REL TO USA, FVEY)", "(S//REL TO USA, AUS, GBR)", "(S//REL TO USA, ACGU)",
                "(U//FOUO)", "(S//DISPLAY ONLY JPN)", "(TS//REL TO USA, JPN)", "(//GBR S//REL TO USA, GBR, JPN)", "(S)"};
        String[] owners = {"USA", "USA", "USA", "GBR", "JPN"};
        for (int round = 0; round < 20; round++) {
            List<WhatIf.Portion> corpus = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                corpus.add(new WhatIf.Portion("R" + (i / 4), i % 4, Scenario.m(pool[rnd.nextInt(pool.length)]), owners[rnd.nextInt(owners.length)]));
            }
            WhatIf.Result r = WhatIf.analyse(a, Scenario.EQUIVALENCE, TODAY, new WhatIf.Change.Admit("JPN", "FVEY"), corpus);
            int gained = 0;
            for (WhatIf.Portion p : corpus) {
                boolean before = bruteForce(p.marking(), p.owner(), false);
                boolean after = bruteForce(p.marking(), p.owner(), true);
                gained += after && !before ? 1 : 0;
            }
            assertThat(r.gained().count()).as("seed %d round %d", seed, round).isEqualTo(gained);
        }
    }

    /**
     * Plain statement of "releasable to JPN" for this corpus: not US-only, named by the release list (FVEY
     * counts only once admitted), no unknown equivalence (only owner-to-USA pairs are on file), and, for
     * someone else's classified material, an agreement JPN is eligible in: US-JPN covers SECRET, FVEY
     * (once admitted with its controls met) covers TOP SECRET and includes GBR.
     */
    static boolean bruteForce(Marking m, String owner, boolean admitted) {
        String banner = m.banner();
        if (banner.contains("NOFORN") || banner.contains("FOUO")) return false;
        if (m.classification() instanceof io.tearline.markings.Classification.Foreign) return false;
        boolean named = m.relTo().contains("JPN") || m.displayOnly().contains("JPN") || (admitted && m.relTo().contains("FVEY"));
        if (!m.level().isClassified()) return named || m.relTo().isEmpty() && m.displayOnly().isEmpty();
        if (!named) return false;
        return switch (owner) {
            case "JPN" -> true;
            case "USA" -> m.level() != io.tearline.markings.Level.TOP_SECRET || admitted;
            default -> admitted;
        };
    }
}
