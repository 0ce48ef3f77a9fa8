package io.tearline.access;

import java.util.List;
import java.util.Set;

/** The answer to "may this person see this portion?". */
public sealed interface Decision {

    enum Effect { PERMIT, VIEW_ONLY, DENY }

    Effect effect();

    /** Handling rules that come with a display; empty for a denial. */
    Set<Obligation> obligations();

    /** Every unmet requirement; empty unless denied. */
    List<Reason> reasons();

    /** True for PERMIT and VIEW_ONLY: the portion may be shown. */
    default boolean permitsDisplay() {
        return effect() != Effect.DENY;
    }

    record Permit(Set<Obligation> obligations) implements Decision {
        public Permit {
            obligations = Set.copyOf(obligations);
        }

        public Effect effect() {
            return Effect.PERMIT;
        }

        public List<Reason> reasons() {
            return List.of();
        }
    }

    /** DISPLAY ONLY: shown, never copied or exported. */
    record ViewOnly(Set<Obligation> obligations) implements Decision {
        public ViewOnly {
            obligations = Set.copyOf(obligations);
        }

        public Effect effect() {
            return Effect.VIEW_ONLY;
        }

        public List<Reason> reasons() {
            return List.of();
        }
    }

    /** Every unmet requirement, not just the first. */
    record Deny(List<Reason> reasons) implements Decision {
        public Deny {
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a denial needs at least one reason");
            }
        }

        public Effect effect() {
            return Effect.DENY;
        }

        public Set<Obligation> obligations() {
            return Set.of();
        }
    }
}
