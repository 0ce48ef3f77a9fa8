package io.tearline.store;

import java.util.List;
import java.util.Objects;

/**
 * The content of a new version of an existing report. Owner and originating organisation never
 * change; everything else is replaced, and the previous version stays readable.
 */
public record Revision(PortionText title, List<String> orcon, List<PortionText> portions, String author) {
    public Revision {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(author, "author");
        orcon = List.copyOf(orcon);
        portions = List.copyOf(portions);
    }
}
