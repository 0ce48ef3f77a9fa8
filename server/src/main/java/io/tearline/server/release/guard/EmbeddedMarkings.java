package io.tearline.server.release.guard;

import io.tearline.alliance.ReadPolicy;
import io.tearline.markings.Check;
import io.tearline.markings.Marking;
import io.tearline.markings.Markings;
import io.tearline.server.release.Finding;
import io.tearline.server.release.Outgoing;
import io.tearline.store.TextWords;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code embedded-marking} check: portion marks ({@code (TS//SI)}) and banner lines
 * ({@code TOP SECRET//SI//NOFORN}) written inside the text, found after folding look-alike letters and
 * dropping zero-width characters, each parsed by the markings module; one that is higher than the
 * item's own marking, carries SCI or SAP controls the item does not, or is not releasable to a target
 * (NOFORN, a REL TO list without it, ORCON...) is a finding.
 */
public final class EmbeddedMarkings {

    public static final String CHECK = "embedded-marking";

    private static final int MAX_MARK = 300;
    private static final String[] LEVELS = {"TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "RESTRICTED"};

    private final Markings markings;

    public EmbeddedMarkings(Markings markings) {
        this.markings = markings;
    }

    /** An embedded marking: where it starts in the folded text, how long it is there, and what it says. */
    private record Found(int start, int end, Marking marking) {}

    public List<Finding> check(Outgoing item, ReadPolicy policy, String owner, Set<String> targets) {
        List<Finding> out = new ArrayList<>();
        Marking own;
        try {
            own = markings.parse(item.marking());
        } catch (RuntimeException e) {
            out.add(new Finding(CHECK, item.portion(), 0, "the portion's own marking does not parse, so nothing"
                    + " written in it can be compared", item.marking()));
            return out;
        }
        TextWords.Plain plain = TextWords.plain(item.text());
        for (Found f : find(plain.text())) {
            List<String> why = new ArrayList<>();
            Marking m = f.marking();
            if (!own.level().dominates(m.level())) {
                why.add("higher than the portion's own " + own.portion());
            }
            if (!own.sci().containsAll(m.sci()) || !own.sap().containsAll(m.sap())) {
                why.add("carries SCI or SAP controls the portion's own " + own.portion() + " does not");
            }
            Set<String> notTo = new TreeSet<>();
            for (String target : targets) {
                if (m.level().isClassified() || !m.dissem().isEmpty()) {
                    if (!policy.releasableTo(target, m, owner)) {
                        notTo.add(target);
                    }
                }
            }
            if (!notTo.isEmpty()) {
                why.add("not releasable to " + String.join(", ", notTo));
            }
            if (!why.isEmpty()) {
                int from = plain.originOf(f.start());
                int to = plain.originOf(f.end());
                String written = item.text().substring(from, Math.max(from, to));
                out.add(new Finding(CHECK, item.portion(), from, "the text carries the marking " + m.portion()
                        + ", " + String.join("; ", why), written));
            }
        }
        return out;
    }

    /** Portion marks in parentheses and banner lines starting with a level word, that parse. */
    private List<Found> find(String s) {
        List<Found> out = new ArrayList<>();
        int covered = -1;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '(' && i > covered) {
                int close = s.indexOf(')', i + 1);
                if (close > i + 1 && close - i <= MAX_MARK) {
                    Check c = markings.check(s.substring(i, close + 1));
                    if (c instanceof Check.Accepted a) {
                        out.add(new Found(i, close + 1, a.marking()));
                        covered = close;
                        continue;
                    }
                }
            }
            if (i > covered && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
                for (String level : LEVELS) {
                    if (s.startsWith(level, i) && s.startsWith("//", i + level.length())) {
                        int end = bannerEnd(s, i);
                        Found f = longestBanner(s, i, end);
                        if (f != null) {
                            out.add(f);
                            covered = f.end() - 1;
                        }
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static int bannerEnd(String s, int from) {
        int i = from;
        while (i < s.length() && i - from < MAX_MARK) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == ' ' || c == ',' || c == '-') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** The longest prefix of {@code s[from, end)} that ends at a word's end and parses as a banner. */
    private Found longestBanner(String s, int from, int end) {
        int e = end;
        int tries = 0;
        while (e > from && tries++ < 40) {
            while (e > from && !Character.isLetterOrDigit(s.charAt(e - 1))) {
                e--;
            }
            if (e <= from) {
                return null;
            }
            Check c = markings.check(s.substring(from, e));
            if (c instanceof Check.Accepted a) {
                return new Found(from, e, a.marking());
            }
            while (e > from && Character.isLetterOrDigit(s.charAt(e - 1))) {
                e--;
            }
        }
        return null;
    }
}
