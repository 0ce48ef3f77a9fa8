package io.tearline.markings;

import java.util.List;

/** Bad marking input: the first violated rule and its position, with every violation inside. */
public final class MarkingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public MarkingException(String input, List<Violation> violations) {
        super(describe(input, violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a MarkingException needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    private static String describe(String input, List<Violation> violations) {
        if (violations.isEmpty()) {
            return "invalid marking";
        }
        Violation v = violations.get(0);
        String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
        return "invalid marking " + Markings.quoteForMessage(input) + " at offset " + v.offset() + ": " + v.message()
                + " [" + v.rule() + "]" + more;
    }

    /** The id of the first violated rule. */
    public String rule() {
        return violations.get(0).rule();
    }

    /** The offset of the first violation in the input. */
    public int offset() {
        return violations.get(0).offset();
    }

    /** Every violation, in input order. */
    public List<Violation> violations() {
        return violations;
    }
}
