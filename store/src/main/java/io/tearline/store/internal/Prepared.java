package io.tearline.store.internal;

import io.tearline.markings.Marking;
import java.util.List;

/**
 * A report's content after validation, before it is written: every portion (title first) with its
 * original and normalised marking, and the banner.
 */
public record Prepared(String owner, String org, List<String> orcon, List<Part> parts, String banner, String author) {

    public Prepared {
        orcon = List.copyOf(orcon);
        parts = List.copyOf(parts);
    }

    /** One portion: index 0 is the title. */
    public record Part(String written, String normalised, Marking marking, String text, boolean tearline,
                       int derivedFrom) {}
}
