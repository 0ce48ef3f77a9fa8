package io.tearline.access.internal;

import io.tearline.access.AccessExpression;
import io.tearline.access.AccessExpression.And;
import io.tearline.access.AccessExpression.Or;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser from text to {@link AccessExpression} trees. It accepts exactly what
 * {@link ExpressionEvaluator} accepts and reports the same rule at the same position (the tests hold both
 * to that); recursion is bounded by {@link Syntax#MAX_DEPTH}.
 */
public final class ExpressionParser {

    private final String s;
    private final int len;
    private int p;

    private ExpressionParser(String s) {
        this.s = s;
        this.len = s.length();
    }

    public static AccessExpression parse(String s) {
        if (s.isEmpty()) {
            return AccessExpression.empty();
        }
        ExpressionParser parser = new ExpressionParser(s);
        AccessExpression e = parser.expression(0);
        if (parser.p < parser.len) {
            // expression() stops only at the end or at a ')'
            throw Syntax.operatorExpected(s, parser.p, 0);
        }
        return e;
    }

    /** operand ((& operand)* | (| operand)*), stopping at the end or at a ')' it leaves for the caller. */
    private AccessExpression expression(int depth) {
        AccessExpression first = operand(depth);
        if (p == len) {
            return first;
        }
        char op = s.charAt(p);
        if (op != '&' && op != '|') {
            if (op == ')' && depth > 0) {
                return first;
            }
            throw Syntax.operatorExpected(s, p, depth);
        }
        List<AccessExpression> operands = new ArrayList<>();
        operands.add(first);
        while (p < len) {
            char c = s.charAt(p);
            if (c == op) {
                p++;
                operands.add(operand(depth));
            } else if (c == '&' || c == '|') {
                throw Syntax.mixedOperators(s, p);
            } else if (c == ')' && depth > 0) {
                break;
            } else {
                throw Syntax.operatorExpected(s, p, depth);
            }
        }
        return op == '&' ? new And(operands) : new Or(operands);
    }

    private AccessExpression operand(int depth) {
        if (p == len) {
            throw Syntax.tokenExpected(s, p);
        }
        char c = s.charAt(p);
        if (c == '(') {
            if (depth == Syntax.MAX_DEPTH) {
                throw Syntax.tooDeep(p);
            }
            p++;
            AccessExpression inner = expression(depth + 1);
            if (p == len) {
                throw Syntax.parenExpected(s);
            }
            p++; // the ')' that expression() stopped at
            return inner;
        }
        if (c == '"') {
            return AccessExpression.token(quoted());
        }
        int start = p;
        while (p < len && Syntax.isPlain(s.charAt(p))) {
            p++;
        }
        if (p == start) {
            throw Syntax.tokenExpected(s, p);
        }
        return AccessExpression.token(s.substring(start, p));
    }

    private String quoted() {
        int open = p;
        StringBuilder b = new StringBuilder();
        int q = p + 1;
        while (true) {
            if (q == len) {
                throw Syntax.unclosedQuote(open);
            }
            char d = s.charAt(q);
            if (d == '"') {
                break;
            }
            if (d == '\\') {
                if (q + 1 == len || (d = s.charAt(q + 1)) != '"' && d != '\\') {
                    throw Syntax.badEscape(q);
                }
                q++;
            } else if (!Syntax.isAllowedInAuthorization(d)) {
                throw Syntax.invalidAuthorization(d, q);
            }
            b.append(d);
            q++;
        }
        if (b.isEmpty()) {
            throw Syntax.emptyQuoted(open);
        }
        p = q + 1;
        return b.toString();
    }
}
