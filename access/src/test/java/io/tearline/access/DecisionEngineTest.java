package io.tearline.access;

import static io.tearline.access.Clearance.CONFIDENTIAL;
import static io.tearline.access.Clearance.NONE;
import static io.tearline.access.Clearance.SECRET;
import static io.tearline.access.Clearance.TOP_SECRET;
import static io.tearline.access.Fixtures.ENGINE;
import static io.tearline.access.Fixtures.foreign;
import static io.tearline.access.Fixtures.joint;
import static io.tearline.access.Fixtures.person;
import static io.tearline.access.Fixtures.us;
import static io.tearline.access.Fixtures.withOrg;
import static io.tearline.markings.Level.RESTRICTED;
import static io.tearline.markings.Level.UNCLASSIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.markings.AeaControl;
import io.tearline.markings.Dissem;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import io.tearline.markings.NatoControl;
import io.tearline.markings.NonIc;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One nested class per row of MARKINGS.md section 3; each permit sits next to its deny. */
class DecisionEngineTest {

    static Decision decide(Principal p, Marking m) {
        return ENGINE.decide(p, m, Set.of());
    }

    static void permits(Principal p, Marking m) {
        assertThat(decide(p, m)).as("%s reading %s", p, m).isInstanceOf(Decision.Permit.class);
    }

    static void denies(Principal p, Marking m, String... reasonCodes) {
        Decision d = decide(p, m);
        assertThat(d).as("%s reading %s", p, m).isInstanceOf(Decision.Deny.class);
        assertThat(d.reasons()).extracting(Reason::code).containsExactlyInAnyOrder(reasonCodes);
    }

    @Nested
    class UsClassification {
        @Test
        void clearanceAtOrAboveTheLevel() {
            permits(person("USA", SECRET), us(Level.SECRET).m());
            permits(person("USA", TOP_SECRET), us(Level.SECRET).m());
            denies(person("USA", CONFIDENTIAL), us(Level.SECRET).m(), "clearance");
            denies(person("USA", SECRET), us(Level.TOP_SECRET).m(), "clearance");
            denies(person("USA", NONE), us(Level.CONFIDENTIAL).m(), "clearance");
        }

        @Test
        void unclassifiedNeedsNoClearanceButKeepsItsControls() {
            permits(person("USA", NONE), us(UNCLASSIFIED).m());
            permits(person("JPN", NONE), us(UNCLASSIFIED).m());
            denies(person("JPN", NONE), us(UNCLASSIFIED).d(Dissem.NOFORN).m(), "noforn");
        }
    }

    @Nested
    class Sci {
        @Test
        void needsTopSecretAndEveryReadIn() {
            Marking m = us(Level.SECRET).sci("SI", "G ABCD").d(Dissem.ORCON).m();
            Principal ts = withOrg(person("USA", TOP_SECRET, "SI", "SI-G", "SI-G ABCD"), "DIA");
            assertThat(ENGINE.decide(ts, m, Set.of("DIA"))).isInstanceOf(Decision.Permit.class);
            Principal s = withOrg(person("USA", SECRET, "SI", "SI-G", "SI-G ABCD"), "DIA");
            assertThat(ENGINE.decide(s, m, Set.of("DIA")).reasons()).extracting(Reason::code)
                    .containsExactly("sci-clearance");
            Principal noSub = withOrg(person("USA", TOP_SECRET, "SI", "SI-G"), "DIA");
            assertThat(ENGINE.decide(noSub, m, Set.of("DIA")).reasons()).extracting(Reason::code)
                    .containsExactly("access:SI-G ABCD");
        }

        @Test
        void eachSystemIsItsOwnReadIn() {
            Marking m = us(Level.TOP_SECRET).sci("SI").sci("TK").d(Dissem.NOFORN).m();
            permits(person("USA", TOP_SECRET, "SI", "TK"), m);
            denies(person("USA", TOP_SECRET, "SI"), m, "access:TK");
        }
    }

    @Nested
    class Sap {
        @Test
        void needsTheProgramReadIn() {
            permits(person("USA", SECRET, "SAR-BP"), us(Level.SECRET).sap("BP").d(Dissem.NOFORN).m());
            denies(person("USA", SECRET, "BP"), us(Level.SECRET).sap("BP").d(Dissem.NOFORN).m(), "access:SAR-BP");
        }
    }

    @Nested
    class AtomicEnergy {
        @Test
        void rdNeedsQ() {
            Marking m = us(Level.SECRET).aea(AeaControl.RD).d(Dissem.NOFORN).m();
            permits(person("USA", SECRET, "Q"), m);
            denies(person("USA", SECRET), m, "access:Q");
        }

        @Test
        void cnwdiAndSigmaNeedTheirReadIns() {
            Marking m = us(Level.SECRET).aea(AeaControl.RD).aea(AeaControl.CNWDI).aea(AeaControl.SIGMA, 14).d(Dissem.NOFORN).m();
            permits(person("USA", SECRET, "Q", "CNWDI", "SIGMA 14"), m);
            denies(person("USA", SECRET, "Q", "CNWDI", "SIGMA 15"), m, "access:SIGMA 14");
        }

        @Test
        void frdAndTfniHaveNoAccessEffect() {
            permits(person("USA", SECRET), us(Level.SECRET).aea(AeaControl.FRD).d(Dissem.NOFORN).m());
            denies(person("USA", CONFIDENTIAL), us(Level.SECRET).aea(AeaControl.FRD).d(Dissem.NOFORN).m(), "clearance");
        }

        @Test
        void ucniNeedsUsGovernment() {
            permits(person("USA", NONE), us(UNCLASSIFIED).aea(AeaControl.DOD_UCNI).m());
            denies(person("GBR", NONE), us(UNCLASSIFIED).aea(AeaControl.DOD_UCNI).m(), "us-government");
        }
    }

    @Nested
    class NonUsClassification {
        @Test
        void clearanceThroughThePairEquivalence() {
            Marking m = foreign("GBR", Level.SECRET).rel("USA", "GBR").m();
            permits(person("USA", SECRET), m);
            permits(person("GBR", SECRET), m);
            denies(person("USA", CONFIDENTIAL), m, "clearance");
        }

        @Test
        void noKnownPairDenies() {
            Marking m = foreign("GBR", Level.SECRET).rel("USA", "GBR", "KOR").m();
            denies(person("KOR", TOP_SECRET), m, "equivalence");
        }

        @Test
        void foreignRestrictedIsProtectedAsConfidential() {
            Marking m = foreign("NZL", RESTRICTED).rel("USA", "NZL").m();
            permits(person("USA", CONFIDENTIAL), m);
            denies(person("USA", NONE), m, "clearance");
        }

        @Test
        void severalOwnersEachNeedTheirPairAndTheReportOwnerReadsItsOwn() {
            Marking m = Fixtures.foreignOwners(Level.SECRET, "CAN", "GBR").m();
            assertThat(ENGINE.decide(person("CAN", SECRET), m, "CAN", Set.of())).isInstanceOf(Decision.Permit.class);
            assertThat(ENGINE.decide(person("GBR", SECRET), m, "CAN", Set.of()).reasons())
                    .extracting(Reason::code).containsExactly("not-released");
            permits(person("USA", SECRET), m);
            denies(person("USA", CONFIDENTIAL), m, "clearance");
            denies(person("KOR", SECRET), Fixtures.foreignOwners(Level.SECRET, "CAN", "GBR").rel("USA", "CAN", "GBR", "KOR").m(),
                    "equivalence");
        }

        @Test
        void aConcealedSourceIsReadByUsReadersOnly() {
            Marking m = Fixtures.foreignOwners(Level.SECRET).rel("USA", "GBR").m();
            permits(person("USA", SECRET), m);
            denies(person("GBR", SECRET), m, "equivalence");
        }

        @Test
        void reportOwnersReadTheirOwnMaterialWithoutAReleaseMarking() {
            Marking m = foreign("JPN", Level.SECRET).m();
            assertThat(ENGINE.decide(person("JPN", SECRET), m, "JPN", Set.of())).isInstanceOf(Decision.Permit.class);
            assertThat(ENGINE.decide(person("PHL", SECRET), m, "JPN", Set.of()).reasons())
                    .extracting(Reason::code).containsExactly("not-released");
            permits(person("USA", SECRET), m);
        }

        /** Issue 15 item 3: the classification's country is not the report's owner. */
        @Test
        void fgiSourceNationDoesNotReadAsOwnerInSomebodyElsesReport() {
            Marking noFdr = foreign("JPN", Level.SECRET).m();
            Decision d = ENGINE.decide(person("JPN", SECRET), noFdr, "USA", Set.of());
            assertThat(d.reasons()).extracting(Reason::message)
                    .containsExactly("foreign government information without a release marking: US only");
            denies(person("JPN", SECRET), noFdr, "not-released"); // the owner-less form means a US report
            // released to others but not back to its source
            Marking notBack = foreign("JPN", Level.SECRET).rel("USA", "GBR").m();
            denies(person("JPN", SECRET), notBack, "not-released");
            permits(person("GBR", SECRET), notBack);
            assertThat(ENGINE.decide(person("JPN", SECRET), notBack, "GBR", Set.of()).reasons())
                    .extracting(Reason::code).containsExactly("not-released");
            // release back to the source needs its code in REL TO
            Marking back = foreign("JPN", Level.SECRET).rel("USA", "JPN").m();
            permits(person("JPN", SECRET), back);
            denies(person("JPN", CONFIDENTIAL), back, "clearance");
        }

        @Test
        void unclassifiedFgiWithoutAReleaseMarkingIsUsOnly() {
            Marking m = foreign("GBR", UNCLASSIFIED).m();
            permits(person("USA", NONE), m);
            denies(person("GBR", NONE), m, "not-released");
            denies(person("CAN", NONE), m, "not-released");
            assertThat(ENGINE.decide(person("GBR", NONE), m, "GBR", Set.of())).isInstanceOf(Decision.Permit.class);
            permits(person("GBR", NONE), foreign("GBR", UNCLASSIFIED).rel("USA", "GBR").m());
            Marking mixed = us(UNCLASSIFIED).fgi("GBR").m();
            permits(person("USA", NONE), mixed);
            denies(person("GBR", NONE), mixed, "not-released");
            permits(person("GBR", NONE), us(UNCLASSIFIED).fgi("GBR").rel("USA", "GBR").m());
        }
    }

    @Nested
    class Nato {
        @Test
        void classifiedNatoNeedsTheNatoReadIn() {
            Marking m = foreign("NATO", Level.SECRET).m();
            permits(person("USA", SECRET, "NATO"), m);
            denies(person("USA", SECRET), m, "access:NATO");
        }

        @Test
        void natoControlMarkingsNeedTheirReadIns() {
            Marking m = foreign("NATO", Level.TOP_SECRET).nato(NatoControl.BOHEMIA).m();
            permits(person("USA", TOP_SECRET, "NATO", "BOHEMIA"), m);
            denies(person("USA", TOP_SECRET, "NATO"), m, "access:BOHEMIA");
        }

        @Test
        void natoUnclassifiedNeedsUsGovernment() {
            permits(person("USA", NONE), foreign("NATO", UNCLASSIFIED).m());
            denies(person("JPN", NONE), foreign("NATO", UNCLASSIFIED).m(), "us-government", "not-released");
        }
    }

    @Nested
    class Joint {
        @Test
        void coOwnersOnly() {
            Marking m = joint(Level.SECRET, "CAN", "GBR", "USA").rel("USA", "CAN", "GBR").m();
            permits(person("CAN", SECRET), m);
            permits(person("USA", SECRET), m);
            denies(person("AUS", SECRET), m, "joint", "not-released");
            denies(person("GBR", CONFIDENTIAL), m, "clearance");
        }
    }

    @Nested
    class ForeignGovernmentInformation {
        @Test
        void noAccessEffectByItself() {
            permits(person("USA", SECRET), us(Level.SECRET).fgi("GBR").d(Dissem.NOFORN).m());
            denies(person("GBR", SECRET), us(Level.SECRET).fgi("GBR").d(Dissem.NOFORN).m(), "noforn", "not-released");
        }

        @Test
        void fgiNamingNatoNeedsTheNatoReadIn() {
            permits(person("USA", SECRET, "NATO"), us(Level.SECRET).fgi("NATO").d(Dissem.NOFORN).m());
            denies(person("USA", SECRET), us(Level.SECRET).fgi("NATO").d(Dissem.NOFORN).m(), "access:NATO");
        }
    }

    @Nested
    class Noforn {
        @Test
        void usaOnly() {
            permits(person("USA", SECRET), us(Level.SECRET).d(Dissem.NOFORN).m());
            denies(person("GBR", SECRET), us(Level.SECRET).d(Dissem.NOFORN).m(), "noforn", "not-released");
        }

        @Test
        void sbuAndLesNoforn() {
            permits(person("USA", NONE), us(UNCLASSIFIED).nonIc(NonIc.LES_NOFORN).m());
            denies(person("GBR", NONE), us(UNCLASSIFIED).nonIc(NonIc.LES_NOFORN).m(), "noforn");
            denies(person("GBR", NONE), us(UNCLASSIFIED).nonIc(NonIc.SBU_NOFORN).m(), "noforn");
        }
    }

    @Nested
    class RelTo {
        @Test
        void listedNationsRead() {
            Marking m = us(Level.SECRET).rel("USA", "JPN", "PHL").m();
            permits(person("JPN", SECRET), m);
            permits(person("USA", SECRET), m);
            denies(person("KOR", SECRET), m, "not-released");
            denies(person("GBR", SECRET), m, "not-released");
        }

        @Test
        void tetragraphsReleaseToTheirMembers() {
            Marking m = us(Level.SECRET).rel("USA", "FVEY").m();
            permits(person("GBR", SECRET), m);
            permits(person("NZL", SECRET), m);
            denies(person("JPN", SECRET), m, "not-released");
        }

        @Test
        void opaqueTetragraphsReleaseToNobodyByExpansion() {
            Marking m = us(Level.SECRET).rel("USA", "NATO").m();
            denies(person("DEU", SECRET), m, "not-released");
        }

        @Test
        void carriesTheNoRedisseminationObligation() {
            Decision d = decide(person("JPN", SECRET), us(Level.SECRET).rel("USA", "JPN").m());
            assertThat(d.obligations()).containsExactly(Obligation.NO_REDISSEMINATION_BEYOND_LIST);
        }

        @Test
        void legacyEyesOnlyReleasesLikeRelTo() {
            permits(person("GBR", SECRET), us(Level.SECRET).eyes("GBR").m());
            denies(person("AUS", SECRET), us(Level.SECRET).eyes("GBR").m(), "not-released");
        }
    }

    @Nested
    class DisplayOnly {
        @Test
        void listedForeignReadersViewOnly() {
            Decision d = decide(person("AFG", SECRET), us(Level.SECRET).display("AFG", "IRQ").m());
            assertThat(d).isInstanceOf(Decision.ViewOnly.class);
            assertThat(d.obligations()).contains(Obligation.NO_COPY_OR_EXPORT);
            denies(person("PAK", SECRET), us(Level.SECRET).display("AFG", "IRQ").m(), "not-released");
        }

        @Test
        void usReadersAndRelToReadersAreNotRestrictedToViewing() {
            permits(person("USA", SECRET), us(Level.SECRET).display("AFG").m());
            permits(person("GBR", SECRET), us(Level.SECRET).rel("USA", "GBR").display("AFG").m());
        }

        @Test
        void viewOnlyStillNeedsEveryOtherRequirement() {
            Marking m = us(Level.SECRET).d(Dissem.ORCON).display("AFG").m();
            assertThat(ENGINE.decide(withOrg(person("AFG", SECRET), "MOD"), m, Set.of("MOD")))
                    .isInstanceOf(Decision.ViewOnly.class);
            assertThat(ENGINE.decide(withOrg(person("AFG", SECRET), "MOD"), m, Set.of("DIA")).reasons())
                    .extracting(Reason::code).containsExactly("orcon");
        }
    }

    @Nested
    class Relido {
        @Test
        void noAccessEffectForUsReadersAndNoReleaseForOthers() {
            permits(person("USA", SECRET), us(Level.SECRET).d(Dissem.RELIDO).m());
            denies(person("GBR", SECRET), us(Level.SECRET).d(Dissem.RELIDO).m(), "not-released");
        }
    }

    @Nested
    class Orcon {
        @Test
        void readerOrganisationOnTheDisseminationList() {
            Marking m = us(Level.SECRET).d(Dissem.ORCON).rel("USA", "GBR").m();
            Decision ok = ENGINE.decide(withOrg(person("GBR", SECRET), "DI"), m, Set.of("DIA", "DI"));
            assertThat(ok).isInstanceOf(Decision.Permit.class);
            assertThat(ok.obligations()).contains(Obligation.NO_ONWARD_RELEASE_WITHOUT_ORIGINATOR);
            Decision no = ENGINE.decide(withOrg(person("USA", TOP_SECRET), "INDOPACOM"), m, Set.of("DIA", "DI"));
            assertThat(no.reasons()).extracting(Reason::code).containsExactly("orcon");
        }

        @Test
        void anEmptyListAdmitsNobody() {
            Marking m = us(Level.SECRET).d(Dissem.ORCON, Dissem.NOFORN).m();
            assertThat(ENGINE.decide(withOrg(person("USA", TOP_SECRET), "DIA"), m, Set.of()).reasons())
                    .extracting(Reason::code).containsExactly("orcon");
        }

        @Test
        void orconUsgovNeedsUsGovernment() {
            Marking m = us(Level.SECRET).d(Dissem.ORCON_USGOV).rel("USA", "GBR").m();
            permits(person("USA", SECRET), m);
            denies(person("GBR", SECRET), m, "us-government");
        }
    }

    @Nested
    class OtherControls {
        @Test
        void fouoAndFisaNeedUsGovernment() {
            permits(person("USA", NONE), us(UNCLASSIFIED).d(Dissem.FOUO).m());
            denies(person("GBR", NONE), us(UNCLASSIFIED).d(Dissem.FOUO).m(), "us-government");
            permits(person("USA", SECRET), us(Level.SECRET).d(Dissem.FISA).rel("USA", "GBR").m());
            denies(person("GBR", SECRET), us(Level.SECRET).d(Dissem.FISA).rel("USA", "GBR").m(), "us-government");
        }

        @Test
        void dsenIsUsOnly() {
            permits(person("USA", NONE), us(UNCLASSIFIED).d(Dissem.DSEN).m());
            denies(person("GBR", NONE), us(UNCLASSIFIED).d(Dissem.DSEN).m(), "noforn");
        }

        @Test
        void propinImconAndRsenOnlyCarryHandling() {
            Marking m = us(Level.SECRET).d(Dissem.RSEN, Dissem.IMCON, Dissem.PROPIN).rel("USA", "GBR").m();
            Decision d = decide(person("GBR", SECRET), m);
            assertThat(d).isInstanceOf(Decision.Permit.class);
            assertThat(d.obligations()).contains(Obligation.PROPRIETARY_ORIGINATOR_APPROVAL);
            denies(person("CAN", SECRET), m, "not-released");
        }

        @Test
        void nodisGoesToNamedIndividualsOnly() {
            denies(person("USA", TOP_SECRET), us(Level.SECRET).d(Dissem.NOFORN).nonIc(NonIc.NODIS).m(), "nodis");
        }

        @Test
        void exdisFollowsTheDisseminationList() {
            Marking m = us(Level.SECRET).d(Dissem.NOFORN).nonIc(NonIc.EXDIS).m();
            assertThat(ENGINE.decide(withOrg(person("USA", SECRET), "STATE"), m, Set.of("STATE")))
                    .isInstanceOf(Decision.Permit.class);
            assertThat(ENGINE.decide(withOrg(person("USA", SECRET), "DIA"), m, Set.of("STATE")).reasons())
                    .extracting(Reason::code).containsExactly("orcon");
        }

        @Test
        void sbuLesSsiLimdisNeedUsGovernment() {
            for (NonIc n : new NonIc[] {NonIc.SBU, NonIc.LES, NonIc.SSI, NonIc.LIMDIS}) {
                permits(person("USA", NONE), us(UNCLASSIFIED).nonIc(n).m());
                denies(person("CAN", NONE), us(UNCLASSIFIED).nonIc(n).m(), "us-government");
            }
        }
    }

    @Nested
    class NoReleaseMarking {
        @Test
        void classifiedWithoutFdrIsUsOnly() {
            permits(person("USA", SECRET), us(Level.SECRET).m());
            Decision d = decide(person("GBR", SECRET), us(Level.SECRET).m());
            assertThat(d.reasons()).extracting(Reason::message)
                    .containsExactly("classified without a release marking: US only");
        }
    }

    @Test
    void aDenialListsEveryUnmetRequirement() {
        Marking m = us(Level.TOP_SECRET).sci("SI").d(Dissem.ORCON, Dissem.NOFORN).m();
        denies(person("JPN", SECRET), m, "clearance", "sci-clearance", "access:SI", "noforn", "not-released", "orcon");
    }
}
