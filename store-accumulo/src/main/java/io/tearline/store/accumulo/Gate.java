package io.tearline.store.accumulo;

import io.tearline.access.AccessExpressions;
import io.tearline.markings.Level;
import java.util.Objects;

/**
 * One open door of the alliance gate: a report owner and a portion level whose portions are open to a
 * reader's nation today. Every portion cell's visibility requires the token of its own (owner, level),
 * so the tablet servers apply the gate; the server computes which gates are open for a reader (from
 * the alliance's read policy) and gives them here, this module knowing nothing of the alliance.
 */
public record Gate(String owner, Level level) {

    public Gate {
        Objects.requireNonNull(owner);
        Objects.requireNonNull(level);
    }

    /** The authorization that opens this gate: {@code GATE:<owner>:<level>}, level as in a portion marking (U, C, S, TS). */
    public String token() {
        return "GATE:" + owner + ":" + level.portion();
    }

    /** The token as it appears in an access expression (quoted when it needs to be). */
    public String expressionToken() {
        return AccessExpressions.quote(token());
    }
}
