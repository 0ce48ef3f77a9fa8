package io.tearline.markings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MARKINGS.md section 7, run from {@code conformance.tsv}: the 30 cases and the 5 extra roll-ups. */
class ConformanceTest {

    private static final Markings MARKINGS = Markings.standard();

    static Stream<Arguments> cases() {
        return TestData.rows("conformance.tsv").stream().map(r -> Arguments.of(r[0], r[1], r[2], r[3], r[4], r[5], r[6]));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void conformance(String id, String kind, String input, String verdict, String normalised, String other, String rules) {
        List<String> expectedRules = rules.equals("-") ? List.of() : Arrays.asList(rules.split(","));
        if (kind.equals("rollup")) {
            Rollup r = MARKINGS.rollup(Arrays.asList(input.split(" \\| ")));
            assertThat(r.verdict()).as("case %s roll-up verdict; findings %s", id, r.findings()).isEqualTo(Verdict.valueOf(verdict));
            assertThat(r).isInstanceOf(Rollup.Accepted.class);
            Rollup.Accepted a = (Rollup.Accepted) r;
            assertThat(a.bannerText()).as("case %s banner", id).isEqualTo(normalised);
            // the computed banner is itself a VALID banner
            assertThat(MARKINGS.check(a.bannerText()).verdict()).isEqualTo(Verdict.VALID);
            return;
        }
        assertThat(input.startsWith("(")).as("case %s: portions are parenthesised", id).isEqualTo(kind.equals("portion"));
        Check c = MARKINGS.check(input);
        assertThat(c.verdict()).as("case %s verdict; findings %s", id, c.findings()).isEqualTo(Verdict.valueOf(verdict));
        assertThat(c.findings()).extracting(Violation::rule).containsAll(expectedRules);
        for (Violation v : c.findings()) {
            assertThat(v.offset()).isBetween(0, input.length());
        }
        switch (c) {
            case Check.Accepted a -> {
                Marking m = a.marking();
                String own = kind.equals("portion") ? m.portion() : m.banner();
                String otherForm = kind.equals("portion") ? m.banner() : m.portion();
                assertThat(own).as("case %s normalised", id).isEqualTo(normalised);
                assertThat(otherForm).as("case %s other form", id).isEqualTo(other);
                if (c.verdict() == Verdict.VALID) {
                    assertThat(c.findings()).isEmpty();
                    assertThat(own).isEqualTo(input);
                }
                assertThat(MARKINGS.check(own).verdict()).isEqualTo(Verdict.VALID);
                assertThat(MARKINGS.parse(otherForm)).isEqualTo(m);
            }
            case Check.Rejected rej -> assertThat(rej.findings()).isNotEmpty();
        }
    }
}
