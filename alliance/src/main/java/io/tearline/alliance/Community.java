package io.tearline.alliance;

import io.tearline.markings.Level;
import java.util.Optional;
import java.util.Set;

/**
 * A sharing agreement: its members, the tetragraph that names it in markings (if any), the highest
 * level it covers, and the controls each member must meet to be eligible.
 */
public record Community(String id, Optional<String> tetragraph, Set<String> members, Level coversUpTo,
                        Set<String> requiredControls) {

    public Community {
        members = Set.copyOf(members);
        requiredControls = Set.copyOf(requiredControls);
    }

    public boolean covers(Level level) {
        return coversUpTo.dominates(level);
    }
}
