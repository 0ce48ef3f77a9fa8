package io.tearline.access.internal;

import io.tearline.access.AccessExpressionException;

/**
 * Character classes, authorization checks, quoting and error messages of the access-expression language
 * (Apache accumulo-access SPECIFICATION.md), shared by the evaluator and the parser so that both accept
 * exactly the same inputs and report the same rule at the same position.
 */
public final class Syntax {

    /** Deepest nesting of parentheses accepted; deeper input is an error, never a stack overflow. */
    public static final int MAX_DEPTH = 1000;

    // Unquoted token characters as bit sets over chars 0-63 and 64-127: '-' '.' '/' 0-9 ':' and A-Z '_' a-z.
    private static final long PLAIN_LOW = 0x07FFE00000000000L;
    private static final long PLAIN_HIGH = 0x07FFFFFE87FFFFFEL;

    private Syntax() {
    }

    /** ALPHA / DIGIT / "_" / "-" / "." / ":" / "/": the characters a token may have without quotes. */
    public static boolean isPlain(char c) {
        return c < 128 && ((c < 64 ? PLAIN_LOW : PLAIN_HIGH) & (1L << c)) != 0;
    }

    /**
     * False for characters no authorization may hold: ISO controls, unassigned chars and U+FFFD (the mark of
     * broken UTF-8). This is accumulo-access's default authorization validator; the grammar alone allows
     * them, but they are invisible or corrupt, so we fail closed on them as the reference does.
     */
    public static boolean isAllowedInAuthorization(char c) {
        if (c < 0x20) {
            return false;
        }
        return c < 0x7F || c > 0x9F && c != 0xFFFD && Character.isDefined(c);
    }

    /** Throws unless {@code auth} is a non-empty authorization of allowed characters. */
    public static void checkAuthorization(String auth) {
        if (auth.isEmpty()) {
            throw new AccessExpressionException(AccessExpressionException.EMPTY_AUTHORIZATION, 0,
                    "an authorization must not be empty");
        }
        for (int i = 0; i < auth.length(); i++) {
            char c = auth.charAt(i);
            if (!isAllowedInAuthorization(c)) {
                throw invalidAuthorization(c, i);
            }
        }
    }

    /** The token for an authorization: as is when every char is plain, else quoted with escapes. */
    public static String quote(String auth) {
        for (int i = 0; i < auth.length(); i++) {
            if (!isPlain(auth.charAt(i))) {
                return quoted(auth);
            }
        }
        return auth;
    }

    private static String quoted(String auth) {
        StringBuilder b = new StringBuilder(auth.length() + 4).append('"');
        for (int i = 0; i < auth.length(); i++) {
            char c = auth.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    /** The authorization a token stands for; see {@code AccessExpressions.unquote}. */
    public static String unquote(String token) {
        int n = token.length();
        boolean opens = n > 0 && token.charAt(0) == '"';
        boolean closes = n > 0 && token.charAt(n - 1) == '"';
        if (!opens && !closes) {
            checkAuthorization(token);
            return token;
        }
        if (n == 1 || !opens || !closes) {
            throw new AccessExpressionException(AccessExpressionException.UNBALANCED_QUOTES, opens ? 0 : n - 1,
                    "a quoted authorization needs a quote at both ends");
        }
        StringBuilder b = new StringBuilder(n);
        for (int i = 1; i < n - 1; i++) {
            char c = token.charAt(i);
            if (c == '\\') {
                char next = i + 1 < n - 1 ? token.charAt(i + 1) : 0;
                if (next != '"' && next != '\\') {
                    throw badEscape(i);
                }
                c = next;
                i++;
            } else if (c == '"') {
                throw new AccessExpressionException(AccessExpressionException.UNESCAPED_QUOTE, i,
                        "a quote inside a quoted authorization must be escaped as \\\"");
            } else if (!isAllowedInAuthorization(c)) {
                throw invalidAuthorization(c, i);
            }
            b.append(c);
        }
        if (b.isEmpty()) {
            throw emptyQuoted(0);
        }
        return b.toString();
    }

    /** How a character is named in messages: itself when visible, else its code point. */
    public static String describe(char c) {
        if (c > 0x20 && c < 0x7F || c > 0xA0 && Character.isDefined(c) && !Character.isISOControl(c)
                && !Character.isWhitespace(c) && !Character.isSurrogate(c) && c != 0xFFFD) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }

    private static String found(String s, int p) {
        return p >= s.length() ? "end of input" : describe(s.charAt(p));
    }

    public static AccessExpressionException tokenExpected(String s, int p) {
        return new AccessExpressionException(AccessExpressionException.TOKEN_EXPECTED, p,
                "expected an authorization or '(', found " + found(s, p));
    }

    public static AccessExpressionException operatorExpected(String s, int p, int depth) {
        if (depth == 0 && s.charAt(p) == ')') {
            return new AccessExpressionException(AccessExpressionException.UNMATCHED_PAREN, p,
                    "')' without a matching '('");
        }
        return new AccessExpressionException(AccessExpressionException.OPERATOR_EXPECTED, p,
                (depth == 0 ? "expected '&', '|' or end of input, found " : "expected '&', '|' or ')', found ")
                        + found(s, p));
    }

    public static AccessExpressionException mixedOperators(String s, int p) {
        char other = s.charAt(p) == '&' ? '|' : '&';
        return new AccessExpressionException(AccessExpressionException.MIXED_OPERATORS, p,
                "'" + s.charAt(p) + "' after '" + other + "' needs parentheses; expected '" + other
                        + "', ')' or end of input");
    }

    public static AccessExpressionException parenExpected(String s) {
        return new AccessExpressionException(AccessExpressionException.PAREN_EXPECTED, s.length(),
                "expected ')', found end of input");
    }

    public static AccessExpressionException tooDeep(int p) {
        return new AccessExpressionException(AccessExpressionException.TOO_DEEP, p,
                "parentheses nested deeper than " + MAX_DEPTH);
    }

    public static AccessExpressionException unclosedQuote(int openingQuote) {
        return new AccessExpressionException(AccessExpressionException.UNCLOSED_QUOTE, openingQuote,
                "quoted authorization without a closing '\"'");
    }

    public static AccessExpressionException emptyQuoted(int openingQuote) {
        return new AccessExpressionException(AccessExpressionException.EMPTY_QUOTED, openingQuote,
                "empty quoted authorization \"\"");
    }

    public static AccessExpressionException badEscape(int backslash) {
        return new AccessExpressionException(AccessExpressionException.BAD_ESCAPE, backslash,
                "expected '\"' or '\\' after '\\' in quotes");
    }

    public static AccessExpressionException invalidAuthorization(char c, int p) {
        return new AccessExpressionException(AccessExpressionException.INVALID_AUTHORIZATION, p,
                "authorization with the disallowed character " + String.format("U+%04X", (int) c)
                        + " (control, unassigned or replacement character)");
    }
}
