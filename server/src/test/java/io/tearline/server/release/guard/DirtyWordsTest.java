package io.tearline.server.release.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.server.Config;
import io.tearline.server.release.Finding;
import io.tearline.server.release.Outgoing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirtyWordsTest {

    static final Config.Guard DEMO = new Config.Guard(List.of("SI", "TK", "HCS", "NOFORN", "ORCON", "BLUE HERON"),
            Map.of("JPN", List.of("SAKURA GATE")));

    private static List<Finding> check(String nation, String text) {
        return new DirtyWords(DEMO.termsFor(nation)).check(new Outgoing(3, true, "(S//REL TO USA, JPN)", text));
    }

    @Test
    void aTermIsFoundAsAWholeWordInAnyCaseWithItsOffsetAndEvidence() {
        List<Finding> f = check("AUS", "Derived from noforn material.");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.check()).isEqualTo("dirty-word");
            assertThat(x.portion()).isEqualTo(3);
            assertThat(x.offset()).isEqualTo(13);
            assertThat(x.evidence()).isEqualTo("noforn");
            assertThat(x.message()).contains("NOFORN");
        });
    }

    @Test
    void partsOfWordsAreNotTerms() {
        assertThat(check("AUS", "Signals, TKO, nofornication, U.S. I think, ORCONS, blueheronry")).isEmpty();
        assertThat(check("AUS", "A siding near the tank")).isEmpty();
    }

    @Test
    void aZeroWidthSpaceInPlaceOfTheSpaceIsCaught() {
        String text = "Ships of BLUE\u200BHERON sailed";
        List<Finding> f = check("AUS", text);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.offset()).isEqualTo(9);
            assertThat(x.evidence()).isEqualTo("BLUE\u200BHERON");
        });
        assertThat(check("AUS", "BLUE   heron")).hasSize(1);
        assertThat(check("AUS", "blue-heron")).hasSize(1);
        assertThat(check("AUS", "BLUE\nHERON")).hasSize(1);
        assertThat(check("AUS", "BLUE WHITE HERON")).isEmpty();
    }

    @Test
    void zeroWidthCharactersInsideATermAndLookAlikesAreCaught() {
        assertThat(check("AUS", "N\u200BO\u200DF\u2060O\uFEFFR\u00ADN")).hasSize(1);
        assertThat(check("AUS", "N\u041EF\u041ERN")).hasSize(1);                   // Cyrillic O
        assertThat(check("AUS", "\u0405\u0406 product")).hasSize(1);                // Cyrillic DZE and I: "SI"
        assertThat(check("AUS", "\uFF28\uFF23\uFF33 report")).hasSize(1);           // full-width HCS
        assertThat(check("AUS", "\u041ERC\u041EN")).hasSize(1);                   // ORCON with Cyrillic O
        assertThat(check("AUS", "\u041E\u0420\u0421\u041EN")).isEmpty();        // Cyrillic O P C O N reads OPCON
    }

    @Test
    void perNationTermsApplyOnlyToThatNation() {
        assertThat(check("JPN", "the sakura gate project")).extracting(Finding::evidence).containsExactly("sakura gate");
        assertThat(check("AUS", "the sakura gate project")).isEmpty();
        assertThat(check("JPN", "the sakura garden")).isEmpty();
    }

    @Test
    void everyOccurrenceIsAFinding() {
        assertThat(check("AUS", "SI and TK and si")).extracting(Finding::offset).containsExactly(0, 7, 14);
    }
}
