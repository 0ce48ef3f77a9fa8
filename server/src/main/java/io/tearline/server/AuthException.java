package io.tearline.server;

/** A request without acceptable credentials: answered 401 with a WWW-Authenticate challenge. */
public final class AuthException extends Exception {

    public AuthException(String message) {
        super(message);
    }

    public AuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
