package io.tearline.access;

import io.tearline.markings.Level;
import io.tearline.markings.Register;
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

    /** The per-pair equivalences of a marking register (MARKINGS.md section 5.2 as data). */
    static Equivalence of(Register register) {
        return new Equivalence() {
            @Override
            public Optional<Level> usEquivalent(String owner, Level ownerLevel, String readerNation) {
                return register.usEquivalent(owner, ownerLevel, readerNation);
            }

            @Override
            public Set<String> owners() {
                return register.equivalenceOwners();
            }
        };
    }
}
