package io.tearline.access;

import static io.tearline.access.AccessExpression.and;
import static io.tearline.access.AccessExpression.or;
import static io.tearline.access.AccessExpression.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tearline.access.AccessExpression.And;
import io.tearline.access.AccessExpression.Empty;
import io.tearline.access.AccessExpression.Or;
import io.tearline.access.AccessExpression.Token;
import io.tearline.access.internal.Syntax;
import java.util.List;
import java.util.Set;
import org.apache.accumulo.access.Access;
import org.apache.accumulo.access.AuthorizationValidator;
import org.apache.accumulo.access.impl.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessExpressionTest {

    @Test
    void parsesIntoTreesWithoutRedundantParenthesesOrNesting() {
        assertThat(AccessExpression.parse("")).isEqualTo(new Empty()).isEqualTo(AccessExpression.empty());
        assertThat(AccessExpression.parse("A")).isEqualTo(new Token("A"));
        assertThat(AccessExpression.parse("((A))")).isEqualTo(new Token("A"));
        assertThat(AccessExpression.parse("A&B&C")).isEqualTo(new And(List.of(token("A"), token("B"), token("C"))));
        assertThat(AccessExpression.parse("(A&B)&C")).isEqualTo(AccessExpression.parse("A&(B&C)"))
                .isEqualTo(AccessExpression.parse("A&B&C"));
        assertThat(AccessExpression.parse("A|(B&C)"))
                .isEqualTo(new Or(List.of(token("A"), new And(List.of(token("B"), token("C"))))));
        // order and repetition are the originator's and stay
        assertThat(AccessExpression.parse("B|A|B").toString()).isEqualTo("B|A|B");
    }

    @Test
    void quotedTokensHoldTheUnescapedAuthorization() {
        assertThat(AccessExpression.parse("\"A\\\"C\"&\"A\\\\C\"&\"五\"&\"a_b\""))
                .isEqualTo(new And(List.of(token("A\"C"), token("A\\C"), token("五"), token("a_b"))));
        assertThat(AccessExpression.parse("\"\uD83D\uDE00 x\"").authorizations()).containsExactly("\uD83D\uDE00 x");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "A;A",
        "((A|B))&\"a_b\";(A|B)&a_b",
        "(A&B)|((C|D));(A&B)|C|D",
        "\"A#C\"|(\"五\");\"A#C\"|\"五\"",
        "\"A\\\"C\"&\"A\\\\C\";\"A\\\"C\"&\"A\\\\C\"",
        "((((x))));x",
        "(a|(b&(c|(d))));a|(b&(c|d))",
    })
    void toStringIsTheCanonicalText(String text, String canonical) {
        AccessExpression e = AccessExpression.parse(text);
        assertThat(e.toString()).isEqualTo(canonical);
        assertThat(AccessExpression.parse(canonical)).isEqualTo(e);
    }

    @Test
    void authorizationsAreListedOnceInOrderOfAppearance() {
        assertThat(AccessExpression.parse("b&(a|\"c d\")&b").authorizations()).containsExactly("b", "a", "c d");
        assertThat(AccessExpression.parse("").authorizations()).isEmpty();
    }

    @ParameterizedTest(name = "{0} is {1} at {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
        "&;token-expected;0",
        "A|;token-expected;2",
        "A&&B;token-expected;2",
        "();token-expected;1",
        "A|B&C;mixed-operators;3",
        "(A&B)|(C&D)&(E);mixed-operators;11",
        "A);unmatched-paren;1",
        "(A|B));unmatched-paren;5",
        "(A;paren-expected;2",
        "((A)|B;paren-expected;6",
        "A B;operator-expected;1",
        "A$B;operator-expected;1",
        "one(five);operator-expected;3",
        "(A)B;operator-expected;3",
        "\"abc;unclosed-quote;0",
        "A&\"\";empty-quoted;2",
        "\"a\\b\";bad-escape;2",
        "\"a\\;bad-escape;2",
    })
    void errorsNameTheRuleAndThePosition(String expression, String rule, int position) {
        for (Runnable entry : List.<Runnable>of(
                () -> AccessExpression.parse(expression),
                () -> AccessExpression.validate(expression),
                () -> AccessEvaluator.of(Authorizations.of("A", "B", "C", "D", "E")).canAccess(expression))) {
            AccessExpressionException e = catchThrowableOfType(AccessExpressionException.class, entry::run);
            assertThat(e).as(expression).isNotNull();
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.position()).isEqualTo(position);
            assertThat(e.getMessage()).isEqualTo(e.description() + " at position " + position);
        }
    }

    @Test
    void messagesSayWhatWasExpectedAndNameInvisibleCharacters() {
        assertThat(catchThrowableOfType(AccessExpressionException.class, () -> AccessExpression.parse("A\n")))
                .hasMessage("expected '&', '|' or end of input, found U+000A at position 1");
        assertThat(catchThrowableOfType(AccessExpressionException.class, () -> AccessExpression.parse("(A B)")))
                .hasMessage("expected '&', '|' or ')', found U+0020 at position 2");
        assertThat(catchThrowableOfType(AccessExpressionException.class, () -> AccessExpression.parse("A|")))
                .hasMessage("expected an authorization or '(', found end of input at position 2");
        assertThat(catchThrowableOfType(AccessExpressionException.class, () -> AccessExpression.parse("A&B|C")))
                .hasMessageStartingWith("'|' after '&' needs parentheses");
        AccessExpressionException e = catchThrowableOfType(AccessExpressionException.class,
                () -> AccessExpression.parse("A|\"x\u0007\""));
        assertThat(e.rule()).isEqualTo(AccessExpressionException.INVALID_AUTHORIZATION);
        assertThat(e.position()).isEqualTo(4);
        assertThat(e.description()).contains("U+0007");
    }

    @Test
    void authorizationsWithControlUnassignedOrReplacementCharactersAreRejected() {
        for (String bad : List.of("a\u0000", "a\u001f", "a\u007f", "a\u0085", "a\u009f", "a\ufffd", "a\u0378")) {
            String quoted = "\"" + bad + "\"";
            assertThatThrownBy(() -> AccessExpression.parse(quoted)).as(quoted)
                    .isInstanceOf(AccessExpressionException.class)
                    .extracting("rule").isEqualTo(AccessExpressionException.INVALID_AUTHORIZATION);
            assertThatThrownBy(() -> Authorizations.of(bad)).isInstanceOf(AccessExpressionException.class);
            assertThatThrownBy(() -> AccessExpressions.quote(bad)).isInstanceOf(AccessExpressionException.class);
            assertThatThrownBy(() -> token(bad)).isInstanceOf(AccessExpressionException.class);
        }
        // allowed: visible unicode, space, no-break space, private use
        for (String good : List.of("a b", "a\u00a0", "\ue000", "é", "\uD83D\uDE00")) {
            assertThat(AccessExpression.parse(AccessExpressions.quote(good))).isEqualTo(token(good));
        }
    }

    @Test
    void characterClassesAreTheReferenceImplementations() {
        for (int i = 0; i <= 0xFFFF; i++) {
            char c = (char) i;
            assertThat(Syntax.isPlain(c)).as("U+%04X", i).isEqualTo(Tokenizer.isValidAuthChar(c));
            assertThat(Syntax.isAllowedInAuthorization(c)).as("U+%04X", i).isEqualTo(AuthorizationValidator.DEFAULT
                    .test(String.valueOf(c), AuthorizationValidator.AuthorizationCharacters.ANY));
        }
    }

    @Test
    void nestingIsLimitedToMaxDepth() {
        String ok = "(".repeat(AccessExpression.MAX_DEPTH) + "A" + ")".repeat(AccessExpression.MAX_DEPTH);
        String tooDeep = "(" + ok + ")";
        assertThat(AccessExpression.parse(ok)).isEqualTo(token("A"));
        assertThat(AccessEvaluator.of(Authorizations.of("A")).canAccess(ok)).isTrue();
        assertThat(Access.builder().build().newEvaluator(Set.of("A")).canAccess(ok)).isTrue();
        for (Runnable entry : List.<Runnable>of(() -> AccessExpression.parse(tooDeep),
                () -> AccessEvaluator.of(Authorizations.of("A")).canAccess(tooDeep))) {
            AccessExpressionException e = catchThrowableOfType(AccessExpressionException.class, entry::run);
            assertThat(e.rule()).isEqualTo(AccessExpressionException.TOO_DEEP);
            assertThat(e.position()).isEqualTo(AccessExpression.MAX_DEPTH);
        }
    }

    @Test
    void factoriesSimplifyByTheMeaningOfTheEmptyExpression() {
        AccessExpression a = token("A");
        AccessExpression b = token("B");
        // empty is "true": A & true = A, A | true = true
        assertThat(and(List.of(AccessExpression.empty(), a))).isEqualTo(a);
        assertThat(and(List.of())).isEqualTo(AccessExpression.empty());
        assertThat(or(List.of(a, AccessExpression.empty()))).isEqualTo(AccessExpression.empty());
        assertThat(or(List.of(a))).isEqualTo(a);
        assertThat(and(List.of(and(List.of(a, b)), or(List.of(a, b)))).toString()).isEqualTo("A&B&(A|B)");
        assertThatThrownBy(() -> or(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsKeepTheirShape() {
        assertThatThrownBy(() -> new And(List.of(token("A")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Or(List.of(token("A"), new Empty()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Token("")).isInstanceOf(AccessExpressionException.class)
                .extracting("rule").isEqualTo(AccessExpressionException.EMPTY_AUTHORIZATION);
        And nested = new And(List.of(new And(List.of(token("A"), token("B"))), token("C")));
        assertThat(nested.operands()).containsExactly(token("A"), token("B"), token("C"));
        assertThat(AccessExpression.parse(nested.toString())).isEqualTo(nested);
        assertThatThrownBy(() -> nested.operands().add(token("D"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void quoteAddsQuotesAndEscapesOnlyWhenNeeded() {
        assertThat(AccessExpressions.quote("a_b-c/d:e.f")).isEqualTo("a_b-c/d:e.f");
        assertThat(AccessExpressions.quote("A#C")).isEqualTo("\"A#C\"");
        assertThat(AccessExpressions.quote("A\"C")).isEqualTo("\"A\\\"C\"");
        assertThat(AccessExpressions.quote("A\\C")).isEqualTo("\"A\\\\C\"");
        assertThat(AccessExpressions.quote("五")).isEqualTo("\"五\"");
        assertThatThrownBy(() -> AccessExpressions.quote("")).isInstanceOf(AccessExpressionException.class);
    }

    @Test
    void unquoteUndoesQuote() {
        for (String auth : List.of("A", "A#C", "A\"C", "A\\C", "\\", "\"", "五 六", "x\"\"y")) {
            assertThat(AccessExpressions.unquote(AccessExpressions.quote(auth))).isEqualTo(auth);
        }
        // anything unquoted is taken as an authorization already, as accumulo-access does
        assertThat(AccessExpressions.unquote("A#C")).isEqualTo("A#C");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
        "\";unbalanced-quotes;0",
        "\"abc;unbalanced-quotes;0",
        "abc\";unbalanced-quotes;3",
        "\"\";empty-quoted;0",
        "\"a\"b\";unescaped-quote;2",
        "\"a\\b\";bad-escape;2",
        "\"a\\\";bad-escape;2",
        "'';empty-authorization;0",
    })
    void unquoteRejectsWhatIsNotAToken(String token, String rule, int position) {
        AccessExpressionException e = catchThrowableOfType(AccessExpressionException.class,
                () -> AccessExpressions.unquote(token));
        assertThat(e).as(token).isNotNull();
        assertThat(e.rule()).isEqualTo(rule);
        assertThat(e.position()).isEqualTo(position);
    }
}
