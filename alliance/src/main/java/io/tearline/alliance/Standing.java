package io.tearline.alliance;

import java.util.List;

/** A nation's standing on a day: for each community it belongs to, whether it is eligible and what blocks it. */
public record Standing(String nation, List<In> communities) {

    public Standing {
        communities = List.copyOf(communities);
    }

    public record In(String community, boolean eligible, List<Blocker> blockingControls) {
        public In {
            blockingControls = List.copyOf(blockingControls);
        }
    }
}
