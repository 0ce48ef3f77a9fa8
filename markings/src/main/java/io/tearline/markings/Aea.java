package io.tearline.markings;

import java.util.List;
import java.util.Set;

/** The AEA category: its controls and, when SIGMA is present, the sorted SIGMA numbers. */
public record Aea(Set<AeaControl> controls, List<Integer> sigmas) {
    public static final Aea NONE = new Aea(Set.of(), List.of());

    public Aea {
        controls = Set.copyOf(controls);
        sigmas = List.copyOf(sigmas);
    }

    public boolean isEmpty() {
        return controls.isEmpty();
    }
}
