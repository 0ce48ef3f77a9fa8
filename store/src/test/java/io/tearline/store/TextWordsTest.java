package io.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextWordsTest {

    private static List<String> texts(String s) {
        return TextWords.words(s).stream().map(TextWords.Word::text).toList();
    }

    @Test
    void wordsAreLowerCasedAndSplitOnSpacesAndPunctuation() {
        assertThat(texts("Blue HERON, near the shoal.")).containsExactly("blue", "heron", "near", "the", "shoal");
        assertThat(texts("  ")).isEmpty();
    }

    @Test
    void offsetsPointIntoTheOriginal() {
        String s = "x  BLUE\u200BHERON!";
        List<TextWords.Word> w = TextWords.words(s);
        assertThat(w).hasSize(2);
        assertThat(w.get(1).text()).isEqualTo("blueheron");
        assertThat(s.substring(w.get(1).start(), w.get(1).end())).isEqualTo("BLUE\u200BHERON");
    }

    @Test
    void formatCharactersNeitherSplitNorShowUp() {
        for (String zw : List.of("\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD")) {
            assertThat(texts("NO" + zw + "FORN")).as("U+%04X", (int) zw.charAt(0)).containsExactly("noforn");
        }
    }

    @Test
    void lookAlikesAndCompatibilityFormsFoldToLatin() {
        // Cyrillic О, Ғ is not in the table; Cyrillic Н/О, Greek Ο; full-width letters
        assertThat(texts("N\u041EF\u041ERN")).containsExactly("noforn");      // Cyrillic capital O twice
        assertThat(texts("N\u039FFORN")).containsExactly("noforn");            // Greek capital omicron
        assertThat(texts("\uFF2E\uFF2F\uFF26\uFF2F\uFF32\uFF2E")).containsExactly("noforn"); // full-width
        assertThat(texts("\u0412LUE \u041D\u0415R\u041EN")).containsExactly("blue", "heron"); // Cyrillic В, Н, Е, О
        assertThat(texts("\u0455i")).containsExactly("si");                    // Cyrillic dze
        assertThat(texts("caf\u0065\u0301")).containsExactly("cafe");           // combining acute dropped
    }

    @Test
    void unrelatedLettersAreNotFolded() {
        assertThat(texts("\u0436\u0443\u043A")).containsExactly("\u0436yk"); // Cyrillic zhe stays, u/k fold
        assertThat(texts("noform")).containsExactly("noform");
    }

    @Test
    void plainKeepsPunctuationAndMapsOffsets() {
        String s = "a (\u0422S//SI) b";   // Cyrillic Т
        TextWords.Plain p = TextWords.plain(s);
        assertThat(p.text()).isEqualTo("A (TS//SI) B");
        int at = p.text().indexOf('(');
        assertThat(p.originOf(at)).isEqualTo(2);
        String z = "x(T\u200BS//SI)";
        TextWords.Plain q = TextWords.plain(z);
        assertThat(q.text()).isEqualTo("X(TS//SI)");
        assertThat(z.substring(q.originOf(1), q.originOf(q.text().length()))).isEqualTo("(T\u200BS//SI)");
    }
}
