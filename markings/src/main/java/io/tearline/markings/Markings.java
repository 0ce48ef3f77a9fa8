package io.tearline.markings;

import io.tearline.markings.internal.Engine;
import java.util.List;
import java.util.Objects;

/**
 * Parses, validates, normalises and rolls up CAPCO-style security markings (MARKINGS.md sections 1 and 2).
 *
 * <pre>{@code
 * Markings markings = Markings.standard();
 * Check c = markings.check("SECRET//REL TO USA, GBR, AUS");    // NONCANON: codes out of order
 * Marking m = markings.parse("(S//REL TO USA, JPN)");          // a portion: written in parentheses
 * m.banner();                                                  // "SECRET//REL TO USA, JPN"
 * markings.rollup(List.of("(TS//NF)", "(S//REL TO USA, JPN)")) // banner TOP SECRET//NOFORN
 * }</pre>
 *
 * <p>Three verdicts: VALID (canonical as written), NONCANON (legal content spelled non-canonically: the
 * normalised marking is returned with the non-canonical spellings as findings) and INVALID (every violated
 * rule, each with a stable id and the offset in the input). An invalid marking is never "fixed".
 *
 * <p>Immutable and thread-safe. Checking is a single linear pass without regular expressions; inputs
 * longer than 4096 characters are INVALID.
 */
public final class Markings {

    private static final Markings STANDARD = new Markings(Register.standard());

    private final Register register;
    private final Engine engine;

    private Markings(Register register) {
        this.register = register;
        this.engine = new Engine(register.tables());
    }

    /** Markings against the bundled register data. */
    public static Markings standard() {
        return STANDARD;
    }

    /** Markings against the given register data. */
    public static Markings of(Register register) {
        return new Markings(Objects.requireNonNull(register, "register"));
    }

    public Register register() {
        return register;
    }

    /** Checks a banner, or a portion when the input is written in parentheses. */
    public Check check(String input) {
        return engine.check(Objects.requireNonNull(input, "input"), false);
    }

    /** Checks a portion marking; one written without its parentheses is read as a portion and is NONCANON. */
    public Check checkPortion(String input) {
        return engine.check(Objects.requireNonNull(input, "input"), true);
    }

    /**
     * The marking of a VALID or NONCANON input.
     *
     * @throws MarkingException when the input is INVALID, with every violation
     */
    public Marking parse(String input) {
        Check c = check(input);
        if (c instanceof Check.Accepted a) {
            return a.marking();
        }
        throw new MarkingException(input, c.findings());
    }

    /**
     * Rolls portion markings up into the banner (section 2). The portions may use the short forms
     * {@code (S//REL)} and {@code (//JOINT S//REL)}, which take the banner's lists. Invalid portions make
     * the roll-up {@link Rollup.Rejected}, with every error located by portion index.
     */
    public Rollup rollup(List<String> portions) {
        return engine.rollup(List.copyOf(portions));
    }

    /** Rolls up markings (for example already parsed ones); each is first checked through its canonical portion. */
    public Rollup rollupMarkings(List<Marking> portions) {
        return engine.rollupMarkings(List.copyOf(portions));
    }

    /** The input, shortened and with control characters escaped, for exception messages. */
    static String quoteForMessage(String input) {
        if (input == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(input.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = input.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (input.length() > n) {
            sb.append("...(").append(input.length()).append(" chars)");
        }
        return sb.append('"').toString();
    }
}
