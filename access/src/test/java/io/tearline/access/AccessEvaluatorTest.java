package io.tearline.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each permit beside the deny that differs from it by one authorization or one character. */
class AccessEvaluatorTest {

    static final AccessEvaluator RED_GREEN = AccessEvaluator.of(Authorizations.of("RED", "GREEN"));
    static final AccessEvaluator NOBODY = AccessEvaluator.of(Authorizations.of());

    @Test
    void theSpecificationsExamples() {
        assertThat(RED_GREEN.canAccess("RED&(BLUE|GREEN)")).isTrue();
        assertThat(RED_GREEN.canAccess("(RED&BLUE)|(GREEN&PINK)")).isFalse();
        AccessEvaluator escaped = AccessEvaluator.of(Authorizations.of("abc\\xyz", "abc!12"));
        assertThat(escaped.canAccess("\"abc!12\"&\"abc\\\\xyz\"")).isTrue();
        assertThat(escaped.canAccess("\"abc!12\"&\"abc\\\\xyz\"&GHI")).isFalse();
    }

    @Test
    void theEmptyExpressionIsForEveryoneAndNothingElseIs() {
        assertThat(NOBODY.canAccess("")).isTrue();
        assertThat(NOBODY.canAccess(AccessExpression.empty())).isTrue();
        assertThat(NOBODY.canAccess("A")).isFalse();
        assertThat(NOBODY.canAccess("A|B")).isFalse();
    }

    @Test
    void tokensMatchWholeAuthorizationsExactly() {
        AccessEvaluator ev = AccessEvaluator.of(Authorizations.of("CLR:S", "A\"C", "A\\C", "五"));
        assertThat(ev.canAccess("CLR:S")).isTrue();
        assertThat(ev.canAccess("CLR:T")).isFalse();
        assertThat(ev.canAccess("CLR")).isFalse();
        assertThat(ev.canAccess("CLR:SS")).isFalse();
        assertThat(ev.canAccess("clr:s")).isFalse();
        assertThat(ev.canAccess("\"CLR:S\"")).isTrue();
        assertThat(ev.canAccess("\"A\\\"C\"")).isTrue();
        assertThat(ev.canAccess("\"A\\\\C\"")).isTrue();
        assertThat(ev.canAccess("\"A\\\\\\\"C\"")).isFalse();
        assertThat(ev.canAccess("\"五\"")).isTrue();
        assertThat(ev.canAccess("\"六\"")).isFalse();
    }

    @Test
    void invalidExpressionsAreErrorsEvenWhenTheAnswerIsKnownEarly() {
        AccessEvaluator a = AccessEvaluator.of(Authorizations.of("A"));
        // A|... is true after A; B&... is false after B; the rest must still be valid
        assertThat(a.canAccess("A|(B&C)")).isTrue();
        assertThatThrownBy(() -> a.canAccess("A|(B&C|D)")).isInstanceOf(AccessExpressionException.class);
        assertThatThrownBy(() -> a.canAccess("A|B&C")).isInstanceOf(AccessExpressionException.class);
        assertThatThrownBy(() -> a.canAccess("A|\"x\u0001\"")).isInstanceOf(AccessExpressionException.class);
        assertThatThrownBy(() -> a.canAccess("A|\"x\\y\"")).isInstanceOf(AccessExpressionException.class);
        assertThatThrownBy(() -> a.canAccess("A|(B")).isInstanceOf(AccessExpressionException.class);
        assertThat(a.canAccess("B&(C|D)")).isFalse();
        assertThatThrownBy(() -> a.canAccess("B&(C|$)")).isInstanceOf(AccessExpressionException.class);
        assertThatThrownBy(() -> a.canAccess("B&C)")).isInstanceOf(AccessExpressionException.class);
        assertThatThrownBy(() -> a.canAccess("B&\"\"")).isInstanceOf(AccessExpressionException.class);
    }

    @Test
    void decidedGroupsDoNotLeakIntoUndecidedOnes() {
        AccessEvaluator a = AccessEvaluator.of(Authorizations.of("A"));
        // an inner group decided false must not make the outer OR true, nor an inner true the outer AND true
        assertThat(a.canAccess("(B&A)|(C&A)")).isFalse();
        assertThat(a.canAccess("(B&A)|(A&A)")).isTrue();
        assertThat(a.canAccess("(A|B)&(C|B)")).isFalse();
        assertThat(a.canAccess("(A|B)&(C|A)")).isTrue();
        assertThat(a.canAccess("B|(A&(C|(A&B)))")).isFalse();
        assertThat(a.canAccess("B|(A&(C|(A&A)))")).isTrue();
    }

    @Test
    void withSeveralSetsEverySetMustGrantAccess() {
        AccessEvaluator both = AccessEvaluator.of(List.of(Authorizations.of("A", "B"), Authorizations.of("C", "D")));
        assertThat(both.canAccess("(A|C)&(B|D)")).isTrue();
        assertThat(both.canAccess("(A|C)&(B|E)")).isFalse();
        assertThat(both.canAccess("A|C")).isTrue();
        assertThat(both.canAccess("A")).isFalse();
        assertThat(both.canAccess("C")).isFalse();
        assertThat(both.canAccess("A&C")).isFalse();
        assertThat(both.canAccess(AccessExpression.parse("A|C"))).isTrue();
        assertThat(both.canAccess(AccessExpression.parse("A"))).isFalse();
        // an error is an error whichever set would have answered first
        assertThatThrownBy(() -> both.canAccess("E|A&")).isInstanceOf(AccessExpressionException.class);
    }

    @Test
    void anEvaluatorWithNoSetIsRefusedRatherThanGrantingEverything() {
        assertThatThrownBy(() -> AccessEvaluator.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deepNestingBeyondThePackedStack() {
        AccessEvaluator a = AccessEvaluator.of(Authorizations.of("A"));
        // 40 levels alternating & and |, the answer decided at the innermost token
        StringBuilder yes = new StringBuilder("A");
        StringBuilder no = new StringBuilder("B");
        for (int i = 0; i < 40; i++) {
            String op = i % 2 == 0 ? "&" : "|";
            String other = i % 2 == 0 ? "A" : "B";
            yes.insert(0, "(").append(")").append(op).append(other);
            no.insert(0, "(").append(")").append(op).append(other);
        }
        assertThat(a.canAccess(yes.toString())).isTrue();
        assertThat(a.canAccess(no.toString())).isFalse();
        assertThat(a.canAccess(AccessExpression.parse(yes.toString()))).isTrue();
        assertThat(a.canAccess(AccessExpression.parse(no.toString()))).isFalse();
    }

    @Test
    void authorizationsAreAValidatedSortedSet() {
        Authorizations auths = Authorizations.of("b", "a", "b");
        assertThat(auths.values()).containsExactly("a", "b");
        assertThat(auths).isEqualTo(Authorizations.of(List.of("a", "b")));
        assertThat(auths.contains("a")).isTrue();
        assertThat(auths.contains("c")).isFalse();
        assertThatThrownBy(() -> auths.values().add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Authorizations.of("a", "")).isInstanceOf(AccessExpressionException.class)
                .extracting("rule").isEqualTo(AccessExpressionException.EMPTY_AUTHORIZATION);
        assertThatThrownBy(() -> Authorizations.of("a\tb")).isInstanceOf(AccessExpressionException.class)
                .extracting("position").isEqualTo(1);
    }

    @Test
    void manyAuthorizationsAndHashCollisions() {
        // "Aa" and "BB" share a String hash code; the table must still tell them apart
        AccessEvaluator ev = AccessEvaluator.of(Authorizations.of("Aa", "AaAa", "x"));
        assertThat(ev.canAccess("Aa")).isTrue();
        assertThat(ev.canAccess("BB")).isFalse();
        assertThat(ev.canAccess("AaBB")).isFalse();
        assertThat(ev.canAccess("\"BB\"")).isFalse();
        List<String> many = IntStream.range(0, 5000).mapToObj(i -> "auth" + i).toList();
        AccessEvaluator big = AccessEvaluator.of(Authorizations.of(many));
        for (int i = 0; i < 5000; i += 7) {
            assertThat(big.canAccess("auth" + i)).isTrue();
            assertThat(big.canAccess("auth" + (i + 5000))).isFalse();
        }
    }

    @Test
    void oneEvaluatorSharedByManyThreadsAnswersEachAsAlone() throws Exception {
        // the evaluator's scratch buffer belongs to the first thread; the others must not share it
        AccessEvaluator shared = AccessEvaluator.of(Authorizations.of("A", "B", "C\"D"));
        List<String> expressions = List.of("A", "D", "A&B", "A&D", "(A|D)&(B|D)", "\"C\\\"D\"", "\"C\\\"E\"",
                "A|D|E", "(((((A)))))", "x".repeat(3000) + "|B", "x".repeat(5000) + "&B");
        List<Boolean> alone = expressions.stream().map(shared::canAccess).toList();
        assertThat(alone).containsExactly(true, false, true, false, true, true, false, true, true, true, false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 20_000; i++) {
                        int k = (i * 7 + offset) % expressions.size();
                        wrong += shared.canAccess(expressions.get(k)) == alone.get(k) ? 0 : 1;
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
