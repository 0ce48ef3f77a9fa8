package io.tearline.store;

/**
 * A stored portion. Index 0 is the report's title; body portions are numbered from 1 in order.
 *
 * @param index      0 for the title, 1..n for the body portions
 * @param marking    the originator's marking exactly as written (the record; never rewritten)
 * @param normalised the canonical portion form of the same marking
 * @param label      the label id of (normalised marking, owner, ORCON list): what read decisions need
 * @param text       the portion's text
 * @param tearline   true for a tearline portion: a sanitised paraphrase released in place of another
 * @param derivedFrom for a tearline portion, the stored position of the portion it paraphrases; else 0
 */
public record Portion(int index, String marking, String normalised, int label, String text, boolean tearline,
                      int derivedFrom) {

    /** An ordinary portion (not a tearline). */
    public Portion(int index, String marking, String normalised, int label, String text) {
        this(index, marking, normalised, label, text, false, 0);
    }

    /** True when the originator wrote the marking in its canonical form. */
    public boolean canonical() {
        return marking.equals(normalised);
    }
}
