package io.tearline.markings;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.markings.internal.Rules;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per rule, from {@code rules.tsv}: an input that breaks the rule (rule id and offset checked)
 * next to the closest input that is VALID.
 */
class RuleTest {

    private static final Markings MARKINGS = Markings.standard();

    static Stream<Arguments> cases() {
        return TestData.rows("rules.tsv").stream().map(r -> Arguments.of(r[0], Integer.parseInt(r[1]), r[2], r[3]));
    }

    @ParameterizedTest(name = "{0} at {1}: {2}")
    @MethodSource("cases")
    void violationNextToClosestValid(String rule, int offset, String violating, String valid) {
        Check bad = violating.startsWith("PORTION:") ? MARKINGS.checkPortion(violating.substring(8)) : MARKINGS.check(violating);
        assertThat(bad.findings())
                .as("%s must report %s at %d", violating, rule, offset)
                .anySatisfy(v -> {
                    assertThat(v.rule()).isEqualTo(rule);
                    assertThat(v.offset()).isEqualTo(offset);
                    assertThat(v.message()).isNotBlank();
                });
        assertThat(bad.verdict()).isEqualTo(Rules.isForm(rule) ? Verdict.NONCANON : Verdict.INVALID);
        if (bad.verdict() == Verdict.NONCANON) {
            // only form findings, and the normalised form is the valid neighbour
            assertThat(bad.findings()).allSatisfy(v -> assertThat(Rules.isForm(v.rule())).isTrue());
            Marking m = ((Check.Accepted) bad).marking();
            assertThat(valid.startsWith("(") ? m.portion() : m.banner()).isEqualTo(valid);
        } else {
            assertThat(bad).isInstanceOf(Check.Rejected.class);
        }
        Check good = MARKINGS.check(valid);
        assertThat(good.verdict()).as("%s is the valid neighbour; findings %s", valid, good.findings()).isEqualTo(Verdict.VALID);
        assertThat(good.findings()).isEmpty();
    }

    /** Every rule the validator can report has a case in rules.tsv. */
    @Test
    void everyRuleHasACase() throws IllegalAccessException {
        Set<String> covered = new HashSet<>();
        TestData.rows("rules.tsv").forEach(r -> covered.add(r[0]));
        Set<String> all = new HashSet<>();
        for (Field f : Rules.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                all.add((String) f.get(null));
            }
        }
        // roll-up rules are exercised in RollupTest; these two cannot be reached through check()
        all.removeAll(Set.of(Rules.ROLLUP_EMPTY, Rules.ROLLUP_SHORT_FORM, Rules.ROLLUP_INCONSISTENT,
                Rules.MARKING_INCONSISTENT, Rules.NONCANONICAL, Rules.TOO_LONG, Rules.TRUNCATED));
        assertThat(covered).containsAll(all);
    }
}
