package io.tearline.markings;

/**
 * Bad interchange input (ISM XML, a STANAG 4774 label, a 4778 binding) or a marking that a format cannot
 * carry. Carries a stable rule id and, for XML, the location: line and column (1-based; 0 when the error
 * has no place in a document) and the attribute or element concerned (empty when none).
 *
 * <p>This is the interchange layer's counterpart of {@link MarkingException}: an XML document is located by
 * line and column, not by a character offset into one marking.
 */
public final class InterchangeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String rule;
    private final int line;
    private final int column;
    private final String attribute;

    public InterchangeException(String rule, String message, int line, int column, String attribute) {
        super(describe(rule, message, line, column, attribute));
        this.rule = rule;
        this.line = line;
        this.column = column;
        this.attribute = attribute == null ? "" : attribute;
    }

    /** An error with no place in a document, e.g. a marking that a format cannot carry. */
    public InterchangeException(String rule, String message) {
        this(rule, message, 0, 0, "");
    }

    private static String describe(String rule, String message, int line, int column, String attribute) {
        StringBuilder sb = new StringBuilder();
        if (line > 0) {
            sb.append("line ").append(line).append(", column ").append(column).append(": ");
        }
        if (attribute != null && !attribute.isEmpty()) {
            sb.append(attribute).append(": ");
        }
        return sb.append(message).append(" [").append(rule).append(']').toString();
    }

    public String rule() {
        return rule;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The qualified name of the attribute (or element) concerned, e.g. {@code ism:releasableTo}; empty when none. */
    public String attribute() {
        return attribute;
    }
}
