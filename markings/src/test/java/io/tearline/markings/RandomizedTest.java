package io.tearline.markings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Randomised properties, seeded: {@code -Dtearline.seed=N} reproduces a run, {@code -Dtearline.cases=N}
 * changes its size. The seed is printed and is part of every failure message.
 */
class RandomizedTest {


    private static final long SEED = Long.getLong("tearline.seed", System.nanoTime());
    private static final int CASES = Integer.getInteger("tearline.cases", 20_000);
    private static final Markings MARKINGS = Markings.standard();
    private static final Register REGISTER = Register.standard();

    /** How many cases each property runs; {@link RandomizedSlowTest} runs many more. */
    int cases() {
        return CASES;
    }

    @BeforeAll
    static void printSeed() {
        System.out.println("RandomizedTest seed " + SEED + " (rerun with -Dtearline.seed=" + SEED + ")");
    }

    /** Rendered content is canonical: VALID in both forms with the same content, or INVALID in both. */
    @Test
    void generatedMarkingsRoundTripBannerAndPortion() {
        MarkingGen gen = new MarkingGen(SEED);
        int valid = 0;
        for (int i = 0; i < cases(); i++) {
            Marking m = gen.next();
            String banner = m.banner();
            String portion = m.portion();
            Check b = MARKINGS.check(banner);
            Check p = MARKINGS.check(portion);
            assertThat(b.verdict()).as("seed %d case %d: %s / %s; %s", SEED, i, banner, portion, b.findings())
                    .isNotEqualTo(Verdict.NONCANON).isEqualTo(p.verdict());
            if (b instanceof Check.Accepted ab && p instanceof Check.Accepted ap) {
                valid++;
                assertThat(ab.marking()).as("seed %d: %s", SEED, banner).isEqualTo(m).isEqualTo(ap.marking());
                assertThat(ab.marking().portion()).isEqualTo(portion);
                assertThat(ap.marking().banner()).isEqualTo(banner);
            } else {
                assertThat(b.findings().stream().map(Violation::rule).toList())
                        .as("seed %d: the same rules in both forms: %s / %s", SEED, banner, portion)
                        .hasSameElementsAs(p.findings().stream().map(Violation::rule).toList());
            }
        }
        assertThat(valid).as("seed %d: the generator must mostly produce valid markings", SEED).isGreaterThan(cases() / 3);
    }

    /** Damaged markings only ever yield a verdict, and every accepted one normalises to a VALID round trip. */
    @Test
    void mutatedMarkingsYieldAVerdictAndNormaliseToValid() {
        MarkingGen gen = new MarkingGen(SEED + 1);
        int[] verdicts = new int[3];
        for (int i = 0; i < cases(); i++) {
            Marking m = validMarking(gen);
            String base = gen.random().nextBoolean() ? m.banner() : m.portion();
            String input = gen.mutate(base);
            Verdict v = properties(input, false, i);
            verdicts[v.ordinal()]++;
            properties(input, true, i);
        }
        // the mutations reach all three verdicts
        assertThat(verdicts).as("seed %d: VALID, NONCANON, INVALID counts", SEED).doesNotContain(0);
    }

    @Test
    void randomStringsYieldAVerdict() {
        MarkingGen gen = new MarkingGen(SEED + 2);
        for (int i = 0; i < cases(); i++) {
            String input = gen.garbage();
            properties(input, false, i);
            properties(input, true, i);
        }
    }

    /** The checks every result must pass; returns the verdict. */
    private static Verdict properties(String input, boolean portion, int i) {
        Check c;
        try {
            c = portion ? MARKINGS.checkPortion(input) : MARKINGS.check(input);
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + SEED + " case " + i + ": check threw on " + escape(input), e);
        }
        assertThat(c.input()).isSameAs(input);
        for (Violation v : c.findings()) {
            assertThat(v.offset()).as("seed %d: offset in %s", SEED, escape(input)).isBetween(0, input.length());
            assertThat(v.rule()).isNotBlank();
            assertThat(v.message()).isNotBlank();
        }
        switch (c) {
            case Check.Rejected r -> {
                assertThat(r.findings()).as("seed %d: %s", SEED, escape(input)).isNotEmpty();
                try {
                    if (!portion) {
                        MARKINGS.parse(input);
                        fail("seed " + SEED + ": parse accepted an INVALID marking " + escape(input));
                    }
                } catch (MarkingException e) {
                    assertThat(e.violations()).isEqualTo(r.findings());
                    assertThat(e.rule()).isEqualTo(r.findings().get(0).rule());
                }
            }
            case Check.Accepted a -> {
                Marking m = a.marking();
                boolean inParens = input.strip().startsWith("(");
                String normalised = portion || inParens ? m.portion() : m.banner();
                if (a.verdict() == Verdict.VALID) {
                    assertThat(a.findings()).isEmpty();
                    assertThat(normalised).as("seed %d: a VALID input is its own canonical form", SEED).isEqualTo(input);
                } else {
                    assertThat(a.findings()).as("seed %d: NONCANON names what is non-canonical in %s", SEED, escape(input)).isNotEmpty();
                }
                Check again = MARKINGS.check(normalised);
                assertThat(again.verdict()).as("seed %d: %s normalised to %s; %s", SEED, escape(input), normalised, again.findings())
                        .isEqualTo(Verdict.VALID);
                assertThat(((Check.Accepted) again).marking()).isEqualTo(m);
                assertThat(MARKINGS.parse(m.banner())).as("seed %d: banner round trip of %s", SEED, escape(input)).isEqualTo(m);
                assertThat(MARKINGS.parse(m.portion())).as("seed %d: portion round trip of %s", SEED, escape(input)).isEqualTo(m);
            }
        }
        return c.verdict();
    }

    /**
     * Roll-up of valid portions never fails, gives a VALID banner, and is never less restrictive than a
     * portion: level, SCI, NOFORN, and a release list that every classified portion allows.
     */
    @Test
    void rollupIsNeverLessRestrictiveThanAPortion() {
        MarkingGen gen = new MarkingGen(SEED + 3);
        int docs = cases() / 10;
        for (int d = 0; d < docs; d++) {
            int n = 1 + gen.random().nextInt(6);
            List<String> portions = new ArrayList<>();
            List<Marking> markings = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                Marking m = validMarking(gen);
                markings.add(m);
                portions.add(m.portion());
            }
            Rollup r = MARKINGS.rollup(portions);
            assertThat(r).as("seed %d: roll-up of %s; %s", SEED, portions, r.findings()).isInstanceOf(Rollup.Accepted.class);
            Rollup.Accepted a = (Rollup.Accepted) r;
            assertThat(MARKINGS.rollupMarkings(markings)).isEqualTo(r);
            Marking banner = a.banner();
            String why = "seed " + SEED + ": " + portions + " -> " + banner.banner();
            assertThat(MARKINGS.check(banner.banner()).verdict()).as(why).isEqualTo(Verdict.VALID);
            boolean classified = false;
            for (Marking m : markings) {
                classified |= m.level().isClassified();
                assertThat(banner.level().dominates(m.level())).as(why).isTrue();
                for (ControlSystem s : m.sci()) {
                    assertThat(banner.sci().stream().map(ControlSystem::name)).as(why).contains(s.name());
                }
                if (m.has(Dissem.NOFORN) || m.has(NonIc.SBU_NOFORN) || m.has(NonIc.LES_NOFORN)) {
                    assertThat(banner.has(Dissem.NOFORN)).as(why).isTrue();
                }
                if (m.level().isClassified() && banner.has(Dissem.REL_TO)) {
                    assertThat(m.has(Dissem.REL_TO)).as(why).isTrue();
                    assertThat(expand(m.relTo())).as(why).containsAll(expand(banner.relTo()));
                }
                if (m.level().isClassified() && banner.has(Dissem.DISPLAY_ONLY)) {
                    Set<String> shown = expand(m.relTo());
                    shown.addAll(expand(m.displayOnly()));
                    assertThat(shown).as(why).containsAll(expand(banner.displayOnly()));
                }
            }
            if (classified) {
                // A8: a classified banner always says who may have it
                assertThat(banner.has(Dissem.NOFORN) || banner.has(Dissem.REL_TO) || banner.has(Dissem.RELIDO)
                        || banner.has(Dissem.DISPLAY_ONLY)).as(why).isTrue();
            }
        }
    }

    private static Set<String> expand(List<String> codes) {
        Set<String> out = new HashSet<>();
        for (String c : codes) {
            Optional<Set<String>> members = REGISTER.members(c);
            if (members.isPresent()) {
                out.addAll(members.get());
            } else {
                out.add(c);
            }
        }
        out.remove("USA");
        return out;
    }

    private static Marking validMarking(MarkingGen gen) {
        while (true) {
            Marking m = gen.next();
            if (MARKINGS.check(m.portion()) instanceof Check.Accepted) {
                return m;
            }
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append('"').toString();
    }
}
