package io.tearline.alliance;

import io.tearline.access.Clearance;
import io.tearline.access.Equivalence;
import io.tearline.access.Principal;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import io.tearline.markings.Markings;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The alliance of spec/SCENARIO.md, built through the model's own validated changes. */
final class Scenario {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
    static final Markings MARKINGS = Markings.standard();
    static final Equivalence EQUIVALENCE = Equivalence.of(MARKINGS.register());
    static final List<String> ALL = List.of("PER-1", "LAW-1", "PHY-1", "COM-1", "NET-1", "INC-1", "TPR-1", "AUD-1", "CI-1");

    private Scenario() {}

    static Alliance alliance() {
        Alliance a = Alliance.empty();
        for (String n : List.of("USA", "JPN", "PHL", "AUS", "CAN", "GBR", "NZL", "KOR")) {
            a = a.withNation(new Nation(n, n));
        }
        for (String c : ALL) {
            a = a.withControl(new Control(c, "EXERCISE requirement " + c));
        }
        a = a.withNewCommunity(new Community("FVEY", Optional.of("FVEY"), Set.of("USA", "AUS", "CAN", "GBR", "NZL"), Level.TOP_SECRET, Set.copyOf(ALL)));
        a = a.withNewCommunity(new Community("ACGU", Optional.of("ACGU"), Set.of("USA", "AUS", "CAN", "GBR"), Level.TOP_SECRET, Set.copyOf(ALL)));
        a = a.withNewCommunity(new Community("TEYE", Optional.of("TEYE"), Set.of("USA", "CAN", "GBR"), Level.TOP_SECRET, Set.copyOf(ALL)));
        a = a.withNewCommunity(new Community("AUKUS", Optional.empty(), Set.of("USA", "AUS", "GBR"), Level.TOP_SECRET, Set.copyOf(ALL)));
        a = a.withNewCommunity(new Community("US-JPN", Optional.empty(), Set.of("USA", "JPN"), Level.SECRET,
                Set.of("PER-1", "LAW-1", "PHY-1", "COM-1", "INC-1", "TPR-1")));
        a = a.withNewCommunity(new Community("US-JPN-PHL", Optional.empty(), Set.of("USA", "JPN", "PHL"), Level.SECRET,
                Set.of("LAW-1", "COM-1", "INC-1", "TPR-1")));
        for (String n : List.of("USA", "AUS", "CAN", "GBR", "NZL")) {
            for (String c : ALL) a = assess(a, n, c, Status.MET);
        }
        for (String c : List.of("PER-1", "LAW-1", "PHY-1", "COM-1", "INC-1", "TPR-1", "AUD-1")) a = assess(a, "JPN", c, Status.MET);
        a = assess(a, "JPN", "NET-1", Status.PARTIAL);
        a = assess(a, "JPN", "CI-1", Status.PARTIAL);
        for (String c : List.of("LAW-1", "COM-1", "INC-1", "TPR-1")) a = assess(a, "PHL", c, Status.MET);
        for (String c : List.of("PER-1", "PHY-1", "AUD-1")) a = assess(a, "PHL", c, Status.PARTIAL);
        for (String c : List.of("NET-1", "CI-1")) a = assess(a, "PHL", c, Status.NOT_MET);
        return a;
    }

    static Alliance assess(Alliance a, String nation, String control, Status s) {
        return a.withAssessment(new Assessment(nation, control, s, "EXERCISE board", "EXERCISE evidence " + control,
                TODAY.minusMonths(3), TODAY.plusYears(3)));
    }

    static Marking m(String portion) {
        return MARKINGS.parse(portion);
    }

    static Principal person(String nation, Clearance c, String... accesses) {
        return new Principal("p", nation, c, Set.of(accesses), Set.of("ORG"), Set.of("analyst"));
    }
}
