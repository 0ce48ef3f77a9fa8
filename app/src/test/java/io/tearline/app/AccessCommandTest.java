package io.tearline.app;

import static io.tearline.app.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.app.Cli.Run;
import org.junit.jupiter.api.Test;

/** {@code tearline access eval}, run in-process with captured output. */
class AccessCommandTest {

    @Test
    void oneLinePerExpressionInOrder() {
        Run r = run("access", "eval", "--auths", "CLR:S,NAT:GBR", "CLR:S&(NAT:USA|NAT:GBR)", "CLR:S&NAT:USA", "",
                "NAT:GBR");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("ACCESSIBLE\nINACCESSIBLE\nACCESSIBLE\nACCESSIBLE\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void withoutAuthsOnlyTheEmptyExpressionIsAccessible() {
        Run r = run("access", "eval", "A", "", "A|B");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("INACCESSIBLE\nACCESSIBLE\nINACCESSIBLE\n");
        assertThat(run("access", "eval", "--auths", "", "A", "").out()).isEqualTo("INACCESSIBLE\nACCESSIBLE\n");
    }

    @Test
    void anErrorSaysWhereAndWhatWasExpectedAndExitsOne() {
        Run r = run("access", "eval", "--auths", "A,B,C", "A|B&C", "A", "(A", "A$B");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lines()).containsExactly(
                "ERROR at position 3: '&' after '|' needs parentheses; expected '|', ')' or end of input "
                        + "[mixed-operators]",
                "ACCESSIBLE",
                "ERROR at position 2: expected ')', found end of input [paren-expected]",
                "ERROR at position 1: expected '&', '|' or end of input, found '$' [operator-expected]",
                "");
    }

    @Test
    void severalAuthSetsMustEachGrantAccess() {
        Run r = run("access", "eval", "--auths", "A,B", "--auths", "C,D", "A|C", "A", "C", "(A&B)|(C&D)", "A&C",
                "(A&C)|(B&D)");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("ACCESSIBLE\nINACCESSIBLE\nINACCESSIBLE\nACCESSIBLE\nINACCESSIBLE\nINACCESSIBLE\n");
    }

    @Test
    void quotedAuthorizationsMayHoldCommasAndQuotes() {
        Run r = run("access", "eval", "--auths", "\"A,B\",A#C,\"x\\\"y\"", "\"A,B\"", "\"A#C\"", "\"x\\\"y\"", "A", "B");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("ACCESSIBLE\nACCESSIBLE\nACCESSIBLE\nINACCESSIBLE\nINACCESSIBLE\n");
    }

    @Test
    void doubleDashAllowsExpressionsThatLookLikeOptions() {
        Run r = run("access", "eval", "--auths", "-", "--", "-", "-|x", "x");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("ACCESSIBLE\nACCESSIBLE\nINACCESSIBLE\n");
    }

    @Test
    void usageErrorsExitTwo() {
        Run none = run("access", "eval");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("EXPRESSION");
        assertThat(none.out()).isEmpty();
        Run badAuth = run("access", "eval", "--auths", "A,,B", "A");
        assertThat(badAuth.exit()).isEqualTo(2);
        assertThat(badAuth.err()).contains("Invalid --auths 'A,,B'").contains("empty-authorization");
        assertThat(badAuth.out()).isEmpty();
        assertThat(run("access", "eval", "--auths", "\"x", "A").exit()).isEqualTo(2);
        assertThat(run("access", "eval", "--auths", "a\u0001", "A").exit()).isEqualTo(2);
        assertThat(run("access", "eval", "--bogus", "A").exit()).isEqualTo(2);
        assertThat(run("access").exit()).isEqualTo(2);
    }

    @Test
    void helpDescribesTheOutputAndExitStatus() {
        Run r = run("access", "eval", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--auths").contains("ACCESSIBLE, INACCESSIBLE, or ERROR").contains("Exit status");
    }
}
