package io.tearline.markings;

import org.junit.jupiter.api.Tag;

/** The randomised properties at 25 times the default size; runs under -Pslow (and in CI). */
@Tag("slow")
class RandomizedSlowTest extends RandomizedTest {

    @Override
    int cases() {
        return Integer.getInteger("tearline.slowCases", 500_000);
    }
}
