package io.tearline.server;

/**
 * A request without acceptable credentials: answered 401 with a WWW-Authenticate challenge. The caller
 * is told only the {@link Failure} class, in fixed words; the precise {@link #reason()} (a stable code)
 * and the message are for the audit log and the operator.
 */
public final class AuthException extends Exception {

    /** What an unauthenticated caller is told: one fixed detail per class of failure. */
    public enum Failure {
        MISSING("missing credentials"),
        MALFORMED("malformed credentials"),
        INVALID("invalid token"),
        EXPIRED("token expired");

        private final String detail;

        Failure(String detail) {
            this.detail = detail;
        }

        public String detail() {
            return detail;
        }
    }

    private final Failure failure;
    private final String reason;
    private final String subject;

    /**
     * @param reason a stable code naming exactly why (e.g. {@code token.lifetime}); never library text
     */
    public AuthException(Failure failure, String reason, String message) {
        this(failure, reason, message, null, null);
    }

    public AuthException(Failure failure, String reason, String message, Throwable cause) {
        this(failure, reason, message, cause, null);
    }

    /**
     * @param subject the subject the refused credentials claimed (unverified), or null: failures are
     *                counted per subject as well as per address
     */
    public AuthException(Failure failure, String reason, String message, Throwable cause, String subject) {
        super(message, cause);
        this.failure = failure;
        this.reason = reason;
        this.subject = subject;
    }

    /** The subject the refused credentials claimed, unverified: for counting failures only. */
    public java.util.Optional<String> claimedSubject() {
        return java.util.Optional.ofNullable(subject);
    }

    public Failure failure() {
        return failure;
    }

    public String reason() {
        return reason;
    }
}
