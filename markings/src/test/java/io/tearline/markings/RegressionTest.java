package io.tearline.markings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Inputs the randomised tests once found mishandled, kept so that they stay handled. */
class RegressionTest {

    static final Markings MARKINGS = Markings.standard();

    @Test
    void topSecretNeedsASpaceBeforeItsOwner() {
        // found by RandomizedSlowTest: the character before TOP was skipped as if it were a space
        assertThat(MARKINGS.check("//CANNTOP SECRET").verdict()).isEqualTo(Verdict.INVALID);
        assertThat(MARKINGS.check("//CANTOP SECRET").verdict()).isEqualTo(Verdict.INVALID);
        assertThat(MARKINGS.check("//TOP SECRET").verdict()).isEqualTo(Verdict.INVALID);
        Check ok = MARKINGS.check("//CAN TOP SECRET");
        assertThat(ok.verdict()).isEqualTo(Verdict.VALID);
        assertThat(((Check.Accepted) ok).marking().portion()).isEqualTo("(//CAN TS)");
        assertThat(MARKINGS.check("//CAN GBR TOP SECRET").verdict()).isEqualTo(Verdict.VALID);
    }
}
