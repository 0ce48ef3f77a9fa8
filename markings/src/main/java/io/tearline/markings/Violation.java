package io.tearline.markings;

/**
 * One violated rule.
 *
 * @param rule    a stable rule id, e.g. {@code rel-to.usa-first} or {@code si-g.orcon}; the message cites
 *                the ISM-ID where one exists
 * @param message what is wrong, for a person
 * @param offset  the character offset into the checked input where the problem is (0-based)
 */
public record Violation(String rule, String message, int offset) {
    public Violation {
        if (rule == null || message == null) {
            throw new NullPointerException("rule and message are required");
        }
    }
}
