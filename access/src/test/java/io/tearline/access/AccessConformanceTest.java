package io.tearline.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every case of Apache accumulo-access's conformance data, through every entry point. */
class AccessConformanceTest {

    static final ConformanceData DATA = ConformanceData.load();

    @Test
    void theDataIsCompleteAndLoadedWhole() {
        Map<String, Integer> counts = new TreeMap<>();
        for (ConformanceData.Group g : DATA.groups()) {
            for (ConformanceData.Expected t : g.tests()) {
                counts.merge(t.expectedResult(), t.expressions().size(), Integer::sum);
            }
        }
        // the file of accumulo-access 1.0.0-beta3: 129 valid expressions and 113 errors in 11 groups
        assertThat(DATA.groups()).hasSize(11);
        assertThat(counts).containsExactlyEntriesOf(new TreeMap<>(Map.of("ACCESSIBLE", 82, "INACCESSIBLE", 47,
                "ERROR", 113)));
    }

    @TestFactory
    Stream<DynamicTest> everyCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ConformanceData.Group g : DATA.groups()) {
            AccessEvaluator evaluator = AccessEvaluator.of(g.auths().stream().map(Authorizations::of).toList());
            for (ConformanceData.Expected t : g.tests()) {
                for (String expression : t.expressions()) {
                    String name = g.description() + ": " + t.expectedResult() + " " + printable(expression)
                            + " with " + g.auths();
                    tests.add(DynamicTest.dynamicTest(name, () -> check(evaluator, t.expectedResult(), expression)));
                }
            }
        }
        return tests.stream();
    }

    static void check(AccessEvaluator evaluator, String expected, String expression) {
        switch (expected) {
            case "ACCESSIBLE", "INACCESSIBLE" -> {
                boolean accessible = expected.equals("ACCESSIBLE");
                assertThat(evaluator.canAccess(expression)).as("canAccess(String)").isEqualTo(accessible);
                AccessExpression.validate(expression);
                AccessExpression parsed = AccessExpression.parse(expression);
                assertThat(evaluator.canAccess(parsed)).as("canAccess(parsed)").isEqualTo(accessible);
                String canonical = parsed.toString();
                assertThat(evaluator.canAccess(canonical)).as("canAccess(canonical %s)", canonical)
                        .isEqualTo(accessible);
                assertThat(AccessExpression.parse(canonical)).isEqualTo(parsed);
            }
            case "ERROR" -> {
                AccessExpressionException byEvaluator = catchThrowableOfType(AccessExpressionException.class,
                        () -> evaluator.canAccess(expression));
                assertThat(byEvaluator).as("canAccess must reject").isNotNull();
                AccessExpressionException byParser = catchThrowableOfType(AccessExpressionException.class,
                        () -> AccessExpression.parse(expression));
                assertThat(byParser).as("parse must reject").isNotNull();
                AccessExpressionException byValidate = catchThrowableOfType(AccessExpressionException.class,
                        () -> AccessExpression.validate(expression));
                assertThat(byValidate).as("validate must reject").isNotNull();
                // the same first error whichever way in
                assertThat(List.of(byParser.rule(), byParser.position()))
                        .isEqualTo(List.of(byEvaluator.rule(), byEvaluator.position()))
                        .isEqualTo(List.of(byValidate.rule(), byValidate.position()));
                assertThat(byEvaluator.position()).isBetween(0, expression.length());
            }
            default -> throw new IllegalStateException("unknown expectedResult " + expected);
        }
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append('\'').toString();
    }
}
