package io.tearline.store;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one normalisation of free text that the release guard's checks share (dirty words, spillage
 * fingerprints, embedded markings): text becomes a list of words, each with its place in the original,
 * so that a finding can point into what the person wrote.
 *
 * <p>For each code point of the original, in order:
 * <ol>
 *   <li>format characters (Unicode category Cf: zero-width space U+200B, joiners U+200C/U+200D, word
 *       joiner U+2060, BOM U+FEFF, soft hyphen U+00AD...) are dropped: they neither end a word nor
 *       appear in it, so {@code BLUE\u200BHERON} reads {@code blueheron} and {@code NO\u00ADFORN}
 *       reads {@code noforn};</li>
 *   <li>the code point is put in Unicode NFKC form (full-width and other compatibility forms fold to
 *       their plain letters: {@code ＮＯＦＯＲＮ} is {@code noforn});</li>
 *   <li>look-alike letters are folded to the Latin letter they imitate, by the table {@link #CONFUSABLES}
 *       (Cyrillic and Greek letters that look like Latin ones, upper and lower case);</li>
 *   <li>the result is lower-cased (root locale), and combining marks are dropped;</li>
 *   <li>letters and digits make words; everything else (spaces, punctuation, symbols) ends a word.</li>
 * </ol>
 *
 * <p>Thread-safe and stateless. Linear in the length of the text.
 */
public final class TextWords {

    /**
     * Look-alikes folded to Latin, as pairs (look-alike, Latin): Cyrillic and Greek letters whose glyphs
     * pass for Latin ones in common fonts. Applied after NFKC and before lower-casing, so that capital
     * Greek ETA (looks like H) and small eta (looks like n) fold differently.
     */
    public static final String CONFUSABLES =
            // Cyrillic capitals
            "АaВbСcЕeНhІiЈjКkМmОoРpЅsТtХxУyԜwԚqЁe"
            // Cyrillic small
            + "аaвbсcеeһhіiјjкkмmоoрpѕsтtхxуyԝwԛqԁdӏlёeпn"
            // Greek capitals
            + "ΑaΒbΕeΗhΙiΚkΜmΝnΟoΡpΤtΥyΧxΖz"
            // Greek small
            + "αaβbεeηnιiκkνvοoρpτtυuχxϲcϳj";

    private static final char[] FOLD = new char[0x10000];

    static {
        for (int i = 0; i < CONFUSABLES.length(); i += 2) {
            FOLD[CONFUSABLES.charAt(i)] = CONFUSABLES.charAt(i + 1);
        }
    }

    /** A word after normalisation, and where it was in the original text ({@code [start, end)} in chars). */
    public record Word(String text, int start, int end) {}

    private TextWords() {}

    /** The words of {@code original}, normalised, with their offsets in the original. */
    public static List<Word> words(String original) {
        List<Word> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int start = -1;
        int end = -1;
        int n = original.length();
        for (int i = 0; i < n; ) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp < 0x80) {
                if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
                    if (start < 0) start = i;
                    word.append((char) cp);
                    end = next;
                } else if (cp >= 'A' && cp <= 'Z') {
                    if (start < 0) start = i;
                    word.append((char) (cp + 32));
                    end = next;
                } else if (start >= 0) {
                    out.add(new Word(word.toString(), start, end));
                    word.setLength(0);
                    start = -1;
                }
            } else if (Character.getType(cp) == Character.FORMAT) {
                // dropped: neither part of a word nor a boundary
            } else {
                String norm = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
                for (int j = 0; j < norm.length(); ) {
                    int c = norm.codePointAt(j);
                    j += Character.charCount(c);
                    if (c < 0x10000 && FOLD[c] != 0) {
                        c = FOLD[c];
                    }
                    int type = Character.getType(c);
                    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                            || type == Character.COMBINING_SPACING_MARK || type == Character.FORMAT) {
                        if (start >= 0) end = next;
                        continue;
                    }
                    if (Character.isLetterOrDigit(c)) {
                        if (start < 0) start = i;
                        word.append(new String(Character.toChars(c)).toLowerCase(Locale.ROOT));
                        end = next;
                    } else if (start >= 0) {
                        out.add(new Word(word.toString(), start, end));
                        word.setLength(0);
                        start = -1;
                    }
                }
            }
            i = next;
        }
        if (start >= 0) {
            out.add(new Word(word.toString(), start, end));
        }
        return out;
    }

    /**
     * Text with the same folding as {@link #words} but its spacing and punctuation kept, upper-cased
     * (for finding markings written inside text: {@code (ТS//SI)} with a Cyrillic T reads {@code (TS//SI)}).
     *
     * @param text   the folded text
     * @param origin for each char of {@code text}, its offset in the original; one more entry at the end
     *               holding the original's length
     */
    public record Plain(String text, int[] origin) {
        /** The original offset of the folded text's char {@code i} (or of its end, at {@code text.length()}). */
        public int originOf(int i) {
            return origin[i];
        }
    }

    /** The original with format characters dropped, NFKC applied, look-alikes folded, upper-cased. */
    public static Plain plain(String original) {
        StringBuilder b = new StringBuilder(original.length());
        int[] origin = new int[original.length() * 4 + 1];
        int k = 0;
        for (int i = 0; i < original.length(); ) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            String out;
            if (cp < 0x80) {
                out = String.valueOf((char) cp).toUpperCase(Locale.ROOT);
            } else if (Character.getType(cp) == Character.FORMAT) {
                out = "";
            } else {
                StringBuilder o = new StringBuilder();
                String norm = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
                for (int j = 0; j < norm.length(); ) {
                    int c = norm.codePointAt(j);
                    j += Character.charCount(c);
                    if (c < 0x10000 && FOLD[c] != 0) {
                        c = FOLD[c];
                    }
                    o.appendCodePoint(c);
                }
                out = o.toString().toUpperCase(Locale.ROOT);
            }
            for (int j = 0; j < out.length(); j++) {
                if (k + 1 >= origin.length) {
                    origin = java.util.Arrays.copyOf(origin, origin.length * 2);
                }
                origin[k++] = i;
                b.append(out.charAt(j));
            }
            i = next;
        }
        origin[k] = original.length();
        return new Plain(b.toString(), java.util.Arrays.copyOf(origin, k + 1));
    }

    /** The normalised words alone, joined by single spaces (for display and configuration). */
    public static String normalised(String original) {
        StringBuilder b = new StringBuilder();
        for (Word w : words(original)) {
            if (!b.isEmpty()) b.append(' ');
            b.append(w.text());
        }
        return b.toString();
    }
}
