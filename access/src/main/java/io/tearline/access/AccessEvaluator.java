package io.tearline.access;

import io.tearline.access.internal.AuthorizationTable;
import io.tearline.access.internal.ExpressionEvaluator;
import io.tearline.access.internal.Nodes;
import io.tearline.access.internal.Scratch;
import java.util.Collection;
import java.util.List;

/**
 * Decides whether an entity may access data labelled with an access expression. Built from one set of
 * authorizations, or from several when access needs every one of them (e.g. a user's and the service's
 * acting on the user's behalf): with several sets an expression must be accessible with each set alone.
 *
 * <pre>{@code
 * AccessEvaluator user = AccessEvaluator.of(Authorizations.of("CLR:S", "NAT:GBR"));
 * user.canAccess("CLR:S&(NAT:USA|NAT:GBR)");   // true
 * user.canAccess("CLR:S&NAT:USA");             // false
 * user.canAccess("CLR:S&NAT:USA|NAT:GBR");     // AccessExpressionException: mixed-operators at 13
 * }</pre>
 *
 * <p>{@link #canAccess(String)} validates and evaluates in one pass over the text without building a
 * tree or allocating per token; an invalid expression is always an error, even when the answer is already
 * known from its beginning. Thread-safe; the authorizations are immutable, and the only state is a scratch
 * buffer that the first thread to evaluate keeps for itself (other threads use one of their own).
 */
public final class AccessEvaluator {

    private final List<Authorizations> sets;
    private final AuthorizationTable[] tables;
    private final Scratch scratch = new Scratch();

    private AccessEvaluator(List<Authorizations> sets) {
        this.sets = sets;
        this.tables = sets.stream().map(a -> new AuthorizationTable(a.values())).toArray(AuthorizationTable[]::new);
    }

    public static AccessEvaluator of(Authorizations authorizations) {
        return new AccessEvaluator(List.of(authorizations));
    }

    /**
     * An evaluator that grants access only when every set does.
     *
     * @throws IllegalArgumentException when {@code sets} is empty: with no set there is nobody to decide
     *     for, and granting everything would fail open
     */
    public static AccessEvaluator of(Collection<Authorizations> sets) {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("an evaluator needs at least one set of authorizations");
        }
        return new AccessEvaluator(List.copyOf(sets));
    }

    /** The authorization sets this evaluator was built from. */
    public List<Authorizations> authorizations() {
        return sets;
    }

    /**
     * Whether the expression is accessible with every authorization set.
     *
     * @throws AccessExpressionException when {@code expression} is not a valid access expression
     */
    public boolean canAccess(String expression) {
        if (expression.isEmpty()) {
            return true;
        }
        char[] chars = scratch.load(expression);
        // the first pass validates the whole expression; later passes only run on valid input
        for (AuthorizationTable table : tables) {
            if (!ExpressionEvaluator.evaluate(expression, chars, table)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the parsed expression (valid by construction) is accessible with every authorization set. */
    public boolean canAccess(AccessExpression expression) {
        for (AuthorizationTable table : tables) {
            if (!Nodes.evaluate(expression, table)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "AccessEvaluator" + sets;
    }
}
