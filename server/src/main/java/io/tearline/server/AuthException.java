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

    /**
     * @param reason a stable code naming exactly why (e.g. {@code token.lifetime}); never library text
     */
    public AuthException(Failure failure, String reason, String message) {
        super(message);
        this.failure = failure;
        this.reason = reason;
    }

    public AuthException(Failure failure, String reason, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.reason = reason;
    }

    public Failure failure() {
        return failure;
    }

    public String reason() {
        return reason;
    }
}
