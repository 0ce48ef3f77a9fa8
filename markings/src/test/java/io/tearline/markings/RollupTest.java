package io.tearline.markings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Roll-up rules of MARKINGS.md section 2 beyond the conformance table, each next to its contrast. */
class RollupTest {

    private static final Markings MARKINGS = Markings.standard();

    private static String banner(String... portions) {
        Rollup r = MARKINGS.rollup(List.of(portions));
        assertThat(r).as("%s: %s", List.of(portions), r.findings()).isInstanceOf(Rollup.Accepted.class);
        return ((Rollup.Accepted) r).bannerText();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        // classification: highest level; RESTRICTED under a US banner is at least CONFIDENTIAL
        "(U) | (U);                                           UNCLASSIFIED",
        "(U) | (C//REL TO USA, GBR);                          CONFIDENTIAL//REL TO USA, GBR",
        "(//NR) | (U);                                        CONFIDENTIAL//FGI NATO//NOFORN",
        "(//NR) | (//NS//REL TO USA, NATO);                   //NATO SECRET//NOFORN",
        // one owner's foreign portions keep that owner's banner; several owners make a US banner with FGI
        "(//DEU S//REL TO USA, DEU) | (//DEU C//REL TO USA, DEU);   //DEU SECRET//REL TO USA, DEU",
        "(//DEU S//REL TO USA, DEU) | (//CAN S//REL TO USA, CAN, DEU); SECRET//FGI CAN DEU//REL TO USA, DEU",
        "(U) | (//JPN S//REL TO USA, JPN);                    SECRET//FGI JPN//REL TO USA, JPN",
        "(//CAN GBR S//REL TO USA, CAN, GBR) | (//CAN GBR C//REL TO USA, CAN, GBR); //CAN GBR SECRET//REL TO USA, CAN, GBR",
        // JOINT: all JOINT with the same owners keeps JOINT; next to US portions it becomes FGI
        "(//JOINT S CAN USA//REL TO USA, CAN) | (//JOINT C CAN USA//REL TO USA, CAN); //JOINT SECRET CAN USA//REL TO USA, CAN",
        "(S//REL TO USA, CAN) | (//JOINT S CAN USA//REL TO USA, CAN);             SECRET//FGI CAN//REL TO USA, CAN",
        "(//JOINT S CAN GBR USA//REL TO USA, CAN, GBR) | (//JOINT S//REL);         //JOINT SECRET CAN GBR USA//REL TO USA, CAN, GBR",
        // SCI, SAP and AEA: unions with sub-levels under their parents; RD takes precedence
        "(TS//SI-G ABCD//OC/NF) | (TS//SI-G EFGH/TK//OC/NF);  TOP SECRET//SI-G ABCD EFGH/TK//ORCON/NOFORN",
        "(S//SAR-BP//NF) | (S//SAR-CD-YYY//NF);               SECRET//SAR-BP/CD-YYY//NOFORN",
        "(S//RD//NF) | (S//FRD-SG 14//NF);                    SECRET//RD-SIGMA 14//NOFORN",
        "(S//FRD//NF) | (S//TFNI//NF);                        SECRET//FRD//NOFORN",
        "(S//TFNI//REL TO USA, ACGU) | (S//REL TO USA, ACGU); SECRET//TFNI//REL TO USA, ACGU",
        // UCNI stays in an unclassified banner, leaves a classified one and makes it NOFORN
        "(U//DCNI) | (U);                                      UNCLASSIFIED//DOD UCNI",
        "(U//UCNI) | (S//REL TO USA, GBR);                    SECRET//NOFORN",
        // FOUO: only in unclassified banners, and only beside FD&R markings
        "(U//FOUO) | (U);                                      UNCLASSIFIED//FOUO",
        "(U//FOUO) | (U//PROPIN);                              UNCLASSIFIED//PROPIN",
        // A1: an unclassified caveated portion without FD&R counts as RELIDO beside portions with FD&R
        "(U//FOUO) | (U//REL TO USA, GBR);                     UNCLASSIFIED//FOUO/NOFORN",
        "(U//FISA) | (S//RELIDO);                              SECRET//RELIDO/FISA",
        "(U//FOUO) | (C//REL TO USA, GBR);                     CONFIDENTIAL//NOFORN",
        // ORCON wins over ORCON-USGOV; NODIS over EXDIS; SBU-NF and LES-NF give NOFORN plus SBU or LES
        "(S//OC-USGOV/NF) | (C//OC/NF);                       SECRET//ORCON/NOFORN",
        "(S//NF//XD) | (S//NF//ND);                            SECRET//NOFORN//NODIS",
        "(U//SBU-NF) | (U);                                    UNCLASSIFIED//NOFORN//SBU",
        "(S//LES-NF);                                          SECRET//NOFORN//LES",
        "(S//REL TO USA, GBR) | (U//SBU-NF);                   SECRET//NOFORN//SBU",
        // FD&R: DISPLAY ONLY rules 19, 20, 25, 26, 27 and 18
        "(S//DISPLAY ONLY AFG, IRQ) | (S//DISPLAY ONLY IRQ);  SECRET//DISPLAY ONLY IRQ",
        "(S//DISPLAY ONLY AFG) | (S//DISPLAY ONLY IRQ);       SECRET//NOFORN",
        "(S//DISPLAY ONLY AFG, IRQ) | (S//REL TO USA, IRQ);   SECRET//DISPLAY ONLY IRQ",
        "(S//DISPLAY ONLY AFG) | (S);                          SECRET//NOFORN",
        "(S//REL TO USA, GBR/DISPLAY ONLY AFG) | (S//REL TO USA, GBR/DISPLAY ONLY AFG); SECRET//REL TO USA, GBR/DISPLAY ONLY AFG",
        "(S//REL TO USA, GBR/DISPLAY ONLY AFG) | (S//REL TO USA, GBR);                  SECRET//REL TO USA, GBR",
        "(S//RELIDO) | (S//DISPLAY ONLY AFG);                 SECRET//NOFORN",
        // RELIDO on every portion stays; REL TO beside RELIDO-only is NOFORN (rule 10)
        "(S//RELIDO) | (C//RELIDO);                            SECRET//RELIDO",
        "(S//REL TO USA, GBR/RELIDO) | (S//REL TO USA, GBR/RELIDO); SECRET//REL TO USA, GBR/RELIDO",
        "(S//REL TO USA, GBR/RELIDO) | (S//REL TO USA, GBR);  SECRET//REL TO USA, GBR",
        "(S//RELIDO) | (S//REL TO USA, GBR);                   SECRET//NOFORN",
        // A8: a classified portion without FD&R makes the banner NOFORN
        "(S);                                                  SECRET//NOFORN",
        "(U) | (U//REL TO USA, GBR);                           UNCLASSIFIED//REL TO USA, GBR",
        // RELIDO and DISPLAY ONLY never go on a US banner with FGI (ISM-ID-00233/234)
        "(S//RELIDO) | (//DEU S//RELIDO);                      SECRET//FGI DEU//NOFORN",
        // A2: a tetragraph stays only when every portion used it
        "(S//REL TO USA, FVEY) | (S//REL TO USA, FVEY, JPN); SECRET//REL TO USA, FVEY",
        "(S//REL TO USA, FVEY) | (S//REL TO USA, AUS, CAN, GBR, NZL); SECRET//REL TO USA, AUS, CAN, GBR, NZL",
        "(S//REL TO USA, FVEY) | (S//REL TO USA, ACGU);      SECRET//REL TO USA, AUS, CAN, GBR",
        "(S//REL TO USA, NATO) | (S//REL TO USA, NATO, JPN); SECRET//REL TO USA, NATO",
        // NATO controls go to their categories after the US values
        "(S//RD//NF) | (//NS//ATOMAL//REL TO USA, NATO);     SECRET//RD/ATOMAL//FGI NATO//NOFORN",
        "(TS//RELIDO) | (//CAN DEU S//REL TO USA, CAN, DEU) | (//AUS S//REL TO USA, AUS) | (//CTS//BOHEMIA//REL TO USA, NATO); TOP SECRET//BOHEMIA//FGI AUS CAN DEU NATO//NOFORN",
        // the scenario's demo reports
        "(U) | (S//REL TO USA, JPN, PHL) | (S//REL TO USA, FVEY) | (S//NF); SECRET//NOFORN",
        "(U) | (C//REL TO USA, JPN, PHL);                      CONFIDENTIAL//REL TO USA, JPN, PHL",
        "(S//OC/REL TO USA, GBR) | (U);                        SECRET//ORCON/REL TO USA, GBR",
        "(TS//SI//REL TO USA, FVEY) | (TS//SI//REL TO USA, FVEY); TOP SECRET//SI//REL TO USA, FVEY",
    })
    void banners(String portions, String expected) {
        assertThat(banner(portions.strip().split(" \\| "))).isEqualTo(expected.strip());
    }

    @Test
    void theShortFormTakesTheBannersList() {
        Rollup.Accepted a = (Rollup.Accepted) MARKINGS.rollup(List.of("(S//REL TO USA, JPN, NZL)", "(S//REL TO USA, NZL)", "(S//REL)"));
        assertThat(a.bannerText()).isEqualTo("SECRET//REL TO USA, NZL");
        assertThat(a.portions().get(2).portion()).isEqualTo("(S//REL TO USA, NZL)");
        assertThat(a.portions().get(0).portion()).isEqualTo("(S//REL TO USA, JPN, NZL)");
        // a banner without REL TO leaves nothing for REL to stand for
        Rollup r = MARKINGS.rollup(List.of("(S//NF)", "(S//REL)"));
        assertThat(r.findings()).singleElement().satisfies(l -> {
            assertThat(l.portion()).isEqualTo(1);
            assertThat(l.rule()).isEqualTo("rollup.short-form");
            assertThat(l.offset()).isEqualTo(4);
        });
        assertThat(MARKINGS.rollup(List.of("(S//REL)")).verdict()).isEqualTo(Verdict.INVALID);
        // the JOINT short form needs a JOINT banner
        Rollup j = MARKINGS.rollup(List.of("(S//REL TO USA, GBR)", "(//JOINT S//REL)"));
        assertThat(j.findings()).extracting(Rollup.Located::rule).contains("rollup.short-form");
        // a resolved JOINT short form that breaks a rule is reported at its portion
        Rollup.Accepted ja = (Rollup.Accepted) MARKINGS.rollup(List.of("(//JOINT S CAN USA//REL TO USA, CAN)", "(//JOINT C//REL)"));
        assertThat(ja.portions().get(1).portion()).isEqualTo("(//JOINT C CAN USA//REL TO USA, CAN)");
    }

    @Test
    void invalidPortionsAreLocatedAndNothingIsRolledUp() {
        Rollup r = MARKINGS.rollup(List.of("(S//NF)", "(S//REL TO USA)", "(U)", "(S//NOFORN/RELIDO)"));
        assertThat(r).isInstanceOf(Rollup.Rejected.class);
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.findings()).extracting(Rollup.Located::portion, Rollup.Located::rule, Rollup.Located::offset)
                .contains(org.assertj.core.groups.Tuple.tuple(1, "rel-to.usa-alone", 11),
                        org.assertj.core.groups.Tuple.tuple(3, "noforn.exclusive", 11));
        assertThat(r.findings()).noneMatch(l -> l.portion() == 0 || l.portion() == 2);
        Rollup empty = MARKINGS.rollup(List.of());
        assertThat(empty.findings()).singleElement().satisfies(l -> {
            assertThat(l.portion()).isEqualTo(Rollup.Located.DOCUMENT);
            assertThat(l.rule()).isEqualTo("rollup.empty");
        });
    }

    @Test
    void nonCanonicalPortionsRollUpWithTheirFindings() {
        Rollup r = MARKINGS.rollup(List.of("(S//NOFORN)", "s//rel to usa, gbr"));
        assertThat(r.verdict()).isEqualTo(Verdict.NONCANON);
        assertThat(((Rollup.Accepted) r).bannerText()).isEqualTo("SECRET//NOFORN");
        assertThat(r.findings()).extracting(Rollup.Located::portion).contains(0, 1);
        assertThat(r.findings()).extracting(Rollup.Located::rule).contains("form.portion-abbreviation", "form.parentheses", "form.lowercase");
    }

    @Test
    void markingsRollUpLikeTheirText() {
        List<String> text = List.of("(S//REL TO USA, FVEY)", "(C//REL TO USA, GBR, JPN)", "(U)");
        List<Marking> parsed = text.stream().map(MARKINGS::parse).toList();
        assertThat(MARKINGS.rollupMarkings(parsed)).isEqualTo(MARKINGS.rollup(text));
        // a hand-built marking whose fields contradict each other is refused, not guessed at
        Marking m = MARKINGS.parse("(S//REL TO USA, GBR)");
        Marking noFlag = new Marking(m.classification(), m.sci(), m.sap(), m.aea(), m.fgi(), Set.of(), m.relTo(),
                m.displayOnly(), m.eyes(), m.nonIc(), m.natoControls());
        Rollup r = MARKINGS.rollupMarkings(List.of(m, noFlag));
        assertThat(r.findings()).singleElement().satisfies(l -> {
            assertThat(l.portion()).isEqualTo(1);
            assertThat(l.rule()).isEqualTo("marking.inconsistent");
        });
        Marking invalid = new Marking(new Classification.Us(Level.UNCLASSIFIED), m.sci(), m.sap(), m.aea(), m.fgi(),
                Set.of(Dissem.ORCON), List.of(), List.of(), List.of(), Set.of(), Set.of());
        assertThat(MARKINGS.rollupMarkings(List.of(invalid)).findings()).extracting(Rollup.Located::rule).contains("orcon.unclassified");
    }
}
