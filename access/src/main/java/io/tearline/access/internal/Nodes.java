package io.tearline.access.internal;

import io.tearline.access.AccessExpression;
import io.tearline.access.AccessExpression.And;
import io.tearline.access.AccessExpression.Empty;
import io.tearline.access.AccessExpression.Or;
import io.tearline.access.AccessExpression.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Construction, rendering and evaluation of {@link AccessExpression} trees. */
public final class Nodes {

    /** Holds nothing: evaluating against it is validation only. */
    public static final AuthorizationTable NO_AUTHORIZATIONS = new AuthorizationTable(Set.of());
    /** The scratch buffer of {@code AccessExpression.validate}. */
    public static final Scratch VALIDATION = new Scratch();

    private Nodes() {
    }

    /** The operands of an And or Or: copied, checked, and same-operator children flattened into them. */
    public static List<AccessExpression> operands(List<AccessExpression> operands, Class<?> type) {
        List<AccessExpression> out = new ArrayList<>(operands.size());
        for (AccessExpression e : operands) {
            switch (e) {
                case null -> throw new NullPointerException("null operand");
                case Empty x -> throw new IllegalArgumentException(
                        "an empty expression cannot be an operand; use AccessExpression.and/or to simplify");
                case And a when type == And.class -> out.addAll(a.operands());
                case Or o when type == Or.class -> out.addAll(o.operands());
                default -> out.add(e);
            }
        }
        if (out.size() < 2) {
            throw new IllegalArgumentException(type.getSimpleName() + " needs at least two operands");
        }
        return List.copyOf(out);
    }

    public static AccessExpression and(List<AccessExpression> operands) {
        List<AccessExpression> kept = new ArrayList<>();
        for (AccessExpression e : operands) {
            if (!(e instanceof Empty)) {
                kept.add(e);
            }
        }
        return switch (kept.size()) {
            case 0 -> AccessExpression.empty();
            case 1 -> kept.get(0);
            default -> new And(kept);
        };
    }

    public static AccessExpression or(List<AccessExpression> operands) {
        for (AccessExpression e : operands) {
            if (e instanceof Empty) {
                return e;
            }
        }
        return switch (operands.size()) {
            case 0 -> throw new IllegalArgumentException("or() needs at least one operand");
            case 1 -> operands.get(0);
            default -> new Or(operands);
        };
    }

    /** Operands joined by {@code op}, parenthesising those of the {@code other} operator. */
    public static String join(List<AccessExpression> operands, char op, Class<?> other) {
        StringBuilder b = new StringBuilder();
        for (AccessExpression e : operands) {
            if (!b.isEmpty()) {
                b.append(op);
            }
            if (other.isInstance(e)) {
                b.append('(').append(e).append(')');
            } else {
                b.append(e);
            }
        }
        return b.toString();
    }

    public static void collect(AccessExpression e, Set<String> out) {
        switch (e) {
            case Empty x -> { }
            case Token t -> out.add(t.authorization());
            case And a -> a.operands().forEach(o -> collect(o, out));
            case Or o -> o.operands().forEach(x -> collect(x, out));
        }
    }

    public static boolean evaluate(AccessExpression e, AuthorizationTable table) {
        switch (e) {
            case Empty x -> {
                return true;
            }
            case Token t -> {
                return table.contains(t.authorization());
            }
            case And a -> {
                for (AccessExpression o : a.operands()) {
                    if (!evaluate(o, table)) {
                        return false;
                    }
                }
                return true;
            }
            case Or o -> {
                for (AccessExpression x : o.operands()) {
                    if (evaluate(x, table)) {
                        return true;
                    }
                }
                return false;
            }
        }
    }
}
