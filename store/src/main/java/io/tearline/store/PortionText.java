package io.tearline.store;

import java.util.Objects;

/**
 * A portion as an originator submits it: the marking exactly as written (with its parentheses, e.g.
 * {@code (S//REL TO USA, JPN)}) and the text it marks.
 */
public record PortionText(String marking, String text) {
    public PortionText {
        Objects.requireNonNull(marking, "marking");
        Objects.requireNonNull(text, "text");
    }
}
