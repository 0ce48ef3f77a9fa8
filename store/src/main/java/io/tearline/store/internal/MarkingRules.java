package io.tearline.store.internal;

import io.tearline.markings.Marking;
import java.util.List;

/**
 * What the store needs from the markings module, in the store's terms: check a portion marking, roll
 * portions up into a banner, parse a stored normalised marking, recognise a nation code.
 */
public interface MarkingRules {

    /** One violated rule: the markings module's rule id, a message, the offset into the marking. */
    record Finding(String rule, String message, int offset) {}

    /** A violated roll-up rule, located by portion index in the list rolled up. */
    record Located(int portion, String rule, String message, int offset) {}

    /** The verdict on one portion marking. */
    sealed interface Checked {
        /** VALID or NONCANON: the canonical portion form and the marking. */
        record Ok(String normalised, Marking marking) implements Checked {}

        /** INVALID: every violated rule. */
        record Bad(List<Finding> findings) implements Checked {
            public Bad {
                findings = List.copyOf(findings);
            }
        }
    }

    /** The roll-up of a list of portions. */
    sealed interface Rolled {
        record Ok(String banner) implements Rolled {}

        record Bad(List<Located> errors) implements Rolled {
            public Bad {
                errors = List.copyOf(errors);
            }
        }
    }

    Checked checkPortion(String written);

    Rolled rollup(List<Marking> portions);

    /** Parses a marking this store normalised before; it is valid by construction. */
    Marking parseNormalised(String normalised);

    /** True for a country trigraph the register knows. */
    boolean isCountry(String code);
}
