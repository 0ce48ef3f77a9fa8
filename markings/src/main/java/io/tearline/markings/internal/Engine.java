package io.tearline.markings.internal;

import io.tearline.markings.Check;
import io.tearline.markings.Dissem;
import io.tearline.markings.Marking;
import io.tearline.markings.Rollup;
import io.tearline.markings.Verdict;
import io.tearline.markings.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks and rolls up markings against one register. Internal: use {@link io.tearline.markings.Markings}.
 * Immutable and thread-safe.
 */
public final class Engine {

    private static final Comparator<Violation> BY_OFFSET = Comparator.comparingInt(Violation::offset);
    private static final ThreadLocal<StringBuilder> SCRATCH = ThreadLocal.withInitial(() -> new StringBuilder(128));

    private final RegisterTables reg;
    private final Parser parser;
    private final RollupEngine rollup;

    public Engine(RegisterTables reg) {
        this.reg = reg;
        this.parser = new Parser(reg);
        this.rollup = new RollupEngine(reg);
    }

    public RegisterTables register() {
        return reg;
    }

    /** Checks a banner, or a portion when the input is in parentheses or {@code portionRequired}. */
    public Check check(String input, boolean portionRequired) {
        Parsed p = parser.parse(input, portionRequired, false);
        return toCheck(p);
    }

    private Check toCheck(Parsed p) {
        List<Violation> findings = findings(p);
        if (p.invalid) {
            return new Check.Rejected(p.input, findings);
        }
        Marking m = Builder.build(p);
        if (findings.isEmpty()) {
            // the scanner accepted the input as canonical; with assertions on (the tests) prove it
            assert canonical(p, m) : "VALID but not canonical: " + p.input + " renders as "
                    + (p.portion ? Renderer.portion(m) : Renderer.banner(m));
            return new Check.Accepted(p.input, Verdict.VALID, m, List.of());
        }
        // NONCANON: the normalised form must read back as VALID with the same content
        String canonical = p.portion ? Renderer.portion(m) : Renderer.banner(m);
        Parsed again = parser.parse(canonical, false, false);
        if (again.invalid || again.findings != null || !Builder.build(again).equals(m)) {
            List<Violation> all = new ArrayList<>(findings);
            all.add(new Violation(Rules.UNKNOWN, "the marking could not be normalised reliably (" + canonical
                    + "): write it in canonical form", 0));
            return new Check.Rejected(p.input, all);
        }
        return new Check.Accepted(p.input, Verdict.NONCANON, m, findings);
    }

    private static boolean canonical(Parsed p, Marking m) {
        StringBuilder sb = SCRATCH.get();
        sb.setLength(0);
        if (p.portion) {
            sb.append('(');
        }
        Renderer.render(m, p.portion, sb);
        if (p.portion) {
            sb.append(')');
        }
        return p.input.contentEquals(sb);
    }

    private static List<Violation> findings(Parsed p) {
        if (p.findings == null) {
            return List.of();
        }
        List<Violation> f = p.findings;
        if (p.truncated) {
            f.add(new Violation(Rules.TRUNCATED, "more than " + Parsed.MAX_FINDINGS + " findings; the rest are omitted",
                    f.get(f.size() - 1).offset()));
        }
        f.sort(BY_OFFSET);
        return f;
    }

    /** Rolls up portion markings given as text; short forms (REL, //JOINT S//REL) are accepted here. */
    public Rollup rollup(List<String> portions) {
        List<Rollup.Located> errors = new ArrayList<>();
        List<Rollup.Located> notes = new ArrayList<>();
        List<RollupEngine.Input> inputs = new ArrayList<>(portions.size());
        int[] shortAt = new int[portions.size()];
        for (int i = 0; i < portions.size(); i++) {
            String text = portions.get(i);
            Parsed p = parser.parse(text == null ? "" : text, true, true);
            List<Violation> f = findings(p);
            for (Violation v : f) {
                (p.invalid ? errors : notes).add(Rollup.Located.of(i, v));
            }
            if (!p.invalid) {
                Marking m = Builder.build(p);
                if (!p.relShort && !p.jointShort && !f.isEmpty()) {
                    String canonical = Renderer.portion(m);
                    Parsed again = parser.parse(canonical, false, false);
                    if (again.invalid || again.findings != null || !Builder.build(again).equals(m)) {
                        errors.add(new Rollup.Located(i, Rules.UNKNOWN, "the marking could not be normalised reliably ("
                                + canonical + "): write it in canonical form", 0));
                        continue;
                    }
                }
                inputs.add(new RollupEngine.Input(m, p.relShort, p.jointShort));
                shortAt[i] = p.relShort ? p.orig(p.off[Parsed.OFF_DISSEM + Dissem.REL_TO.ordinal()]) : p.orig(p.classOffset);
            }
        }
        if (portions.isEmpty()) {
            errors.add(new Rollup.Located(Rollup.Located.DOCUMENT, Rules.ROLLUP_EMPTY, "a document has at least one portion", 0));
        }
        if (!errors.isEmpty()) {
            return new Rollup.Rejected(errors);
        }
        return finish(inputs, notes, shortAt);
    }

    /** Rolls up markings; each is checked through its canonical portion first. */
    public Rollup rollupMarkings(List<Marking> portions) {
        List<Rollup.Located> errors = new ArrayList<>();
        List<RollupEngine.Input> inputs = new ArrayList<>(portions.size());
        for (int i = 0; i < portions.size(); i++) {
            Marking m = portions.get(i);
            if (m == null) {
                errors.add(new Rollup.Located(i, Rules.MARKING_INCONSISTENT, "no marking", 0));
                continue;
            }
            String text = Renderer.portion(m);
            Parsed p = parser.parse(text, true, false);
            if (p.invalid) {
                for (Violation v : findings(p)) {
                    errors.add(new Rollup.Located(i, v.rule(), v.message() + " (in " + text + ")", v.offset()));
                }
                continue;
            }
            if (!Builder.build(p).equals(m)) {
                errors.add(new Rollup.Located(i, Rules.MARKING_INCONSISTENT, "the marking's fields are inconsistent: its "
                        + "canonical portion " + text + " reads back as different content", 0));
                continue;
            }
            inputs.add(new RollupEngine.Input(m, false, false));
        }
        if (portions.isEmpty()) {
            errors.add(new Rollup.Located(Rollup.Located.DOCUMENT, Rules.ROLLUP_EMPTY, "a document has at least one portion", 0));
        }
        if (!errors.isEmpty()) {
            return new Rollup.Rejected(errors);
        }
        return finish(inputs, List.of(), new int[portions.size()]);
    }

    private Rollup finish(List<RollupEngine.Input> inputs, List<Rollup.Located> notes, int[] shortAt) {
        RollupEngine.Output out = rollup.rollup(inputs);
        List<Rollup.Located> errors = new ArrayList<>();
        for (RollupEngine.Problem pr : out.problems()) {
            errors.add(new Rollup.Located(pr.portion(), pr.rule(), pr.message(), pr.portion() >= 0 ? shortAt[pr.portion()] : 0));
        }
        // the banner and every resolved short form must themselves be valid markings
        String banner = Renderer.banner(out.banner());
        Parsed b = parser.parse(banner, false, false);
        if (b.invalid || b.findings != null) {
            for (Violation v : findings(b)) {
                errors.add(new Rollup.Located(Rollup.Located.DOCUMENT, Rules.ROLLUP_INCONSISTENT, "the rolled-up banner "
                        + banner + " breaks a rule: " + v.message() + " [" + v.rule() + "]", 0));
            }
        }
        for (int i = 0; i < inputs.size() && errors.isEmpty(); i++) {
            RollupEngine.Input in = inputs.get(i);
            if (in.relShort() || in.jointShort()) {
                String resolved = Renderer.portion(out.portions().get(i));
                Parsed r = parser.parse(resolved, false, false);
                for (Violation v : findings(r)) {
                    errors.add(new Rollup.Located(i, v.rule(), "with the banner's lists, the portion reads " + resolved
                            + ": " + v.message(), shortAt[i]));
                }
            }
        }
        if (!errors.isEmpty()) {
            List<Rollup.Located> all = new ArrayList<>(errors);
            return new Rollup.Rejected(all);
        }
        return new Rollup.Accepted(notes.isEmpty() ? Verdict.VALID : Verdict.NONCANON, out.banner(), out.portions(), notes);
    }
}
