package io.tearline.markings;

/** NATO control markings carried by NATO-classified material; they are not classifications. */
public enum NatoControl {
    ATOMAL, BOHEMIA, BALK
}
