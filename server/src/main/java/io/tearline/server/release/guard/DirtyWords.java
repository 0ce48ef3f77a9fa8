package io.tearline.server.release.guard;

import io.tearline.server.release.Finding;
import io.tearline.server.release.Outgoing;
import io.tearline.store.TextWords;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code dirty-word} check: configured terms, as whole words, after {@link TextWords}'s
 * normalisation (case, NFKC, look-alike letters, zero-width and other format characters). A term of
 * several words matches them separated by any spacing or punctuation, or run together (as a zero-width
 * space in place of the space leaves them); text words may join a term's words but never split one,
 * so {@code SI} is not found in {@code U.S. I}.
 */
public final class DirtyWords {

    public static final String CHECK = "dirty-word";

    private record Term(String written, String joined, boolean[] boundary) {}

    private final List<Term> terms;

    public DirtyWords(List<String> terms) {
        List<Term> out = new ArrayList<>();
        for (String t : terms) {
            List<TextWords.Word> words = TextWords.words(t);
            if (words.isEmpty()) {
                continue;
            }
            StringBuilder joined = new StringBuilder();
            for (TextWords.Word w : words) {
                joined.append(w.text());
            }
            boolean[] boundary = new boolean[joined.length() + 1];
            int at = 0;
            for (TextWords.Word w : words) {
                at += w.text().length();
                boundary[at] = true;
            }
            out.add(new Term(t, joined.toString(), boundary));
        }
        this.terms = List.copyOf(out);
    }

    /** Every occurrence of every term in the item's text, in text order. */
    public List<Finding> check(Outgoing item) {
        String text = item.text();
        List<TextWords.Word> words = TextWords.words(text);
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            for (Term t : terms) {
                int end = match(words, i, t);
                if (end >= 0) {
                    int from = words.get(i).start();
                    int to = words.get(end).end();
                    out.add(new Finding(CHECK, item.portion(), from,
                            "the text contains the term '" + t.written() + "', which may not be released",
                            text.substring(from, to)));
                }
            }
        }
        return out;
    }

    /** The last word of a match of {@code t} starting at word {@code i}, or -1. */
    private static int match(List<TextWords.Word> words, int i, Term t) {
        int len = 0;
        for (int j = i; j < words.size(); j++) {
            String w = words.get(j).text();
            if (!t.joined().startsWith(w, len)) {
                return -1;
            }
            len += w.length();
            if (len == t.joined().length()) {
                return j;
            }
            if (!t.boundary()[len]) {
                return -1; // this text word would end inside one of the term's words
            }
        }
        return -1;
    }
}
