package io.tearline.server.release;

import io.tearline.server.Tearline;
import io.tearline.server.release.guard.StandardGuard;

/** The release guards Tearline offers. */
public final class Guards {

    private Guards() {}

    /**
     * The standard guard (NIST SP 800-53 AC-4 filters) over a running Tearline: dirty words from
     * {@code tearline.yaml}'s {@code guard} section, spillage through the store's fingerprint index, and
     * markings embedded in text. Thread-safe; it reads the current policy and store on every call.
     */
    public static ReleaseGuard standard(Tearline t) {
        return new StandardGuard(t);
    }
}
