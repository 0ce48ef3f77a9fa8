package io.tearline.store;

import java.util.List;

/**
 * The store's one exception for bad input: a rule id and every located error. Nothing was written
 * when it is thrown. The server maps it to 400, except the subtypes and rules it maps otherwise
 * ({@link StaleVersionException}: 409; {@code report.not-found}: 404).
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A marking (or the roll-up of the markings) is invalid; see {@link #errors()}. */
    public static final String INVALID_REPORT = "report.invalid";
    public static final String NOT_FOUND = "report.not-found";
    public static final String STALE_VERSION = "report.stale-version";
    public static final String BAD_QUERY = "search.query";

    private final String rule;
    private final transient List<InputError> errors;

    public StoreException(String rule, String message, List<InputError> errors) {
        super(message);
        this.rule = rule;
        this.errors = List.copyOf(errors);
    }

    public StoreException(String rule, String message) {
        this(rule, message, List.of());
    }

    public String rule() {
        return rule;
    }

    /** Every located error (empty for errors that are not about one place in the input). */
    public List<InputError> errors() {
        return errors;
    }

    /** The offset of the first located error, or 0. */
    public int offset() {
        return errors.isEmpty() ? 0 : errors.get(0).offset();
    }
}
