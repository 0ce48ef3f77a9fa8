package io.tearline.markings;

import java.util.List;

/** A compartment of an SCI control system or SAP program, with its sorted sub-compartments. */
public record Compartment(String name, List<String> subCompartments) {
    public Compartment {
        subCompartments = List.copyOf(subCompartments);
    }
}
