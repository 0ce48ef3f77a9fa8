package io.tearline.access;

import io.tearline.access.internal.ExpressionEvaluator;
import io.tearline.access.internal.ExpressionParser;
import io.tearline.access.internal.Nodes;
import io.tearline.access.internal.Syntax;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An Apache Accumulo access expression (the language of accumulo-access's SPECIFICATION.md), parsed into
 * an immutable tree: {@code A&B}, {@code A|(B&C)}, {@code "needs quotes"}, and the empty expression, which
 * everyone may access. {@code &} and {@code |} mix only through parentheses.
 *
 * <pre>{@code
 * AccessExpression e = AccessExpression.parse("CLR:S&(NAT:USA|NAT:GBR)");
 * e.toString();          // "CLR:S&(NAT:USA|NAT:GBR)"
 * e.authorizations();    // [CLR:S, NAT:USA, NAT:GBR]
 * AccessEvaluator.of(Authorizations.of("CLR:S", "NAT:GBR")).canAccess(e);   // true
 * }</pre>
 *
 * <p>Trees are normalised only as far as the language is indifferent: parentheses around a single operand
 * disappear and nested groups of the same operator are flattened ({@code (A&B)&C} is {@code A&B&C}); the
 * order and repetition of operands are kept. {@link #toString()} is the canonical text of a tree: minimal
 * parentheses, quotes only where needed, and {@code parse(e.toString()).equals(e)} for every tree nested
 * no deeper than {@link #MAX_DEPTH}.
 * Values are immutable and thread-safe.
 */
public sealed interface AccessExpression {

    /** Deepest nesting of parentheses accepted by {@link #parse}, {@link #validate} and evaluation. */
    int MAX_DEPTH = Syntax.MAX_DEPTH;

    /**
     * Parses and validates an expression.
     *
     * @throws AccessExpressionException with the rule and position of the first error
     */
    static AccessExpression parse(String expression) {
        return ExpressionParser.parse(expression);
    }

    /**
     * Checks that {@code expression} is valid without building a tree.
     *
     * @throws AccessExpressionException with the rule and position of the first error
     */
    static void validate(String expression) {
        ExpressionEvaluator.evaluate(expression, Nodes.VALIDATION.load(expression), Nodes.NO_AUTHORIZATIONS);
    }

    /** The expression that everyone may access: {@code ""}. */
    static AccessExpression empty() {
        return Empty.INSTANCE;
    }

    /**
     * The expression that needs one authorization.
     *
     * @throws AccessExpressionException when the authorization is empty or has a disallowed character
     */
    static AccessExpression token(String authorization) {
        return new Token(authorization);
    }

    /** All operands must pass; empty operands drop out (they are always true); no operands is empty. */
    static AccessExpression and(List<AccessExpression> operands) {
        return Nodes.and(operands);
    }

    /** One operand must pass; an empty operand makes the whole expression empty (always true). */
    static AccessExpression or(List<AccessExpression> operands) {
        return Nodes.or(operands);
    }

    /** Every authorization named in the expression, unquoted, in order of first appearance. */
    default Set<String> authorizations() {
        Set<String> out = new LinkedHashSet<>();
        Nodes.collect(this, out);
        return Collections.unmodifiableSet(out);
    }

    /** The canonical text of this expression; parsing it gives back an equal tree. */
    @Override
    String toString();

    /** The empty expression: accessible to everyone. */
    record Empty() implements AccessExpression {
        static final Empty INSTANCE = new Empty();

        @Override
        public String toString() {
            return "";
        }
    }

    /** One authorization, held unquoted; its text is quoted when it has characters outside the plain set. */
    record Token(String authorization) implements AccessExpression {
        public Token {
            Syntax.checkAuthorization(authorization);
        }

        @Override
        public String toString() {
            return Syntax.quote(authorization);
        }
    }

    /** Every operand must pass. At least two operands, none empty; nested {@code And}s are flattened. */
    record And(List<AccessExpression> operands) implements AccessExpression {
        public And {
            operands = Nodes.operands(operands, And.class);
        }

        @Override
        public String toString() {
            return Nodes.join(operands, '&', Or.class);
        }
    }

    /** One operand must pass. At least two operands, none empty; nested {@code Or}s are flattened. */
    record Or(List<AccessExpression> operands) implements AccessExpression {
        public Or {
            operands = Nodes.operands(operands, Or.class);
        }

        @Override
        public String toString() {
            return Nodes.join(operands, '|', And.class);
        }
    }
}
