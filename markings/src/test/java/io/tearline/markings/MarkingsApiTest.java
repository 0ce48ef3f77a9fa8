package io.tearline.markings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The public API's contracts: exceptions, the data model, thread safety. */
class MarkingsApiTest {

    private static final Markings MARKINGS = Markings.standard();

    @Test
    void parseThrowsTheModulesExceptionWithEveryViolation() {
        assertThatThrownBy(() -> MARKINGS.parse("SECRET//RELIDO/NOFORN"))
                .isInstanceOfSatisfying(MarkingException.class, e -> {
                    assertThat(e.rule()).isEqualTo("order.dissem");
                    assertThat(e.offset()).isEqualTo(15);
                    assertThat(e.violations()).extracting(Violation::rule).containsExactlyInAnyOrder("order.dissem", "noforn.exclusive");
                    assertThat(e.getMessage()).contains("offset 15").contains("SECRET//RELIDO/NOFORN");
                })
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MARKINGS.parse("secret//noforn")).isEqualTo(MARKINGS.parse("SECRET//NOFORN"));
        assertThatThrownBy(() -> MARKINGS.parse("SECRET\u0000")).hasMessageContaining("\\u0000");
    }

    @Test
    void findingsAreInInputOrder() {
        Check c = MARKINGS.check("SECRET//SI-G//RELIDO/NOFORN");
        List<Integer> offsets = c.findings().stream().map(Violation::offset).toList();
        assertThat(offsets).isSorted();
    }

    @Test
    void checkPortionAcceptsAnUnparenthesisedPortionAsNonCanonical() {
        Check c = MARKINGS.checkPortion("S//NF");
        assertThat(c.verdict()).isEqualTo(Verdict.NONCANON);
        assertThat(((Check.Accepted) c).marking().portion()).isEqualTo("(S//NF)");
        assertThat(MARKINGS.checkPortion("(S//NF)").verdict()).isEqualTo(Verdict.VALID);
        // check() reads the same text as a banner with abbreviations
        assertThat(MARKINGS.check("S//NF").findings()).extracting(Violation::rule).containsOnly("form.banner-abbreviation");
    }

    @Test
    void foreignClassificationsNameTheirOwners() {
        Classification.Foreign gbr = new Classification.Foreign("GBR", Level.SECRET);
        assertThat(gbr.owners()).containsExactly("GBR");
        assertThat(gbr.concealed()).isFalse();
        Classification.Foreign two = Classification.Foreign.of(Level.SECRET, List.of("CAN", "GBR"));
        assertThat(two.owner()).isEqualTo("CAN GBR");
        Classification.Foreign hidden = Classification.Foreign.concealed(Level.TOP_SECRET);
        assertThat(hidden.owner()).isEqualTo("FGI");
        assertThat(hidden.concealed()).isTrue();
        assertThatThrownBy(() -> new Classification.Foreign("GBR", Level.SECRET, List.of("CAN"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(MARKINGS.parse("(//CAN GBR S)").classification()).isEqualTo(two);
        assertThat(MARKINGS.parse("(//FGI TS)").classification()).isEqualTo(hidden);
        assertThat(MARKINGS.parse("(//NS)").classification()).isEqualTo(new Classification.Foreign("NATO", Level.SECRET));
    }

    @Test
    void theParsedModelHoldsEveryCategory() {
        Marking m = MARKINGS.parse("TOP SECRET//123/SI-G ABCD DEFG-MMM AACD//SAR-BP-J12 J54//RD-CNWDI-SIGMA 14 20//FGI CAN NATO"
                + "//ORCON/NOFORN//LIMDIS/EXDIS");
        assertThat(m.classification()).isEqualTo(new Classification.Us(Level.TOP_SECRET));
        assertThat(m.sci()).containsExactly(new ControlSystem("123", List.of()), new ControlSystem("SI", List.of(
                new Compartment("G", List.of("ABCD", "DEFG")), new Compartment("MMM", List.of("AACD")))));
        assertThat(m.sap()).containsExactly(new ControlSystem("BP", List.of(new Compartment("J12", List.of("J54")))));
        assertThat(m.aea()).isEqualTo(new Aea(Set.of(AeaControl.RD, AeaControl.CNWDI, AeaControl.SIGMA), List.of(14, 20)));
        assertThat(m.fgi()).contains(new Fgi(List.of("CAN", "NATO")));
        assertThat(m.dissem()).containsExactlyInAnyOrder(Dissem.ORCON, Dissem.NOFORN);
        assertThat(m.nonIc()).containsExactlyInAnyOrder(NonIc.LIMDIS, NonIc.EXDIS);
        assertThat(m.portion()).isEqualTo("(TS//123/SI-G ABCD DEFG-MMM AACD//SAR-BP-J12 J54//RD-CNWDI-SG 14 20//FGI CAN NATO//OC/NF//DS/XD)");
        Marking rel = MARKINGS.parse("(S//REL TO USA, JPN, FVEY/DISPLAY ONLY AFG)");
        assertThat(rel.relTo()).containsExactly("USA", "JPN", "FVEY");
        assertThat(rel.displayOnly()).containsExactly("AFG");
        assertThat(rel.eyes()).isEmpty();
        assertThat(rel.fgi()).isEqualTo(Optional.empty());
    }

    @Test
    void resultsAreValuesAndTheEngineIsThreadSafe() throws InterruptedException {
        MarkingGen gen = new MarkingGen(42);
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Marking m = gen.next();
            corpus.add(i % 3 == 0 ? gen.mutate(m.banner()) : i % 2 == 0 ? m.banner() : m.portion());
        }
        List<Check> sequential = corpus.stream().map(MARKINGS::check).toList();
        List<Check> parallel = corpus.parallelStream().map(MARKINGS::check).toList();
        assertThat(parallel).isEqualTo(sequential);
        assertThatThrownBy(() -> new Check.Accepted("x", Verdict.INVALID, MARKINGS.parse("SECRET"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
