package io.tearline.markings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Marking to ISM attributes and to STANAG 4774 labels and back, over the generated corpus (seeded:
 * {@code -Dtearline.seed=N}), plus the mapping's documented examples and its refusals.
 */
class InterchangeMappingTest {

    private static final long SEED = Long.getLong("tearline.seed", System.nanoTime());
    private static final int CASES = Integer.getInteger("tearline.cases", 20_000) / 4;
    private static final Markings MARKINGS = Markings.standard();
    private static final Instant T = Instant.parse("2026-01-15T09:00:00Z");

    @BeforeAll
    static void printSeed() {
        System.out.println("InterchangeMappingTest seed " + SEED + " (rerun with -Dtearline.seed=" + SEED + ")");
    }

    @Test
    void everyValidGeneratedMarkingSurvivesIsmAndStanag4774() {
        MarkingGen gen = new MarkingGen(SEED);
        int valid = 0;
        int labelled = 0;
        int nationalOrNato = 0;
        for (int i = 0; i < CASES; i++) {
            Marking m = gen.next();
            if (MARKINGS.check(m.banner()).verdict() != Verdict.VALID) {
                continue;
            }
            valid++;
            IsmAttributes a = Ism.attributes(m);
            assertThat(Ism.marking(a)).as("seed %d case %d: %s via %s", SEED, i, m.banner(), a.values()).isEqualTo(m);
            boolean national = m.classification() instanceof Classification.Foreign f && !f.concealed() && f.owners().size() == 1;
            if (national || m.classification() instanceof Classification.Us) {
                ConfidentialityLabel l = Stanag4774.label(m, T);
                assertThat(Stanag4774.marking(l)).as("seed %d case %d: %s via %s", SEED, i, m.banner(), l).isEqualTo(m);
                labelled++;
                nationalOrNato += national ? 1 : 0;
            } else {
                assertThatThrownBy(() -> Stanag4774.label(m, T)).as("seed %d: %s", SEED, m.banner())
                        .isInstanceOfSatisfying(InterchangeException.class, e -> assertThat(e.rule()).isEqualTo("stanag4774.unmappable"));
            }
        }
        assertThat(valid).as("seed %d", SEED).isGreaterThan(CASES / 3);
        assertThat(nationalOrNato).as("seed %d: NATO and national markings were exercised", SEED).isGreaterThan(CASES / 50);
        assertThat(labelled).isGreaterThan(nationalOrNato);
    }

    /** The closest VALID input of every rule in rules.tsv: a hand-written corpus of every feature the validator knows. */
    @Test
    void everyValidInputOfTheRuleTableSurvivesIsmAndStanag4774() throws Exception {
        List<String> lines;
        try (var in = InterchangeMappingTest.class.getResourceAsStream("/rules.tsv")) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        int n = 0;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length < 4 || !(MARKINGS.check(cols[3]) instanceof Check.Accepted a) || a.verdict() != Verdict.VALID) {
                continue;
            }
            Marking m = a.marking();
            assertThat(Ism.marking(Ism.attributes(m))).as("%s via %s", cols[3], Ism.attributes(m).values()).isEqualTo(m);
            try {
                assertThat(Stanag4774.marking(Stanag4774.label(m, T))).as(cols[3]).isEqualTo(m);
            } catch (InterchangeException e) {
                assertThat(e.rule()).as(cols[3]).isEqualTo("stanag4774.unmappable");
            }
            n++;
        }
        assertThat(n).isGreaterThan(50);
    }

    @Test
    void ismTokensAreTheIsmV10Ones() {
        Marking m = MARKINGS.parse("TOP SECRET//SI-G ABCD//ORCON/NOFORN");
        assertThat(Ism.attributes(m).values()).containsExactly(
                Map.entry("classification", "TS"), Map.entry("ownerProducer", "USA"),
                Map.entry("SCIcontrols", "SI SI-G SI-G-ABCD"), Map.entry("disseminationControls", "OC NF"));
        Marking rel = MARKINGS.parse("SECRET//REL TO USA, GBR, JPN, FVEY");
        assertThat(Ism.attributes(rel).values()).containsEntry("releasableTo", "USA GBR JPN FVEY")
                .containsEntry("disseminationControls", "REL");
        Marking nato = MARKINGS.parse("//COSMIC TOP SECRET//BOHEMIA");
        assertThat(Ism.attributes(nato).values()).containsExactly(Map.entry("classification", "TS"),
                Map.entry("ownerProducer", "NATO"), Map.entry("nonUSControls", "BOHEMIA"));
        Marking joint = MARKINGS.parse("//JOINT SECRET GBR USA//REL TO USA, GBR");
        assertThat(Ism.attributes(joint).values()).containsEntry("ownerProducer", "GBR USA").containsEntry("joint", "true");
        // the ISM v10 form without ism:joint reads as the same JOINT marking
        Map<String, String> v10 = new LinkedHashMap<>(Ism.attributes(joint).values());
        v10.remove("joint");
        assertThat(Ism.marking(new IsmAttributes(v10))).isEqualTo(joint);
        Marking fgi = MARKINGS.parse("TOP SECRET//FGI CAN DEU//REL TO USA, CAN, DEU");
        assertThat(Ism.attributes(fgi).values()).containsEntry("FGIsourceOpen", "CAN DEU");
        assertThat(Ism.attributes(MARKINGS.parse("(//FGI S//NF)")).values()).containsEntry("ownerProducer", "FGI");
    }

    @Test
    void badIsmAttributesNameTheAttributeAndRule() {
        assertRejected(Map.of("classification", "TS", "ownerProducer", "USA", "disseminationControls", "NOFORN"),
                "ism.cve", "disseminationControls");
        assertRejected(Map.of("classification", "X", "ownerProducer", "USA"), "ism.cve", "classification");
        assertRejected(Map.of("classification", "S"), "ism.required", "ownerProducer");
        // the validator's rule, located at the attribute: SI-G needs ORCON (ISM-ID-00045)
        assertRejected(Map.of("classification", "TS", "ownerProducer", "USA", "SCIcontrols", "SI SI-G",
                "disseminationControls", "NF"), "si-g.orcon", "SCIcontrols");
        // REL TO list out of order: never normalised silently
        assertRejected(Map.of("classification", "S", "ownerProducer", "USA", "disseminationControls", "REL",
                "releasableTo", "USA JPN GBR"), "ism.order", "releasableTo");
        // a compartment without its system token
        assertRejected(Map.of("classification", "TS", "ownerProducer", "USA", "SCIcontrols", "SI-G",
                "disseminationControls", "OC NF"), "ism.parent", "SCIcontrols");
        assertRejected(Map.of("classification", "S", "ownerProducer", "USA", "declassDate", "2030-01-01"),
                "ism.unsupported-attribute", "declassDate");
        assertRejected(Map.of("classification", "S", "ownerProducer", "USA", "releasableTo", "USA GBR"), "ism.rel-to", "releasableTo");
        // R with a USA owner (ISM-ID-00040)
        assertRejected(Map.of("classification", "R", "ownerProducer", "USA"), "class.us-restricted", "classification");
    }

    private static void assertRejected(Map<String, String> attrs, String rule, String attribute) {
        assertThatThrownBy(() -> Ism.marking(new IsmAttributes(attrs))).as("%s", attrs)
                .isInstanceOfSatisfying(InterchangeException.class, e -> {
                    assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
                    assertThat(e.attribute()).as(e.getMessage()).isEqualTo(attribute);
                });
    }

    @Test
    void stanag4774LabelsFollowSection6() {
        ConfidentialityLabel cts = Stanag4774.label(MARKINGS.parse("//COSMIC TOP SECRET//BOHEMIA"), T);
        assertThat(cts.policyUri()).isEqualTo("urn:oid:1.3.26.1.3.1");
        assertThat(cts.policyName()).isEqualTo("NATO");
        assertThat(cts.classification()).isEqualTo("COSMIC TOP SECRET");
        assertThat(cts.categories()).containsExactly(new ConfidentialityLabel.Category("Additional Sensitivity",
                ConfidentialityLabel.Type.RESTRICTIVE, List.of("BOHEMIA")));
        ConfidentialityLabel jpn = Stanag4774.label(MARKINGS.parse("//JPN S//REL TO USA, JPN"), T);
        assertThat(jpn.policyUri()).isEqualTo("urn:tearline:policy:JPN");
        assertThat(jpn.classification()).isEqualTo("SECRET");
        assertThat(jpn.categories()).containsExactly(new ConfidentialityLabel.Category("Releasable To",
                ConfidentialityLabel.Type.PERMISSIVE, List.of("USA", "JPN")));
        ConfidentialityLabel nf = Stanag4774.label(MARKINGS.parse("SECRET//ORCON/NOFORN"), T);
        assertThat(nf.categories()).containsExactly(
                new ConfidentialityLabel.Category("Nationality", ConfidentialityLabel.Type.RESTRICTIVE, List.of("NF")),
                new ConfidentialityLabel.Category("Handling", ConfidentialityLabel.Type.INFORMATIVE, List.of("OC")));
        assertThat(Stanag4774.marking(nf)).isEqualTo(MARKINGS.parse("SECRET//ORCON/NOFORN"));
        assertThat(Stanag4774.marking(Stanag4774.label(MARKINGS.parse("//NATO SECRET//ATOMAL"), T)))
                .isEqualTo(MARKINGS.parse("//NATO SECRET//ATOMAL"));
    }

    @Test
    void unmappableMarkingsAndBadLabelsAreRefusedPrecisely() {
        for (String s : List.of("//JOINT SECRET GBR USA//REL TO USA, GBR", "(//CAN GBR S)", "(//FGI S)")) {
            assertThatThrownBy(() -> Stanag4774.label(MARKINGS.parse(s), T)).as(s)
                    .isInstanceOfSatisfying(InterchangeException.class, e -> assertThat(e.rule()).isEqualTo("stanag4774.unmappable"));
        }
        ConfidentialityLabel good = Stanag4774.label(MARKINGS.parse("//GBR SECRET//REL TO USA, GBR"), T);
        assertLabelRejected(new ConfidentialityLabel("urn:oid:9.9", "X", "SECRET", good.categories(), T), "stanag4774.policy");
        assertLabelRejected(new ConfidentialityLabel(good.policyUri(), good.policyName(), "SEKRIT", good.categories(), T), "stanag4774.classification");
        assertLabelRejected(new ConfidentialityLabel(good.policyUri(), good.policyName(), "SECRET",
                List.of(new ConfidentialityLabel.Category("Releasable To", ConfidentialityLabel.Type.RESTRICTIVE, List.of("USA", "GBR"))), T),
                "stanag4774.category");
        assertLabelRejected(new ConfidentialityLabel(good.policyUri(), good.policyName(), "SECRET",
                List.of(new ConfidentialityLabel.Category("Caveat", ConfidentialityLabel.Type.INFORMATIVE, List.of("X"))), T),
                "stanag4774.category");
        // a NATO classification name under a national policy
        assertLabelRejected(new ConfidentialityLabel(good.policyUri(), good.policyName(), "NATO SECRET", List.of(), T), "stanag4774.classification");
        // values that do not make a valid marking: REL TO without USA
        assertLabelRejected(new ConfidentialityLabel(good.policyUri(), good.policyName(), "SECRET",
                List.of(new ConfidentialityLabel.Category("Releasable To", ConfidentialityLabel.Type.PERMISSIVE, List.of("GBR"))), T),
                null);
    }

    private static void assertLabelRejected(ConfidentialityLabel l, String rule) {
        assertThatThrownBy(() -> Stanag4774.marking(l)).as("%s", l)
                .isInstanceOfSatisfying(InterchangeException.class, e -> {
                    if (rule != null) {
                        assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
                    }
                });
    }
}
