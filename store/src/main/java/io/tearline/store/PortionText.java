package io.tearline.store;

import java.util.Objects;

/**
 * A portion as an originator submits it: the marking exactly as written (with its parentheses, e.g.
 * {@code (S//REL TO USA, JPN)}) and the text it marks; a tearline portion (a sanitised paraphrase
 * released in place of another) says so and names the stored position of the portion it derives from.
 */
public record PortionText(String marking, String text, boolean tearline, int derivedFrom) {
    public PortionText {
        Objects.requireNonNull(marking, "marking");
        Objects.requireNonNull(text, "text");
        if (derivedFrom < 0 || tearline != (derivedFrom > 0)) {
            throw new IllegalArgumentException("a tearline portion, and only one, derives from a body portion");
        }
    }

    /** An ordinary portion. */
    public PortionText(String marking, String text) {
        this(marking, text, false, 0);
    }
}
