package io.tearline.audit;

/**
 * Bad input to the audit log (an entry that cannot be canonical JSON, an index beyond the log, a
 * malformed checkpoint or proof): a stable rule id, where the fault is, and a sentence. Nothing changed.
 */
public final class AuditException extends IllegalArgumentException {

    private final String rule;
    private final String position;

    public AuditException(String rule, String position, String message) {
        super(message);
        this.rule = rule;
        this.position = position;
    }

    public String rule() {
        return rule;
    }

    /** Where the fault is: an argument name ({@code index}, {@code size}) or a JSON path ({@code $.report}). */
    public String position() {
        return position;
    }

    @Override
    public String toString() {
        return "AuditException[" + rule + " at " + position + "]: " + getMessage();
    }
}
