package io.tearline.access;

/**
 * Bad input to the access-expression language: an expression, an authorization or a quoted token that
 * breaks a rule of Apache Accumulo's access-expression grammar. Carries a stable rule id (for machines,
 * e.g. an HTTP problem type), the zero-based UTF-16 index of the offending character, and a sentence for
 * people. Nothing is evaluated or changed when it is thrown.
 *
 * <p>Rule ids: {@value #TOKEN_EXPECTED}, {@value #OPERATOR_EXPECTED}, {@value #MIXED_OPERATORS},
 * {@value #UNMATCHED_PAREN}, {@value #PAREN_EXPECTED}, {@value #UNCLOSED_QUOTE}, {@value #EMPTY_QUOTED},
 * {@value #BAD_ESCAPE}, {@value #UNESCAPED_QUOTE}, {@value #UNBALANCED_QUOTES},
 * {@value #INVALID_AUTHORIZATION}, {@value #EMPTY_AUTHORIZATION}, {@value #TOO_DEEP}.
 */
public final class AccessExpressionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An authorization or {@code (} was needed: after the start, an operator, or {@code (}. */
    public static final String TOKEN_EXPECTED = "token-expected";
    /** {@code &}, {@code |}, {@code )} or the end was needed after an operand. */
    public static final String OPERATOR_EXPECTED = "operator-expected";
    /** {@code &} and {@code |} at the same level need parentheses: {@code A&B|C}. */
    public static final String MIXED_OPERATORS = "mixed-operators";
    /** A {@code )} with no {@code (} open. */
    public static final String UNMATCHED_PAREN = "unmatched-paren";
    /** The input ended with a {@code (} still open. */
    public static final String PAREN_EXPECTED = "paren-expected";
    /** A quoted token without its closing quote; the position is the opening quote. */
    public static final String UNCLOSED_QUOTE = "unclosed-quote";
    /** {@code ""}: a quoted token must hold at least one character. */
    public static final String EMPTY_QUOTED = "empty-quoted";
    /** A backslash in quotes that is not followed by {@code "} or {@code \}. */
    public static final String BAD_ESCAPE = "bad-escape";
    /** A {@code "} inside a quoted authorization that is not escaped (unquote only). */
    public static final String UNESCAPED_QUOTE = "unescaped-quote";
    /** A token that starts or ends with a quote, but not both (unquote only). */
    public static final String UNBALANCED_QUOTES = "unbalanced-quotes";
    /** An authorization with a control, unassigned or replacement (U+FFFD) character. */
    public static final String INVALID_AUTHORIZATION = "invalid-authorization";
    /** The empty string is not an authorization. */
    public static final String EMPTY_AUTHORIZATION = "empty-authorization";
    /** Parentheses nested deeper than {@link AccessExpression#MAX_DEPTH}. */
    public static final String TOO_DEEP = "too-deep";

    private final String rule;
    private final int position;
    private final String description;

    public AccessExpressionException(String rule, int position, String description) {
        super(description + " at position " + position);
        this.rule = rule;
        this.position = position;
        this.description = description;
    }

    /** No stack trace: bad input can arrive at a high rate, and the rule and position say where it went wrong. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** The stable id of the broken rule, one of the constants of this class. */
    public String rule() {
        return rule;
    }

    /** Zero-based UTF-16 index of the offending character in the input (its length for end of input). */
    public int position() {
        return position;
    }

    /** What was wrong, without the position, e.g. {@code expected '&', '|' or end of input, found '$'}. */
    public String description() {
        return description;
    }
}
