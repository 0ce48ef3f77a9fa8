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
     *
     * <p>Foreign information kept apart from US text can also name several owners, {@code (//CAN GBR S)},
     * or conceal its source, {@code (//FGI S)} (MARKINGS.md section 1.6). {@code owners} lists the
     * acknowledged owners (sorted: trigraphs, then tetragraphs) and is empty when the source is
     * concealed. {@code owner} is the single owner's code; for several owners it is their codes joined
     * by a space ({@code "CAN GBR"}) and for a concealed source it is {@code "FGI"}: words that name no
     * nation, so that code keyed by a single owner fails closed on them.
     */
    record Foreign(String owner, Level level, List<String> owners) implements Classification {

        /** The owner code of a concealed source. */
        public static final String CONCEALED = "FGI";

        public Foreign {
            owners = List.copyOf(owners);
            String expected = owners.isEmpty() ? CONCEALED : String.join(" ", owners);
            if (!expected.equals(owner)) {
                throw new IllegalArgumentException("owner " + owner + " does not match owners " + owners);
            }
        }

        /** A single owner, e.g. {@code new Foreign("GBR", Level.SECRET)}. */
        public Foreign(String owner, Level level) {
            this(owner, level, List.of(owner));
        }

        /** Several acknowledged owners, sorted by the caller: {@code (//CAN GBR S)}. */
        public static Foreign of(Level level, List<String> owners) {
            return new Foreign(owners.isEmpty() ? CONCEALED : String.join(" ", owners), level, owners);
        }

        /** A source-concealed foreign portion: {@code (//FGI S)}. */
        public static Foreign concealed(Level level) {
            return new Foreign(CONCEALED, level, List.of());
        }

        /** True when the source is concealed ({@code //FGI S}). */
        public boolean concealed() {
            return owners.isEmpty();
        }

        /** True for NATO classifications ({@code //NATO SECRET}, {@code //COSMIC TOP SECRET}). */
        public boolean nato() {
            return owners.size() == 1 && "NATO".equals(owners.get(0));
        }
    }

    /** A JOINT classification; {@code owners} is sorted (trigraphs, then tetragraphs) and includes USA. */
    record Joint(Level level, List<String> owners) implements Classification {
        public Joint {
            owners = List.copyOf(owners);
        }
    }
}
