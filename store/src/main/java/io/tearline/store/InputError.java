package io.tearline.store;

/**
 * One located problem with submitted input.
 *
 * @param location where: the title, a body portion (1-based, as stored), or a named field
 * @param rule     a stable rule id: the markings module's for marking errors (e.g.
 *                 {@code rel-to.usa-first}), {@code report.*} or {@code search.*} for the store's own
 * @param message  for a person
 * @param offset   character offset into the marking (or field value) the rule points at
 */
public record InputError(Location location, String rule, String message, int offset) {

    /** Where an error is. */
    public sealed interface Location {
        /** The report's title (portion 0). */
        record Title() implements Location {}

        /** A body portion, numbered from 1 as stored. */
        record Portion(int index) implements Location {}

        /** A named field of the input, e.g. {@code owner}, {@code orcon}, {@code query}. */
        record Field(String name) implements Location {}

        /** The location of portion {@code index} in the store's numbering (0 = title). */
        static Location ofPortion(int index) {
            return index == 0 ? new Title() : new Portion(index);
        }
    }
}
