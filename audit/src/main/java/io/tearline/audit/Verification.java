package io.tearline.audit;

import java.util.List;
import java.util.Optional;

/** The outcome of {@link LogVerifier#verify}: the whole stored log re-verified from outside. */
public sealed interface Verification {

    /** Entries checked and signed checkpoints seen. */
    long size();

    int checkpoints();

    /** Every leaf re-hashes to its stored hash, names its own index, and the tree reproduces every checkpoint. */
    record Verified(long size, int checkpoints, Hash root) implements Verification {
    }

    /** What is wrong, in log order; the first bad entry index when an entry is implicated. */
    record Failed(long size, int checkpoints, List<Problem> problems) implements Verification {

        public Failed {
            problems = List.copyOf(problems);
        }

        /** The lowest entry index that a problem implicates (for a changed range, its first index). */
        public Optional<Long> firstBadIndex() {
            return problems.stream().filter(p -> p.kind() == Problem.Kind.ENTRY)
                    .map(Problem::index).min(Long::compare);
        }
    }

    /**
     * One finding. For {@link Kind#ENTRY} {@code index} is a log index (the first of a range when only a
     * range can be known); for {@link Kind#CHECKPOINT} it is the tree size of the checkpoint at fault.
     */
    record Problem(Kind kind, long index, String rule, String message) {
        public enum Kind { ENTRY, CHECKPOINT }

        @Override
        public String toString() {
            return (kind == Kind.ENTRY ? "entry " : "checkpoint ") + index + ": " + message + " [" + rule + "]";
        }
    }
}
