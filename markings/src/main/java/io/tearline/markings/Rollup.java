package io.tearline.markings;

import java.util.List;

/**
 * The result of rolling portion markings up into a banner (MARKINGS.md section 2).
 *
 * <p>{@link Accepted} carries the banner and the portions as rolled up (a portion written with the short
 * form {@code REL} gets the banner's list); {@link Rejected} carries every error, located by portion.
 */
public sealed interface Rollup {

    /** VALID, NONCANON (some portion was written non-canonically) or INVALID. */
    Verdict verdict();

    /** For {@link Accepted}, the portions' non-canonical spellings; for {@link Rejected}, every error. */
    List<Located> findings();

    /** The banner computed from valid portions. */
    record Accepted(Verdict verdict, Marking banner, List<Marking> portions, List<Located> findings) implements Rollup {
        public Accepted {
            if (verdict == Verdict.INVALID) {
                throw new IllegalArgumentException("an accepted roll-up is VALID or NONCANON");
            }
            portions = List.copyOf(portions);
            findings = List.copyOf(findings);
        }

        /** The banner line, e.g. {@code SECRET//NOFORN}. */
        public String bannerText() {
            return banner.banner();
        }
    }

    /** At least one portion is INVALID (or the list is empty): nothing is rolled up. */
    record Rejected(List<Located> errors) implements Rollup {
        public Rejected {
            errors = List.copyOf(errors);
        }

        @Override
        public Verdict verdict() {
            return Verdict.INVALID;
        }

        @Override
        public List<Located> findings() {
            return errors;
        }
    }

    /**
     * A violation located in a document.
     *
     * @param portion the 0-based index of the portion in the list given to roll-up; {@link #DOCUMENT} when
     *                the problem is the document as a whole (for example an empty list)
     */
    record Located(int portion, String rule, String message, int offset) {

        public static final int DOCUMENT = -1;

        public static Located of(int portion, Violation v) {
            return new Located(portion, v.rule(), v.message(), v.offset());
        }

        public Violation violation() {
            return new Violation(rule, message, offset);
        }
    }
}
