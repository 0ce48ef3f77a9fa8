package io.tearline.store.accumulo;

/** Accumulo refused or failed an operation (not a problem with the caller's input). */
public final class AccumuloStoreException extends RuntimeException {

    public AccumuloStoreException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
