package io.tearline.markings;

import java.util.List;

/** The first category of a marking: US, non-US (national or NATO), or JOINT. Mutually exclusive. */
public sealed interface Classification {

    Level level();

    /** A US classification: {@code SECRET}, portion {@code S}. Never RESTRICTED. */
    record Us(Level level) implements Classification {}

    /**
     * A non-US classification owned by a country (trigraph) or by NATO: {@code //GBR SECRET} /
     * {@code (//GBR S)}, {@code //NATO SECRET} / {@code (//NS)}, {@code //COSMIC TOP SECRET} / {@code (//CTS)}.
     */
    record Foreign(String owner, Level level) implements Classification {}

    /** A JOINT classification; {@code owners} is sorted (trigraphs, then tetragraphs) and includes USA. */
    record Joint(Level level, List<String> owners) implements Classification {
        public Joint {
            owners = List.copyOf(owners);
        }
    }
}
