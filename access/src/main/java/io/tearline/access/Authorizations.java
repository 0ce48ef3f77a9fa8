package io.tearline.access;

import io.tearline.access.internal.Syntax;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An immutable set of authorizations (the attributes an entity holds), e.g. {@code {CLR:S, NAT:GBR}}.
 * Authorizations are unquoted strings: {@code A"C} is held as is and written {@code "A\"C"} in an
 * expression. Every authorization must be non-empty and free of control, unassigned and U+FFFD characters.
 * Iteration is in sorted order.
 *
 * @param values the authorizations; copied
 */
public record Authorizations(SortedSet<String> values) {

    /**
     * @throws AccessExpressionException when an authorization is empty or has a disallowed character
     */
    public Authorizations {
        TreeSet<String> copy = new TreeSet<>();
        for (String v : values) {
            Syntax.checkAuthorization(v);
            copy.add(v);
        }
        values = Collections.unmodifiableSortedSet(copy);
    }

    public static Authorizations of(String... values) {
        return of(Arrays.asList(values));
    }

    public static Authorizations of(Collection<String> values) {
        return new Authorizations(new TreeSet<>(values));
    }

    public boolean contains(String authorization) {
        return values.contains(authorization);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
