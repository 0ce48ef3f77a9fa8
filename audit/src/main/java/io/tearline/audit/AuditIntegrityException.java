package io.tearline.audit;

/**
 * The stored log does not reproduce what was signed (or cannot be read as a log at all): the log refuses
 * to run rather than sign a second history. {@link #index()} is the first log index known to be bad.
 */
public final class AuditIntegrityException extends IllegalStateException {

    private final long index;

    public AuditIntegrityException(long index, String message) {
        super(message);
        this.index = index;
    }

    public long index() {
        return index;
    }
}
