package io.tearline.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.accumulo.access.Access;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Differential test against Apache accumulo-access-core 1.0.0-beta3: random expressions (valid ones,
 * near-valid mutations of them, and noise) and random authorization sets must get the same answer,
 * ACCESSIBLE, INACCESSIBLE or ERROR, from both. On our side every entry point is held to it: the one-pass
 * evaluator, validate, parse, evaluation of the tree, and the canonical text (which the reference must
 * also answer the same way). Reproduce a failure with {@code -Dtearline.seed=<seed>}.
 */
class AccessDifferentialTest {

    static final Access REFERENCE = Access.builder().build();

    @Test
    void agreesWithAccumuloAccess() {
        run(Long.getLong("tearline.seed", System.nanoTime()), Integer.getInteger("tearline.cases", 1_000_000));
    }

    @Test
    @Tag("slow")
    void agreesWithAccumuloAccessOnFiveMillionCases() {
        run(Long.getLong("tearline.seed", System.nanoTime()), Integer.getInteger("tearline.slowCases", 5_000_000));
    }

    /** Nesting from 1 to 80 levels, beyond the evaluator's 16 levels packed in a long. */
    @Test
    void agreesWithAccumuloAccessOnDeepNesting() {
        long seed = Long.getLong("tearline.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] outcomes = new int[3];
        int cases = 10_000;
        for (int i = 0; i < cases; i++) {
            Generator gen = new Generator(rnd.split());
            List<Set<String>> sets = gen.sets();
            AccessEvaluator ours = AccessEvaluator.of(sets.stream().map(Authorizations::of).toList());
            var theirs = sets.size() == 1 ? REFERENCE.newEvaluator(sets.get(0)) : REFERENCE.newEvaluator(sets);
            String expression = gen.deep(1 + rnd.nextInt(80));
            if (rnd.nextInt(3) == 0) {
                expression = gen.mutate(expression);
            }
            Outcome expected = reference(theirs, expression);
            outcomes[expected.ordinal()]++;
            String problem = compare(ours, theirs, expression, expected);
            assertThat(problem).as("seed %d (-Dtearline.seed=%d), case %d: %s with %s", seed, seed, i,
                    javaLiteral(expression), sets).isNull();
        }
        for (Outcome o : Outcome.values()) {
            assertThat(outcomes[o.ordinal()]).as("seed %d: %s cases", seed, o).isGreaterThan(cases / 20);
        }
    }

    enum Outcome { ACCESSIBLE, INACCESSIBLE, ERROR }

    static void run(long seed, int cases) {
        System.out.printf("AccessDifferentialTest: %d cases, -Dtearline.seed=%d%n", cases, seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        Generator gen = null;
        AccessEvaluator ours = null;
        org.apache.accumulo.access.AccessEvaluator theirs = null;
        List<Set<String>> sets = null;
        int[] outcomes = new int[3];
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < cases && mismatches.size() < 10; i++) {
            if (i % 500 == 0) {
                gen = new Generator(rnd.split());
                sets = gen.sets();
                ours = AccessEvaluator.of(sets.stream().map(Authorizations::of).toList());
                theirs = sets.size() == 1 ? REFERENCE.newEvaluator(sets.get(0)) : REFERENCE.newEvaluator(sets);
            }
            String expression = gen.expression();
            Outcome expected = reference(theirs, expression);
            outcomes[expected.ordinal()]++;
            String problem = compare(ours, theirs, expression, expected);
            if (problem != null) {
                mismatches.add(String.format("case %d: %s with %s: %s", i, javaLiteral(expression), sets, problem));
            }
        }
        assertThat(mismatches).as("seed %d (-Dtearline.seed=%d)", seed, seed).isEmpty();
        // the generator must exercise every answer, or agreement means little
        for (Outcome o : Outcome.values()) {
            assertThat(outcomes[o.ordinal()]).as("seed %d: %s cases", seed, o).isGreaterThan(cases / 10);
        }
        System.out.printf("AccessDifferentialTest: accessible %d, inaccessible %d, error %d%n",
                outcomes[0], outcomes[1], outcomes[2]);
    }

    static Outcome reference(org.apache.accumulo.access.AccessEvaluator theirs, String expression) {
        try {
            return theirs.canAccess(expression) ? Outcome.ACCESSIBLE : Outcome.INACCESSIBLE;
        } catch (IllegalArgumentException e) {
            return Outcome.ERROR;
        }
    }

    /** Null when every entry point agrees with the reference, else what differed. */
    static String compare(AccessEvaluator ours, org.apache.accumulo.access.AccessEvaluator theirs, String expression,
            Outcome expected) {
        Outcome actual;
        AccessExpressionException evaluatorError = null;
        try {
            actual = ours.canAccess(expression) ? Outcome.ACCESSIBLE : Outcome.INACCESSIBLE;
        } catch (AccessExpressionException e) {
            actual = Outcome.ERROR;
            evaluatorError = e;
        }
        if (actual != expected) {
            return "reference " + expected + ", canAccess(String) " + actual
                    + (evaluatorError == null ? "" : " (" + evaluatorError.getMessage() + ")");
        }
        // parse and validate are separate entry points: each must fail exactly as canAccess does
        AccessExpression parsed = null;
        AccessExpressionException parseError = null;
        try {
            parsed = AccessExpression.parse(expression);
        } catch (AccessExpressionException e) {
            parseError = e;
        }
        AccessExpressionException validateError = null;
        try {
            AccessExpression.validate(expression);
        } catch (AccessExpressionException e) {
            validateError = e;
        }
        String evaluatorSays = describe(evaluatorError);
        if (!describe(parseError).equals(evaluatorSays) || !describe(validateError).equals(evaluatorSays)) {
            return "canAccess(String) says " + evaluatorSays + ", parse says " + describe(parseError)
                    + ", validate says " + describe(validateError);
        }
        if (parsed == null) {
            return null;
        }
        boolean accessible = expected == Outcome.ACCESSIBLE;
        if (ours.canAccess(parsed) != accessible) {
            return "canAccess(parsed " + parsed + ") differs";
        }
        String canonical = parsed.toString();
        if (reference(theirs, canonical) != expected || ours.canAccess(canonical) != accessible) {
            return "canonical text " + javaLiteral(canonical) + " answers differently";
        }
        if (!AccessExpression.parse(canonical).equals(parsed)) {
            return "canonical text " + javaLiteral(canonical) + " parses to a different tree";
        }
        Set<String> named = new LinkedHashSet<>();
        REFERENCE.findAuthorizations(expression, named::add);
        if (!List.copyOf(named).equals(List.copyOf(parsed.authorizations()))) {
            return "authorizations " + parsed.authorizations() + ", reference finds " + named;
        }
        return null;
    }

    static String describe(AccessExpressionException e) {
        return e == null ? "valid" : e.rule() + " at " + e.position();
    }

    static String javaLiteral(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7F) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.append('"').toString();
    }

    /** Random vocabularies, authorization sets and expressions, from one seeded generator. */
    static final class Generator {
        static final String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:/";
        // characters that need quotes: punctuation, operators, quote and backslash, and unicode from Latin-1 to
        // CJK and beyond the BMP (as surrogate pairs)
        static final String[] QUOTED = {" ", "#", "!", "\"", "\\", "&", "|", "(", ")", "'", "é", "ß", "Ω", "五",
            "十", "\u00a0", "\u2028", "\uD83D\uDE00", "\uD801\uDC37", "\uE000"};
        // characters no authorization may hold in the reference's default validator, and a lone surrogate (which
        // it allows)
        static final String[] ODD = {"\u0000", "\u0001", "\n", "\t", "\u007f", "\u0085", "\u009f", "\ufffd",
            "\u0378", "\uFFFF", "\uD800", "\uDC00"};
        static final String NOISE = "&&||(())\"\"\\\\ !#$aB1_-.:/é五\u0000\n\ufffd";

        final SplittableRandom rnd;
        final List<String> vocabulary = new ArrayList<>();
        final List<String> valid = new ArrayList<>();

        Generator(SplittableRandom rnd) {
            this.rnd = rnd;
            int plain = 2 + rnd.nextInt(6);
            for (int i = 0; i < plain; i++) {
                add(plainToken());
            }
            int quoted = rnd.nextInt(5);
            for (int i = 0; i < quoted; i++) {
                add(quotedToken());
            }
            if (rnd.nextInt(4) == 0) {
                add(oddToken());
            }
        }

        private void add(String auth) {
            vocabulary.add(auth);
            if (validAuthorization(auth)) {
                valid.add(auth);
            }
        }

        /** Whether every char may stand unquoted; written here so as not to trust the code under test. */
        static boolean allPlain(CharSequence s) {
            for (int i = 0; i < s.length(); i++) {
                if (PLAIN.indexOf(s.charAt(i)) < 0) {
                    return false;
                }
            }
            return true;
        }

        static boolean validAuthorization(String auth) {
            try {
                REFERENCE.newEvaluator(Set.of(auth));
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        String plainToken() {
            int n = 1 + (rnd.nextInt(3) == 0 ? rnd.nextInt(8) : rnd.nextInt(2));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append(PLAIN.charAt(rnd.nextInt(rnd.nextBoolean() ? 3 : PLAIN.length())));
            }
            return b.toString();
        }

        String quotedToken() {
            StringBuilder b = new StringBuilder();
            int n = 1 + rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                b.append(rnd.nextBoolean() ? String.valueOf(PLAIN.charAt(rnd.nextInt(PLAIN.length())))
                        : QUOTED[rnd.nextInt(QUOTED.length)]);
            }
            if (Generator.allPlain(b)) {
                b.append(QUOTED[rnd.nextInt(QUOTED.length)]);
            }
            return b.toString();
        }

        String oddToken() {
            return PLAIN.charAt(rnd.nextInt(PLAIN.length())) + ODD[rnd.nextInt(ODD.length)];
        }

        /** One to three sets (mostly one), each a random part of the valid vocabulary, sometimes empty. */
        List<Set<String>> sets() {
            int n = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(2) : 1;
            List<Set<String>> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Set<String> set = new TreeSet<>();
                for (String a : valid) {
                    if (rnd.nextInt(n == 1 ? 2 : 4) != 0) {
                        set.add(a);
                    }
                }
                if (rnd.nextInt(20) == 0) {
                    set.clear();
                }
                out.add(set);
            }
            return out;
        }

        String expression() {
            int kind = rnd.nextInt(100);
            if (kind < 2) {
                return "";
            }
            if (kind < 5) {
                return noise(rnd.nextInt(9));
            }
            String e = tree(0, 1 + rnd.nextInt(4), ' ');
            if (kind < 55) {
                return e;
            }
            int mutations = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 4 : 2);
            for (int i = 0; i < mutations; i++) {
                e = mutate(e);
            }
            return e;
        }

        /** A valid expression; {@code parent} is the enclosing operator, which a same-operator child may skip. */
        String tree(int depth, int maxDepth, char parent) {
            if (depth == maxDepth || rnd.nextInt(10) < 3) {
                String t = token();
                return rnd.nextInt(30) == 0 ? "(" + t + ")" : t;
            }
            char op = rnd.nextBoolean() ? '&' : '|';
            int n = 2 + rnd.nextInt(rnd.nextInt(3) == 0 ? 4 : 2);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    b.append(op);
                }
                b.append(tree(depth + 1, maxDepth, op));
            }
            boolean needsParens = depth > 0 && parent != op;
            return needsParens || rnd.nextInt(8) == 0 ? "(" + b + ")" : b.toString();
        }

        /** A chain nested {@code levels} deep: each level one parenthesised group beside a token or two. */
        String deep(int levels) {
            String e = token();
            for (int i = 0; i < levels; i++) {
                char op = rnd.nextBoolean() ? '&' : '|';
                String other = rnd.nextInt(4) == 0 ? token() + op + token() : token();
                e = rnd.nextBoolean() ? "(" + e + ")" + op + other : other + op + "(" + e + ")";
            }
            return e;
        }

        String token() {
            String auth = rnd.nextInt(12) == 0 ? plainToken() : vocabulary.get(rnd.nextInt(vocabulary.size()));
            if (!Generator.allPlain(auth) || rnd.nextInt(6) == 0) {
                return '"' + auth.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
            }
            return auth;
        }

        String mutate(String e) {
            int n = e.length();
            int at = rnd.nextInt(n + 1);
            return switch (rnd.nextInt(7)) {
                case 0, 1 -> e.substring(0, at) + noise(1) + e.substring(at);
                case 2 -> n == 0 ? e : e.substring(0, Math.min(at, n - 1)) + e.substring(Math.min(at, n - 1) + 1);
                case 3 -> n == 0 ? e : e.substring(0, Math.min(at, n - 1)) + noise(1) + e.substring(Math.min(at, n - 1) + 1);
                case 4 -> e.substring(0, at);
                case 5 -> {
                    int to = at + rnd.nextInt(n - at + 1);
                    yield e.substring(0, to) + e.substring(at, to) + e.substring(to);
                }
                default -> {
                    if (n < 2) {
                        yield e;
                    }
                    int i = Math.min(at, n - 2);
                    yield e.substring(0, i) + e.charAt(i + 1) + e.charAt(i) + e.substring(i + 2);
                }
            };
        }

        String noise(int n) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int k = rnd.nextInt(10);
                if (k == 0) {
                    b.append(ODD[rnd.nextInt(ODD.length)]);
                } else if (k == 1) {
                    b.append(QUOTED[rnd.nextInt(QUOTED.length)]);
                } else {
                    b.append(NOISE.charAt(rnd.nextInt(NOISE.length())));
                }
            }
            return b.toString();
        }
    }

    @Test
    void quoteAndUnquoteAgreeWithAccumuloAccess() {
        long seed = Long.getLong("tearline.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        Generator gen = new Generator(rnd);
        int errors = 0;
        for (int i = 0; i < 100_000; i++) {
            String s = switch (rnd.nextInt(5)) {
                case 0 -> gen.plainToken();
                case 1 -> gen.quotedToken();
                case 2 -> gen.oddToken();
                case 3 -> gen.token();
                default -> gen.noise(rnd.nextInt(6));
            };
            String ref = outcome(() -> REFERENCE.quote(s));
            String ours = outcome(() -> AccessExpressions.quote(s));
            assertThat(ours).as("seed %d: quote(%s)", seed, javaLiteral(s)).isEqualTo(ref);
            ref = outcome(() -> REFERENCE.unquote(s));
            ours = outcome(() -> AccessExpressions.unquote(s));
            assertThat(ours).as("seed %d: unquote(%s)", seed, javaLiteral(s)).isEqualTo(ref);
            boolean refAccepts = Generator.validAuthorization(s);
            assertThat(outcome(() -> Authorizations.of(s).toString()).startsWith("error"))
                    .as("seed %d: Authorizations.of(%s)", seed, javaLiteral(s)).isEqualTo(!refAccepts);
            errors += ref.startsWith("error") ? 1 : 0;
        }
        assertThat(errors).as("seed %d: both outcomes exercised", seed).isBetween(10_000, 90_000);
    }

    static String outcome(Supplier<String> f) {
        try {
            return "ok " + f.get();
        } catch (IllegalArgumentException e) {
            return "error";
        }
    }

}
