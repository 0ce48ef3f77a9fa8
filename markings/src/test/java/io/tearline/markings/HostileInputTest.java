package io.tearline.markings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: NUL and control characters, look-alike letters, huge strings, repeated separators. Each
 * gets INVALID with a position, and checking time grows linearly with the input's length.
 */
class HostileInputTest {

    private static final Markings MARKINGS = Markings.standard();

    private static Violation only(String input, String rule) {
        Check c = MARKINGS.check(input);
        assertThat(c.verdict()).isEqualTo(Verdict.INVALID);
        return c.findings().stream().filter(v -> v.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError(rule + " not among " + c.findings()));
    }

    @Test
    void nulAndControlCharactersAreInvalidAtTheirPosition() {
        assertThat(only("SECRET//NOFORN\u0000", "syntax.character").offset()).isEqualTo(14);
        assertThat(only("\u0000SECRET", "syntax.character").offset()).isEqualTo(0);
        assertThat(only("SECRET//\tNOFORN", "syntax.character").offset()).isEqualTo(8);
        assertThat(only("SECRET//NOFORN\r\n", "syntax.character").offset()).isEqualTo(14);
        assertThat(only("(S//NF)\u007f", "syntax.character").message()).contains("U+007F");
        // next to it, the same marking without the character
        assertThat(MARKINGS.check("SECRET//NOFORN").verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void lookAlikeLettersAreInvalidNeverNormalised() {
        // Cyrillic ES, IE and Greek capital letters that look like Latin ones
        assertThat(only("\u0421ECRET//NOFORN", "syntax.character").offset()).isEqualTo(0);
        assertThat(only("SECRET//N\u041EFORN", "syntax.character").message()).contains("CYRILLIC");
        assertThat(only("(S//REL TO USA, \u0391US)", "syntax.character").offset()).isEqualTo(16);
        assertThat(only("S\u0415CRET", "syntax.character").offset()).isEqualTo(1);
        // fullwidth and non-breaking space
        assertThat(only("SECRET\u00a0//NOFORN", "syntax.character").offset()).isEqualTo(6);
        assertThat(only("\uff33ECRET", "syntax.character").offset()).isEqualTo(0);
        // a surrogate pair (emoji) is reported once, at its first char
        assertThat(only("SECRET//\ud83d\ude00", "syntax.character").offset()).isEqualTo(8);
    }

    @Test
    void hugeInputsAreInvalidWithAPosition() {
        String mega = "SECRET//" + "NOFORN/".repeat(150_000);
        Violation v = only(mega, "syntax.too-long");
        assertThat(v.offset()).isEqualTo(4096);
        assertThat(only("A".repeat(1 << 20), "syntax.too-long").offset()).isEqualTo(4096);
        // a bad character far beyond the limit is still found
        assertThat(only("S".repeat(1 << 20) + "\u0000", "syntax.character").offset()).isEqualTo(1 << 20);
        // exactly at the limit the marking is read (and here rejected for its content, not its length)
        String atLimit = "SECRET//" + "X".repeat(4096 - 8);
        assertThat(MARKINGS.check(atLimit).findings()).noneMatch(f -> f.rule().equals("syntax.too-long"));
    }

    @Test
    void repeatedSeparatorsAreInvalid() {
        assertThat(only("SECRET" + "//".repeat(1000), "structure.empty-category").offset()).isEqualTo(8);
        assertThat(only("SECRET//" + "/".repeat(999), "structure.empty-category").offset()).isEqualTo(8);
        assertThat(only("SECRET//ORCON" + "/".repeat(3), "structure.empty-value").offset()).isEqualTo(15);
        assertThat(only("(S//REL TO USA" + ", ".repeat(500) + ")", "structure.empty-value").offset()).isEqualTo(16);
        assertThat(only("(" + "(".repeat(100) + "S//NF)", "syntax.parentheses").offset()).isEqualTo(1);
        Check many = MARKINGS.check("SECRET" + "//X".repeat(1300));
        assertThat(many.verdict()).isEqualTo(Verdict.INVALID);
        // one finding per problem, capped: a hostile input cannot build a huge list
        assertThat(many.findings().size()).isLessThanOrEqualTo(101);
        assertThat(MARKINGS.check("SECRET//" + "REL TO USA, GBR/".repeat(200)).findings().size()).isLessThanOrEqualTo(101);
    }

    @Test
    void hostileRollupInputsAreLocated() {
        Rollup r = MARKINGS.rollup(List.of("(S//NF)", "(S//NF\u0000)", "A".repeat(10_000)));
        assertThat(r).isInstanceOf(Rollup.Rejected.class);
        assertThat(r.findings()).extracting(Rollup.Located::portion).containsExactly(1, 2);
        assertThat(r.findings().get(0).offset()).isEqualTo(6);
    }

    /** 1 MB takes at most a small multiple of ten times 100 KB; inside the length limit, 10x the text at most ~10x the time. */
    @Test
    void timeIsLinearInTheInputLength() {
        List<IntFunction<String>> shapes = List.of(
                n -> "A".repeat(n),
                n -> "SECRET//" + "NOFORN/".repeat(n / 7),
                n -> "(S//REL TO USA, " + "GBR, ".repeat(n / 5) + "JPN)",
                n -> "SECRET" + "//".repeat(n / 2),
                n -> "TOP SECRET//" + "SI-G ABCD/".repeat(n / 10),
                n -> "\u0421".repeat(n),
                n -> " ".repeat(n - 6) + "SECRET",
                n -> "secret//" + "noforn/".repeat(n / 7));
        for (IntFunction<String> shape : shapes) {
            ratio(shape.apply(100_000), shape.apply(1_000_000), 40);
            ratio(shape.apply(400), shape.apply(4_000), 40);
        }
    }

    private static void ratio(String small, String large, double max) {
        for (int i = 0; i < 3; i++) { // warm up: compare compiled code with compiled code
            best(small);
            best(large);
        }
        long ts = best(small);
        long tl = best(large);
        // absolute slack for timer resolution and a noisy shared machine
        assertThat((double) tl).as("%d chars: %d ns; %d chars: %d ns", small.length(), ts, large.length(), tl)
                .isLessThanOrEqualTo(max * ts + 2_000_000);
    }

    private static final java.lang.management.ThreadMXBean THREAD = java.lang.management.ManagementFactory.getThreadMXBean();

    private static long best(String input) {
        long best = Long.MAX_VALUE;
        int reps = input.length() > 10_000 ? 5 : 200;
        for (int i = 0; i < reps; i++) {
            // this thread's CPU time, not the wall clock: other processes and GC threads on a shared
            // machine must not make a linear parser look quadratic
            long t0 = THREAD.getCurrentThreadCpuTime();
            Check c = MARKINGS.check(input);
            long t = THREAD.getCurrentThreadCpuTime() - t0;
            assertThat(c.verdict()).isNotNull();
            best = Math.min(best, t);
        }
        return best;
    }
}
