package io.tearline.alliance;

/** Bad input to the alliance model: a stable rule id, the field at fault, and a sentence. Nothing changed. */
public final class AllianceException extends IllegalArgumentException {

    private final String rule;
    private final String field;

    public AllianceException(String rule, String field, String message) {
        super(message);
        this.rule = rule;
        this.field = field;
    }

    public String rule() {
        return rule;
    }

    /** The input field at fault, e.g. {@code members[2]} or {@code expiresOn}. */
    public String field() {
        return field;
    }
}
