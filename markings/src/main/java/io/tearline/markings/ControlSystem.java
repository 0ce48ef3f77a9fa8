package io.tearline.markings;

import java.util.List;

/**
 * An SCI control system ({@code SI}, {@code TK}, {@code HCS}...) or a SAP program identifier, with its
 * sorted compartments. Unpublished names are accepted syntactically and never grant access by default.
 */
public record ControlSystem(String name, List<Compartment> compartments) {
    public ControlSystem {
        compartments = List.copyOf(compartments);
    }
}
