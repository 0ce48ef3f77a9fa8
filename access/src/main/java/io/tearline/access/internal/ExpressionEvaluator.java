package io.tearline.access.internal;

import java.util.Arrays;

/**
 * Validates and evaluates an access expression in a single left-to-right pass, without building a tree
 * and without allocating (but for quoted tokens with escapes, and nesting deeper than 16 levels).
 *
 * <p>It scans the expression's chars as loaded by {@link Scratch}, with a NUL after the end: scanning an
 * array is much faster than {@link String#charAt} in these loops, and the NUL (never a token, operator or
 * parenthesis) ends every scan without a bounds test per char. Each parenthesised group keeps its value so
 * far, its operator (none yet, {@code &} or {@code |}) and whether an enclosing group is already decided; a
 * group is decided once it is {@code &} and false or {@code |} and true. Tokens inside decided groups are
 * still scanned and validated (an invalid expression is an error even when the answer is known) but not
 * looked up. Enclosing groups' states are 4 bits each, packed into a long for the first 16 levels. The
 * value and operator updates are branch-free: over varied expressions, mispredicted branches are most of
 * the cost.
 */
public final class ExpressionEvaluator {

    // operators of a group; NONE until its first & or |
    private static final int NONE = 0;
    private static final int AND = 1;
    private static final int OR = 2;

    private static final byte OTHER = 0;
    private static final byte PLAIN = 1;
    private static final byte OPEN = 2;
    private static final byte CLOSE = 3;
    private static final byte AMPERSAND = 4; // AMPERSAND and BAR differ in bit 0 only, and minus 3 are AND, OR
    private static final byte BAR = 5;
    private static final byte QUOTE = 6;
    /** The kind of every char, so that each scan step is one load and one test. */
    private static final byte[] KIND = new byte[Character.MAX_VALUE + 1];

    private static final int PACKED_LEVELS = 16;

    static {
        for (char c = 0; c < 128; c++) {
            KIND[c] = Syntax.isPlain(c) ? PLAIN : OTHER;
        }
        KIND['('] = OPEN;
        KIND[')'] = CLOSE;
        KIND['&'] = AMPERSAND;
        KIND['|'] = BAR;
        KIND['"'] = QUOTE;
    }

    private ExpressionEvaluator() {
    }

    /**
     * Whether {@code expression}, loaded into {@code s} by {@link Scratch#load}, is accessible with the
     * authorizations in {@code table}. An empty expression is accessible to everyone.
     *
     * @throws io.tearline.access.AccessExpressionException when {@code expression} is not valid
     */
    public static boolean evaluate(String expression, char[] s, AuthorizationTable table) {
        final int len = expression.length();
        if (len == 0) {
            return true;
        }
        int p = 0;
        int value = 0;
        int op = NONE;
        int skip = 0;
        long packed = 0L;
        byte[] deep = null;
        int depth = 0;
        while (true) {
            // an operand: '(' or an authorization token
            int kind = KIND[s[p]];
            int decided = op & 1 & (value ^ 1) | op >> 1 & value;
            if (kind == OPEN) {
                if (depth == Syntax.MAX_DEPTH) {
                    throw Syntax.tooDeep(p);
                }
                int state = value | op << 1 | skip << 3;
                if (depth < PACKED_LEVELS) {
                    int shift = depth << 2;
                    packed = packed & ~(0xFL << shift) | (long) state << shift;
                } else {
                    deep = push(deep, depth - PACKED_LEVELS, state);
                }
                depth++;
                skip |= decided;
                value = 0;
                op = NONE;
                p++;
                continue;
            }
            int held;
            if (kind == PLAIN) {
                int start = p;
                while (KIND[s[++p]] == PLAIN) {
                    // to the end of the token
                }
                held = (skip | decided) == 0 && table.contains(s, start, p) ? 1 : 0;
            } else if (kind == QUOTE) {
                int start = p + 1;
                int q = start;
                boolean escaped = false;
                while (true) {
                    char d = s[q];
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\') {
                        d = s[q + 1]; // the NUL after the end when q + 1 == len
                        if (d != '"' && d != '\\') {
                            throw Syntax.badEscape(q);
                        }
                        q++;
                        escaped = true;
                    } else if (!Syntax.isAllowedInAuthorization(d)) {
                        throw q == len ? Syntax.unclosedQuote(p) : Syntax.invalidAuthorization(d, q);
                    }
                    q++;
                }
                if (q == start) {
                    throw Syntax.emptyQuoted(p);
                }
                held = (skip | decided) == 0
                        && (escaped ? table.contains(unescape(s, start, q)) : table.contains(s, start, q)) ? 1 : 0;
                p = q + 1;
            } else {
                throw Syntax.tokenExpected(expression, p);
            }
            // AND: value & held; OR, and NONE (value is 0 then): value | held
            value = (value | held) ^ ((value ^ held) & -(op & 1));
            // then operators and closing parentheses, up to the next operand or the end
            while (true) {
                kind = KIND[s[p]];
                if ((kind & ~1) == AMPERSAND) { // & or |
                    int o = kind - (AMPERSAND - AND);
                    if ((op & ~o) != 0) {
                        throw Syntax.mixedOperators(expression, p);
                    }
                    op = o;
                    p++;
                    break;
                }
                if (kind == CLOSE && depth > 0) {
                    depth--;
                    int state = depth < PACKED_LEVELS ? (int) (packed >>> (depth << 2)) & 0xF
                            : deep[depth - PACKED_LEVELS];
                    int inner = value;
                    value = state & 1;
                    op = state >>> 1 & 3;
                    skip = state >>> 3;
                    value = (value | inner) ^ ((value ^ inner) & -(op & 1));
                    p++;
                    continue;
                }
                if (p == len) {
                    if (depth > 0) {
                        throw Syntax.parenExpected(expression);
                    }
                    return value != 0;
                }
                throw Syntax.operatorExpected(expression, p, depth);
            }
        }
    }

    private static String unescape(char[] s, int start, int end) {
        StringBuilder b = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = s[i];
            b.append(c == '\\' ? s[++i] : c);
        }
        return b.toString();
    }

    private static byte[] push(byte[] deep, int i, int state) {
        byte[] d = deep == null ? new byte[64] : i == deep.length ? Arrays.copyOf(deep, deep.length * 2) : deep;
        d[i] = (byte) state;
        return d;
    }
}
