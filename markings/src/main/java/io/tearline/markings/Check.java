package io.tearline.markings;

import java.util.List;

/** The result of checking one banner or portion marking. */
public sealed interface Check {

    String input();

    Verdict verdict();

    /** For {@link Accepted}, the non-canonical spellings (empty when VALID); for {@link Rejected}, every violated rule. */
    List<Violation> findings();

    /** VALID or NONCANON: the marking, whose {@link Marking#banner()} and {@link Marking#portion()} are the normalised forms. */
    record Accepted(String input, Verdict verdict, Marking marking, List<Violation> findings) implements Check {
        public Accepted {
            if (verdict == Verdict.INVALID) {
                throw new IllegalArgumentException("an accepted marking is VALID or NONCANON");
            }
            findings = List.copyOf(findings);
        }
    }

    /** INVALID: every violated rule, located in the input. */
    record Rejected(String input, List<Violation> findings) implements Check {
        public Rejected {
            findings = List.copyOf(findings);
        }

        @Override
        public Verdict verdict() {
            return Verdict.INVALID;
        }
    }
}
