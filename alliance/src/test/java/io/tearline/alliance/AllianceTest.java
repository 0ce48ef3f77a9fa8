package io.tearline.alliance;

import static io.tearline.alliance.Scenario.TODAY;
import static io.tearline.alliance.Scenario.m;
import static io.tearline.alliance.Scenario.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tearline.access.Clearance;
import io.tearline.access.Decision;
import io.tearline.access.Reason;
import io.tearline.markings.Level;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllianceTest {

    final Alliance a = Scenario.alliance();

    @Test
    void eligibilityFollowsTheScenario() {
        assertThat(a.eligible("JPN", "US-JPN", TODAY)).isTrue();
        assertThat(a.eligible("JPN", "US-JPN-PHL", TODAY)).isTrue();
        assertThat(a.eligible("JPN", "FVEY", TODAY)).isFalse();
        assertThat(a.eligible("JPN", "AUKUS", TODAY)).isFalse();
        assertThat(a.eligible("PHL", "US-JPN-PHL", TODAY)).isTrue();
        assertThat(a.eligible("PHL", "US-JPN", TODAY)).isFalse();
        assertThat(a.eligible("GBR", "FVEY", TODAY)).isTrue();
    }

    @Test
    void standingListsEveryCommunityOfTheNationWithItsBlockers() {
        Standing jpn = a.standing("JPN", TODAY);
        assertThat(jpn.communities()).extracting(Standing.In::community, Standing.In::eligible).containsExactly(
                org.assertj.core.groups.Tuple.tuple("US-JPN", true), org.assertj.core.groups.Tuple.tuple("US-JPN-PHL", true));
        Standing phl = a.standing("PHL", TODAY);
        assertThat(phl.communities()).singleElement().satisfies(in -> {
            assertThat(in.community()).isEqualTo("US-JPN-PHL");
            assertThat(in.eligible()).isTrue();
        });
        assertThat(a.standing("KOR", TODAY).communities()).isEmpty();
    }

    @Test
    void onlyMetAndUnexpiredAssessmentsCount() {
        Alliance lapsed = a.withAssessment(new Assessment("JPN", "LAW-1", Status.MET, "b", "e",
                TODAY.minusYears(1), TODAY.minusDays(1)));
        assertThat(lapsed.eligible("JPN", "US-JPN", TODAY)).isFalse();
        assertThat(lapsed.blockers("JPN", "US-JPN", TODAY)).extracting(Blocker::control, Blocker::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LAW-1", "EXPIRED"));
        // the expiry day itself still counts; the day after does not
        Alliance endsToday = a.withAssessment(new Assessment("JPN", "LAW-1", Status.MET, "b", "e", TODAY.minusYears(1), TODAY));
        assertThat(endsToday.eligible("JPN", "US-JPN", TODAY)).isTrue();
        assertThat(endsToday.eligible("JPN", "US-JPN", TODAY.plusDays(1))).isFalse();
        Alliance partial = Scenario.assess(a, "JPN", "PER-1", Status.PARTIAL);
        assertThat(partial.eligible("JPN", "US-JPN", TODAY)).isFalse();
        assertThat(partial.eligible("JPN", "US-JPN-PHL", TODAY)).isTrue();
    }

    @Test
    void theGateNeedsACommunityWithBothNationsCoveringTheLevelAndTheReaderEligible() {
        assertThat(a.gate("JPN", "USA", Level.SECRET, TODAY)).isEmpty();
        assertThat(a.gate("JPN", "USA", Level.TOP_SECRET, TODAY)).get().extracting(Reason::code).isEqualTo("no-agreement");
        assertThat(a.gate("PHL", "USA", Level.SECRET, TODAY)).isEmpty();
        assertThat(a.gate("KOR", "USA", Level.CONFIDENTIAL, TODAY)).isPresent();
        assertThat(a.gate("GBR", "JPN", Level.SECRET, TODAY)).isPresent(); // no community holds both
        assertThat(a.gate("JPN", "JPN", Level.TOP_SECRET, TODAY)).isEmpty(); // own nation's material
        assertThat(a.gate("KOR", "USA", Level.UNCLASSIFIED, TODAY)).isEmpty();
    }

    @Test
    void readPolicyAddsTheGateToTheMarkingsRules() {
        ReadPolicy policy = new ReadPolicy(a, Scenario.EQUIVALENCE, TODAY);
        var kenji = person("JPN", Clearance.SECRET);
        assertThat(policy.decide(kenji, m("(S//REL TO USA, JPN, PHL)"), "USA", Set.of())).isInstanceOf(Decision.Permit.class);
        assertThat(policy.decide(kenji, m("(S//REL TO USA, FVEY)"), "USA", Set.of()).reasons())
                .extracting(Reason::code).containsExactly("not-released");
        Alliance lapsed = a.withAssessment(new Assessment("JPN", "LAW-1", Status.MET, "b", "e", TODAY.minusYears(1), TODAY.minusDays(1)));
        ReadPolicy after = new ReadPolicy(lapsed, Scenario.EQUIVALENCE, TODAY);
        assertThat(after.decide(kenji, m("(S//REL TO USA, JPN, PHL)"), "USA", Set.of()).reasons())
                .extracting(Reason::code).containsExactly("no-agreement");
        assertThat(after.decide(kenji, m("(U)"), "USA", Set.of())).isInstanceOf(Decision.Permit.class);
        assertThat(after.key()).isNotEqualTo(policy.key());
    }

    @Test
    void tetragraphExpansionFollowsCommunityMembership() {
        var kenji = person("JPN", Clearance.SECRET);
        Community fvey = a.community("FVEY").orElseThrow();
        Alliance admitted = a.withChangedCommunity(new Community("FVEY", fvey.tetragraph(),
                Set.of("USA", "AUS", "CAN", "GBR", "NZL", "JPN"), fvey.coversUpTo(), fvey.requiredControls()));
        for (String c : Scenario.ALL) admitted = Scenario.assess(admitted, "JPN", c, Status.MET);
        ReadPolicy policy = new ReadPolicy(admitted, Scenario.EQUIVALENCE, TODAY);
        assertThat(policy.decide(kenji, m("(S//REL TO USA, FVEY)"), "USA", Set.of())).isInstanceOf(Decision.Permit.class);
        assertThat(policy.decide(kenji, m("(S//NF)"), "USA", Set.of())).isInstanceOf(Decision.Deny.class);
    }

    @Test
    void everyValidationErrorNamesItsRuleAndFieldAndChangesNothing() {
        record Case(String rule, String field, Runnable change) {}
        Community ok = new Community("QUAD", Optional.empty(), Set.of("USA", "JPN"), Level.SECRET, Set.of("LAW-1"));
        List<Case> cases = List.of(
                new Case("community.duplicate", "id", () -> a.withNewCommunity(new Community("FVEY", Optional.empty(), Set.of("USA"), Level.SECRET, Set.of()))),
                new Case("nation.unknown", "members", () -> a.withNewCommunity(new Community("QUAD", Optional.empty(), Set.of("USA", "XYZ"), Level.SECRET, Set.of()))),
                new Case("control.unknown", "requiredControls", () -> a.withNewCommunity(new Community("QUAD", Optional.empty(), Set.of("USA"), Level.SECRET, Set.of("ZZZ-9")))),
                new Case("community.level", "coversUpTo", () -> a.withNewCommunity(new Community("QUAD", Optional.empty(), Set.of("USA"), Level.UNCLASSIFIED, Set.of()))),
                new Case("community.members", "members", () -> a.withNewCommunity(new Community("QUAD", Optional.empty(), Set.of(), Level.SECRET, Set.of()))),
                new Case("community.tetragraph-taken", "tetragraph", () -> a.withNewCommunity(new Community("QUAD", Optional.of("ACGU"), Set.of("USA"), Level.SECRET, Set.of()))),
                new Case("community.id", "id", () -> a.withNewCommunity(new Community("quad!", Optional.empty(), Set.of("USA"), Level.SECRET, Set.of()))),
                new Case("community.unknown", "id", () -> a.withChangedCommunity(new Community("NOPE", Optional.empty(), Set.of("USA"), Level.SECRET, Set.of()))),
                new Case("assessment.expiry-before-assessment", "expiresOn", () -> a.withAssessment(new Assessment("JPN", "NET-1", Status.MET, "b", "e", TODAY, TODAY.minusDays(1)))),
                new Case("nation.unknown", "nation", () -> a.withAssessment(new Assessment("XYZ", "NET-1", Status.MET, "b", "e", TODAY, TODAY))),
                new Case("control.unknown", "control", () -> a.withAssessment(new Assessment("JPN", "ZZZ-1", Status.MET, "b", "e", TODAY, TODAY))),
                new Case("control.in-use", "id", () -> a.withoutControl("NET-1")),
                new Case("nation.code", "code", () -> a.withNation(new Nation("Japan", "Japan"))));
        for (Case c : cases) {
            assertThatThrownBy(c.change()::run).as(c.rule()).isInstanceOfSatisfying(AllianceException.class, e -> {
                assertThat(e.rule()).isEqualTo(c.rule());
                assertThat(e.field()).isEqualTo(c.field());
                assertThat(e.getMessage()).isNotBlank();
            });
        }
        assertThat(a.withNewCommunity(ok).version()).isEqualTo(a.version() + 1);
        assertThat(a).isEqualTo(Scenario.alliance());
    }

    @Test
    void membershipOnlyComesFromCommunitiesWithATetragraph() {
        assertThat(a.membership().covers("FVEY", "GBR")).isTrue();
        assertThat(a.membership().covers("FVEY", "JPN")).isFalse();
        assertThat(a.membership().covers("AUKUS", "GBR")).isFalse();
        assertThat(a.membership().tetragraphsOf("CAN")).containsExactlyInAnyOrder("FVEY", "ACGU", "TEYE");
    }

    @Test
    void dayMatters() {
        LocalDate later = TODAY.plusYears(4);
        assertThat(a.eligible("GBR", "FVEY", later)).isFalse();
    }
}
