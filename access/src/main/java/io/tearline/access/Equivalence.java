package io.tearline.access;

import io.tearline.markings.Level;
import java.util.Optional;
import java.util.Set;

/**
 * Per-pair classification equivalence (MARKINGS.md section 5.2): which US-equivalent clearance a reader
 * of one nation needs for another owner's level. Kept per pair because mapping through a third
 * country can raise the label.
 */
public interface Equivalence {

    /** The US-equivalent level a reader of {@code readerNation} needs; empty when no agreement covers the pair. */
    Optional<Level> usEquivalent(String owner, Level ownerLevel, String readerNation);

    /** Every owner (nation or NATO) with at least one known pair. */
    Set<String> owners();
}
