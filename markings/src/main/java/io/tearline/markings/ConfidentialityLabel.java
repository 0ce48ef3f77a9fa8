package io.tearline.markings;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A NATO STANAG 4774 confidentiality label (ADatP-4774, MARKINGS.md section 6.1): the security policy, a
 * classification named by that policy, and categories, each with a tag name, a type and its values.
 *
 * @param policyUri      the {@code PolicyIdentifier/@URI}, e.g. {@code urn:oid:1.3.26.1.3.1} for NATO
 * @param policyName     the {@code PolicyIdentifier} text, e.g. {@code NATO}
 * @param classification the classification name under the policy, e.g. {@code NATO SECRET}
 * @param categories     the categories in the order written
 * @param created        the {@code CreationDateTime}
 */
public record ConfidentialityLabel(String policyUri, String policyName, String classification,
                                   List<Category> categories, Instant created) {

    public ConfidentialityLabel {
        Objects.requireNonNull(policyUri, "policyUri");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(created, "created");
        categories = List.copyOf(categories);
    }

    /** A category type (4774 {@code Category/@Type}). */
    public enum Type {
        /** The reader must hold every value. */
        RESTRICTIVE,
        /** The reader must hold at least one value. */
        PERMISSIVE,
        /** Carried for handling, ignored by the access check. */
        INFORMATIVE
    }

    /** One {@code Category}: {@code TagName}, {@code Type} and its {@code GenericValue}s. */
    public record Category(String tagName, Type type, List<String> values) {
        public Category {
            Objects.requireNonNull(tagName, "tagName");
            Objects.requireNonNull(type, "type");
            values = List.copyOf(values);
        }
    }
}
