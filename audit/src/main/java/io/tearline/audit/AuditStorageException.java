package io.tearline.audit;

/** The database failed underneath the log (connection lost, disk full). The operation did not happen. */
public final class AuditStorageException extends RuntimeException {

    public AuditStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
